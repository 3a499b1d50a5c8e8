"""Frame rules for directed relations: support, praise, accusation, and summoning an ambassador.

Decides: the relation a `direct` or `summon` trigger gives from the arguments the argument stage
finds. May not change how subjects or partners are found (arguments, partners).
"""
from __future__ import annotations

from collections.abc import Iterator


from ..model import Relation, RelationType
from .context import Context, Trigger, relation_rule
from .coordination import _group
from .arguments import (_antecedent, _before_final_verb, _clause_stop, _inverted_subject, _last_pair, _sources,
                        _two_countries_after)
from .partners import (_attacker_of, _genitive, _giver_of, _modifies_noun, _object_between, _recipient_before,
                       _right_after)


@relation_rule("direct")
def _directed(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """Source -> target relations: SUPPORT, PRAISE, ACCUSE.

    The target is the first actor after the trigger; after a noun, an actor introduced by
    "of/di/de" right after it is the source ("le soutien de Pékin à Moscou").
    """
    type_: RelationType = trig.entry.label  # type: ignore[assignment]
    actors = ctx.actors(trig.sent)
    reach = 10 if trig.entry.pos == "v" else 6
    inverted = _inverted_subject(ctx, trig, actors)  # "Am Montag traf Scholz Macron": no partner of his own
    stop = _clause_stop(ctx, trig)
    right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= reach and m.start < stop
             and m is not inverted]
    sources = _sources(ctx, trig, actors)
    # "X was thanked by Y", and a participle set off by a comma: "Hezbollah, backed by Iran,"
    passive = trig.start > 0 and (ctx.lex.is_("passive_aux", ctx.words[trig.start - 1]) or
                                  ctx.words[trig.start - 1] == "," and trig.entry.pos == "v" and bool(right)
                                  and right[0].start - trig.end <= 2 and ctx.marker(right[0], actors) == "source")
    genitive = trig.entry.pos == "n" and bool(right) and \
        _genitive(ctx, trig, right[0], ctx.marker(right[0], actors))  # "die Unterstützung Irans"
    if right and (genitive or ctx.marker(right[0], actors) == "source" and (passive or trig.entry.pos == "n"
                                                                            and right[0].start - trig.end <= 2)):
        agent = right.pop(0)
        if passive:  # "X was thanked by Y": Y -> X
            subject_actor = sources
            sources = [m.actor for m in _group(ctx, actors, agent) if m.actor]
            right = [m for m in actors if m.actor in subject_actor][:1] + right
        else:
            sources = [m.actor for m in _group(ctx, actors, agent) if m.actor]
    # "dénoncent le soutien de Pékin", "praised the efforts of Haiti": the genitive is who is meant
    candidates = [m for m in right if (ctx.marker(m, actors) not in ("against", "between", "locative", "qualifier")
                                       or type_ == "ACCUSE" and _right_after(ctx, trig, m))
                  and not _modifies_noun(ctx, m)]
    if trig.entry.pos == "v":
        # "criticised the supply of weapons to Kyiv": who receives what is sent is not who is criticised
        candidates = [m for m in candidates if not (ctx.marker(m, actors) == "target" and
                                                    _object_between(ctx, trig.end, m.start))]
    if trig.entry.pos == "n":
        # "support for Kyiv", "solidarity with Hamas" (support only: "talks with" are no support)
        marked = ("target", "alongside", "with") if type_ == "SUPPORT" else ("target", "alongside")
        candidates = [m for m in candidates if ctx.marker(m, actors) in marked or
                      any(ctx.lex.is_("target", w) for w in ctx.words[trig.end:min(trig.end + 2, m.start)])]
        if not candidates and type_ == "SUPPORT" and (given := _recipient_before(ctx, trig, actors)):
            sources, candidates = given
    elif type_ == "ACCUSE" and len(candidates) > 1:
        # "complained to the UN over Israeli raids": the accused is what the complaint is about
        rank = {None: 0, "source": 0, "about": 1, "with": 2, "target": 3, "alongside": 3}
        candidates = sorted(candidates, key=lambda m: (rank.get(ctx.marker(m, actors), 2), m.start))
    elif not candidates:
        candidates = _antecedent(ctx, trig, actors) or _before_final_verb(ctx, trig, actors, sources)
    if sources and not candidates and trig.entry.pos == "v" and _two_countries_after(ctx, trig) and \
            (pair := _last_pair(ctx) or ctx.dyad):  # ("the shared commitment of both nations": their own)
        # "accused the two countries of stoking confrontation": the pair the article is about
        for s in sources:
            for t in pair:
                if s != t:
                    yield Relation(type_, s, t, confidence=0.7, inferred="two_countries")
        return
    if sources and not candidates and type_ == "ACCUSE" and (attacker := _attacker_of(ctx, trig, sources)):
        yield Relation(type_, sources[0], attacker, confidence=0.7, inferred="attacker_of")  # "condemned the offensive"
        return
    if len(sources) > 1 and not candidates and trig.entry.pos == "v" and any(
            ctx.lex.is_("reciprocal", w) for w in ctx.words[max(trig.sent.start, trig.start - 2):min(stop, trig.end + 4)]):
        # "Yerevan e Baku si erano accusati l'un l'altro", "se acusaron mutuamente": each of the other
        for s in sources:
            for t in sources:
                if s != t:
                    yield Relation(type_, s, t, confidence=0.7)
        return
    if sources and not candidates and type_ == "PRAISE" and (giver := _giver_of(ctx, trig, sources)):
        yield Relation(type_, sources[0], giver, confidence=0.7, inferred="thanks_for_gift")  # "thanked for the delivery"
        return
    if not sources or not candidates:
        return
    targets = [m.actor for m in _group(ctx, actors, candidates[0]) if m.actor]
    conf = 0.8 if trig.entry.pos == "v" else 0.7
    for s in sources:
        for t in targets:
            yield Relation(type_, s, t, confidence=conf)


@relation_rule("acclaim")
def _acclaim(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Netanyahu celebró la ofensiva liderada por Trump": a verb that praises only what it names as an act
    (celebrating also holds meetings and feasts: "celebró una reunión con Xi", "el Día de la Victoria") praises
    who did the attack, transfer or support named right after it."""
    if any(e.label in ("CONFLICT", "TRANSFER", "SUPPORT") for i in range(trig.end, min(trig.sent.end, trig.end + 3))
           for e, _ in ctx.lex.triggers.match(ctx.words, i)):
        yield from _directed(ctx, trig)


@relation_rule("summon")
def _summon(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Italy summoned the Russian ambassador": a protest to the envoy's state; "summoned the cabinet" is none."""
    # the envoy follows the verb, or comes before it where German puts the verb last
    if any(ctx.lex.is_("envoy", w) for w in ctx.words[max(trig.sent.start, trig.start - 4):min(trig.sent.end, trig.end + 6)]):
        yield from _directed(ctx, trig)
