"""Why the graph says what it says: each sentence with its actors, triggers, candidate relations and drops.

`explain(document)` runs the extractor with a trace (kg/extract/relations.py and pipeline.py add to it)
and groups what happened by sentence: the actors with the function word that governs each, every
trigger with its frame, every candidate relation with the rule that made it and whether it reached the
output, and every candidate that was dropped with the reason (modality, a coding convention, the same
claim kept once). `kg explain` prints it as text or JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Document, Extraction, JSONValue, Relation
from .pipeline import Extractor


@dataclass
class SentenceExplanation:
    """One sentence: where it lies, its actors, and what the rules did with it, in order."""

    index: int
    start: int
    end: int
    text: str
    read: bool  # False: no trigger and no object, so no rule looked at it
    mentions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, JSONValue]:
        return {"sentence": self.index, "start": self.start, "end": self.end, "text": self.text, "read": self.read,
                "mentions": self.mentions,  # type: ignore[dict-item]
                "events": [_event_json(e) for e in self.events]}


@dataclass
class Explanation:
    extraction: Extraction
    sentences: list[SentenceExplanation]

    def to_json(self) -> dict[str, JSONValue]:
        return {"doc": self.extraction.doc, "lang": self.extraction.lang,
                "sentences": [s.to_json() for s in self.sentences]}  # type: ignore[dict-item]


def explain(document: Document, extractor: Extractor | None = None) -> Explanation:
    """Extract `document` with a trace and group the trace by sentence."""
    trace: list[dict[str, Any]] = []
    extraction = (extractor or Extractor()).extract(document, trace)
    kept = {_key(r): r for r in extraction.relations}  # as output: places normalised ("kursk-oblast" -> "kursk")
    sentences: list[SentenceExplanation] = []
    offset = 0
    later: list[dict[str, Any]] = []  # what the pipeline did after the sentence rules: placed by evidence
    for event in trace:
        kind = event["event"]
        if kind == "chunk":
            offset = event["offset"]
        elif kind == "sentence":
            start, end = offset + event["start"], offset + event["end"]
            sentences.append(SentenceExplanation(len(sentences), start, end, document.text[start:end].strip(),
                                                 event["read"], event["mentions"]))
        elif "relation" in event and event.get("frame") != "document" and kind == "candidate":
            rel = _shifted(event["relation"], offset)
            sentences[-1].events.append({**event, "relation": kept.get(_key(rel), rel), "kept": _key(rel) in kept})
        elif "relation" in event:
            rel = event["relation"] if event.get("frame") == "document" else _shifted(event["relation"], offset)
            later.append({**event, "relation": rel, "kept": _key(rel) in kept})
        elif sentences:
            sentences[-1].events.append(event)
    for event in later:
        ev = event["relation"].evidence or (0, 0)
        home = next((s for s in sentences if s.start <= ev[0] < max(s.end, s.start + 1)), sentences[-1] if sentences else None)
        if home is None:
            continue
        if event["event"] == "dropped":  # the pipeline's drop of a candidate the rules made: say so on it
            for e in home.events:
                if e["event"] == "candidate" and e["relation"] == event["relation"]:
                    e["dropped"] = event["reason"]
                    break
            else:
                home.events.append(event)
        else:
            home.events.append(event)
    claimed: set[tuple[object, ...]] = set()
    for s in sentences:  # a candidate the output does not hold, or holds from an earlier reading, is a duplicate
        for e in s.events:
            if e["event"] != "candidate" or "dropped" in e:
                continue
            key = _key(e["relation"])
            if not e["kept"] or key in claimed:
                e["kept"] = False
                e["dropped"] = "duplicate: the same claim from this sentence is kept once"
            claimed.add(key)
    return Explanation(extraction, sentences)


def _shifted(rel: Relation, offset: int) -> Relation:
    return replace(rel, evidence=(rel.evidence[0] + offset, rel.evidence[1] + offset)) if rel.evidence else rel


def _key(rel: Relation) -> tuple[object, ...]:
    return (rel.type, rel.source, rel.target, rel.quantity, rel.evidence, rel.modality)


def _event_json(event: dict[str, Any]) -> dict[str, JSONValue]:
    out: dict[str, JSONValue] = {k: v for k, v in event.items() if k != "relation"}
    if "relation" in event:
        out["relation"] = event["relation"].to_json()
    return out


def describe_relation(rel: Relation) -> str:
    """"MILITARY_DEPLOYMENT PRK -> RUS, quantity 11000, at kursk, 2025-06 (reported)"."""
    arrow = " -- " if rel.type in ("MEET", "AGREEMENT", "CONFLICT") else " -> "
    parts = [f"{rel.type} {rel.source}{arrow}{rel.target}"]
    if rel.quantity is not None:
        parts.append(f"quantity {rel.quantity}")
    if rel.location:
        parts.append(f"at {rel.location}")
    if rel.date:
        parts.append(rel.date)
    if rel.subtype:
        parts.append(rel.subtype)
    text = ", ".join(parts)
    return text + (f" ({rel.modality})" if rel.modality != "asserted" else "")


def to_text(explanation: Explanation, sentence: int | None = None) -> str:
    """The explanation as lines for a terminal, all sentences or only number `sentence`."""
    ex = explanation.extraction
    lines = [f"== {ex.doc} ({ex.lang}): {len(explanation.sentences)} sentences, {len(ex.relations)} relations"]
    for s in explanation.sentences:
        if sentence is not None and s.index != sentence:
            continue
        if sentence is None and not s.events:
            continue  # nothing to explain: no trigger, no object
        lines.append(f"\n[{s.index}] {s.start}-{s.end}  {s.text}")
        actors = [f"{m['text']} = {m['actor'] or m['id']} ({m['kind']}" + (f", after '{m['marker']}' marker" if m["marker"] else "") + ")"
                  for m in s.mentions]
        lines.append("  actors: " + ("; ".join(actors) if actors else "none"))
        if not s.read:
            lines.append("  no trigger and no object of the lexicons: no rule reads it")
        for e in s.events:
            kind = e["event"]
            if kind == "trigger":
                lines.append(f"  trigger '{e['words']}': {e['type']}, frame {e['frame']}, {'verb' if e['pos'] == 'v' else 'noun'}")
                if not any(o.get("at") == e["start"] for o in s.events if o["event"] in ("candidate", "dropped")):
                    lines.append("    no relation: the frame's rule found no two parties for it")
            elif kind == "candidate":
                by = f"rule {e['rule']}" + (f" on '{e['trigger']}'" if e.get("trigger") else "") + f" (frame {e['frame']})"
                status = "kept" if e["kept"] else f"dropped: {e.get('dropped')}"
                lines.append(f"    {'+' if e['kept'] else '-'} {describe_relation(e['relation'])}  [{by}] {status}")
            elif kind == "dropped" and "relation" in e:
                lines.append(f"    - {describe_relation(e['relation'])}  dropped: {e['reason']}")
            elif kind == "dropped":
                lines.append(f"    - '{e['trigger']}' ({e['type']}, frame {e['frame']}) dropped: {e['reason']}")
            elif kind == "failed":
                lines.append(f"    ! the rules failed on this sentence: {e['error']}")
    return "\n".join(lines) + "\n"
