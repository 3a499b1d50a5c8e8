"""Frame rules for symmetric relations: meetings, agreements, conflicts, and joining an organization.

Decides: which parties pair up for `sym` and `join` triggers (lists, "between X and Y", "with whom",
hosts of visits, places attacked). May not change how subjects, partners or attributes are found.
"""
from __future__ import annotations

from collections.abc import Iterator


from ..model import Relation, RelationType
from .mentions import Mention
from .context import Context, Trigger, WINDOW, relation_rule
from .coordination import _group
from . import syntax
from .arguments import _before_final_verb, _clause_stop, _inverted_subject, _sources, _subject
from .partners import (_attacked_thing, _genitive, _host, _is_visit, _object_between, _owner_of_thing,
                       _place_attacked, _with_whom)
from .attributes import _object, _quantity, _time_clause


@relation_rule("join")
def _join(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Finland joined NATO", "è entrata nella NATO": a member and the organization it joins; "Chinese warships
    joined Russian vessels" is none."""
    organizations = {m.actor for m in ctx.actors(trig.sent) if m.kind == "Organization"}
    for rel in _symmetric(ctx, trig):
        if (rel.source in organizations) != (rel.target in organizations):
            yield rel


@relation_rule("member")
def _member(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Sweden became a member of NATO", "Schweden ist Mitglied der Nato": membership the sentence predicates
    (a copula before it) is joining; "Turkey, a member of NATO," and "as a member of NATO" describe in passing."""
    if any(ctx.lex.is_("copula", w) for w in ctx.words[max(trig.sent.start, trig.start - 4):trig.start]):
        yield from _join(ctx, trig)


def _sent_to(ctx: Context, sources: list[str], host: str) -> bool:
    """Has the article already told that forces of `sources` were sent to `host`? Then they fight there on
    its side: "truppe nordcoreane che combattono a Kursk", after North Korea's deployment to Russia."""
    return any(rel.type == "MILITARY_DEPLOYMENT" and rel.source in sources and rel.target == host
               for _n, rel in ctx.recent)


def _passive(ctx: Context, trig: Trigger) -> bool:
    """Is the trigger a passive verb: an auxiliary of the passive right before it (also before a word the
    lexicon spells as a noun: "è stata attaccata"), two words back before a verb ("was later killed"), or
    anywhere before it in its sentence, or right after it, where the verb ends its clause ("wurde von Russland
    angegriffen", "ist angegriffen worden")?"""
    words = ctx.words
    if trig.start > trig.sent.start and ctx.lex.is_("passive_aux", words[trig.start - 1]):
        return True
    if trig.entry.pos != "v":
        return False
    if ctx.lex.has("verb_final") and trig.end < trig.sent.end and ctx.lex.is_("passive_aux", words[trig.end]):
        return True  # "ist von russischen Drohnen angegriffen worden", "..., die angegriffen wurde"
    lo = trig.sent.start if ctx.lex.has("verb_final") else max(trig.sent.start, trig.start - 2)
    return any(ctx.lex.is_("passive_aux", w) for w in words[lo:trig.start])


def _struck_subject(ctx: Context, trig: Trigger, agents: list[str]) -> str | None:
    """The state of what a passive attack's subject names, the nearest mention before the verb in its
    clause that is no agent: a place's state, or the actor it stands for."""
    for m in reversed(ctx.in_sentence(trig.sent)):
        state = m.country if m.kind == "Location" else m.actor
        if m.end > trig.start or state in agents:
            continue
        if any(ctx.lex.is_("clause", w) for w in ctx.words[m.end:trig.start]):
            return None  # "a helicopter that was captured by the Sudanese": what is struck is no actor
        return state
    return None


def _passive_parties(ctx: Context, trig: Trigger, actors: list[Mention], sources: list[str], others: list[Mention],
                     marks: dict[int, str | None]) -> tuple[list[str], list[Mention], str | None]:
    """The parties of a passive attack: the agent ("by Russia", German "von Russland" before the participle)
    strikes the state of what the subject names ("Kharkiv was attacked by Russia", "a camp for Congolese
    refugees was attacked by Burundian militiamen"), or the subject itself when it is a state ("Israel wurde vom
    Iran angegriffen"). Returns the sources, the others and the state struck (None when it is among the others)."""
    agent = others[0] if others and marks[id(others[0])] == "source" else next(
        (m for m in reversed(actors) if m.end <= trig.start and ctx.lex.has("verb_final")
         and ctx.marker(m, actors) == "source"), None)
    if agent is None:
        return sources, others, None
    agents = [m.actor for m in _group(ctx, actors, agent) if m.actor]
    if agents and (not sources or sources == agents):
        struck = _struck_subject(ctx, trig, agents)
        if struck is not None:
            return agents, [], struck
    elif sources and not others and not set(sources) & set(agents):
        marks[id(agent)] = "source"
        return sources, [agent], None
    return sources, others, None


@relation_rule("sym")
def _symmetric(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """MEET, AGREEMENT, CONFLICT: the parties before and after the trigger pair up."""
    type_: RelationType = trig.entry.label  # type: ignore[assignment]
    actors = ctx.actors(trig.sent)
    reach = WINDOW if trig.entry.pos == "v" else 8
    inverted = _inverted_subject(ctx, trig, actors)  # "Am Montag traf Scholz Macron": no partner of his own
    if (pair := _with_whom(ctx, trig, actors)) is not None:
        yield Relation(type_, pair[0].actor, pair[1].actor, confidence=0.8)  # type: ignore[arg-type]
        return
    stop = min(_clause_stop(ctx, trig), _time_clause(ctx, trig))
    right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= reach and m.start < stop
             and m is not inverted]
    if type_ != "MEET":  # "signed the deal in the presence of Trump": a witness is no party
        witness = ctx.lex.find("presence", ctx.words, trig.end, trig.sent.end)
        right = [m for m in right if witness is None or m.start < witness]
    marks = {id(m): ctx.marker(m, actors) for m in right}
    if len(trig.entry.words) > 1 and right and right[0].kind == "Organization" and \
            all(ctx.lex.is_("article", w) for w in ctx.words[trig.end:right[0].start]):
        # "è entrata nella NATO", "est entrée dans l'OTAN": the trigger holds the marker; a state is entered, not joined
        marks[id(right[0])] = None
    between = next((m for m in right if ctx.own_marker(m) == "between" and m.start - trig.end <= 3), None)
    pairs: list[tuple[str, str]] = []
    if type_ == "CONFLICT" and trig.entry.pos == "n" and len(right) >= 2 and right[0].start - trig.end <= 1 \
            and ctx.words[right[0].end:right[1].start] == ["-"]:
        pairs = [(right[0].actor, right[1].actor)]  # type: ignore[list-item]  # "il fronte russo-ucraino"
    elif type_ == "CONFLICT" and trig.entry.pos == "n" and right and right[0].start - trig.end <= 2 and \
            (marks[id(right[0])] == "source" or _genitive(ctx, trig, right[0], marks[id(right[0])])) and \
            (enemy := next((m for m in right[1:] if (marks[id(m)] == "against" or ctx.lex.has("attack_on_is_locative") and
                                                    marks[id(m)] == "locative") and m.actor != right[0].actor), None)):
        pairs = [(right[0].actor, enemy.actor)]  # type: ignore[list-item]  # "l'attacco della Russia contro l'Ucraina"
    elif between is not None:
        group = _group(ctx, actors, between)
        pairs = [(a.actor, b.actor) for k, a in enumerate(group) for b in group[k + 1:]]  # type: ignore[misc]
        mediator = _subject(ctx, trig, actors) if type_ == "MEET" else None  # who welcomes a deal is no party to it
        if mediator is not None and mediator not in group:  # "X's mediation between Y and Z", "Qatar and Egypt"
            pairs += [(m.actor, b.actor) for m in _group(ctx, actors, mediator) for b in group]  # type: ignore[misc]
    else:
        sources = _sources(ctx, trig, actors)
        before = ctx.words[max(trig.sent.start, trig.start - 3):trig.start]
        if type_ == "CONFLICT" and trig.entry.pos == "n" and isinstance(ctx.verb_subject, Mention) and any(
                ctx.lex.is_("locative", w) or ctx.lex.is_("with", w) for w in before) and \
                not any(ctx.lex.is_("possessive", w) for w in before):
            # not "La Chine soutient la Russie dans sa guerre contre l'Ukraine": "sa" is the nearest actor's
            # "Israel killed Nasrallah in an airstrike": the strike is the verb's, not the victim's
            sources = [m.actor for m in _group(ctx, actors, ctx.verb_subject) if m.actor]
        if not sources and ctx.lex.phrase_at("presence", ctx.words, trig.start) and ctx.verb_subject is not None:
            # "X e Y hanno firmato un accordo, in presenza di Trump": the witness meets the clause's subject
            vs = ctx.verb_subject
            sources = [m.actor for m in _group(ctx, actors, vs) if m.actor] if isinstance(vs, Mention) else list(vs)
        # what is struck may be named by its owner: "a frappé des cibles du Hezbollah" ("qualifier": syntax.py)
        passive = _passive(ctx, trig)
        # "was killed in a crash, with US officials suggesting": after a passive, "with" is no enemy
        allowed = ("against", "target", "source", "locative", "about", "qualifier") if type_ == "CONFLICT" and passive \
            else ("against", "with", "target", "source", "locative", "about", "qualifier") if type_ == "CONFLICT" else \
            ("with", "target", "source", "locative") if _is_visit(ctx, trig) else \
            ("with", "target", "source", "presence") if type_ == "MEET" else ("with", "target", "source")
        others = [m for m in right if (marks[id(m)] is None or marks[id(m)] in allowed) and m.actor not in sources
                  and (marks[id(m)] != "locative" or m.kind == "Country" or _attacked_thing(ctx, trig, m)
                       or type_ == "CONFLICT" and trig.entry.pos == "n" and ctx.lex.has("attack_on_is_locative")
                       and m.start - trig.end <= 2)  # "Israel's attack on Hamas", "der Angriff auf die Hamas"
                  and not (marks[id(m)] is None and trig.entry.pos == "n" and any(
                      ctx.lex.is_("and", w) and w != "," for w in ctx.words[trig.end:m.start]))]
        # "condannato i raid israeliani e il presidente Erdogan": an actor after "and" is no party to a noun
        if trig.entry.pos == "v" and type_ == "MEET":
            others = [m for m in others if not _owner_of_thing(ctx, trig, m)]
        struck = None
        if type_ == "CONFLICT" and passive:
            sources, others, struck = _passive_parties(ctx, trig, actors, sources, others, marks)
        elif type_ == "MEET" and trig.entry.pos == "n" and not sources and others and marks[id(others[0])] == "with" \
                and (main := next((m for m in actors if m.end <= trig.start and ctx.marker(m, actors) is None), None)) \
                and main.actor not in {m.actor for m in others}:
            # "Shoigu, segretario del Consiglio ..., ha parlato dopo un incontro con Kim": who met is the clause's
            # subject, however far its apposition puts it
            sources = [m.actor for m in _group(ctx, actors, main) if m.actor]
        if type_ == "CONFLICT" and any(marks[id(m)] == "against" for m in others):
            others = [m for m in others if marks[id(m)] == "against"]
        if type_ == "MEET" and others and _object_between(ctx, trig.end, others[0].end + 4):
            # "Belarus hosted Russian nuclear weapons": what is hosted is not a guest; "Poland will host
            # 10,000 US troops": forces a state hosts are deployed there by theirs
            cls, at = _object(ctx, trig)
            if cls == "troops" and at is not None and sources and others[0].end <= at <= others[0].end + 1 \
                    and trig.entry.pos == "v" and not _is_visit(ctx, trig):
                for a in sources:
                    if a != others[0].actor:
                        yield Relation("MILITARY_DEPLOYMENT", others[0].actor, a,  # type: ignore[arg-type]
                                       quantity=_quantity(ctx, trig, at), confidence=0.7)
                return
            others = []
        if sources and not others and trig.entry.pos == "v":
            others = _before_final_verb(ctx, trig, actors, sources)
            marks.update((id(m), ctx.marker(m, actors)) for m in others)  # they stand before the verb, not in `right`
        if len(sources) > 1 and trig.entry.pos == "v" and type_ != "CONFLICT":
            # (allies who strike together strike the object: "Die USA und Großbritannien haben Stellungen der
            # Huthi angegriffen", "Les États-Unis et le Royaume-Uni ont frappé les Houthis")
            # "Aliyev e Pashinyan hanno firmato un accordo ... del presidente degli Stati Uniti": parties
            # named together as subject meet or sign with a third only when "with" says so
            # "The ministers of Mali, Burkina Faso and Niger met Lavrov": the one met, right after the verb
            others = [m for m in others if marks[id(m)] in ("with", "presence") or type_ == "MEET" and
                      marks[id(m)] is None and m.start - trig.end <= 4 and
                      not ctx.lex.is_("topic_verb", ctx.words[trig.end - 1]) and all(
                          k in ctx.titles or ctx.lex.is_("article", ctx.words[k]) for k in range(trig.end, m.start))]
        invaded = (_place_attacked(ctx, trig, sources) if type_ == "CONFLICT" else None) or struck
        if invaded is not None and _sent_to(ctx, sources, invaded):
            invaded = None  # "truppe nordcoreane che combattono a Kursk": where forces sent there fight
        if sources and invaded:
            pairs = [(a, invaded) for a in sources]  # "mounted its invasion of South Lebanon, through UN lines"
        elif sources and others:
            partners = [m.actor for m in _group(ctx, actors, others[0]) if m.actor]
            pairs = [(a, b) for a in sources for b in partners]
            if type_ != "CONFLICT" and len(sources) > 1 and marks[id(others[0])] == "with":
                # "France and Germany signed an agreement with Poland", "Frankreich und Deutschland haben mit
                # Polen ein Abkommen unterzeichnet": one pact or meeting of all three pairs each with each other
                pairs += [(a, b) for k, a in enumerate(sources) for b in sources[k + 1:]]
            elif type_ == "MEET" and len(partners) > 1 and marks[id(others[0])] in ("with", "source", None) \
                    and not _is_visit(ctx, trig):  # "will visit Mauritania and Senegal": two hosts, two visits
                # "se reunió con el jefe de la CIA y el primer ministro catarí": one meeting of all, as the
                # contract pairs every participant of a meeting of several parties
                pairs += [(a, b) for k, a in enumerate(partners) for b in partners[k + 1:] if a != b]
        elif sources and (type_ == "CONFLICT" or _is_visit(ctx, trig)) and (host := _host(ctx, trig, sources)) and \
                host not in {m.actor for m in right if marks[id(m)] == "alongside"} and \
                not (type_ == "CONFLICT" and _sent_to(ctx, sources, host)):  # fighting in an ally's land
            pairs = [(a, host) for a in sources]  # "Shoigu visited Pyongyang", "a bomb attack in Kabul"
        elif len(sources) > 1 and not (type_ == "CONFLICT" and syntax.has_object(ctx, trig)):
            # "Israel and Hamas fought", not "the French and UN troops that were fighting insurgents": allies
            # who fight someone the parse names do not fight each other
            pairs = [(a, b) for k, a in enumerate(sources) for b in sources[k + 1:]]
        elif not sources and trig.entry.pos == "n" and _is_visit(ctx, trig) and (visitor := next(
                (m for m in right if marks[id(m)] not in ("with", "against", "target")), None)) \
                and (host := _host(ctx, trig, [visitor.actor])):  # type: ignore[list-item]
            pairs = [(visitor.actor, host)]  # type: ignore[list-item]  # "la visita a Mosca del presidente cinese"
        elif not sources and len(right) >= 2 and right[0].start - trig.end <= 3:
            # "the attack from Iran against Israel", "l'invasione russa dell'Ucraina"
            b = next((m for m in right[1:] if m.actor != right[0].actor and (marks[id(m)] in
                      ("against", "target", "with", "source", "locative") or
                      ctx.words[right[0].end:m.start] == ["-"])), None)
            if b is not None:
                pairs = [(right[0].actor, b.actor)]  # type: ignore[list-item]
    if type_ == "MEET" and pairs and any(w.startswith(ctx.lex.stems("welcome_stem")) for w in ctx.words[trig.start:trig.end]) and \
            any(ctx.lex.is_("statement_noun", w)
                                         for w in ctx.words[trig.end:min(trig.sent.end, trig.end + 8)]):
        # "welcomed President Reagan's latest policy statement": approval of what the other said or did
        yield from (Relation("SUPPORT", a, b, confidence=0.6) for a, b in pairs[:1] if a != b)
        return
    seen = set()
    for x, y in pairs:
        if x == y or (x, y) in seen:
            continue
        seen.add((x, y))
        yield Relation(type_, x, y, confidence=0.8 if trig.entry.pos == "v" else 0.7)


MEMBERS_REACH = 15  # words from a grouping's name to the words that define it by its members
MEMBERS_LIST_AFTER = 8  # words from those words to the first member ("of six ex-Soviet states --")


@relation_rule("members")
def _members(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """A grouping defined by its members: "l'Alliance des États du Sahel (AES) composée du Mali, du Burkina
    Faso et du Niger", "el Aukus, formado por Washington, Reino Unido y Australia", "NATO, made up of 32
    states": each member listed is in an AGREEMENT with the organization (the pipeline codes a grouping
    named only by its members pairwise between them, as the contract asks). The organization is the one
    named last before the trigger ("The CSTO is an alliance of", "L'Otsc citato da Yerevan è un'alleanza
    creata nel 1992 e di cui fanno parte"); the members, the list that starts a few words after it, with no
    verb between ("an alliance of six ex-Soviet states -- Russia, Armenia, ..."). A noun ("alliance of") defines
    the grouping after a copula or a comma only: "NATO watches the alliance of Russia and Iran" is none."""
    actors = ctx.actors(trig.sent)
    org = next((m for m in reversed(actors) if m.kind == "Organization" and m.end <= trig.start
                and trig.start - m.end <= MEMBERS_REACH), None)
    first = next((m for m in actors if m.start >= trig.end and m.kind == "Country"), None)
    if org is None or first is None or not org.actor or first.start - trig.end > MEMBERS_LIST_AFTER or \
            any(trig.end <= v < first.start for v in ctx.verb_starts):
        return
    if trig.entry.pos == "n" and not any(ctx.lex.is_("copula", w) or w == "," for w in ctx.words[org.end:trig.start]):
        return  # a noun defines the grouping only as what it is: "NATO is an alliance of", "NATO, an alliance of"
    for member in dict.fromkeys(m.actor for m in _group(ctx, actors, first) if m.kind == "Country" and m.actor):
        if member != org.actor:
            yield Relation("AGREEMENT", member, org.actor, confidence=0.7)
