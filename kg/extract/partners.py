"""The argument stage, object side: to whom, with whom, against whom, where.

Decides: recipients before a verb, partners after "with", genitive owners, hosts of visits, places
attacked, demonyms that name the owner of a thing, and which actors only qualify a noun. May not
decide a relation's type, modality or attributes.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator


from .lexicon import CLAUSE_ENDS
from .mentions import Mention
from .context import Context, FRAMES_FIRST, OBJECT_TYPES, Trigger, _is_trigger
from .coordination import _group


def _genitive_owner(ctx: Context, start: int, end: int, actors: list[Mention]) -> str | None:
    """Whose is the thing at [start, end): "Washington's latest arms sale", and in German's genitive after it,
    "Waffenlieferungen Russlands", "der Waffenverkauf der USA"."""
    words = ctx.words
    for m in actors:
        if m.end < start and start - m.end <= 3 and words[m.end] in ("'s", "’s", "'"):
            return m.actor
        if ctx.lex.has("genitive_after_noun") and (m.start == end or m.start == end + 1 and
                                                   ctx.lex.is_("genitive_article", words[end])):
            return m.actor
    return None


def _right_after(ctx: Context, trig: Trigger, m: Mention) -> bool:
    """Is `m` the trigger's own complement, only its marker and articles between ("si è scagliato contro
    Israele", "lashed out at Israel", "protested against Iran"), not a noun's ("the attack against Syria")?"""
    between = ctx.words[trig.end:m.start]
    return len(between) <= 3 and all(ctx.lex.is_("article", w) or ctx.lex.is_("against", w) or ctx.lex.is_("locative", w)
                                     for w in between)


FUNCTION_KINDS = ("and", "article", "clause", "target", "source", "with", "locative", "about", "against", "aux")


def _recipient_before(ctx: Context, trig: Trigger, actors: list[Mention]) -> tuple[list[str], list[Mention]] | None:
    """"China sicherte Russland seine Unterstützung zu", "the EU offered Kyiv its full support": who is given
    support is named without a marker right before the noun, after the subject of the verb that gives it.
    The sources and the recipient, or None."""
    words = ctx.words
    for m in actors:
        if not (m.end <= trig.start and trig.start - m.end <= 2) or m.kind == "Demonym" or \
                ctx.marker(m, actors) is not None:
            continue
        if any(w in ("'s", "’s", "'", ",") or ctx.lex.is_(k, w) for w in words[m.end:trig.start]
               for k in FUNCTION_KINDS if k != "article") or any(_is_trigger(ctx, k) for k in range(m.end, trig.start)):
            continue  # "thanked Kim for his support", "Russia's support", "Pyongyang promises support"
        group = _group(ctx, actors, m)
        subject = next((s for s in actors if s.end <= m.start and s not in group and ctx.marker(s, actors) is None
                        and s.kind != "Demonym" and not any(w in CLAUSE_ENDS or ctx.lex.is_("clause", w)
                                                            for w in words[s.end:m.start])), None)
        if subject is not None:
            return [x.actor for x in _group(ctx, actors, subject) if x.actor], [m]
    return None


def _modifies_noun(ctx: Context, m: Mention) -> bool:
    """"condemned the cooperation as a violation of UN sanctions": an actor between "of" and the noun it
    qualifies is part of a thing, not who is meant (unlike "the efforts of Haiti")."""
    words = ctx.words
    if m.start == 0 or not ctx.lex.is_("noun_of", words[m.start - 1]) or m.end >= len(words):
        return False
    after = words[m.end]
    if not after.isalpha() or after != ctx.doc[m.end].text or any(ctx.lex.is_(k, after) for k in FUNCTION_KINDS) \
            or m.end in ctx.trigger_at or ctx.lex.is_("agent_noun", after):
        return False
    # "the right of Russia troops", "of US officials": people who act for the state are the state
    return not any(e.label == "troops" for e, _ in ctx.lex.objects.match(words, m.end))


def _attacker_of(ctx: Context, trig: Trigger, sources: list[str]) -> str | None:
    """"Pakistan condemned the offensive": an attack named without its actor, right after an accusation, is
    the latest attack on the accuser in the last six sentences; its attacker is the accused."""
    if not any(e.label == "CONFLICT" for i in range(trig.end, min(trig.sent.end, trig.end + 3))
               for e, _ in ctx.lex.triggers.match(ctx.words, i)):
        return None
    for m, rel in reversed(ctx.recent):
        if ctx.sentence_index - m > 6:
            break
        if rel.type == "CONFLICT" and sources[0] in (rel.source, rel.target):
            return rel.target if rel.source == sources[0] else rel.source
    return None


GIFTS = ("ARMS_TRANSFER", "MILITARY_DEPLOYMENT", "AID", "SUPPORT")


def _giver_of(ctx: Context, trig: Trigger, sources: list[str]) -> str | None:
    """"El Gobierno ucraniano ha agradecido la entrega", "Kyiv welcomed the delivery": a transfer or support
    named without its actor, right after a thanks, is the latest one the thanking state received, twelve
    sentences back at most (the thanks often closes the article that told the gift); its giver is thanked."""
    if not any(e.label in ("TRANSFER", "SUPPORT") and e.pos == "n" or e.frame in FRAMES_FIRST
               for i in range(trig.end, min(trig.sent.end, trig.end + 3)) for e, _ in ctx.lex.triggers.match(ctx.words, i)):
        return None
    for m, rel in reversed(ctx.recent):
        if ctx.sentence_index - m > 12:
            break
        if rel.type in GIFTS and rel.target == sources[0] and rel.source != sources[0]:
            return rel.source
    return None


def _for_whom(ctx: Context, m: Mention) -> bool:
    """Is `m` named as who something is for ("for Ukraine", "per l'Ucraina"), articles skipped?"""
    i = m.start
    while i > 0 and ctx.lex.is_("article", ctx.words[i - 1]):
        i -= 1
    return bool(ctx.lex.phrase_ending("beneficiary", ctx.words, i))


def _demonym_of_object(ctx: Context, at: int | None) -> str | None:
    """"armi nordcoreane", "North Korean soldiers", "US missiles": the state of what is sent."""
    if at is None:
        return None
    # after a name of several words, the demonym follows its last ("carri armati americani")
    after = max((j for _e, j in ctx.lex.objects.match(ctx.words, at)), default=at + 1)
    # the mentions that end at the object or start right after it: bisect, not a scan of the document
    for m in ctx.mentions[bisect.bisect_left(ctx.starts, at - 8):bisect.bisect_right(ctx.starts, after)]:
        if m.actor and (m.kind == "Demonym" and (m.end == at or m.start in (at + 1, after)) or
                        m.kind == "Country" and m.end == at):
            return m.actor
    return None


MAKER_REACH = 150  # words back to the designated weapon a plain noun stands for (about five sentences)


def _is_trade(ctx: Context, trig: Trigger) -> bool:
    """Is the trigger a sale or a purchase (markers.tsv, trade_stem: "sold", "vendu", "acquistato", "Kauf")?"""
    return any(w.startswith(ctx.lex.stems("trade_stem")) for w in ctx.words[trig.start:trig.end])


def _maker_of_object(ctx: Context, trig: Trigger, at: int | None) -> str | None:
    """"Qatar bought 24 Rafale jets", "the F-35s sold to Poland": the state whose industry makes what is
    traded (objects.tsv, column maker) sells it when the sale names no other seller; what is given or
    received ("Ukraine received its first F-16s") may be second-hand, so only a sale or a purchase
    (markers.tsv, trade_stem) is read. A plain noun that comes before the verb of its sale ("L'avion s'est
    vendu à sept pays") is the weapon named last with a maker, five sentences back at most."""
    if at is None or not _is_trade(ctx, trig):
        return None
    if (maker := _maker_at(ctx, at)) is not None or at > trig.start:
        return maker
    k = bisect.bisect_left(ctx.object_list, at)
    while k > 0 and at - ctx.object_list[k - 1] <= MAKER_REACH:
        k -= 1
        if (maker := _maker_at(ctx, ctx.object_list[k])) is not None:
            return maker
    return None


def _maker_at(ctx: Context, i: int) -> str | None:
    """The maker of the object that starts at word `i`, if objects.tsv gives one."""
    return next((m for e, _ in ctx.lex.objects.match(ctx.words, i) if (m := ctx.lex.makers.get(e.words)) is not None),
                None)


def _with_whom(ctx: Context, trig: Trigger, actors: list[Mention]) -> tuple[Mention, Mention] | None:
    """"met Zelensky, with whom he signed a pact", "con quien firmó", "con cui ha firmato": the antecedent of
    a relative clause opened by "with" is the partner of the main clause's subject."""
    words = ctx.words
    if trig.entry.pos != "v":
        return None
    for i in range(trig.start - 1, max(trig.sent.start, trig.start - 4), -1):
        if any(m.start == i for m in actors):
            return None
        if not ctx.lex.is_("clause", words[i]):
            continue
        j = i - 1  # the "with" before the relative pronoun
        if j < 1 or not ctx.lex.is_("with", words[j]):
            return None
        partner = next((m for m in actors if m.end == j or m.end == j - 1 and words[j - 1] == ","), None)
        if partner is None or not partner.actor:
            return None
        subject = next((m for m in actors if m.end <= partner.start and m.kind != "Demonym" and m.actor
                        and m.actor != partner.actor and ctx.marker(m, actors) is None), None)
        return (subject, partner) if subject is not None else None
    return None


def _mentions_after(ctx: Context, trig: Trigger, at: int, reach: int) -> Iterator[Mention]:
    """The mentions that start from word `at` on, at most `reach` words on, in the trigger's sentence."""
    for m in ctx.mentions[bisect.bisect_left(ctx.starts, at):]:
        if m.start >= trig.sent.end or m.start - at > reach:
            return
        yield m


def _destination(ctx: Context, trig: Trigger, sources: list[str]) -> str | None:
    """The state of a known place things are sent to: "to the Kursk region", "nella regione di Kursk"."""
    return next((m.country for m in _mentions_after(ctx, trig, trig.end, 14) if m.kind == "Location" and m.country
                 and m.country not in sources and ctx.own_marker(m) in ("target", "locative")), None)


def _place_attacked(ctx: Context, trig: Trigger, sources: list[str]) -> str | None:
    """The state of a place named right after an attack: "invasion of South Lebanon", "struck Kharkiv"."""
    m = next(_mentions_after(ctx, trig, trig.end, 3), None)  # only the first mention after it, and only a place
    if m is None or m.kind != "Location":
        return None
    return m.country if m.country and m.country not in sources else None


def _genitive(ctx: Context, trig: Trigger, m: Mention, marker: str | None) -> bool:
    """German names a noun's agent in the genitive right after it: "der Angriff Russlands auf die Ukraine",
    "die Unterstützung Irans"."""
    return ctx.lex.has("genitive_after_noun") and marker is None and m.start == trig.end


def _attacked_thing(ctx: Context, trig: Trigger, m: Mention) -> bool:
    """"airstrikes on Iranian nuclear facilities", "an attack on Russian refineries": what a state owns, struck
    right after the attack's name, stands for that state (not "in Russian-occupied Crimea")."""
    return trig.entry.label == "CONFLICT" and trig.entry.pos == "n" and m.kind == "Demonym" and \
        m.start - trig.end <= 3 and not (m.end < len(ctx.words) and ctx.words[m.end] == "-")


def _object_between(ctx: Context, lo: int, hi: int) -> bool:
    return any(e.label in OBJECT_TYPES for i in range(lo, min(hi, len(ctx.words)))
               for e, _ in ctx.lex.objects.match(ctx.words, i))


# welcoming: what is welcomed may be a statement, not a guest ("welcomed Reagan's statement")
def _owner_of_thing(ctx: Context, trig: Trigger, m: Mention) -> bool:
    """"welcomed Trump's call": `m` owns what a meeting verb takes, and is no guest; not so when what is
    owned is an official ("met Putin's foreign minister") or a statement, whose welcome is approval of its
    owner ("welcomed Reagan's latest policy statement")."""
    words = ctx.words
    return m.end + 1 < len(words) and words[m.end] in ("'s", "'") and m.end + 1 not in ctx.titles \
        and not ctx.lex.is_("agent_noun", words[m.end + 1]) \
        and not any(ctx.lex.is_("statement_noun", w) for w in words[trig.end:min(trig.sent.end, m.end + 5)])


def _is_visit(ctx: Context, trig: Trigger) -> bool:
    """A visit, as opposed to a meeting: the place visited stands for its government."""
    return any(w.startswith(ctx.lex.stems("visit_stem")) for w in ctx.words[trig.start:trig.end])


def _host(ctx: Context, trig: Trigger, sources: list[str], stop: int | None = None) -> str | None:
    """The state of a capital named as the place of a visit or an attack in the trigger's sentence (before
    `stop`)."""
    for m in ctx.in_sentence(trig.sent):
        if m.kind == "Location" and m.country and m.country not in sources and m.start >= trig.start - 2 and \
                (stop is None or m.start < stop):
            return m.country
    return None


def _of_a_place(ctx: Context, m: Mention) -> bool:
    """Is `m` the genitive of a place noun ("al frente de Ucrania", "the border of Poland"): a place's owner,
    not an origin?"""
    k = m.start - 1
    while k > 0 and ctx.lex.is_("article", ctx.words[k]):
        k -= 1
    return k > 0 and (ctx.lex.is_("source", ctx.words[k]) or ctx.lex.is_("genitive", ctx.words[k])) and \
        ctx.lex.is_("place_noun", ctx.words[k - 1])


def _qualifies_place(ctx: Context, m: Mention) -> bool:
    """Does demonym `m` qualify a place noun ("le città ucraine", "Ukrainian cities")?"""
    noun = m.start - 1 if ctx.lex.has("adjective_after_noun") else m.end
    return 0 <= noun < len(ctx.words) and ctx.lex.is_("place_noun", ctx.words[noun])
