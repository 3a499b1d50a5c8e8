"""The document-level stage: what no single sentence states, read after every sentence of an article.

Decides: relations that rest on what the gazetteer knows of a name rather than on a trigger (a
grouping named as a pact is coded pairwise between its members, "the AUKUS pact"; a named war is a
conflict between its parties), meetings with a bloc's ministers as meetings with its members, and the entities a document's relations need but its text never names
(the state of a minister who alone is named; the war a conflict between its parties belongs to).
May not change a relation the sentence rules found, nor read a sentence's words for a trigger: the
sentence rules (kg/extract/relations.py) do that.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ..model import EntityType, Relation
from . import gazetteer as gaz
from .lexicon import Lexicon
from .mentions import Mention

# contract id -> (type, label, character spans of its mentions), in the order the document names them
Entities = dict[str, tuple[EntityType, str, list[tuple[int, int]]]]


def named_groupings(mentions: list[Mention], words: list[str], lex: Lexicon, g: gaz.Gazetteer,
                    sentence_of: Callable[[int], tuple[int, int]], entities: Entities,
                    published: str | None = None) -> list[Relation]:
    """Relations a name implies: "the AUKUS pact" is an agreement between each two of its members, and "the
    Russo-Ukrainian war" a conflict between its parties, while it ran when the article was published or up to a
    year after (conflict_periods.tsv: "desde la Guerra de Corea en 1950" in 2024 is history). Members and parties become
    entities."""
    day = (published or "")[:10] or None
    out = []
    for m in mentions:
        if m.kind == "Organization" and m.id in g.members and _named_as_pact(m, words, lex):
            out += pairwise_members(m.id, sentence_of(m.start), g, entities)
        if m.kind == "Conflict":
            parties = g.parties.get(m.id, ())
            for party in parties:
                if party not in entities:
                    entities[party] = (g.types.get(party, "Country"), g.labels.get(party, party), [])
            if len(parties) >= 2 and (m.id not in g.periods or _recent(g.periods[m.id], day)):
                out.append(Relation("CONFLICT", parties[0], parties[1], location=g.theatre.get(m.id),
                                    evidence=sentence_of(m.start), confidence=0.7))
    return out


def _recent(period: tuple[str, str | None], day: str | None) -> bool:
    """Is a war news on `day`: running then, or ended less than a year before ("Operation Sindoor" a week
    after its strikes; not "la Guerra de Corea en 1950" seventy years on)?"""
    start, end = period
    return gaz.runs_within(start, f"{int(end[:4]) + 1}{end[4:]}" if end else None, day)


def pairwise_members(pact: str, evidence: tuple[int, int] | None, g: gaz.Gazetteer,
                     entities: Entities) -> list[Relation]:
    """The contract codes a grouping named by its members (AUKUS, the Quad) as an AGREEMENT between each two
    of them; the members become entities."""
    members = g.members[pact]
    out = []
    for k, a in enumerate(members):
        for b in members[k + 1:]:
            out.append(Relation("AGREEMENT", a, b, subtype="other", evidence=evidence, confidence=0.7,
                                inferred="pairwise_members"))
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


def bloc_meetings(relations: list[Relation], mentions: list[Mention], words: list[str], lex: Lexicon,
                  sentence_of: Callable[[int], tuple[int, int]]
                  ) -> tuple[list[Relation], list[Relation], list[Relation]]:
    """The contract pairs a host receiving a bloc's ministers with each member: "Lavrov a reçu ses homologues
    de l'AES composée du Mali, du Burkina Faso et du Niger" is a meeting of Russia with Mali, Burkina Faso
    and Niger, not with the AES. The bloc's members are the states the article puts in it (an AGREEMENT
    with it); its ministers, a `bloc_delegates` word of markers.tsv right before its name. A bloc the
    article gives no members stays the party. Returns the relations with those meetings replaced, the
    meetings replaced and those that replace them (`kg explain` shows both)."""
    members: dict[str, list[str]] = {}
    orgs = {m.actor for m in mentions if m.kind == "Organization" and m.actor}
    for rel in relations:
        if rel.type == "AGREEMENT" and (rel.source in orgs) != (rel.target in orgs):
            org, state = (rel.source, rel.target) if rel.source in orgs else (rel.target, rel.source)
            members.setdefault(org, []).append(state)
    delegated = {(m.actor, sentence_of(m.start)) for m in mentions if m.actor in members and any(
        lex.is_("bloc_delegates", w) for w in words[max(0, m.start - 3):m.start])}
    if not delegated:
        return relations, [], []
    out, replaced, added = [], [], []
    for rel in relations:
        bloc = next((x for x in (rel.source, rel.target) if (x, rel.evidence) in delegated), None)
        if rel.type != "MEET" or bloc is None:
            out.append(rel)
            continue
        host = rel.target if bloc == rel.source else rel.source
        replaced.append(rel)
        added += [replace(rel, source=host, target=state, inferred="bloc_meetings")
                  for state in dict.fromkeys(members[bloc]) if state != host]
    return out + added, replaced, added


ALLIED = ("MILITARY_DEPLOYMENT", "ARMS_TRANSFER", "SUPPORT")


def front_deployments(relations: list[Relation]) -> tuple[list[Relation], list[Relation], list[Relation]]:
    """Forces sent "to" the state their ally is at war with go to the front, on the ally's side: in an
    article where North Korea sends troops to (or supports) Russia and Russia fights Ukraine, "el despliegue de
    tropas norcoreanas hacia Ucrania" is a deployment to Russia. The ally is the one the article tells the
    sender backs more (deployments, arms, support) than the state it is said to send forces to, or the one
    whose war the sender fights too. Forces in the land of a state they fight, with no ally there, are an
    incursion, no deployment ("le truppe ucraine nel Kursk russo"). Returns the relations with each such
    deployment re-aimed at the ally or dropped, the deployments replaced and those that replace them."""
    backing: dict[tuple[str, str], int] = {}  # (state, ally) -> how many relations back the ally
    for r in relations:
        if r.type in ALLIED:
            backing[(r.source, r.target)] = backing.get((r.source, r.target), 0) + 1
    wars = {frozenset((r.source, r.target)) for r in relations if r.type == "CONFLICT"}

    def front(r: Relation) -> str | None:
        """The ally whose enemy r's target is: the article tells r's source fights the target, or backs the
        ally more than it backs the target."""
        for (a, c), n in sorted(backing.items()):
            if a == r.source and c not in (r.source, r.target) and frozenset((c, r.target)) in wars and (
                    frozenset((a, r.target)) in wars or n > backing.get((a, r.target), 0)):
                return c
        return None

    out, replaced, added = [], [], []
    for r in relations:
        ally = front(r) if r.type == "MILITARY_DEPLOYMENT" else None
        if ally is None and r.type == "MILITARY_DEPLOYMENT" and frozenset((r.source, r.target)) in wars:
            replaced.append(r)  # "le truppe ucraine nel Kursk russo", where Ukraine fights Russia: an incursion
            continue
        if ally is None:
            out.append(r)
            continue
        new = replace(r, target=ally, location=None, inferred="front_deployments")
        replaced.append(r)
        added.append(new)
        out.append(new)
    return out, replaced, added


def complete_entities(relations: Iterable[Relation], roles: Iterable[Relation], entities: Entities,
                      g: gaz.Gazetteer, published: str | None = None) -> None:
    """Add to `entities` what the relations need: the war a conflict between its parties belongs to ("Russia's
    offensive in Ukraine" is the Russo-Ukrainian war even when its name is not written) when the article was
    published while it ran (conflict_periods.tsv: a strike on Israel in 2024 is no part of the twelve-day war
    of 2025; an undated article's, a war still running), and every endpoint, with no mention where the text
    names none ("Lavrov said": Russia, through his office)."""
    relations = list(relations)
    day = (published or "")[:10] or None
    by_parties = {frozenset(p[:2]): c for c, p in g.parties.items()
                  if len(p) >= 2 and c in g.periods and gaz.runs_within(*g.periods[c], day)}
    for rel in relations:
        war = by_parties.get(frozenset((rel.source, rel.target))) if rel.type == "CONFLICT" else None
        if war and war not in entities:
            entities[war] = ("Conflict", g.labels.get(war, war), [])
    for id_ in [r.target for r in roles] + [i for r in relations for i in (r.source, r.target)]:
        if id_ not in entities:
            entities[id_] = (g.types.get(id_, "Country"), g.labels.get(id_, id_), [])
