"""Modality: is a trigger asserted, only reported, or not a fact at all?

Decides: whether a trigger's relation is dropped (negation, hypotheticals, appeals, denials, a
question, a forecast; support named only as the purpose of another act or as a description in passing;
the reason another act gives: "sanctioned X for supporting Y")
or kept as asserted or reported. May not decide parties or attributes.
"""
from __future__ import annotations



from .context import Context, QUOTES, Trigger


NOT_A_FACT = ("denial", "halt", "appeal", "hypothetical", "hypo", "negation", "purpose", "description", "reason")


def _modality(ctx: Context, trig: Trigger) -> str | None:
    """None if the relation is not a fact (denied, negated, hypothetical, an appeal), else its modality."""
    reading = _reading(ctx, trig)
    return None if reading in NOT_A_FACT else reading


def _reading(ctx: Context, trig: Trigger) -> str:
    """"asserted", "reported", or the cue that makes it no fact: one of NOT_A_FACT (`kg explain` shows it)."""
    lex, words = ctx.lex, ctx.words
    lo = max(trig.sent.start, trig.start - 10)
    for i in range(trig.start - 1, lo - 1, -1):
        if words[i] in QUOTES:
            lo = i + 1  # what a quotation says is not the frame of the sentence's own verb
            break
    before = range(lo, trig.start)
    after = words[trig.start:min(trig.sent.end, trig.end + 5)]
    # each check first asks whether a word can start a marker of the kind at all (one set look-up)
    first = lex.first_words("concessive")
    concessive = {i + k for i in before if words[i] in first for k in range(lex.phrase_at("concessive", words, i))}
    for kind in ("denial", "halt", "appeal", "hypothetical"):
        first, singles = lex.first_words(kind), lex.markers.get(kind, ())
        if any(words[i] in first and lex.phrase_at(kind, words, i) and i not in concessive and words[i - 1] != "-"
               and not (kind == "hypothetical" and _future_in_past(ctx, trig, i)) for i in before) or \
                any(w in singles for w in after):
            return kind
    if trig.entry.frame == "hypo":
        return "hypo"
    if trig.start - 2 >= trig.sent.start and words[trig.start - 1] == "-" and \
            any(m.end == trig.start - 1 for m in ctx.in_sentence(trig.sent)):
        return "description"  # "the Russia-backed Wagner Group", "US-backed SDF": a description in passing
    if (trig.entry.label == "SUPPORT" or trig.entry.frame == "join") and _in_purpose_clause(ctx, trig):
        return "purpose"
    if trig.entry.pos == "v" and _reason_before(ctx, trig):
        return "reason"
    negations = lex.markers.get("negation", ())
    lo = max(trig.sent.start, trig.start - 3)
    if any(w in negations for w in words[lo:trig.start]):
        return "negation"
    # "né la Corea del Nord né la Russia hanno riconosciuto", "neither Moscow nor Pyongyang has confirmed": the
    # subjects a correlative negation lists stand between it and the verb
    correlative = lex.markers.get("correlative_negation", ())
    if any(w in correlative for w in words[trig.sent.start:trig.start]):
        listed, reach = trig.start, lo
        for m in reversed(ctx.in_sentence(trig.sent)):  # the subjects listed before the verb, one after another
            if reach <= m.end <= listed and m.start < listed:
                listed, reach = m.start, m.start - 2
        if any(w in correlative for w in words[max(trig.sent.start, listed - 2):trig.start]):
            return "negation"
    reported = lex.markers.get("reported", ())
    if lex.find("reported", words, trig.sent.start, trig.start) is not None or \
            any(w in reported for w in words[trig.end:trig.end + 2]):
        return "reported"
    first = lex.first_words("attribution")
    for i in range(trig.end + 1, trig.sent.end):
        if lex.is_("clause", words[i]):
            break  # "condenaron los despliegues que, según ellos, amenazan": the attribution is the clause's
        if words[i - 1] == "," and words[i] in first and lex.phrase_at("attribution", words, i):
            return "reported"  # "..., according to analysts", "..., secondo quanto riferito da fonti iraniane"
    return "asserted"


def _in_purpose_clause(ctx: Context, trig: Trigger) -> bool:
    """"Inviare soldati per aiutare la Russia", "para apoyar a Rusia", "in order to support", "um die Ukraine
    zu unterstützen": the trigger is the verb of a clause a purpose word opens. The word comes at most three
    words before the verb (a clitic or an article between: "pour l'aider"), or, where the verb goes last,
    anywhere in the clause; nothing that ends a clause lies between."""
    lex, words = ctx.lex, ctx.words
    first = lex.first_words("purpose")
    reach = 10 if lex.has("verb_final") else 4
    for i in range(trig.start - 1, max(trig.sent.start, trig.start - reach) - 1, -1):
        if words[i] in (",", ";", ":") or lex.is_("clause", words[i]) or i in ctx.verb_starts:
            return False
        n = lex.phrase_at("purpose", words, i) if words[i] in first else 0
        if n and i + n <= trig.start:
            return True
    return False


def _reason_before(ctx: Context, trig: Trigger) -> bool:
    """"imposed sanctions on the Rwandan Defence Forces for supporting the M23", "criticato Teheran per aver
    fornito droni": a verb right after a word that gives the reason for another act (markers.tsv, reason) is
    what that act holds against someone, not a fact the sentence states."""
    lex, words = ctx.lex, ctx.words
    first = lex.first_words("reason")
    for i in range(trig.start - 1, max(trig.sent.start, trig.start - 3) - 1, -1):
        if words[i] in first and lex.phrase_at("reason", words, i) == trig.start - i:
            return True
    return False


def _future_in_past(ctx: Context, trig: Trigger, i: int) -> bool:
    """"The minister said (that) Warsaw would buy 180 tanks": "would" reports an announced decision when a
    reporting verb comes shortly before it."""
    words, lex = ctx.words, ctx.lex
    if words[i] != "would" or i + 1 < len(words) and lex.is_("hypothetical", words[i + 1]):
        return False  # "would consider" stays a hypothesis
    return any(lex.is_("reporting", w) for w in words[max(trig.sent.start, i - 8):i])  # "said (that) X would"
