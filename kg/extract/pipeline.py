"""From a `Document` to an `Extraction`: language, spaCy pipeline, mentions, relations, roles."""
from __future__ import annotations

import bisect
import functools
import os
import re
from dataclasses import replace
from collections.abc import Iterable, Iterator
from typing import Any

from mypy_extensions import mypyc_attr
from spacy.attrs import IDX, LENGTH

from ..model import Document, Entity, EntityType, Extraction, Relation
from . import gazetteer as gaz
from .document import bloc_meetings, complete_entities, front_deployments, named_groupings, pairwise_members
from .lexicon import load as load_lexicon
from .mentions import Mention
from .mentions import read as read_mentions
from .nlp import entities as entity_spans
from .nlp import lower_words, pipeline
from .relations import extract_relations, sentences_of

LANGS = ("it", "en", "fr", "es", "de")
CHUNK = 100_000  # characters per spaCy call; long texts are cut at paragraph ends
SURROGATES = re.compile(f"[{chr(0xd800)}-{chr(0xdfff)}]")
ID_START = re.compile(r"[A-Za-z0-9]")  # an id the contract can carry starts with a letter or digit


@functools.lru_cache(maxsize=1)
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # py3langid 0.4 renamed from_pickled_model to from_model_file
    load = getattr(LanguageIdentifier, "from_model_file", None) or LanguageIdentifier.from_pickled_model
    ident = load(MODEL_FILE, norm_probs=True)
    return ident


def detect_language(text: str) -> str:
    """Guess the language of `text` (ISO 639-1) with py3langid's bundled model.

    Example:
        >>> detect_language("La Corea del Nord ha inviato truppe in Russia")
        'it'
    """
    ident = _identifier()
    lang, _p = ident.classify(text[:5000])  # type: ignore[attr-defined]
    return str(lang)


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK // 2, end)
            if cut == -1:
                cut = text.rfind(". ", start + CHUNK // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


# compiled by mypyc (kg/native.py), and still a class users may subclass
@mypyc_attr(allow_interpreted_subclasses=True)
class Extractor:
    """Extract entities and relations from documents (one spaCy pipeline per language, built once)."""

    def __init__(self, model: str | None = None, gazetteer: gaz.Gazetteer | None = None,
                 parse: bool | None = None) -> None:
        self.model = model
        self.gazetteer = gazetteer or gaz.default()
        # the dependency parse of the sentences that can hold a relation (kg/extract/syntax.py): KG_PARSE=1
        # (`kg extract --parse`) turns it on. Off by default: it gains about one point of F1 for six times
        # the time (README, "Dependency parser")
        self.parse = os.environ.get("KG_PARSE", "0") == "1" if parse is None else parse

    def __call__(self, document: Document) -> Extraction:
        return self.extract(document)

    def extract(self, document: Document, trace: list[dict[str, Any]] | None = None) -> Extraction:
        """The document's entities and relations; with `trace`, what `kg explain` shows is added there."""
        lang = (document.lang or "").lower()[:2] or detect_language(document.text)
        nlp = pipeline(lang, self.model)
        lex = load_lexicon(lang)
        g = self.gazetteer
        entities: dict[str, tuple[EntityType, str, list[tuple[int, int]]]] = {}
        relations: list[Relation] = []
        roles: dict[tuple[str, str], Relation] = {}
        failures: list[tuple[int, int, str]] = []
        # lone surrogates (from bad JSON escapes) break spaCy; U+FFFD keeps every offset where it was
        source = SURROGATES.sub("\ufffd", document.text)
        for offset, text in _chunks(source):
            doc = nlp(text)
            if trace is not None:
                trace.append({"event": "chunk", "offset": offset})
            words = lower_words(doc)
            idx, length = doc.to_array([IDX, LENGTH]).T.tolist() if len(doc) else ([], [])
            sents = sentences_of(doc, idx, length)
            spans = entity_spans(doc)
            mentions = read_mentions(doc, lex, document.published, g, words, text, spans, idx, length)
            starts = [sent.start for sent in sents]

            def span_of(i: int) -> tuple[int, int]:
                sent = sents[bisect.bisect_right(starts, i) - 1]
                return sent.start_char, sent.end_char

            def sentence_of(i: int) -> tuple[int, int]:
                start, end = span_of(i)
                return offset + start, offset + end

            for m in mentions:
                where = (offset + idx[m.start], offset + idx[m.end - 1] + length[m.end - 1])
                self._add_entity(entities, m, where)
                if m.also_place and m.place:  # "state visit to Riyadh": the host, and the place
                    self._add_entity(entities, replace(m, kind="Location"), where)
            titles = {i for start, end, label, _ in spans if label == gaz.TITLE for i in range(start, end)}
            failed: list[tuple[int, int, str]] = []
            found = extract_relations(doc, mentions, lex, document.published, titles, words, sents, text, failed,
                                      trace, self.parse)
            failures += [(offset + s, offset + e, why) for s, e, why in failed]
            found, replaced, added = bloc_meetings(found, mentions, words, lex, span_of)
            if trace is not None:
                trace += [{"event": "dropped", "relation": rel, "reason": "convention: a host meeting a bloc's "
                           "ministers meets each of its members"} for rel in replaced]
                trace += [{"event": "candidate", "relation": rel, "rule": "bloc_meetings", "frame": "document",
                           "trigger": ""} for rel in added]
            for rel in found:
                if not (_party(rel.source) and _party(rel.target)):
                    if trace is not None:
                        trace.append({"event": "dropped", "relation": rel,
                                      "reason": "convention: a person is no party; their state is, through ROLE"})
                    continue  # events join states and organizations; a person stands for their state
                if rel.type == "AGREEMENT" and (rel.source in g.members.get(rel.target, ()) or
                                                rel.target in g.members.get(rel.source, ())):
                    # "el Aukus, formado por Washington, Reino Unido y Australia": the pact between its members
                    pact = rel.target if rel.target in g.members else rel.source
                    pairs = [_shift(r, offset) for r in pairwise_members(pact, rel.evidence, g, entities)]
                    relations += pairs
                    if trace is not None:
                        trace += [{"event": "candidate", "relation": r, "rule": "pairwise_members",
                                   "frame": "document", "trigger": ""} for r in pairs]
                    if trace is not None:
                        trace.append({"event": "dropped", "relation": rel, "reason": "convention: a member and the "
                                      "pact named by its members; the pact is coded between the members"})
                    continue  # a member of a pact named by its members: the pact is coded between them
                if rel.location:
                    rel = replace(rel, location=region_base(rel.location, g))
                relations.append(_shift(rel, offset))
            for m in mentions:
                if m.kind == "Person" and m.actor and m.actor != m.id and ID_START.match(m.id) and \
                        (m.id, m.actor) not in roles:  # a name no id can carry is no entity, so no ROLE
                    roles[(m.id, m.actor)] = Relation("ROLE", m.id, m.actor, role=m.role or "other",
                                                      evidence=sentence_of(m.start), confidence=0.9)
            named = named_groupings(mentions, words, lex, g, sentence_of, entities, document.published)
            if trace is not None:
                trace += [{"event": "candidate", "relation": rel, "rule": "named_groupings", "frame": "document",
                           "trigger": ""} for rel in named]
            relations += named
        relations, replaced, added = front_deployments(relations)
        if trace is not None:
            trace += [{"event": "dropped", "relation": rel, "reason": "convention: forces sent to the state their "
                       "ally fights go to the front, on the ally's side; in the land of a state they fight they "
                       "are an incursion"} for rel in replaced]
            trace += [{"event": "candidate", "relation": rel, "rule": "front_deployments", "frame": "document",
                       "trigger": ""} for rel in added]
        complete_entities(relations, roles.values(), entities, g, document.published)
        ents = tuple(Entity(id_, type_, label, tuple(spans)) for id_, (type_, label, spans) in entities.items())
        return Extraction(document, lang, ents, tuple(list(roles.values()) + _dedupe(relations)),
                          failures=tuple(failures))

    def _add_entity(self, entities: dict[str, tuple[EntityType, str, list[tuple[int, int]]]], m: Mention,
                    where: tuple[int, int]) -> None:
        g = self.gazetteer
        if m.kind == "Person":
            id_, type_ = m.id, "Person"
        elif m.kind in ("Country", "Demonym"):
            id_, type_ = m.id, "Country"
        elif m.kind in ("Organization", "Location", "Conflict"):
            id_, type_ = (m.place or m.id) if m.kind == "Location" else m.id, m.kind
            if type_ == "Location":
                id_ = region_base(id_, g)
        else:
            return
        if not ID_START.match(id_):
            return
        if id_ not in entities:
            label = g.labels.get(id_) or m.label or id_
            entities[id_] = (g.types.get(id_, type_) if type_ != "Location" else "Location", label, [])  # type: ignore[arg-type]
        entities[id_][2].append(where)

    def extract_all(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            yield self.extract(document)


def _party(id_: str) -> bool:
    """Can `id_` be a party to an event: a state (ISO code) or an organization (an upper-case id)?

    Example:
        >>> _party("RUS"), _party("WAGNER-GROUP"), _party("kim-jong-un")
        (True, True, False)
    """
    return id_ == id_.upper()


def region_base(place: str, g: gaz.Gazetteer) -> str:
    """"Kursk region", "oblast di Donetsk" are the places named kursk and donetsk, as the contract slugs them.

    Example:
        >>> region_base("kursk-oblast", gaz.Gazetteer(types={"kursk": "Location"}))
        'kursk'
    """
    for suffix in gaz.REGION_SUFFIXES:
        if place.endswith(suffix) and place[: -len(suffix)] in g.types:
            return place[: -len(suffix)]
    return place


def _shift(rel: Relation, offset: int) -> Relation:
    if rel.evidence is None or offset == 0:
        return rel
    return replace(rel, evidence=(rel.evidence[0] + offset, rel.evidence[1] + offset))


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One record per (type, endpoints, attributes): a claim repeated in a sentence is one claim."""
    seen: dict[tuple[object, ...], Relation] = {}
    for r in relations:
        k = (*r.key(), r.quantity, r.location, r.subtype, r.evidence)
        if k not in seen or seen[k].confidence < r.confidence:
            seen[k] = r
    return sorted(seen.values(), key=lambda r: (r.evidence or (0, 0), r.type, r.source, r.target))


@functools.lru_cache(maxsize=2)
def _default(model: str | None = None) -> Extractor:
    return Extractor(model)


def extract(document: Document, *, model: str | None = None) -> Extraction:
    """Extract the contract's entities and relations from one document.

    Args:
        document: the article.
        model: the name of an installed spaCy pipeline to add NER and parse (none by default).
    """
    return _default(model).extract(document)
