"""The document-level stage: what no single sentence states, read after every sentence of an article.

Decides: relations that rest on what the gazetteer knows of a name rather than on a trigger (a
grouping named as a pact is coded pairwise between its members, "the AUKUS pact"; a named war is a
conflict between its parties), and the entities a document's relations need but its text never names
(the state of a minister who alone is named; the war a conflict between its parties belongs to).
May not change a relation the sentence rules found, nor read a sentence's words for a trigger: the
sentence rules (kg/extract/relations.py) do that.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import EntityType, Relation
from . import gazetteer as gaz
from .lexicon import Lexicon
from .mentions import Mention

# contract id -> (type, label, character spans of its mentions), in the order the document names them
Entities = dict[str, tuple[EntityType, str, list[tuple[int, int]]]]


def named_groupings(mentions: list[Mention], words: list[str], lex: Lexicon, g: gaz.Gazetteer,
                    sentence_of: Callable[[int], tuple[int, int]], entities: Entities) -> list[Relation]:
    """Relations a name implies: "the AUKUS pact" is an agreement between each two of its members, and "the
    Russo-Ukrainian war" a conflict between its parties. Members and parties become entities."""
    out = []
    for m in mentions:
        if m.kind == "Organization" and m.id in g.members and _named_as_pact(m, words, lex):
            out += pairwise_members(m.id, sentence_of(m.start), g, entities)
        if m.kind == "Conflict":
            parties = g.parties.get(m.id, ())
            for party in parties:
                if party not in entities:
                    entities[party] = (g.types.get(party, "Country"), g.labels.get(party, party), [])
            if len(parties) >= 2:
                out.append(Relation("CONFLICT", parties[0], parties[1], location=g.theatre.get(m.id),
                                    evidence=sentence_of(m.start), confidence=0.7))
    return out


def pairwise_members(pact: str, evidence: tuple[int, int] | None, g: gaz.Gazetteer,
                     entities: Entities) -> list[Relation]:
    """The contract codes a grouping named by its members (AUKUS, the Quad) as an AGREEMENT between each two
    of them; the members become entities."""
    members = g.members[pact]
    out = []
    for k, a in enumerate(members):
        for b in members[k + 1:]:
            out.append(Relation("AGREEMENT", a, b, subtype="other", evidence=evidence, confidence=0.7))
            for party in (a, b):
                if party not in entities:
                    entities[party] = ("Country", g.labels.get(party, party), [])
    return out


def _named_as_pact(m: Mention, words: list[str], lex: Lexicon) -> bool:
    """Is a word of agreement right next to `m`: "the AUKUS pact", "l'accordo Aukus", "AUKUS submarine deal"?"""
    for i in range(max(0, m.start - 3), min(len(words), m.end + 3)):
        if m.start <= i < m.end:
            continue
        if any(e.label == "AGREEMENT" and e.pos == "n" for e, _ in lex.triggers.match(words, i)):
            return True
    return False


def complete_entities(relations: Iterable[Relation], roles: Iterable[Relation], entities: Entities,
                      g: gaz.Gazetteer) -> None:
    """Add to `entities` what the relations need: the war a conflict between its parties belongs to ("Russia's
    offensive in Ukraine" is the Russo-Ukrainian war even when its name is not written), and every endpoint,
    with no mention where the text names none ("Lavrov said": Russia, through his office)."""
    relations = list(relations)
    by_parties = {frozenset(p[:2]): c for c, p in g.parties.items() if len(p) >= 2}
    for rel in relations:
        war = by_parties.get(frozenset((rel.source, rel.target))) if rel.type == "CONFLICT" else None
        if war and war not in entities:
            entities[war] = ("Conflict", g.labels.get(war, war), [])
    for id_ in [r.target for r in roles] + [i for r in relations for i in (r.source, r.target)]:
        if id_ not in entities:
            entities[id_] = (g.types.get(id_, "Country"), g.labels.get(id_, id_), [])
