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

import bisect
import re
from collections.abc import Callable, Iterator
from typing import TypeVar
from dataclasses import dataclass, field, replace

import numpy
from spacy.tokens import Doc

from ..model import SYMMETRIC, Relation, RelationType
from .dates import calendar, find_dates
from .lexicon import CLAUSE_ENDS, Entry, Lexicon
from .mentions import Mention
from .quantities import number_words, parse_quantity

FRAMES_FIRST = ("transfer", "deploy", "receive", "arrive")
QUOTES = frozenset({'"', "“", "”", "«", "»", "„"})
OBJECT_TYPES: dict[str, RelationType] = {"troops": "MILITARY_DEPLOYMENT", "arms": "ARMS_TRANSFER", "aid": "AID"}
SPEECH = ("ACCUSE", "PRAISE", "SUPPORT")  # what is said about an event: its speaker is not its actor
ACTOR_KINDS = {"Country", "Organization", "Person", "Demonym"}
DIGIT = re.compile(r"\d")
WINDOW = 25  # tokens an argument may lie from its trigger

RelationRule = Callable[["Context", "Trigger"], Iterator[Relation]]
RELATION_RULES: dict[str, RelationRule] = {}
R = TypeVar("R", bound=RelationRule)


def relation_rule(frame: str) -> Callable[[R], R]:
    """Register the rule that reads the arguments of triggers of one frame."""
    def add(rule: R) -> R:
        RELATION_RULES[frame] = rule
        return rule
    return add


@dataclass(frozen=True)
class Sentence:
    """Where a sentence lies, in tokens and in characters: what the rules read of spaCy's sentence spans,
    as plain attributes (the rules read them thousands of times per article)."""

    start: int
    end: int
    start_char: int
    end_char: int


def sentences_of(doc: Doc, idx: list[int] | None = None, length: list[int] | None = None) -> list[Sentence]:
    """The sentences of `doc` as `doc.sents` has them, read from its arrays: no Span objects."""
    if not len(doc):
        return []
    idx = doc.to_array("IDX").tolist() if idx is None else idx
    length = doc.to_array("LENGTH").tolist() if length is None else length
    starts = numpy.flatnonzero(doc.to_array("SENT_START") == 1).tolist()
    if not starts or starts[0]:
        starts.insert(0, 0)  # the first token opens a sentence, marked or not
    ends = starts[1:] + [len(doc)]
    return [Sentence(a, b, idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(starts, ends)]


@dataclass
class Trigger:
    entry: Entry
    start: int
    end: int
    sent: Sentence
    alternatives: tuple[Entry, ...] = ()  # other readings of the same words, tried in turn


@dataclass
class Context:
    doc: Doc
    words: list[str]
    lex: Lexicon
    mentions: list[Mention]
    published: str | None
    dyad: tuple[str, str] | None
    titles: set[int] = field(default_factory=set)
    last_subject: str | list[str] | None = None
    recent: list[tuple[int, Relation]] = field(default_factory=list)
    sentence_index: int = 0
    verb_subject: Mention | list[str] | None = None  # subject of the sentence's last verb trigger
    pro_drop: bool = False  # the sentence's subject was the previous sentence's
    verb_starts: list[int] = field(default_factory=list)  # where the sentence's verb triggers start
    trigger_at: set[int] = field(default_factory=set)  # word positions where a trigger may start
    object_at: set[int] = field(default_factory=set)  # word positions where an object noun may start
    trigger_list: list[int] = field(default_factory=list)  # the same, in order
    object_list: list[int] = field(default_factory=list)

    text: str | None = None
    _actors: dict[int, list[Mention]] = field(default_factory=dict)
    _own: dict[int, str | None] = field(default_factory=dict)
    _groups: dict[int, list[Mention]] = field(default_factory=dict)
    _dates: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    _starts: list[int] | None = None
    _in_sentence: dict[int, list[Mention]] = field(default_factory=dict)

    @staticmethod
    def within(positions: list[int], sent: Sentence) -> list[int]:
        """The positions (in order) that lie in `sent`."""
        return positions[bisect.bisect_left(positions, sent.start):bisect.bisect_left(positions, sent.end)]

    def start_sentence(self, n: int) -> None:
        """Forget what the previous sentence's verbs said; `n` counts the sentences read."""
        self.sentence_index, self.verb_subject, self.pro_drop = n, None, False

    @property
    def starts(self) -> list[int]:
        """Where each mention starts, in order, for bisecting."""
        if self._starts is None:
            self._starts = [m.start for m in self.mentions]
        return self._starts

    def in_sentence(self, sent: Sentence) -> list[Mention]:
        """The mentions that start in `sent`, found by bisecting (once per sentence)."""
        found = self._in_sentence.get(sent.start)
        if found is None:
            lo, hi = bisect.bisect_left(self.starts, sent.start), bisect.bisect_left(self.starts, sent.end)
            found = self._in_sentence[sent.start] = self.mentions[lo:hi]
        return found

    def actors(self, sent: Sentence) -> list[Mention]:
        found = self._actors.get(sent.start)
        if found is None:
            found = self._actors[sent.start] = [m for m in self.in_sentence(sent)
                                                if m.kind in ACTOR_KINDS and m.as_actor and m.actor]
        return found

    def dates(self, sent: Sentence) -> list[tuple[int, int, str]]:
        found = self._dates.get(sent.start)
        if found is None:
            if self.text is None:
                self.text = self.doc.text  # Doc.text joins every token: once per doc
            text = self.text[sent.start_char:sent.end_char]
            names = calendar().get(self.lex.lang, {})
            # every date has a digit or a month or day name: most sentences need no search
            if DIGIT.search(text) or any(w in names for w in self.words[sent.start:sent.end]):
                found = find_dates(text, self.lex.lang, self.published)
            else:
                found = []
            self._dates[sent.start] = found
        return found

    def own_marker(self, m: Mention) -> str | None:
        """The function word right before mention `m` (articles skipped)."""
        if m.start in self._own:
            return self._own[m.start]
        self._own[m.start] = found = self._own_marker(m)
        return found

    def _own_marker(self, m: Mention) -> str | None:
        i = m.start
        if m.kind == "Demonym" and _follows_its_noun(self, m, events=False):
            # "al fianco delle truppe russe", "secondo l'intelligence sudcoreana", "contro le città ucraine":
            # the marker of what the demonym qualifies
            i -= 1
        while i > 0 and (self.lex.is_("article", self.words[i - 1]) or  # "to 18 Rwandan rebels", not a year
                         self.words[i - 1].isdigit() and len(self.words[i - 1]) < 4
                         or self.words[i - 1] in number_words().get(self.lex.lang, {})):
            i -= 1
        for kind in ("attribution", "presence", "alongside", "target", "source", "against", "between", "with", "about",
                     "locative"):
            if self.lex.phrase_ending(kind, self.words, i):
                return kind
        return None

    def marker(self, m: Mention, actors: list[Mention] | None = None) -> str | None:
        """The function word governing `m`, or its coordinated group ("tra Mosca e Pyongyang")."""
        if actors is not None and m in actors:
            group = self._groups.get(m.start)
            if group is None:
                group = self._groups[m.start] = _group(self, actors, m)
            first = group[0]
            if first is not m:
                return self.own_marker(first)
        return self.own_marker(m)


def extract_relations(doc: Doc, mentions: list[Mention], lex: Lexicon, published: str | None,
                      titles: set[int] | None = None, words: list[str] | None = None,
                      sents: list[Sentence] | None = None, text: str | None = None,
                      failures: list[tuple[int, int, str]] | None = None) -> list[Relation]:
    """All relations in `doc` (ROLE and conflict parties are added by the pipeline).

    With `failures`, a sentence whose rules raise gives no relations and adds (start_char, end_char,
    what was raised) there, and the other sentences are read as usual; without it the error propagates.
    """
    if words is None:
        from .nlp import lower_words
        words = lower_words(doc)
    sents = sentences_of(doc) if sents is None else sents
    ctx = Context(doc, words, lex, mentions, published, _dyad(sents, mentions), titles or set(), text=text)
    inside = {i for m in mentions for i in range(m.start, m.end)}
    # one pass over the words: where a trigger or an object may start (most words are neither)
    ctx.trigger_list, ctx.object_list = lex.scan(words)
    ctx.trigger_at, ctx.object_at = set(ctx.trigger_list), set(ctx.object_list)
    out: list[Relation] = []
    n = -1
    previous_places: list[Mention] = []
    for sent in sents:
        triggers_here, objects_here = ctx.within(ctx.trigger_list, sent), ctx.within(ctx.object_list, sent)
        if not triggers_here and not objects_here:
            ctx.last_subject = next((m.actor for m in ctx.actors(sent) if ctx.marker(m) is None), ctx.last_subject)
            previous_places = [m for m in ctx.in_sentence(sent) if m.kind == "Location"]
            n += 1
            continue
        if not any(w.strip() for w in words[sent.start:sent.end]):
            continue
        n += 1
        ctx.start_sentence(n)
        recent = len(ctx.recent)
        if failures is None:
            out += _read_sentence(ctx, sent, n, triggers_here, objects_here, inside, previous_places)
        else:
            try:
                out += _read_sentence(ctx, sent, n, triggers_here, objects_here, inside, previous_places)
            except Exception as e:  # noqa: BLE001 - a rule's bug costs its sentence, not the article
                del ctx.recent[recent:]
                failures.append((sent.start_char, sent.end_char, _describe(e)))
        previous_places = [m for m in ctx.in_sentence(sent) if m.kind == "Location"]
    return out


def _read_sentence(ctx: Context, sent: Sentence, n: int, triggers_here: list[int], objects_here: list[int],
                   inside: set[int], previous_places: list[Mention]) -> list[Relation]:
    """The relations of one sentence that holds a trigger or an object; updates the subject carried on."""
    doc, words, lex = ctx.doc, ctx.words, ctx.lex
    out: list[Relation] = []
    objects: set[int] = set()
    stems: dict[int, int] = {}  # where a one-word object starts -> the length of its stem
    for i in objects_here:
        for e, j in lex.objects.match(words, i):
            if len(e.words) > 1:
                objects.update(range(i, j))
            elif e.label != "none":
                stems[i] = max(stems.get(i, 0), len(e.words[0]))
    triggers = []
    i = sent.start
    for p in triggers_here:
        if p < i:
            continue  # inside the trigger read before
        i = p
        if i in inside or i in objects:
            i += 1
            continue
        # "Kampfflugzeuge" is the object "kampfflugzeug", not the trigger "kampf": the longer stem wins
        found = [(e, j) for e, j in lex.triggers.match(words, i) if j <= sent.end
                 and not (len(e.words) == 1 and len(e.words[0]) < stems.get(i, 0))]
        if found and _in_compound_adjective(words, max(x[1] for x in found), sent.end):
            found = [(e, j) for e, j in found if e.pos != "n"]  # "war-torn Lebanon" is no war
        if found and lex.lang == "de" and i > sent.start and doc[i].text[:1].isupper():
            # German writes nouns with a capital: "die Unterstützung Irans" is no verb
            found = [(replace(e, pos="n") if e.pos == "v" and e.frame == "direct" else e, j) for e, j in found]
        if found and lex.lang == "en" and i > sent.start and (lex.is_("aux", words[i - 1]) or words[i - 1] in ("to", "help", "helps", "helped")):
            # "to support", "will support": the verb, where English spells noun and verb alike
            found = [(replace(e, pos="v") if e.pos == "n" and e.frame == "direct" else e, j) for e, j in found]
        if found:
            j = max(x[1] for x in found)
            # "received" is a transfer when something is received, else a meeting: transfers first
            entries = sorted((e for e, k in found if k == j),
                             key=lambda e: (e.frame not in FRAMES_FIRST, -len(" ".join(e.words))))
            triggers.append(Trigger(entries[0], i, j, sent, tuple(entries[1:])))
            i = j
        else:
            i += 1
    content_until = -1  # after "accused X of ...", "thanked X for ...", what follows is what is said
    content_read = True  # ... and was read as such; else only its transfers are skipped
    # a verb reading after an article is a noun ("los despliegues"): no boundary for arguments
    ctx.verb_starts = [t.start for t in triggers if t.entry.pos == "v" and not lex.is_("article", _previous_word(words, t.start))]
    last_sources: list[str] = []
    for first in triggers:
        if first.start < content_until and not (first.entry.label == "CONFLICT" and first.entry.pos == "n") and \
                (content_read or first.entry.frame in FRAMES_FIRST or first.entry.frame == "fund"):
            continue  # "criticised the supply of weapons to Kyiv": the critic sends nothing
        modality = _modality(ctx, first)
        if modality is None:
            continue
        found_any = False
        for trig in (first, *(replace(first, entry=e, alternatives=()) for e in first.alternatives)):
            rule = RELATION_RULES.get(trig.entry.frame)
            if rule is None:
                continue
            rels = [rel for rel in rule(ctx, trig) if rel.source != rel.target]
            if rels:
                break
        for rel in rels:
            if rel.source == rel.target:
                continue
            rel = _attributes(ctx, trig, rel)
            if rel.location is None and ctx.pro_drop and len(previous_places) == 1 and \
                    rel.type in OBJECT_TYPES.values():
                # "Ha accettato di inviare 6mila ingegneri" goes on from the sentence before and its place
                rel = replace(rel, location=previous_places[0].place or previous_places[0].id)
            if modality == "reported":
                rel = replace(rel, modality="reported", confidence=min(rel.confidence, 0.5))
            out.append(rel)
            ctx.recent.append((n, rel))
            found_any = True
            if trig.entry.pos == "v" and rel.type != "ROLE":
                last_sources = [rel.source] if rel.type not in SYMMETRIC else last_sources
        if trig.entry.label in ("ACCUSE", "PRAISE") and trig.entry.pos == "v":
            content_until, content_read = trig.end + 12, found_any
            for i in range(trig.end, min(sent.end, content_until)):
                # what is said ends where a new clause starts: "Xi praised Russia's efforts, while Putin ..."
                if words[i] in (";", ":") or words[i] == "," and i + 1 < sent.end and (
                        lex.is_("contrast", words[i + 1]) or lex.is_("clause", words[i + 1])) or \
                        lex.is_("and", words[i]) and i + 1 < sent.end and (
                        lex.is_("aux", words[i + 1]) or i + 1 in ctx.verb_starts):
                    # ... or where the subject goes on with another verb: "thanked Merz for his support
                    # and met Rutte"
                    content_until = i
                    break
    out += _nominal_transfers(ctx, sent, triggers, n)
    subjects = [m for m in ctx.actors(sent) if ctx.marker(m) is None]
    if isinstance(ctx.verb_subject, list) and len(ctx.verb_subject) > 1:
        ctx.last_subject = ctx.verb_subject  # "Ambos líderes condenaron ... También criticaron ..."
    elif last_sources:
        ctx.last_subject = last_sources[0]
    elif subjects:
        group = [m.actor for m in _group(ctx, ctx.actors(sent), subjects[0]) if m.actor]
        ctx.last_subject = group if len(set(group)) > 1 else subjects[0].actor  # "Kim e Putin ... avevano firmato"
    return out


def _describe(e: Exception) -> str:
    """"KeyError: 1234 at relations.py:1396": what a failing rule raised and where."""
    import os
    import traceback

    where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    at = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    return f"{type(e).__name__}: {e}{at}"


def _in_compound_adjective(words: list[str], end: int, sent_end: int) -> bool:
    """Does a word ending at `end` start a hyphenated adjective ("war-torn", "aid-dependent")?"""
    return end + 1 < sent_end and words[end] == "-" and words[end + 1].isalpha() and words[end + 1].islower()


def _previous_word(words: list[str], i: int) -> str:
    """The word before position `i`, quotes and brackets skipped."""
    i -= 1
    while i > 0 and words[i] in ('"', "«", "»", "“", "”", "'", "(", "„"):
        i -= 1
    return words[i] if i >= 0 else ""


def _nominal_transfers(ctx: Context, sent: Sentence, triggers: list[Trigger], n: int) -> list[Relation]:
    """What is sent named without a verb of sending: "a $2 billion military aid package for Ukraine",
    "livraisons d'armes à l'Ukraine". The recipient is the actor right after, marked as one; the sender
    the clause's subject or the object's demonym. Objects a transfer trigger already read are skipped, and
    so are weapons an attack uses ("fired a ballistic missile toward Japan")."""
    used = {i for t in triggers if t.entry.frame in FRAMES_FIRST for i in range(t.start - 5, t.end + 10)}
    used.update(i for t in triggers if t.entry.label == "CONFLICT" and t.entry.pos == "v"
                for i in range(t.end, min(sent.end, t.end + 8)))
    actors = ctx.actors(sent)
    out = []
    for i in ctx.within(ctx.object_list, sent):
        if i in used:
            continue
        matches = ctx.lex.objects.match(ctx.words, i)
        found = sorted((e for e, _ in matches if e.label in ("arms", "aid")), key=lambda e: -len(e.words))
        if not found:
            continue  # the longest reading first: "aide militaire" is arms, not "aide"
        end = max(j for _, j in matches)
        used.update(range(i, end))  # "military aid" is one thing sent, not also "aid"
        reach = end + 3
        while reach < sent.end and reach < end + 10 and _is_value_word(ctx, reach):
            reach += 1  # "un pacchetto di aiuti militari da 500 milioni di dollari per Kiev": past its value
        reach = reach if reach == end + 3 else reach + 2  # then the marker and its article
        to = next((m for m in actors if end <= m.start <= reach and ctx.marker(m, actors) == "target"), None)
        if to is None:
            continue
        trig = Trigger(Entry(OBJECT_TYPES[found[0].label], tuple(ctx.words[i:end]), True, "n", "transfer"), i, end, sent)
        if _modality(ctx, trig) is None:
            continue
        owner = _demonym_of_object(ctx, i) or _genitive_owner(ctx, i, end, actors)
        if any(t.entry.label in SPEECH and t.entry.pos == "v" and t.end <= i for t in triggers):
            # "Pechino ha criticato la vendita di armi americane a Taiwan": who speaks of the sale is not
            # who sells; the seller is the one the object names, or none
            src = owner
        else:
            source = _subject(ctx, replace(trig, entry=replace(trig.entry, pos="v")), actors)
            src = source.actor if source is not None else owner
        # "the sale of Patriot missiles to Saudi Arabia and the United Arab Emirates": each recipient listed
        for recipient in dict.fromkeys(x.actor for x in _group(ctx, actors, to) if x.actor):
            if src and src != recipient:
                rel = Relation(OBJECT_TYPES[found[0].label], src, recipient, confidence=0.6)
                out.append(_attributes(ctx, trig, rel))
                ctx.recent.append((n, rel))
    return out


def _genitive_owner(ctx: Context, start: int, end: int, actors: list[Mention]) -> str | None:
    """Whose is the thing at [start, end): "Washington's latest arms sale", and in German's genitive after it,
    "Waffenlieferungen Russlands", "der Waffenverkauf der USA"."""
    words = ctx.words
    for m in actors:
        if m.end < start and start - m.end <= 3 and words[m.end] in ("'s", "’s", "'"):
            return m.actor
        if ctx.lex.lang == "de" and (m.start == end or m.start == end + 1 and words[end] in ("der", "des")):
            return m.actor
    return None


def _is_value_word(ctx: Context, i: int) -> bool:
    """A word of a stated value: "worth $500 million", "da 500 milioni di dollari", "de 2 milliards d'euros"."""
    w = ctx.words[i]
    return _is_number(ctx.doc, i, ctx.lex) or ctx.lex.is_("money", w) or ctx.lex.is_("article", w) or \
        w in ("worth", "of", "da", "di", "del", "de", "des", "d'", "von", "im", "wert", "valued", "valore", "valeur",
              "valor", "pari", "a", "about", "some", "circa", "oltre", "over", "more", "than")


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


def _modality(ctx: Context, trig: Trigger) -> str | None:
    """None if the relation is not a fact (denied, negated, hypothetical, an appeal), else its modality."""
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
            return None
    if trig.entry.frame == "hypo":
        return None
    negations = lex.markers.get("negation", ())
    if any(w in negations for w in words[max(trig.sent.start, trig.start - 3):trig.start]):
        return None
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


def _future_in_past(ctx: Context, trig: Trigger, i: int) -> bool:
    """"The minister said (that) Warsaw would buy 180 tanks": "would" reports an announced decision when a
    reporting verb comes shortly before it."""
    words, lex = ctx.words, ctx.lex
    if words[i] != "would" or i + 1 < len(words) and lex.is_("hypothetical", words[i + 1]):
        return False  # "would consider" stays a hypothesis
    return any(lex.is_("reporting", w) for w in words[max(trig.sent.start, i - 8):i])  # "said (that) X would"


def _group(ctx: Context, actors: list[Mention], m: Mention) -> list[Mention]:
    """`m` with the actors coordinated with it ("Russia e Corea del Nord", "the U.S., South Korea and Japan").

    A comma alone does not coordinate ("After meeting Choe, Lavrov accused ..."): the list
    needs a conjunction somewhere.
    """
    def gap_kind(a: Mention, b: Mention) -> str | None:
        if a.kind == "Demonym" and b.kind != "Demonym" and _follows_its_noun(ctx, a):
            return None  # "i raid israeliani e il presidente Erdogan": the demonym belongs to the raids
        gap = range(a.end, b.start)
        if not gap:  # "lobte Selenskyj Deutschland": subject and object side by side are no list
            return "same" if a.actor == b.actor else None
        if all(i in ctx.titles for i in gap):
            return "and" if a.actor != b.actor else "same"
        words = [ctx.words[i] for i in gap]
        if len(words) > 3 and words[-2] == "-" and words[-1].isalpha() and words[-3].isalpha():
            gap, words = gap[:-3], words[:-3]  # "Saudi Arabia and nuclear-armed Pakistan": an epithet
        elif len(words) > 1 and "-" in words[-1].strip("-") and words[-1].replace("-", "").isalpha():
            gap, words = gap[:-1], words[:-1]
        if not all(ctx.lex.is_("and", w) or ctx.lex.is_("article", w) or i in ctx.titles
                   or ctx.lex.is_("source", w) for i, w in zip(gap, words)):
            # "all'Egitto, al Qatar e alla Grecia", "au Qatar, à l'Inde": each member repeats the marker
            # of the one before
            marker = ctx.own_marker(b)
            if marker is None or ctx.own_marker(a) != marker or not all(
                    ctx.lex.is_("and", w) or ctx.lex.is_("article", w) or ctx.lex.is_(marker, w) for w in words):
                return None
        if any(ctx.lex.is_("and", w) and w != "," for w in words):
            return "and"
        return "," if "," in words else None

    k = actors.index(m)
    lo = hi = k
    kinds = []
    while lo > 0 and (kind := gap_kind(actors[lo - 1], actors[lo])) is not None:
        kinds.append(kind)
        lo -= 1
    while hi + 1 < len(actors) and (kind := gap_kind(actors[hi], actors[hi + 1])) is not None:
        kinds.append(kind)
        hi += 1
    if "and" not in kinds:
        return [m]
    if ctx.own_marker(actors[lo]) is not None:
        # "sent soldiers to the Philippines, and Japan will provide": a member followed by its own verb
        # opens a new clause, when the list before it is a verb's object
        cut = next((j for j in range(lo + 1, hi + 1) if _opens_clause(ctx, actors[j]) and any(
            ctx.lex.is_("and", w) and w != "," for w in ctx.words[actors[j - 1].end:actors[j].start])), None)
        if cut is not None:
            lo, hi = (cut, hi) if k >= cut else (lo, cut - 1)
            if lo == hi:
                return [m]
    return actors[lo:hi + 1]


def _follows_its_noun(ctx: Context, m: Mention, events: bool = True) -> bool:
    """Does demonym `m` follow a noun it qualifies, as Italian, French and Spanish put it ("les troupes
    russes", "l'intelligence sudcoreana", "le città ucraine"; with `events`, also an event noun: "i raid
    israeliani")?"""
    i, lex = m.start - 1, ctx.lex
    return lex.lang in ("it", "fr", "es") and i >= 0 and (
        events and i in ctx.trigger_at or bool(lex.objects.match(ctx.words, i)) or lex.is_("agent_noun", ctx.words[i])
        or lex.is_("place_noun", ctx.words[i]))


def _opens_clause(ctx: Context, m: Mention) -> bool:
    """Is `m` followed by an auxiliary or a verb, as the subject of a clause of its own?"""
    return m.end < len(ctx.words) and (ctx.lex.is_("aux", ctx.words[m.end]) or ctx.lex.is_("passive_aux", ctx.words[m.end])
                                       or m.end in ctx.verb_starts)


def _object(ctx: Context, trig: Trigger) -> tuple[str | None, int | None]:
    """The class of what a transfer trigger sends (troops, arms, aid) and where it is written.

    What follows the trigger comes first ("sent troops"); what precedes it only close by,
    as in a passive ("the shells were shipped").
    """
    def scan(positions: range) -> tuple[str | None, int | None]:
        for i in positions:
            if positions.step > 0 and i > trig.end and (ctx.lex.is_("clause", ctx.words[i]) or _is_trigger(ctx, i)
                                                         and not ctx.lex.objects.match(ctx.words, i)
                                                         and not _shipment(ctx, trig, i)):
                break  # "deployed to Kursk, where they fought Ukrainian forces": another clause's object
            for e, j in ctx.lex.objects.match(ctx.words, i):
                if e.label == "arms" and (crew := _crew(ctx, j, trig.sent.end)) is not None:
                    return "troops", crew
                if e.label not in ("unit", "none"):
                    return e.label, i
        return None, None

    cls, at = scan(range(trig.end, min(trig.sent.end, trig.end + 10)))
    if cls is None:
        cls, at = scan(range(trig.start - 1, max(trig.sent.start, trig.start - 5) - 1, -1))
        if at is not None and trig.entry.pos == "v" and ctx.lex.lang == "en" and \
                not any(ctx.lex.is_("passive_aux", w) for w in ctx.words[at:trig.start]) and \
                not (at == trig.start - 1 and ctx.words[trig.end - 1].endswith("ed")):  # "1,500 troops stationed in"
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


def _is_trigger(ctx: Context, i: int) -> bool:
    """Does a trigger start at word `i` (not only a word a trigger could start with, as "in" of "in presenza")?"""
    return i in ctx.trigger_at and bool(ctx.lex.triggers.match(ctx.words, i))


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
    return parse_quantity(text, lex.lang if lex.lang in ("it", "en", "fr", "es", "de") else "en"), None


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


def _is_number(doc: Doc, i: int, lex: Lexicon) -> bool:
    t = doc[i]
    if t.text[:1].isalpha() and any(c.isdigit() for c in t.text):
        return False  # "S-400", "F-16", "MiG-29": a model's name ("11mila" starts with its digits)
    if t.like_num or any(c.isdigit() for c in t.text):
        return True
    return t.lower_ in number_words().get(lex.lang, {})


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


NOT_SUBJECT = ("target", "against", "between", "alongside", "locative", "attribution")


def _inverted_subject(ctx: Context, trig: Trigger, actors: list[Mention]) -> Mention | None:
    """German puts the subject after the verb when the clause opens with something else: "Am Montag traf
    Scholz Macron", "Gestern hat Deutschland der Ukraine Panzer geliefert" (the auxiliary is the verb)."""
    if ctx.lex.lang != "de" or trig.entry.pos != "v":
        return None
    verb = trig.end
    if any(m.end <= trig.start and m.start >= trig.sent.start and ctx.marker(m, actors) not in NOT_SUBJECT
           for m in actors):
        return None  # a subject before the verb
    for i in range(trig.sent.start + 1, trig.start):
        if ctx.lex.is_("passive_aux", ctx.words[i]) or ctx.lex.is_("aux", ctx.words[i]):
            verb = i + 1  # "hat Deutschland ... geliefert": the subject follows the auxiliary
            break
    return next((m for m in actors if verb <= m.start <= verb + 1 and ctx.marker(m, actors) is None), None)


def _subject(ctx: Context, trig: Trigger, actors: list[Mention]) -> Mention | None:
    """The nearest actor before the trigger that can be its subject, within its clause."""
    left = [m for m in actors if m.end <= trig.start and trig.start - m.end <= WINDOW]
    if (inserted := _before_insertion(ctx, trig, left, actors)) is not None:
        return inserted
    boundary = trig.sent.start
    for i in range(trig.start - 1, trig.sent.start - 1, -1):
        if ctx.lex.is_("clause", ctx.words[i]):
            boundary = i
            break
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
    if ctx.lex.lang == "de" and trig.entry.pos == "v":
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
    alleati, ma ha attaccato la Spagna") or a closing reporting clause ("..., South Korea's spy agency said"):
    the speaker is no party."""
    stop = _next_verb(ctx, trig)
    words, lex = ctx.words, ctx.lex
    for i in range(trig.end, stop):
        if lex.is_("contrast", words[i]) or words[i] == "," and any(
                lex.is_("reporting", w) for w in words[i + 1:min(trig.sent.end, i + 9)]):
            return i
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
            and ctx.marker(m, actors) not in ("source", "between", "locative", "alongside")][:1]


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


PRO_DROP = ("it", "es", "pt")  # languages that leave out a subject the previous sentence named


def _points_back(ctx: Context, trig: Trigger) -> bool:
    """Is the trigger's subject the previous sentence's: left out (Italian, Spanish) or a pronoun ("He also
    thanked")? Not where a subject that is no actor is written ("Menschenrechtler kritisieren ...")."""
    if any(m.kind == "Location" and m.end <= trig.start and ctx.own_marker(m) is None for m in ctx.in_sentence(trig.sent)):
        return False  # "L'Europa continua a sostenere Kiev": a subject is written, though it is no actor
    if ctx.lex.lang in PRO_DROP:
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
    coordinated = trig.entry.pos == "v" and _coordinated(ctx, trig)
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
    candidates = [m for m in right if (ctx.marker(m, actors) not in ("against", "between", "locative")
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
    if sources and not candidates and _two_countries_after(ctx, trig) and (pair := _last_pair(ctx) or ctx.dyad):
        # "accused the two countries of stoking confrontation": the pair the article is about
        for s in sources:
            for t in pair:
                if s != t:
                    yield Relation(type_, s, t, confidence=0.7)
        return
    if sources and not candidates and type_ == "ACCUSE" and (attacker := _attacker_of(ctx, trig, sources)):
        yield Relation(type_, sources[0], attacker, confidence=0.7)  # "Pakistan condemned the offensive"
        return
    if not sources or not candidates:
        return
    targets = [m.actor for m in _group(ctx, actors, candidates[0]) if m.actor]
    conf = 0.8 if trig.entry.pos == "v" else 0.7
    for s in sources:
        for t in targets:
            yield Relation(type_, s, t, confidence=conf)


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
    if ctx.lex.lang != "en" or m.start == 0 or words[m.start - 1] != "of" or m.end >= len(words):
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


def _corefer(ctx: Context, trig: Trigger, type_: str) -> Iterator[Relation]:
    """A trigger with no actors of its own ("the soldiers are deployed in Kursk") continues the latest
    relation of the same type, two sentences back at most."""
    if type_ not in ("MILITARY_DEPLOYMENT", "ARMS_TRANSFER", "AID", "ANY"):
        return
    for m, rel in reversed(ctx.recent):
        if (rel.type == type_ or type_ == "ANY" and rel.type in OBJECT_TYPES.values()) and ctx.sentence_index - m <= 3:
            yield Relation(rel.type, rel.source, rel.target, confidence=0.6)
            return


@relation_rule("fund")  # what is granted: aid when it is money, else nothing
@relation_rule("deploy")  # what is stationed: troops unless said otherwise
@relation_rule("transfer")
def _transfer(ctx: Context, trig: Trigger, receive: bool = False) -> Iterator[Relation]:
    """Sending troops, arms or aid: "X sent troops to Y", "Y received shells from X", "arms from X to Y"."""
    cls, at = _object(ctx, trig)
    if cls is None:
        if trig.entry.frame not in ("deploy", "fund"):
            # "sarebbero state spedite circa 12 milioni di unità": a count of what the last transfer sent
            quantity = _quantity(ctx, trig, None)
            if quantity is not None and not ctx.actors(trig.sent):
                for rel in _corefer(ctx, trig, "ANY"):
                    yield replace(rel, quantity=quantity)
            return
        # "ha stanziato 50 miliardi di euro per l'Ucraina", "allocated $2 billion for Kyiv": money granted
        # is aid; a deployment verb without it stations troops, a funding verb without it gives nothing
        after = ctx.words[trig.end:min(trig.sent.end, trig.end + 6)]
        if any(ctx.lex.is_("money", w) for w in after):
            cls = "aid"
        elif trig.entry.frame == "deploy":
            cls = "troops"
        else:
            return
    type_ = OBJECT_TYPES[cls]
    if type_ == "MILITARY_DEPLOYMENT" and _for_training(ctx, trig):
        return
    quantity = _quantity(ctx, trig, at)
    actors = ctx.actors(trig.sent)
    inverted = _inverted_subject(ctx, trig, actors)
    right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= 14 and m is not inverted]
    marks = {id(m): ctx.marker(m, actors) for m in right}
    origin = next((m for m in right if marks[id(m)] == "source" or receive and marks[id(m)] == "with"), None)
    to = next((m for m in right if marks[id(m)] in ("target", "alongside")), None)
    if to is None and at is not None and at > trig.end and trig.entry.pos == "v":
        # "provided the Russian army with shells", "gave Ukraine tanks": the recipient before the object
        # (after a noun it is the owner: "the deployment of US missiles")
        to = next((m for m in right if m.start < at and marks[id(m)] is None), None)
    if to is None and ctx.lex.lang == "de":
        # the verb comes last: "wurden 3000 Soldaten nach Russland geschickt"
        to = next((m for m in reversed(actors) if m.end <= trig.start and trig.start - m.end <= 6
                   and ctx.marker(m, actors) == "target"), None)
    if to is None:  # "envoyé 6 000 ouvriers en Russie", "Truppen nach Litauen"
        to = next((m for m in right if marks[id(m)] == "locative" and m.kind == "Country"), None)
    passive = trig.start > 0 and ctx.lex.is_("passive_aux", ctx.words[trig.start - 1])
    sources: list[str]
    targets: list[str]
    if receive:
        subject = _subject(ctx, trig, actors)
        if subject is not None and ctx.marker(subject, actors) == "with":
            origin = origin or subject  # "L'Inde a signé avec la France un accord pour l'acquisition"
            subject = None
        if subject is None and isinstance(ctx.verb_subject, Mention):
            subject = ctx.verb_subject
        if subject is not None and to is not None and to is not subject and _for_whom(ctx, to):
            # "Germany will buy air defence systems for Ukraine": the buyer passes them on
            sources = [m.actor for m in _group(ctx, actors, subject) if m.actor]
            for t in (m.actor for m in _group(ctx, actors, to) if m.actor):
                for s in sources:
                    if s != t:
                        yield Relation(type_, s, t, quantity=quantity, confidence=0.7)
            return
        if origin is None and to is not None and to is not subject:
            origin = to  # "compró armas a Israel", "a acheté des Rafale à la France": bought from
        if origin is None:  # "avec la France un accord pour l'acquisition", "Raketen aus dem Iran erhalten"
            origin = next((m for m in reversed(actors) if m.end <= trig.start and trig.start - m.end <= 8 and
                           ctx.marker(m, actors) in ("with", "source") and m is not subject), None)
        if origin is None or subject is None or origin.actor == subject.actor:
            return
        sources = [m.actor for m in _group(ctx, actors, origin) if m.actor]
        targets = [m.actor for m in _group(ctx, actors, subject) if m.actor]
    else:
        hint = _demonym_of_object(ctx, at)
        if origin is not None and (trig.entry.pos == "n" or passive or to is not None and origin.start < to.start):
            sources = [m.actor for m in _group(ctx, actors, origin) if m.actor]
        elif hint is not None and trig.entry.pos == "n":
            sources = [hint]
        else:
            # "I soldati sarebbero schierati": the subject is what is sent, not the previous sentence's actor
            sources = _sources(ctx, trig, actors, allow_last=at is None or at > trig.start) or ([hint] if hint else [])
        if to is not None:
            targets = [m.actor for m in _group(ctx, actors, to) if m.actor]
        elif (where := _destination(ctx, trig, sources)) is not None:
            targets = [where]  # "deployed troops to the Kursk region": the state the place lies in
        elif passive and _subject(ctx, trig, actors) is not None:
            subject = _subject(ctx, trig, actors)
            assert subject is not None
            targets = [m.actor for m in _group(ctx, actors, subject) if m.actor]
        elif trig.entry.pos == "v" and ctx.dyad and len(sources) == 1 and sources[0] in ctx.dyad and not right:
            # "Ha accettato di inviare 6mila ingegneri": the recipient is the other state the article is about
            targets = [ctx.dyad[1] if sources[0] == ctx.dyad[0] else ctx.dyad[0]]
        else:
            targets = []
    if not sources and not targets:
        for rel in _corefer(ctx, trig, type_):
            yield replace(rel, quantity=quantity)
        return
    if not sources and targets:
        # "les alliés allaient fournir à l'Ukraine cinq systèmes": the latest sender to that recipient
        for m, rel in reversed(ctx.recent):
            if rel.type == type_ and rel.target in targets and ctx.sentence_index - m <= 6:
                sources = [rel.source]
                break
    conf = 0.8 if trig.entry.pos == "v" else 0.7
    if sources and not targets and trig.entry.pos == "v" and not receive and not any(
            ctx.lex.is_("target", w) or ctx.lex.is_("locative", w) for w in ctx.words[trig.end:min(trig.sent.end, trig.end + 10)]):
        # "Germany said it would deliver two more IRIS-T systems": to the recipient of the same kind of
        # transfer just named, two sentences back at most, when the sentence names no destination at all
        for m, rel in reversed(ctx.recent):
            if ctx.sentence_index - m > 2:
                break
            if rel.type == type_ and rel.target not in sources:
                targets, conf = [rel.target], 0.6
                break
    for s in sources:
        for t in targets:
            yield Relation(type_, s, t, quantity=quantity, confidence=conf)
    if (second := _second_object(ctx, trig, cls, at)) is not None:
        # "sent about 15,000 troops and millions of artillery shells to Russia": each thing sent is a relation
        # its count lies between "and" and it: the walk back stops at "and" as at a trigger
        type2, quantity2 = OBJECT_TYPES[second[0]], _count_before(ctx, replace(trig, start=second[2], end=second[2] + 1),
                                                                    second[1])[0]
        for s in sources:
            for t in targets:
                yield Relation(type2, s, t, quantity=quantity2, confidence=conf)


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
    # the mentions that end at the object or start right after it: bisect, not a scan of the document
    for m in ctx.mentions[bisect.bisect_left(ctx.starts, at - 8):bisect.bisect_right(ctx.starts, at + 1)]:
        if m.actor and (m.kind == "Demonym" and (m.end == at or m.start == at + 1) or m.kind == "Country" and m.end == at):
            return m.actor
    return None


@relation_rule("summon")
def _summon(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Italy summoned the Russian ambassador": a protest to the envoy's state; "summoned the cabinet" is none."""
    # the envoy follows the verb, or comes before it where German puts the verb last
    if any(ctx.lex.is_("envoy", w) for w in ctx.words[max(trig.sent.start, trig.start - 4):min(trig.sent.end, trig.end + 6)]):
        yield from _directed(ctx, trig)


@relation_rule("receive")
def _receive(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    yield from _transfer(ctx, trig, receive=True)


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


@relation_rule("join")
def _join(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"Finland joined NATO", "è entrata nella NATO": a member and the organization it joins; "Chinese warships
    joined Russian vessels" is none."""
    organizations = {m.actor for m in ctx.actors(trig.sent) if m.kind == "Organization"}
    for rel in _symmetric(ctx, trig):
        if (rel.source in organizations) != (rel.target in organizations):
            yield rel


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
            (enemy := next((m for m in right[1:] if (marks[id(m)] == "against" or ctx.lex.lang == "de" and
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
        allowed = ("against", "with", "target", "source", "locative", "about") if type_ == "CONFLICT" else \
            ("with", "target", "source", "locative") if _is_visit(ctx, trig) else \
            ("with", "target", "source", "presence") if type_ == "MEET" else ("with", "target", "source")
        others = [m for m in right if (marks[id(m)] is None or marks[id(m)] in allowed) and m.actor not in sources
                  and (marks[id(m)] != "locative" or m.kind == "Country" or _attacked_thing(ctx, trig, m))
                  and not (marks[id(m)] is None and trig.entry.pos == "n" and any(
                      ctx.lex.is_("and", w) and w != "," for w in ctx.words[trig.end:m.start]))]
        # "condannato i raid israeliani e il presidente Erdogan": an actor after "and" is no party to a noun
        if trig.entry.pos == "v" and type_ == "MEET":
            others = [m for m in others if not _owner_of_thing(ctx, trig, m)]
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
        invaded = _place_attacked(ctx, trig, sources) if type_ == "CONFLICT" else None
        if sources and invaded:
            pairs = [(a, invaded) for a in sources]  # "mounted its invasion of South Lebanon, through UN lines"
        elif sources and others:
            partners = [m.actor for m in _group(ctx, actors, others[0]) if m.actor]
            pairs = [(a, b) for a in sources for b in partners]
            if type_ != "CONFLICT" and len(sources) > 1 and marks[id(others[0])] == "with":
                # "France and Germany signed an agreement with Poland", "Frankreich und Deutschland haben mit
                # Polen ein Abkommen unterzeichnet": one pact or meeting of all three pairs each with each other
                pairs += [(a, b) for k, a in enumerate(sources) for b in sources[k + 1:]]
        elif sources and (type_ == "CONFLICT" or _is_visit(ctx, trig)) and (host := _host(ctx, trig, sources)) and \
                host not in {m.actor for m in right if marks[id(m)] == "alongside"}:  # fighting in an ally's land
            pairs = [(a, host) for a in sources]  # "Shoigu visited Pyongyang", "a bomb attack in Kabul"
        elif len(sources) > 1:
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
    if type_ == "MEET" and pairs and any(w.startswith(WELCOME_WORDS) for w in ctx.words[trig.start:trig.end]) and \
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
    return ctx.lex.lang == "de" and marker is None and m.start == trig.end


def _attacked_thing(ctx: Context, trig: Trigger, m: Mention) -> bool:
    """"airstrikes on Iranian nuclear facilities", "an attack on Russian refineries": what a state owns, struck
    right after the attack's name, stands for that state (not "in Russian-occupied Crimea")."""
    return trig.entry.label == "CONFLICT" and trig.entry.pos == "n" and m.kind == "Demonym" and \
        m.start - trig.end <= 3 and not (m.end < len(ctx.words) and ctx.words[m.end] == "-")


def _object_between(ctx: Context, lo: int, hi: int) -> bool:
    return any(e.label in OBJECT_TYPES for i in range(lo, min(hi, len(ctx.words)))
               for e, _ in ctx.lex.objects.match(ctx.words, i))


# welcoming: what is welcomed may be a statement, not a guest ("welcomed Reagan's statement")
WELCOME_WORDS = ("welcom", "accog", "accolt", "accueill", "salu", "begrüß", "acog")
# a visit, a trip, travel: "visited", "Besuch", "viaggio", "flew to", "s'est rendu", "si è recato", "reiste", "è volato a"
VISIT_WORDS = ("visit", "besuch", "viagg", "voyag", "viaj", "trip", "travel", "flew", "fly", "flies", "rend", "recat", "recher",
               "reis", "volat", "voler")


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
    return any(w.startswith(VISIT_WORDS) for w in ctx.words[trig.start:trig.end])


def _host(ctx: Context, trig: Trigger, sources: list[str], stop: int | None = None) -> str | None:
    """The state of a capital named as the place of a visit or an attack in the trigger's sentence (before
    `stop`)."""
    for m in ctx.in_sentence(trig.sent):
        if m.kind == "Location" and m.country and m.country not in sources and m.start >= trig.start - 2 and \
                (stop is None or m.start < stop):
            return m.country
    return None


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
    yield from _forces_in(ctx, trig, cls, at, actors, right)


@relation_rule("stay")
def _stay(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    """"The Russian contingent will remain in Mali": forces that stay in a country are deployed there."""
    for i in range(trig.start - 1, max(trig.sent.start, trig.start - 6) - 1, -1):
        if any(e.label == "troops" for e, _ in ctx.lex.objects.match(ctx.words, i)):
            actors = ctx.actors(trig.sent)
            right = [m for m in actors if m.start >= trig.end and m.start - trig.end <= 3]
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


def _qualifies_place(ctx: Context, m: Mention) -> bool:
    """Does demonym `m` qualify a place noun ("le città ucraine", "Ukrainian cities")?"""
    noun = m.start - 1 if ctx.lex.lang in ("it", "fr", "es") else m.end
    return 0 <= noun < len(ctx.words) and ctx.lex.is_("place_noun", ctx.words[noun])


@relation_rule("hypo")
def _never(ctx: Context, trig: Trigger) -> Iterator[Relation]:
    return iter(())


__all__ = ["RELATION_RULES", "SYMMETRIC", "extract_relations", "relation_rule"]
