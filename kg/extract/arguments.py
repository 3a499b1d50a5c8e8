"""The argument stage, subject side: who does what the trigger says.

Decides: a trigger's subject (the nearest actor before a verb, inverted German subjects, insertions,
relative clauses, verb-final clauses), the sources of a relation (lists, "the two countries", a
subject carried over from the sentence before, a speaker), and where a clause's arguments stop.
May not decide a relation's type, modality or attributes.
"""
from __future__ import annotations

import bisect


from .mentions import Mention
from .context import Context, QUOTES, Sentence, Trigger, WINDOW, _is_trigger
from .coordination import _group
from . import syntax


def _dyad(sents: list[Sentence], mentions: list[Mention]) -> tuple[str, str] | None:
    """The pair of states the article is about: the one most often named in one sentence."""
    pairs: dict[tuple[str, str], int] = {}  # a plain dict: Counter.update is interpreted Python
    by_sentence: dict[int, set[str]] = {}
    ends = [sent.end for sent in sents]
    for m in mentions:  # one pass: each mention to its sentence, not every sentence over every mention
        if m.actor and m.kind in ("Country", "Demonym", "Person") and len(m.actor) == 3 and m.actor.isupper():
            by_sentence.setdefault(bisect.bisect_right(ends, m.start), set()).add(m.actor)
    for found in by_sentence.values():
        states = sorted(found)
        for k, a in enumerate(states):
            for b in states[k + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    # the most frequent pair, the first counted of equals (as Counter.most_common(1) gives it)
    return max(pairs.items(), key=lambda item: item[1])[0] if pairs else None


NOT_SUBJECT = ("target", "against", "between", "alongside", "locative", "attribution", "qualifier")


def _inverted_subject(ctx: Context, trig: Trigger, actors: list[Mention]) -> Mention | None:
    """German puts the subject after the verb when the clause opens with something else: "Am Montag traf
    Scholz Macron", "Gestern hat Deutschland der Ukraine Panzer geliefert" (the auxiliary is the verb)."""
    if not ctx.lex.has("verb_second") or trig.entry.pos != "v":
        return None
    verb = trig.end
    if any(m.end <= trig.start and m.start >= trig.sent.start and ctx.marker(m, actors) not in NOT_SUBJECT
           for m in actors):
        return None  # a subject before the verb
    if trig.start > trig.sent.start and ctx.lex.is_("pronoun", ctx.words[trig.start - 1]) and \
            (trig.start - 1 == trig.sent.start or ctx.words[trig.start - 2] in (",", ";", ":")):
        return None  # "Er dankte Deutschland": the pronoun before the verb is its subject
    for i in range(trig.sent.start + 1, trig.start):
        if ctx.lex.is_("passive_aux", ctx.words[i]) or ctx.lex.is_("aux", ctx.words[i]):
            verb = i + 1  # "hat Deutschland ... geliefert": the subject follows the auxiliary
            break
    found = next((m for m in actors if verb <= m.start <= verb + 1 and ctx.marker(m, actors) is None), None)
    if found is None:
        # "verlegt die EU-Schutztruppe EUFOR Verbände nach Bosnien": the subject named after an article and
        # the noun it stands in apposition to; the clause goes on with what the verb takes
        found = next((m for m in actors if verb + 2 <= m.start <= verb + 3 and ctx.lex.is_("article", ctx.words[verb])
                      and ctx.marker(m, actors) is None and m.end < trig.sent.end
                      and not any(ctx.words[k] in (",", ".") or ctx.lex.is_("clause", ctx.words[k])
                                  for k in range(verb, m.end + 1))), None)
    return found


def _subject(ctx: Context, trig: Trigger, actors: list[Mention]) -> Mention | None:
    """The subject the parse gives a verb trigger; without a parse, the nearest actor before the trigger that
    can be its subject, within its clause."""
    found = syntax.subject(ctx, trig, actors)
    if found is not syntax.UNKNOWN:
        return found  # type: ignore[no-any-return]
    left = [m for m in actors if m.end <= trig.start and trig.start - m.end <= WINDOW]
    if (inserted := _before_insertion(ctx, trig, left, actors)) is not None:
        return inserted
    boundary = trig.sent.start
    for i in range(trig.start - 1, trig.sent.start - 1, -1):
        if ctx.lex.is_("clause", ctx.words[i]):
            boundary = i
            break
    vs = ctx.verb_subject
    if boundary > trig.sent.start and ctx.lex.is_("place_relative", ctx.words[boundary]) and isinstance(vs, Mention) \
            and trig.sent.start <= vs.start < boundary and not any(boundary < m.start < trig.start for m in left):
        # "Israel bombardeó Líbano y la Franja de Gaza, donde combate a Hamás": what stands before "where" is
        # a place; who acts there is the subject of the clause it hangs from
        return vs
    if boundary > trig.sent.start and not any(boundary < m.start < trig.start for m in left):
        # "North Korea confirmed that it had deployed", "ha confermato che ha inviato": the subject of the
        # subordinate verb is the main clause's, unless a noun of its own stands between ("que les alliés")
        between = ctx.words[boundary + 1:trig.start]
        if not any(ctx.lex.is_("article", w) for w in between) and (
                not between or any(ctx.lex.is_("pronoun", w) for w in between[:2])):
            main = [m for m in left if m.end <= boundary and ctx.marker(m, actors) not in NOT_SUBJECT]
            if main:
                return main[-1]
    if boundary > trig.sent.start and not any(boundary < m.start < trig.start and ctx.marker(m, actors) not in NOT_SUBJECT
                                              for m in left):
        # "Austin, que llegó a Manila": a relative pronoun right after an actor has it as subject, also
        # past an actor that cannot be one ("che secondo l'intelligence sudcoreana ha inviato")
        j = boundary - 1 if ctx.words[boundary - 1] != "," else boundary - 2
        relative = next((m for m in left if m.end == j + 1), None)
        if relative is not None and not any(ctx.lex.is_("clause", w) or w in ("?", "!")
                                             for w in ctx.words[boundary + 1:trig.start]):
            return relative
    reach = WINDOW if trig.entry.pos == "v" else 4  # a noun's own actor is close: "Russia's offensive"
    if trig.entry.pos == "n" and any(ctx.lex.is_("possessive", w) for w in ctx.words[max(trig.sent.start, trig.start - 4):trig.start]):
        reach = 10  # "Israel today mounted its long-threatened invasion"
    if ctx.lex.has("verb_second") and trig.entry.pos == "v":
        # German puts the verb second or last: the subject is the clause's first actor, not the nearest
        clause = [m for m in left if m.start >= boundary and ctx.marker(m, actors) not in NOT_SUBJECT]
        if clause:
            return clause[0]
        inverted = _inverted_subject(ctx, trig, actors)
        if inverted is not None:
            return inverted
    # "Iran condemned the attack against Syria": a noun's actor is not the subject of a verb that speaks of
    # it ("launched an offensive" is the subject's own; so is "mounted its invasion", read further)
    said = [v for v in ctx.verb_starts if v < trig.start and trig.start - v <= reach + 1 and any(
        e.label in ("ACCUSE", "PRAISE", "SUPPORT") for e, _ in ctx.lex.triggers.match(ctx.words, v))] \
        if trig.entry.pos == "n" and reach == 4 else []
    for m in reversed(left):
        if m.start < boundary or trig.start - m.end > reach:
            break
        if any(m.end <= v for v in said):
            break
        marker = ctx.marker(m, actors)
        if m.kind == "Demonym" and any(o is not m and (o.end == m.start - 1 or o.start == m.end + 1) and
                                       ctx.words[min(o.end, m.end) if o.end <= m.start else m.end] == "-"
                                       for o in ctx.mentions):
            continue  # "il fronte russo-ucraino" qualifies a thing; "Vietnamese-led forces" do act
        if marker == "with" and reach == 10:
            continue  # "Russia has worked closely with Belarus in its war": "its" is not the companion's
        if marker not in NOT_SUBJECT or marker == "locative" and m.start >= 2 and \
                ctx.lex.is_("agent_noun", ctx.words[m.start - 2]):
            return m
    return None


def _before_insertion(ctx: Context, trig: Trigger, left: list[Mention], actors: list[Mention]) -> Mention | None:
    """"Hezbollah, which is backed by Iran, launched rockets", "Hezbollah, an Iranian proxy, fired": the
    subject is the actor before a relative clause or an apposition set off by commas, not an actor inside it."""
    words, lex = ctx.words, ctx.lex
    c = trig.start - 1
    while c > trig.sent.start and trig.start - c <= 3 and words[c] != ",":
        if not lex.is_("aux", words[c]):
            return None
        c -= 1
    if c <= trig.sent.start or words[c] != ",":
        return None
    for b in range(c - 1, max(trig.sent.start, c - 15), -1):
        if words[b] == ",":
            if b + 1 < c and (lex.is_("clause", words[b + 1]) or lex.is_("article", words[b + 1])
                              or _is_trigger(ctx, b + 1)):  # ", backed by Iran,", ", sostenuto dall'Iran,"
                subject = next((m for m in left if m.end == b), None)
                if subject is not None and ctx.marker(subject, actors) not in NOT_SUBJECT:
                    return subject
            return None
    return None


def _clause_stop(ctx: Context, trig: Trigger) -> int:
    """Where the trigger's own clause ends for its partners: at the next verb, a contrast ("elogiato gli
    alleati, ma ha attaccato la Spagna"), a closing reporting clause ("..., South Korea's spy agency said"):
    the speaker is no party; or the setting of a meeting ("on the sidelines of the SCO summit")."""
    stop = _next_verb(ctx, trig)
    words, lex = ctx.words, ctx.lex
    setting = lex.first_words("setting")
    if lex.has("verb_final") and trig.entry.pos == "v" and trig.end < stop and words[trig.end] == ",":
        return trig.end  # "hatten Teheran beschuldigt, Moskau ... zu versorgen": the verb ends its clause
    for i in range(trig.end, stop):
        if lex.is_("contrast", words[i]) or words[i] == "," and any(
                lex.is_("reporting", w) for w in words[i + 1:min(trig.sent.end, i + 9)]):
            return i
        if words[i] in setting and lex.phrase_at("setting", words, i):
            return i  # "met his counterpart on the sidelines of the SCO summit": the summit is where, not whom
    return stop


def _next_verb(ctx: Context, trig: Trigger) -> int:
    """Where the next verb trigger of the sentence starts: a verb's objects do not lie beyond it."""
    return next((i for i in ctx.verb_starts if i >= trig.end), trig.sent.end)


def _antecedent(ctx: Context, trig: Trigger, actors: list[Mention]) -> list[Mention]:
    """"los grupos X y Y, que Nueva Delhi responsabiliza": the actor a relative clause with its own
    subject hangs from is that clause's object."""
    for i in range(trig.start - 1, trig.sent.start, -1):
        if ctx.lex.is_("clause", ctx.words[i]):
            if not any(i < m.start < trig.start for m in actors):
                return []
            j = i - 1 if ctx.words[i - 1] != "," else i - 2
            before = next((m for m in actors if m.end == j + 1), None)
            return _group(ctx, actors, before) if before is not None else []
    return []


def _before_final_verb(ctx: Context, trig: Trigger, actors: list[Mention], sources: list[str]) -> list[Mention]:
    """The object of a verb at the end of its clause ("Russland hat die Ukraine angegriffen"): an actor
    between the subject and the verb."""
    subject = _subject(ctx, trig, actors)
    if subject is None:
        return []
    return [m for m in actors if subject.end <= m.start and m.end <= trig.start and m.actor not in sources
            and ctx.marker(m, actors) not in ("source", "between", "locative", "alongside", "qualifier")][:1]


def _speaker(ctx: Context, trig: Trigger, actors: list[Mention]) -> str | None:
    """Who says "I": the person the sentence names after the quote, else the last one named before it."""
    quote = next((i for i in range(trig.end, trig.sent.end) if ctx.words[i] in QUOTES), None)
    after = [m for m in actors if m.kind == "Person" and quote is not None and m.start > quote]
    if after:
        return after[0].actor  # "“I thank ...,” Katz added"
    people = [m for m in ctx.mentions if m.kind == "Person" and m.as_actor and m.start < trig.start]
    return people[-1].actor if people else None


def _coordinated(ctx: Context, trig: Trigger) -> bool:
    """Does the trigger continue an earlier verb of its sentence ("X sent troops and provided shells",
    "Diop a déclaré ... et a accusé Kiev")?"""
    i = trig.start - 1
    while i > trig.sent.start and ctx.lex.is_("aux", ctx.words[i]) and trig.start - i <= 3:
        i -= 1
    return i >= trig.sent.start and ctx.words[i] != "," and ctx.lex.is_("and", ctx.words[i])


def _two_countries(ctx: Context, trig: Trigger) -> bool:
    """"I due paesi", "both countries" as the subject of the trigger or right after it."""
    lex, words = ctx.lex, ctx.words
    for i in range(max(trig.sent.start, trig.start - 8), min(trig.sent.end, trig.end + 3)):
        n = lex.phrase_at("two_countries", words, i)
        if n and (trig.start - 4 <= i + n <= trig.start or trig.end <= i <= trig.end + 2):
            return True
    return False


def _two_countries_after(ctx: Context, trig: Trigger) -> bool:
    """"Both countries", "i due Paesi" right after the trigger: who it is done to."""
    return any(ctx.lex.phrase_at("two_countries", ctx.words, i) for i in range(trig.end, min(trig.sent.end, trig.end + 3)))


def _last_pair(ctx: Context) -> tuple[str, str] | None:
    """"Merz met Macron in Paris. Both leaders reaffirmed ...": the two who just met or signed, in this
    sentence or the one before, rather than the pair the whole article is about."""
    pairs = [(m, rel) for m, rel in ctx.recent[-12:] if ctx.sentence_index - m <= 1 and rel.type in ("MEET", "AGREEMENT")]
    if not pairs:
        return None
    latest = max(m for m, _rel in pairs)
    # of that sentence's, the first: the main clause's parties, not a witness met after them
    rel = next(rel for m, rel in pairs if m == latest)
    return rel.source, rel.target


def _points_back(ctx: Context, trig: Trigger) -> bool:
    """Is the trigger's subject the previous sentence's: left out (Italian, Spanish) or a pronoun ("He also
    thanked")? Not where a subject that is no actor is written ("Menschenrechtler kritisieren ...")."""
    if any(m.kind == "Location" and m.end <= trig.start and ctx.own_marker(m) is None for m in ctx.in_sentence(trig.sent)):
        return False  # "L'Europa continua a sostenere Kiev": a subject is written, though it is no actor
    comma = next((i for i in range(trig.end, trig.sent.end) if ctx.words[i] == ","), None)
    if comma is not None and not any(ctx.lex.is_("clause", w) or ctx.lex.is_("pronoun", w)
                                     for w in ctx.words[trig.sent.start:trig.start]) and any(
            comma < m.start <= comma + 2 and ctx.own_marker(m) is None for m in ctx.in_sentence(trig.sent)):
        return False  # "Per entrare a far parte della NATO, la Svezia ha dovuto aspettare": the clause opens the
        # sentence whose subject follows it
    if ctx.lex.has("pro_drop"):
        return True
    before = ctx.words[max(trig.sent.start, trig.start - 4):trig.start]
    return any(ctx.lex.is_("pronoun", w) or ctx.lex.is_("possessive", w) for w in before)


def _sources(ctx: Context, trig: Trigger, actors: list[Mention], allow_last: bool = True) -> list[str]:
    """Who does what the trigger says: its subject and those coordinated with it."""
    subject = _subject(ctx, trig, actors)
    if trig.entry.pos == "n":
        # "la frappe israélienne", "Israeli strikes": a demonym next to the noun is its own actor
        own = next((m for m in actors if m.kind == "Demonym" and (m.start == trig.end or m.end == trig.start)), None)
        if own is not None:
            subject = own
    # the parse says whose a coordinated verb is ("Diop a déclaré que ... et a accusé Kiev"); else word order
    coordinated = trig.entry.pos == "v" and _coordinated(ctx, trig) and syntax.subject(ctx, trig, actors) is syntax.UNKNOWN
    first_clause = next((i for i in range(trig.sent.start, trig.start) if ctx.lex.is_("clause", ctx.words[i])),
                        trig.start)
    main = next((m for m in actors if m.start < first_clause and ctx.marker(m, actors) is None), None)
    if coordinated and main is not None and (subject is None or subject.start > main.start):
        # "X sent troops ... and provided shells", "Diop a déclaré que ... et a accusé Kiev": the subject of
        # the main clause, not of a verb inside a subordinate one
        subject = main
        out = [m.actor for m in _group(ctx, actors, main) if m.actor]
    elif coordinated and ctx.verb_subject is not None:
        vs = ctx.verb_subject
        out = [m.actor for m in _group(ctx, actors, vs) if m.actor] if isinstance(vs, Mention) else list(vs)
        subject = vs if isinstance(vs, Mention) else None
    elif subject is not None:
        out = [m.actor for m in _group(ctx, actors, subject) if m.actor]
    elif _two_countries(ctx, trig) and (pair := _last_pair(ctx) or ctx.dyad):
        out = list(pair)
    elif any(ctx.lex.is_("first_person", w) for w in ctx.words[max(trig.sent.start, trig.start - 5):trig.end]) and (
            speaker := _speaker(ctx, trig, actors)):
        out = [speaker]  # "“I thank President Trump ...,” Katz added"
    elif allow_last and trig.entry.pos == "v" and ctx.last_subject and _points_back(ctx, trig) and not any(
            ctx.lex.is_("clause", w) for w in ctx.words[trig.sent.start:trig.start]):
        # Italian and Spanish drop the subject the previous sentence named
        out = list(ctx.last_subject) if isinstance(ctx.last_subject, list) else [ctx.last_subject]
        ctx.pro_drop = True
    else:
        return []
    if trig.entry.pos == "v":
        ctx.verb_subject = subject if subject is not None else out
    return out
