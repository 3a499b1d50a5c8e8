"""Frame rules tied to places: arriving, staying, firing at, and triggers that never give a relation.

Decides: the relation of `arrive`, `stay`, `fire` and `hypo` triggers (a visit or deployment to a host,
forces that stay, a strike toward a country). May not change how arguments are found.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace


from ..model import Relation
from .mentions import Mention
from .context import ACTOR_KINDS, FRAMES_FIRST, Context, OBJECT_TYPES, Sentence, Trigger, relation_rule
from .lexicon import Entry
from .modality import _modality
from .arguments import _sources
from .partners import _demonym_of_object, _host, _mentions_after, _qualifies_place
from .coordination import _group
from .attributes import _attributes, _for_training, _object, _quantity, _time_clause


@relation_rule("arrive")
def _arrive(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"NATO troops arrived in Bosnia" is a deployment; "Saddam Hussein arrived in Amman" a visit."""
    cls, at = _object(ctx, trig)
    if cls is None:
        for i in range(trig.start - 1, trig.sent.start - 1, -1):
            found = [e.label for e, _ in ctx.lex.objects.match(ctx.words, i) if e.label not in ("unit", "none")]
            if found:
                cls, at = found[0], i
                break
    actors = ctx.actors(trig.sent)
    stop = _time_clause(ctx, trig)  # "arrived after Israel struck ... in Lebanon": not where the visitor is
    right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= 6 and m.start < stop]
    if cls is None:
        if any(ctx.lex.is_("statement_noun", w) for w in ctx.words[max(trig.sent.start, trig.start - 3):trig.start]):
            return  # "le dichiarazioni sono arrivate": words arrive, nobody visits
        sources = _sources(ctx, trig, actors)
        host = next((m.actor for m in right if ctx.marker(m, actors) in ("locative", "target") and m.actor), None) \
            or _host(ctx, trig, sources, stop)
        for s in sources:
            if host and host != s:
                yield Relation("MEET", s, host, confidence=0.7)
        return
    if at is not None and at < trig.start and any(at < m.start and m.end <= trig.start and ctx.marker(m, actors) == "target"
                                                  for m in actors):
        return  # "les chars promis par Ottawa à Kyiv sont arrivés en Pologne": a stop on the way to who gets them
    yield from _forces_in(ctx, trig, cls, at, actors, right)


@relation_rule("stay")
def _stay(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"The Russian contingent will remain in Mali": forces that stay in a country are deployed there; so are
    forces named with their garrison ("le dispositif français de Djibouti va rester")."""
    for i in range(trig.start - 1, max(trig.sent.start, trig.start - 6) - 1, -1):
        if any(e.label == "troops" for e, _ in ctx.lex.objects.match(ctx.words, i)):
            actors = ctx.actors(trig.sent)
            right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= 3]
            owner = _demonym_of_object(ctx, i)
            garrison = next((m for m in actors if i < m.start < trig.start and m.kind == "Country" and m.start >= 1
                             and ctx.lex.is_("genitive", ctx.words[m.start - 1])), None)
            if not right and owner and garrison and garrison.actor != owner:
                yield Relation("MILITARY_DEPLOYMENT", owner, garrison.actor,  # type: ignore[arg-type]
                               quantity=_quantity(ctx, trig, i), confidence=0.7)
                return
            yield from _forces_in(ctx, trig, "troops", i, actors, right)
            return


def _forces_in(ctx: Context, trig: Trigger, cls: str, at: int | None, actors: list[Mention],
               right: list[Mention]) -> Iterator[Relation]:
    """What arrives in or stays in the country after the trigger, from the state its origin or name gives."""
    type_ = OBJECT_TYPES[cls]
    origin = next((m for m in actors if ctx.marker(m, actors) == "source" and m.start >= (at or 0)), None)
    near = [m for m in actors if at is not None and at - 4 <= m.start < at]  # "NATO peacekeeping troops"
    source = origin.actor if origin else (near[-1].actor if near else _demonym_of_object(ctx, at))
    target = next((m.actor for m in right if ctx.marker(m, actors) in ("locative", "target") and m.actor), None) \
        or _host(ctx, trig, [source] if source else [])
    if source and target and source != target:
        yield Relation(type_, source, target, quantity=_quantity(ctx, trig, at), confidence=0.7)


@relation_rule("fire")
def _fire(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Iran launched hundreds of drones and missiles at Israel", "ha lanciato missili contro Kiev": weapons
    fired at a state or at one of its places are an attack on it; "launched a campaign" is none."""
    cls, at = _object(ctx, trig)
    if cls != "arms" or at is None:
        return  # the weapons follow the verb, or precede it where German puts it last ("Raketen auf Israel abgefeuert")
    actors = ctx.actors(trig.sent)
    sources = _sources(ctx, trig, actors)
    if not sources:
        return
    for m in _mentions_after(ctx, trig, at + 1, 7):
        if ctx.own_marker(m) not in ("target", "against", "locative"):
            continue
        target = m.actor if m.as_actor and m.kind in ACTOR_KINDS else m.country if m.kind == "Location" else \
            m.id if m.kind == "Demonym" and _qualifies_place(ctx, m) else None
        if target and target not in sources:
            for s in sources:
                yield Relation("CONFLICT", s, target, confidence=0.7)
            return


@relation_rule("hypo")
def _never(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    return iter(())


def _forces_present(ctx: Context, sent: Sentence, triggers: list[Trigger], n: int) -> list[Relation]:
    """Military presence named without a verb: a state's forces in a country are deployed there, as the
    contract codes presence ("le forze statunitensi in Giappone", "12.000 soldati nordcoreani sarebbero in
    Russia", "US troops in Syria", "les troupes françaises au Niger", "las tropas rusas en Malí"). The forces
    are a troops object of objects.tsv whose state a demonym or a country right before names; the country
    is a Country after a locative (or recipient) marker, or the genitive of a garrison ("les Éléments français
    du Sénégal"), at most two words on. Forces a trigger reads are the trigger's;
    forces sent to train are no deployment."""
    used = {i for t in triggers if t.entry.frame in FRAMES_FIRST or t.entry.frame == "stay"
            for i in range(t.start - 5, t.end + 10)}
    actors = ctx.actors(sent)
    out = []
    for i in ctx.within(ctx.object_list, sent):
        if i in used:
            continue
        matches = [(e, j) for e, j in ctx.lex.objects.match(ctx.words, i) if e.label == "troops"]
        if not matches:
            continue
        end = max(j for _, j in matches)
        owner = _demonym_of_object(ctx, i)
        if owner is None:
            continue
        after = end + 1 if any(m.kind == "Demonym" and m.start == end for m in actors) else end
        place = next((m for m in actors if after <= m.start <= after + 3 and m.kind == "Country"
                      and (ctx.marker(m, actors) in ("locative", "target")  # "au Niger" reads as both
                           or after < m.start and all(ctx.lex.is_("genitive", w) or ctx.lex.is_("article", w)
                                                      for w in ctx.words[after:m.start]))), None)
        # "les Éléments français du Sénégal", "le dispositif français de Djibouti": the garrison of a country
        if place is None or place.actor == owner or any(after <= t.start < place.start for t in triggers) or any(
                ctx.lex.is_("clause", ctx.words[k]) for k in range(after, place.start)):
            continue
        trig = Trigger(Entry("MILITARY_DEPLOYMENT", tuple(ctx.words[i:end]), True, "n", "stay"), i, end, sent)
        modality = _modality(ctx, trig)
        if modality is None or _for_training(ctx, trig):
            continue
        quantity = _quantity(ctx, trig, i)
        # "US forces in Syria and Iraq": each country of the list
        for country in dict.fromkeys(m.actor for m in _group(ctx, actors, place) if m.kind == "Country" and m.actor):
            if country == owner:
                continue
            rel = _attributes(ctx, trig, Relation("MILITARY_DEPLOYMENT", owner, country, quantity=quantity, confidence=0.6))
            if modality == "reported":
                rel = replace(rel, modality="reported", confidence=0.5)
            out.append(rel)
            ctx.recent.append((n, rel))
    return out


@relation_rule("withdraw")
def _withdraw(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """Forces withdrawn from a country were deployed there, as the contract codes withdrawal: "Gli Stati Uniti
    si sono ritirati dal Niger", "the withdrawal of US troops from Syria", "la France a retiré ses soldats du
    Mali", "Deutschland hat seine Soldaten aus Mali abgezogen". The country is a Country after an origin
    marker (before the verb too where it comes last); who withdraws is the state of the troops named
    between ("US troops"), else the subject. An envoy withdrawn ("withdrew its ambassador from Moscow") is
    a diplomatic act, and a withdrawal from a treaty or an organization names no country: neither is one."""
    actors = ctx.actors(trig.sent)
    after = [m for m in actors if trig.end <= m.start <= trig.end + 8]
    before = [m for m in actors if trig.start - 8 <= m.start and m.end <= trig.start] \
        if ctx.lex.has("verb_final") else []
    place = next((m for m in after + before[::-1] if m.kind == "Country" and m.actor
                  and ctx.marker(m, actors) == "source"), None)
    if place is None and trig.entry.pos == "n":
        yield from _withdrawal_continued(ctx, trig, after)
        return
    if place is None or any(e.pos == "n" for k in range(place.end, min(trig.sent.end, place.end + 3))
                            for e, _ in ctx.lex.triggers.match(ctx.words, k)):
        return  # "withdrew from the Paris agreement", "from the Iran nuclear deal": the name qualifies a pact
    lo, hi = min(place.end, trig.end), max(place.start, trig.start)
    if ctx.lex.find("envoy", ctx.words, lo, hi) is not None:
        return
    withdrawn = {i: {e.label for e, _ in ctx.lex.objects.match(ctx.words, i)}
                 for i in ctx.within(ctx.object_list, trig.sent) if lo <= i < hi}
    if any(labels - {"troops"} for labels in withdrawn.values()):
        return  # "withdraw weapons inspectors from Iraq": what is withdrawn is no force
    owner = next((o for i, labels in withdrawn.items() if labels and (o := _demonym_of_object(ctx, i)) is not None),
                 None)
    sources = [owner] if owner else _sources(ctx, trig, actors) if trig.entry.pos == "v" else []
    for source in sources:
        if source != place.actor:
            yield Relation("MILITARY_DEPLOYMENT", source, place.actor, confidence=0.7)  # type: ignore[arg-type]


def _withdrawal_continued(ctx: Context, trig: Trigger, after: list[Mention]) -> Iterator[Relation]:
    """"Gli Stati Uniti si sono ritirati dal Niger. Dopo il ritiro dei soldati francesi e quello annunciato
    dai tedeschi ...": a withdrawal named by its forces' states alone continues the deployment the article
    just told of, two sentences back at most; the country is that one's."""
    prior = next((rel for m, rel in reversed(ctx.recent) if rel.type == "MILITARY_DEPLOYMENT"
                  and ctx.sentence_index - m <= 2), None)
    if prior is None:
        return
    for state in dict.fromkeys(m.actor for m in after if m.kind == "Demonym" and m.actor):
        if state != prior.target:
            yield Relation("MILITARY_DEPLOYMENT", state, prior.target, confidence=0.6, inferred="withdrawal_continued")
