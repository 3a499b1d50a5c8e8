"""Relation rules: trigger words, their arguments and their modality, sentence by sentence.

As in the field's event coders (PETRARCH's verb patterns mapped to CAMEO), a
relation starts at a trigger of data/lexicons/triggers.tsv. Its arguments come
from word order and the function words of data/lexicons/markers.tsv: the
nearest actor before a verb is its subject; "to/alla/à/an" mark the recipient,
"from/da/par/von" the origin or agent; "tra X e Y" and "X and Y signed" pair up
the parties of symmetric relations. What is sent (troops, arms, aid) decides
the type of a transfer. Denials, negations, appeals and hypotheticals are not
reported; reported speech lowers the confidence.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from ..model import SYMMETRIC, Relation, RelationType
from .dates import find_dates
from .lexicon import Entry, Lexicon
from .mentions import Mention
from .quantities import parse_quantity

OBJECT_TYPES: dict[str, RelationType] = {"troops": "MILITARY_DEPLOYMENT", "arms": "ARMS_TRANSFER", "aid": "AID"}
ACTOR_KINDS = {"Country", "Organization", "Person", "Demonym"}
WINDOW = 25  # tokens an argument may lie from its trigger

RelationRule = Callable[["Context", "Trigger"], Iterator[Relation]]
RELATION_RULES: dict[str, RelationRule] = {}


def relation_rule(frame: str) -> Callable[[RelationRule], RelationRule]:
    """Register the rule that reads the arguments of triggers of one frame."""
    def add(rule: RelationRule) -> RelationRule:
        RELATION_RULES[frame] = rule
        return rule
    return add


@dataclass
class Trigger:
    entry: Entry
    start: int
    end: int
    sent: Span


@dataclass
class Context:
    doc: Doc
    words: list[str]
    lex: Lexicon
    mentions: list[Mention]
    published: str | None
    dyad: tuple[str, str] | None
    last_subject: str | None = None
    recent: list[tuple[int, Relation]] | None = None

    def actors(self, sent: Span) -> list[Mention]:
        return [m for m in self.mentions if sent.start <= m.start < sent.end and m.kind in ACTOR_KINDS
                and m.as_actor and m.actor]

    def marker(self, m: Mention) -> str | None:
        """The function word governing mention `m`: target, source, against, between, with, or None."""
        i = m.start
        while i > 0 and self.lex.is_("article", self.words[i - 1]):
            i -= 1
        for kind in ("target", "source", "against", "between", "with"):
            if self.lex.phrase_ending(kind, self.words, i):
                return kind
        return None


def extract_relations(doc: Doc, mentions: list[Mention], lex: Lexicon, published: str | None) -> list[Relation]:
    """All relations in `doc` (ROLE and conflict parties are added by the pipeline)."""
    words = [t.lower_ for t in doc]
    ctx = Context(doc, words, lex, mentions, published, _dyad(doc, mentions), recent=[])
    inside = {i for m in mentions for i in range(m.start, m.end)}
    out: list[Relation] = []
    for n, sent in enumerate(doc.sents):
        triggers = []
        i = sent.start
        while i < sent.end:
            if i in inside:
                i += 1
                continue
            found = [(e, j) for e, j in lex.triggers.match(words, i) if j <= sent.end]
            if found:
                e, j = max(found, key=lambda x: x[1] - i)
                triggers.append(Trigger(e, i, j, sent))
                i = j
            else:
                i += 1
        for trig in triggers:
            rule = RELATION_RULES.get(trig.entry.frame)
            if rule is None:
                continue
            modality = _modality(ctx, trig)
            if modality is None:
                continue
            for rel in rule(ctx, trig):
                if rel.source == rel.target:
                    continue
                rel = _attributes(ctx, trig, rel)
                if modality == "reported":
                    rel = replace(rel, modality="reported", confidence=min(rel.confidence, 0.5))
                out.append(rel)
                assert ctx.recent is not None
                ctx.recent.append((n, rel))
        subjects = [m for m in ctx.actors(sent) if ctx.marker(m) is None]
        if subjects:
            ctx.last_subject = subjects[0].actor
    return out


def _dyad(doc: Doc, mentions: list[Mention]) -> tuple[str, str] | None:
    """The pair of states the article is about: the one most often named in one sentence."""
    pairs: Counter[tuple[str, str]] = Counter()
    for sent in doc.sents:
        states = sorted({m.actor for m in mentions if sent.start <= m.start < sent.end and m.actor
                         and m.kind in ("Country", "Demonym", "Person") and len(m.actor) == 3 and m.actor.isupper()})
        pairs.update((a, b) for k, a in enumerate(states) for b in states[k + 1:])
    return pairs.most_common(1)[0][0] if pairs else None


def _modality(ctx: Context, trig: Trigger) -> str | None:
    """None if the relation is not a fact (denied, negated, hypothetical, an appeal), else its modality."""
    lex, words = ctx.lex, ctx.words
    lo = max(trig.sent.start, trig.start - 8)
    before = words[lo:trig.start]
    for kind in ("denial", "appeal", "hypothetical"):
        if any(lex.is_(kind, w) for w in before + words[trig.start:trig.end]):
            return None
    if trig.entry.frame == "hypo":
        return None
    if any(lex.is_("negation", w) for w in words[max(trig.sent.start, trig.start - 3):trig.start]):
        return None
    clause = words[trig.sent.start:trig.start] + words[trig.end:trig.end + 2]
    if any(lex.is_("reported", w) for w in clause):
        return "reported"
    return "asserted"


def _group(ctx: Context, actors: list[Mention], m: Mention) -> list[Mention]:
    """`m` with the actors coordinated with it ("Russia e Corea del Nord", "the U.S., South Korea and Japan")."""
    k = actors.index(m)
    group = [m]
    for step in (-1, 1):
        j = k
        while 0 <= j + step < len(actors):
            a, b = (actors[j + step], actors[j]) if step < 0 else (actors[j], actors[j + step])
            gap = ctx.words[a.end:b.start]
            if gap and all(ctx.lex.is_("and", w) or ctx.lex.is_("article", w) for w in gap) or (not gap and a.actor != b.actor):
                group.append(actors[j + step])
                j += step
            else:
                break
    return sorted(group, key=lambda x: x.start)


def _object(ctx: Context, trig: Trigger) -> tuple[str | None, int | None]:
    """The class of what a transfer trigger sends (troops, arms, aid) and where it is written."""
    best: tuple[int, str, int] | None = None
    lo, hi = max(trig.sent.start, trig.start - 6), min(trig.sent.end, trig.end + 10)
    for i in range(lo, hi):
        if trig.start <= i < trig.end:
            continue
        for e, _j in ctx.lex.objects.match(ctx.words, i):
            if e.label == "unit":
                continue
            dist = i - trig.end if i >= trig.end else (trig.start - i) * 2
            if best is None or dist < best[0]:
                best = (dist, e.label, i)
    return (best[1], best[2]) if best else (None, None)


def _quantity(ctx: Context, trig: Trigger, obj_at: int | None) -> int | None:
    """A count written right before what is sent ("11mila soldati", "12 milioni di unità")."""
    lex, doc = ctx.lex, ctx.doc
    anchors = [obj_at] if obj_at is not None else []
    for i in range(trig.end, min(trig.sent.end, trig.end + 12)):
        if any(e.label == "unit" for e, _ in lex.objects.match(ctx.words, i)):
            anchors.append(i)
    for anchor in anchors:
        j = anchor - 1
        skipped = 0
        while j >= trig.sent.start and skipped <= 3 and not _is_number(doc, j, lex):
            if ctx.words[j] in (",", ";", ":") or j < trig.start <= anchor and j < trig.end:
                break
            j -= 1
            skipped += 1
        if j < trig.sent.start or not _is_number(doc, j, lex):
            continue
        k = j
        while k - 1 >= trig.sent.start and _is_number(doc, k - 1, lex):
            k -= 1
        if k > 0 and doc[k - 1].text in ("-", "–", "/", "$", "€", "£"):
            continue
        if j + 1 < len(doc) and (lex.is_("money", ctx.words[j + 1]) or doc[j + 1].text in ("-", "–", "%")):
            continue
        text = doc[k:j + 1].text
        if text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100 and anchor - j > 1:
            continue
        value = parse_quantity(text, lex.lang if lex.lang in ("it", "en", "fr", "es", "de") else "en")
        if value:
            return value
    return None


def _is_number(doc: Doc, i: int, lex: Lexicon) -> bool:
    t = doc[i]
    if t.like_num or any(c.isdigit() for c in t.text):
        return True
    from .quantities import number_words
    return t.lower_ in number_words().get(lex.lang, {})


def _attributes(ctx: Context, trig: Trigger, rel: Relation) -> Relation:
    sent = trig.sent
    places = [m for m in ctx.mentions if sent.start <= m.start < sent.end and m.kind == "Location"]
    if places and rel.location is None:
        place = min(places, key=lambda m: abs(m.start - trig.start))
        rel = replace(rel, location=place.place or place.id)
    dates = find_dates(sent.text, ctx.lex.lang, ctx.published)
    if dates and rel.date is None:
        rel = replace(rel, date=dates[0][2])
    if rel.type == "AGREEMENT" and rel.subtype is None:
        rel = replace(rel, subtype=_subtype(ctx, sent, rel))
    return replace(rel, evidence=(sent.start_char, sent.end_char))


def _subtype(ctx: Context, sent: Span, rel: Relation) -> str:
    words = ctx.words
    for kind in ("mutual_defence", "strategic_partnership"):
        if any(ctx.lex.phrase_at(kind, words, i) for i in range(sent.start, sent.end)):
            return kind
    if "NATO" in (rel.source, rel.target):
        return "mutual_defence"
    return "other"


def _subject(ctx: Context, trig: Trigger, actors: list[Mention]) -> Mention | None:
    left = [m for m in actors if m.end <= trig.start and trig.start - m.end <= WINDOW]
    for m in reversed(left):
        if ctx.marker(m) not in ("target", "against", "between"):
            return m
    return None


def _two_countries(ctx: Context, trig: Trigger) -> bool:
    return any(ctx.lex.phrase_at("two_countries", ctx.words, i) for i in range(trig.sent.start, trig.start + 1)) \
        or any(ctx.lex.phrase_at("two_countries", ctx.words, i) for i in range(trig.end, min(trig.sent.end, trig.end + 4)))


def _relation(type_: RelationType, src: Mention | str, tgt: Mention | str, confidence: float = 0.8) -> Relation:
    s = src if isinstance(src, str) else src.actor
    t = tgt if isinstance(tgt, str) else tgt.actor
    assert s is not None and t is not None
    return Relation(type_, s, t, confidence=confidence)


@relation_rule("direct")
def _directed(ctx: Context, trig: Trigger, type_: RelationType | None = None,
              receive: bool = False) -> Iterator[Relation]:
    """Source -> target relations: SUPPORT, PRAISE, ACCUSE and transfers."""
    type_ = type_ or trig.entry.label  # type: ignore[assignment]
    assert type_ is not None
    actors = ctx.actors(trig.sent)
    right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= WINDOW]
    subject = _subject(ctx, trig, actors)
    source: Mention | str | None = subject
    target: Mention | None = None
    from_actor = next((m for m in right if ctx.marker(m) in ("source", "with" if receive else "source")), None)
    to_actor = next((m for m in right if ctx.marker(m) == "target"), None)
    if receive:
        source, target = from_actor, subject
    else:
        if from_actor is not None and (subject is None or trig.entry.pos == "n" and from_actor.start - trig.end <= 3
                                       or to_actor is not None and to_actor.start > from_actor.start):
            if subject is not None and to_actor is None and subject.actor != from_actor.actor:
                target = subject  # passive: "X was thanked by Y"
            source = from_actor
        if target is None:
            target = to_actor or next((m for m in right if ctx.marker(m) is None and m is not source), None)
    if source is None and trig.entry.pos == "v" and ctx.last_subject and target is not None:
        source = ctx.last_subject  # the subject of an Italian or Spanish verb may be the previous sentence's
    if source is None or target is None:
        yield from _corefer(ctx, trig, type_)
        return
    sources = _group(ctx, actors, source) if isinstance(source, Mention) else [source]
    targets = _group(ctx, actors, target)
    conf = 0.8 if trig.entry.pos == "v" else 0.7
    for s in sources:
        for t in targets:
            yield _relation(type_, s, t, conf)


def _corefer(ctx: Context, trig: Trigger, type_: RelationType) -> Iterator[Relation]:
    """A trigger with no actors of its own ("the soldiers are deployed in Kursk") continues the latest
    relation of the same type, two sentences back at most."""
    if type_ not in ("MILITARY_DEPLOYMENT", "ARMS_TRANSFER", "AID") or not ctx.recent:
        return
    n = sum(1 for _ in ctx.doc[: trig.sent.start].sents) if trig.sent.start else 0
    for m, rel in reversed(ctx.recent):
        if rel.type == type_ and n - m <= 2:
            yield Relation(type_, rel.source, rel.target, confidence=0.6)
            return


@relation_rule("transfer")
def _transfer(ctx: Context, trig: Trigger, receive: bool = False) -> Iterator[Relation]:
    cls, at = _object(ctx, trig)
    if cls is None:
        if trig.entry.frame != "deploy":
            return
        cls = "troops"
    type_ = OBJECT_TYPES[cls]
    quantity = _quantity(ctx, trig, at)
    source_hint = _demonym_of_object(ctx, at)
    rels = list(_directed(ctx, trig, type_, receive=receive))
    if not rels and source_hint is not None and not receive:
        actors = ctx.actors(trig.sent)
        right = [m for m in actors if m.start >= trig.end and ctx.marker(m) == "target"]
        rels = [_relation(type_, source_hint, t, 0.7) for t in right[:1]]
    for rel in rels:
        yield replace(rel, quantity=quantity)


def _demonym_of_object(ctx: Context, at: int | None) -> str | None:
    """"armi nordcoreane", "North Korean soldiers": the state of what is sent."""
    if at is None:
        return None
    for m in ctx.mentions:
        if m.kind == "Demonym" and (m.end == at or m.start == at + 1 or m.end == at - 0):
            return m.actor
    return None


@relation_rule("deploy")
def _deploy(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    yield from _transfer(ctx, trig)


@relation_rule("receive")
def _receive(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    yield from _transfer(ctx, trig, receive=True)


@relation_rule("sym")
def _symmetric(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """MEET, AGREEMENT, CONFLICT: the parties before and after the trigger pair up."""
    type_: RelationType = trig.entry.label  # type: ignore[assignment]
    actors = ctx.actors(trig.sent)
    right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= WINDOW]
    between = next((m for m in right if ctx.marker(m) == "between"), None)
    pairs: list[tuple[str, str]] = []
    if between is not None:
        group = _group(ctx, actors, between)
        pairs = [(a.actor, b.actor) for k, a in enumerate(group) for b in group[k + 1:]]  # type: ignore[misc]
    elif _two_countries(ctx, trig) and ctx.dyad:
        pairs = [ctx.dyad]
    else:
        subject = _subject(ctx, trig, actors)
        if subject is not None:
            left = _group(ctx, actors, subject)
            others = [m for m in right if ctx.marker(m) in (None, "with", "target", "against", "source")]
            if others:
                partners = _group(ctx, actors, others[0])
                pairs = [(a.actor, b.actor) for a in left for b in partners]  # type: ignore[misc]
            elif len(left) > 1:
                pairs = [(a.actor, b.actor) for k, a in enumerate(left) for b in left[k + 1:]]  # type: ignore[misc]
            elif trig.entry.pos == "v" and ctx.last_subject is None and ctx.dyad and subject.actor in ctx.dyad:
                pairs = []
        elif len(right) >= 2 and (trig.entry.pos == "n" or type_ == "CONFLICT"):
            a, b = right[0], next((m for m in right[1:] if m.actor != right[0].actor), None) or right[0]
            pairs = [(a.actor, b.actor)]  # type: ignore[list-item]
    seen = set()
    for a, b in pairs:
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        yield Relation(type_, a, b, confidence=0.8 if trig.entry.pos == "v" else 0.7)


@relation_rule("hypo")
def _never(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    return iter(())


__all__ = ["RELATION_RULES", "SYMMETRIC", "extract_relations", "relation_rule"]
