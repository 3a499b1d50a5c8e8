"""Plain data of the extraction contract (shared/spec/extraction-contract.md).

Every stage takes and returns these frozen records, so the contract lives in
one place: `Extraction.to_json()` is exactly one line of `kg extract --format jsonl`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

RelationType = Literal[
    "SUPPORT", "MEET", "AGREEMENT", "MILITARY_DEPLOYMENT", "ARMS_TRANSFER",
    "AID", "CONFLICT", "PRAISE", "ACCUSE", "ROLE",
]
EntityType = Literal["Country", "Organization", "Person", "Location", "Conflict"]
Modality = Literal["asserted", "reported"]
Role = Literal["head_of_state", "head_of_government", "foreign_minister", "defence_minister", "other"]
Span = tuple[int, int]
JSONValue = Union[str, int, float, bool, None, list["JSONValue"], dict[str, "JSONValue"]]

RELATION_TYPES: tuple[RelationType, ...] = (
    "SUPPORT", "MEET", "AGREEMENT", "MILITARY_DEPLOYMENT", "ARMS_TRANSFER",
    "AID", "CONFLICT", "PRAISE", "ACCUSE", "ROLE",
)
SYMMETRIC: frozenset[str] = frozenset({"MEET", "AGREEMENT", "CONFLICT"})
ENTITY_TYPES: tuple[EntityType, ...] = ("Country", "Organization", "Person", "Location", "Conflict")


@dataclass(frozen=True)
class Document:
    """One article: its text and what is known about it."""

    id: str
    text: str
    lang: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    # where it was read (a file, or FILE:LINE of a JSONL file): named when two documents share an id
    source: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Entity:
    """An actor, place or conflict with its contract id and its mentions."""

    id: str
    type: EntityType
    label: str
    mentions: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, JSONValue]:
        out: dict[str, JSONValue] = {"id": self.id, "type": self.type, "label": self.label}
        if self.mentions:
            out["mentions"] = [list(m) for m in self.mentions]
        return out


@dataclass(frozen=True)
class Relation:
    """One coded event between two actors, with its evidence sentence."""

    type: RelationType
    source: str
    target: str
    quantity: int | None = None
    location: str | None = None
    date: str | None = None
    subtype: str | None = None
    role: str | None = None
    evidence: Span | None = None
    confidence: float = 0.9
    modality: Modality = "asserted"
    inferred: str | None = None  # the document-level rule that gave a relation no single sentence states

    def key(self) -> tuple[str, str, str]:
        """Scoring key: (type, source, target), ordered for symmetric types."""
        if self.type in SYMMETRIC:
            a, b = sorted((self.source, self.target))
            return (self.type, a, b)
        return (self.type, self.source, self.target)

    def to_json(self) -> dict[str, JSONValue]:
        out: dict[str, JSONValue] = {"type": self.type, "source": self.source, "target": self.target}
        for name in ("quantity", "location", "date", "subtype", "role"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.evidence is not None:
            out["evidence"] = list(self.evidence)
        out["confidence"] = round(self.confidence, 2)
        if self.modality != "asserted":
            out["modality"] = self.modality
        if self.inferred is not None:
            out["inferred"] = self.inferred
        return out


@dataclass(frozen=True)
class Extraction:
    """What the extractor found in one document (one JSONL line of the contract)."""

    document: Document
    lang: str
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    # sentences whose rules raised: (start, end) in the text and what was raised; the rest was read
    failures: tuple[tuple[int, int, str], ...] = field(default=(), compare=False)

    @property
    def doc(self) -> str:
        return self.document.id

    def failure_notes(self) -> list[str]:
        """One line per sentence not read, for stderr.

        Example:
            >>> Extraction(Document("p0", "Text."), "en", failures=((0, 5, "KeyError: 1"),)).failure_notes()
            ['sentence at characters 0-5 not read (KeyError: 1); the rest of the article was; please report it']
        """
        return [f"sentence at characters {s}-{e} not read ({why}); the rest of the article was; please report it"
                for s, e, why in self.failures]

    def to_json(self) -> dict[str, JSONValue]:
        return {
            "doc": self.document.id,
            "lang": self.lang,
            "entities": [e.to_json() for e in self.entities],
            "relations": [r.to_json() for r in self.relations],
        }

    @classmethod
    def from_json(cls, obj: dict[str, JSONValue], document: Document | None = None) -> Extraction:
        """Read one contract line back (the inverse of `to_json`)."""
        doc_id = str(obj["doc"])
        lang = str(obj.get("lang") or "und")
        ents = tuple(
            Entity(str(e["id"]), e["type"], str(e.get("label", e["id"])),  # type: ignore[index,arg-type,call-overload,union-attr]
                   tuple(tuple(m) for m in e.get("mentions", [])))  # type: ignore[union-attr,misc]
            for e in obj.get("entities", [])  # type: ignore[union-attr]
        )
        rels = []
        for r in obj.get("relations", []):  # type: ignore[union-attr]
            assert isinstance(r, dict)
            ev = r.get("evidence")
            rels.append(Relation(
                type=r["type"], source=str(r["source"]), target=str(r["target"]),  # type: ignore[arg-type]
                quantity=r.get("quantity"), location=r.get("location"), date=r.get("date"),  # type: ignore[arg-type]
                subtype=r.get("subtype"), role=r.get("role"),  # type: ignore[arg-type]
                evidence=(int(ev[0]), int(ev[1])) if isinstance(ev, list) else None,  # type: ignore[arg-type]
                confidence=float(r.get("confidence", 0.9)),  # type: ignore[arg-type]
                modality=r.get("modality", "asserted"),  # type: ignore[arg-type]
                inferred=str(r["inferred"]) if r.get("inferred") else None,
            ))
        return cls(document or Document(doc_id, ""), lang, ents, tuple(rels))
