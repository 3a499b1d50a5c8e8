"""Attributes of a relation: what is sent and how many, the place, the date and the subtype.

Decides: the object a transfer trigger sends (troops, arms, aid) and its count, a relation's
location, date and agreement subtype. May not add or drop relations, or choose their parties.
"""
from __future__ import annotations

from dataclasses import replace


from ..model import Relation
from .lexicon import CLAUSE_ENDS
from .mentions import Mention, _visited
from .quantities import number_words, parse_quantity
from .context import Context, FRAMES_FIRST, Sentence, Trigger, _is_number, _is_trigger
from .partners import _is_visit


def _is_value_word(ctx: Context, i: int) -> bool:
    """A word of a stated value: "worth $500 million", "da 500 milioni di dollari", "de 2 milliards d'euros"."""
    w = ctx.words[i]
    return _is_number(ctx.doc, i, ctx.lex) or ctx.lex.is_("money", w) or ctx.lex.is_("article", w) or \
        ctx.lex.is_("value", w)


def _object(ctx: Context, trig: Trigger) -> tuple[str | None, int | None]:
    """The class of what a transfer trigger sends (troops, arms, aid) and where it is written.

    What follows the trigger comes first ("sent troops"); what precedes it only close by,
    as in a passive ("the shells were shipped").
    """
    def scan(positions: range) -> tuple[str | None, int | None]:
        for i in positions:
            if positions.step > 0 and i > trig.end and (ctx.lex.is_("clause", ctx.words[i]) or _is_trigger(ctx, i)
                                                         and not ctx.lex.objects.match(ctx.words, i)
                                                         and not _shipment(ctx, trig, i)
                                                         or ctx.lex.phrase_at("exchange", ctx.words, i)):
                break  # "deployed to Kursk, where they fought Ukrainian forces": another clause's object;
                # "oil in exchange for shells": what comes back is not what is sent
            for e, j in ctx.lex.objects.match(ctx.words, i):
                if e.label == "arms" and (crew := _crew(ctx, j, trig.sent.end)) is not None:
                    return "troops", crew
                if e.label not in ("unit", "none"):
                    if positions.step < 0:  # read backwards, the longer name the word ends: "Rafale fighters"
                        covering = [(f.label, k) for k in (i - 2, i - 1) if k >= trig.sent.start  # or qualifies
                                    for f, end in ctx.lex.objects.match(ctx.words, k)
                                    if end >= i and f.label not in ("unit", "none")]
                        if covering:
                            return covering[0]
                    return e.label, i
        return None, None

    cls, at = scan(range(trig.end, min(trig.sent.end, trig.end + 10)))
    if cls is None:
        cls, at = scan(range(trig.start - 1, max(trig.sent.start, trig.start - 5) - 1, -1))
        if at is not None and trig.entry.pos == "v" and ctx.lex.has("object_after_verb") and \
                not any(ctx.lex.is_("passive_aux", w) for w in ctx.words[at:trig.start]) and \
                not ((at == trig.start - 1 or trig.end < trig.sent.end and ctx.lex.is_("source", ctx.words[trig.end]))
                     and ctx.words[trig.end - 1].endswith("ed")):
            # "1,500 troops stationed in", "the Chinese weapon systems acquired by Pakistan": a participle
            # English puts the object of an active verb after it: "fired water cannon at a Philippine supply
            # boat" names no transfer; "the shells were shipped" does
            cls, at = None, None
    return cls, at


def _shipment(ctx: Context, trig: Trigger, i: int) -> bool:
    """Is the trigger at `i` a transfer noun heading the object of `trig` ("received a shipment of bombs",
    "sent a new delivery of shells"), so that what it carries is `trig`'s object?"""
    return i - trig.end <= 3 and all(e.frame in FRAMES_FIRST for e, _ in ctx.lex.triggers.match(ctx.words, i))


def _time_clause(ctx: Context, trig: Trigger) -> int:
    """Where a time clause after the trigger starts ("signed a pact, weeks after an Israeli strike on Qatar"):
    the actors past it are another event's."""
    found = ctx.lex.find("after", ctx.words, trig.end, trig.sent.end)
    return trig.sent.end if found is None else found


def _crew(ctx: Context, i: int, end: int) -> int | None:
    """"a THAAD battery and crew", "an air defense system along with 100 U.S. troops": weapons that go
    with the sender's own forces are a deployment. Where those forces are written, if they are."""
    words = ctx.words
    for k in range(i, min(end, i + 6)):
        if words[k] in (".", ";", ":") or ctx.lex.is_("target", words[k]) or _is_trigger(ctx, k):
            return None  # the recipient, or a new clause ("Germany sent tanks, and France sent troops")
        if ctx.lex.phrase_ending("and", words, k) and words[k - 1] != "," or ctx.lex.phrase_ending("with", words, k) \
                or ctx.lex.phrase_ending("alongside", words, k):
            for m in range(k, min(end, k + 5)):
                if any(e.label == "troops" for e, _ in ctx.lex.objects.match(words, m)):
                    return m
                if _is_trigger(ctx, m):
                    return None
    return None


def _quantity(ctx: Context, trig: Trigger, obj_at: int | None) -> int | None:
    """A count written right before what is sent ("11mila soldati", "12 milioni di unità")."""
    anchors = [obj_at] if obj_at is not None else []
    for i in range(trig.end, min(trig.sent.end, trig.end + 12)):
        if any(e.label == "unit" for e, _ in ctx.lex.objects.match(ctx.words, i)):
            anchors.append(i)
    for anchor in anchors:
        value, model = _count_before(ctx, trig, anchor)
        if value is None and model is not None:
            value, _ = _count_before(ctx, trig, model)  # "12 Mirage 2000 jets": the count before the model's name
        if value:
            return value
    if obj_at is not None:
        # "una brigata di 5.000 soldati", "a contingent of 1,500 troops": the count of what the unit holds
        label = next((e.label for e, _ in ctx.lex.objects.match(ctx.words, obj_at)), None)
        for k in range(obj_at + 2, min(trig.sent.end, obj_at + 5)):
            if any(ctx.lex.is_("and", w) for w in ctx.words[obj_at + 1:k]):
                break
            if any(e.label == label for e, _ in ctx.lex.objects.match(ctx.words, k)):
                value, _ = _count_before(ctx, replace(trig, start=obj_at, end=obj_at + 1), k)
                return value
    return None


def _share(ctx: Context, m: Mention) -> int | None:
    """"au Qatar (36 exemplaires), à l'Inde (36)": a count in brackets right after a member of a list of
    recipients is that member's share of what the list received."""
    i = m.end
    if i + 1 >= len(ctx.words) or ctx.words[i] != "(" or not _is_number(ctx.doc, i + 1, ctx.lex):
        return None
    return parse_quantity(ctx.doc[i + 1].text, ctx.lex.lang)


def _count_before(ctx: Context, trig: Trigger, anchor: int) -> tuple[int | None, int | None]:
    """The count written right before word `anchor`, or where a model's name ("Mirage 2000") starts instead."""
    lex, doc = ctx.lex, ctx.doc
    j = anchor - 1
    skipped = 0
    while j >= trig.sent.start and skipped <= 3 and not _is_number(doc, j, lex):
        if ctx.words[j] in (",", ";", ":", "(", ")") or trig.start <= j < trig.end:
            break
        j -= 1
        skipped += 1
    if j < trig.sent.start or not _is_number(doc, j, lex):
        return None, None
    k = j
    while k - 1 >= trig.sent.start and _is_number(doc, k - 1, lex):
        k -= 1
    if k > 0 and doc[k - 1].text in ("-", "–", "/", "$", "€", "£"):
        return None, None
    if j + 1 < len(doc) and doc[j + 1].text in ("-", "–", "%") or \
            any(lex.is_("money", ctx.words[x]) or lex.is_("measure", ctx.words[x]) for x in range(j + 1, anchor)):
        return None, None
    text = doc[k:j + 1].text
    if k > trig.sent.start and ctx.words[k - 1] != doc[k - 1].text and doc[k - 1].is_alpha and \
            not doc[k - 1].is_sent_start and not any(m.end == k for m in ctx.mentions):
        return None, k - 1  # "Mirage 2000", "Su 35": a model's name, not a count
    if not any(c.isdigit() for c in text) and all(
            number_words().get(lex.lang, {}).get(w.rstrip("s"), (0, ""))[1] == "scale" and w.endswith(("s", "i", "a"))
            and w != "mila" for w in ctx.words[k:j + 1]):
        return None, None  # "thousands of troops", "migliaia di soldati": no count
    if text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100 and anchor - j > 1:
        return None, None
    return parse_quantity(text, lex.lang if lex.lang in number_words() else "en"), None  # number words per language


def _where(ctx: Context, m: Mention) -> bool:
    """Is capital `m` named as a place: after a locative word ("à Moscou", "in Riyadh"), a visit ("state visit to
    Riyadh"), or a place noun and its genitive ("la periferia sud di Beirut")?"""
    words, lex = ctx.words, ctx.lex
    before = words[max(0, m.start - 4):m.start]
    if lex.is_("locative", before[-1]):
        return True
    if _visited(lex, before):
        return True
    return (lex.is_("genitive", before[-1]) or lex.is_("source", before[-1])) and \
        any(lex.is_("place_noun", w) for w in before[:-1])


def _is_place(m: Mention) -> bool:
    """Where an event can happen: a place, or a seat of government read as one ("alla Casa Bianca")."""
    return m.kind == "Location" or m.kind == "Country" and m.place is not None and not m.as_actor


def _named_as_near(ctx: Context, m: Mention, sent_start: int) -> bool:
    """"près de Kaunas", "near Vilnius and Kaunas": a place named to locate another, back to the clause's start."""
    for i in range(m.start, max(sent_start, m.start - 10), -1):
        if ctx.lex.phrase_ending("near", ctx.words, i):
            return True
        if ctx.words[i - 1] in (",", ";", ".", ":"):
            return False
    return False


def _attributes(ctx: Context, trig: Trigger, rel: Relation) -> Relation:
    sent = trig.sent
    location, date, subtype = rel.location, rel.date, rel.subtype
    places = [m for m in ctx.in_sentence(sent) if _is_place(m)]
    if rel.type == "MEET" and ctx.lex.is_("topic_verb", ctx.words[trig.end - 1]):
        places = [m for m in places if m.start < trig.start]  # "discussed the situation in Syria": a topic
    if places and location is None:
        # the nearest place, unless it only locates another ("in Rukla, near Kaunas")
        place = min(places, key=lambda m: (_named_as_near(ctx, m, sent.start), abs(m.start - trig.start)))
        location = place.place or place.id
    elif rel.type == "MEET" and location is None and _is_visit(ctx, trig):
        # "Xi's visit to Moscow": the capital visited is the host and where they met
        location = next((m.place for m in ctx.in_sentence(sent)
                         if m.start >= trig.end and m.kind == "Country" and m.place
                         and m.actor == rel.target and ctx.own_marker(m) in ("target", "locative")), None)
    if location is None and rel.type in ("MEET", "AGREEMENT", "CONFLICT"):
        # "ont signé, à Moscou, la Déclaration", "signed in Riyadh": a capital after a locative marker is where
        # the event took place, also where it stands for its state as a party
        location = next((m.place for m in ctx.in_sentence(sent) if m.kind == "Country" and m.place
                         and m.start > sent.start and _where(ctx, m) and not _named_as_near(ctx, m, sent.start)), None)
    dates = ctx.dates(sent)
    if dates and date is None:
        near = min(dates, key=lambda d: abs(sent.start_char + d[0] - ctx.doc[trig.start].idx))
        date = near[2]
    if rel.type == "AGREEMENT" and subtype is None:
        subtype = _subtype(ctx, sent, rel)
    # one copy of the relation, not one per attribute: a frozen dataclass's copy costs microseconds
    return replace(rel, location=location, date=date, subtype=subtype, evidence=(sent.start_char, sent.end_char))


def _subtype(ctx: Context, sent: Sentence, rel: Relation) -> str:
    words = ctx.words
    for kind in ("mutual_defence", "strategic_partnership"):
        if any(ctx.lex.phrase_at(kind, words, i) for i in range(sent.start, sent.end)):
            return kind
    if "NATO" in (rel.source, rel.target):
        return "mutual_defence"
    return "other"


def _second_object(ctx: Context, trig: Trigger, cls: str, at: int | None) -> tuple[str, int, int] | None:
    """A second thing of another kind sent with the first, joined by "and" ("troops and shells"): its class,
    where it is written and where the "and" is. Forces a state deploys with their own weapons are no arms
    transfer."""
    if at is None or at < trig.end:
        return None
    words = ctx.words
    end = min(trig.sent.end, at + 8)
    for i in range(at + 1, end):
        if words[i] in CLAUSE_ENDS or ctx.lex.is_("target", words[i]) or ctx.lex.is_("locative", words[i]) \
                or _is_trigger(ctx, i):
            return None
        if ctx.lex.is_("and", words[i]) and words[i] != ",":
            for k in range(i + 1, min(end, i + 5)):
                found = [e.label for e, _ in ctx.lex.objects.match(words, k) if e.label not in ("unit", "none")]
                if found:
                    if found[0] == cls or found[0] == "arms" and trig.entry.frame == "deploy":
                        return None
                    return found[0], k, i
            return None
    return None


def _for_training(ctx: Context, trig: Trigger) -> bool:
    """Are the troops sent to train others or to be trained ("200 soldiers to the Philippines for joint
    training", "come istruttori")? A training mission is no deployment."""
    words, lex = ctx.words, ctx.lex
    end = min(trig.sent.end, trig.end + 15)
    end = next((i for i in range(trig.end, end) if lex.is_("clause", words[i]) or lex.is_("contrast", words[i])), end)
    return lex.find("training", words, trig.end, end) is not None
