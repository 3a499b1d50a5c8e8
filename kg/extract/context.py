"""The sentence context the relation rules read: sentences, triggers, the mentions of a sentence and the
function word governing each, dates; and the registry of frame rules.

Decides: where sentences and triggers lie, which mentions are actors, which marker ("to", "from",
"with", ...) governs a mention. May not decide who takes part in a relation (arguments, partners) or
its type (the frame modules).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from dataclasses import dataclass, field

import numpy
from spacy.tokens import Doc

from ..model import Relation, RelationType
from .dates import calendar, find_dates
from .lexicon import Entry, Lexicon
from .mentions import Mention
from .quantities import number_words
from .coordination import _follows_its_noun, _group
from . import syntax


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
    antecedents: Any = None  # what "the country" can stand for (kg/extract/anaphora.py), if the text says it
    trace: list[dict[str, Any]] | None = None  # what `kg explain` shows: triggers, candidates, drops and why
    _actors: dict[int, list[Mention]] = field(default_factory=dict)
    _own: dict[int, str | None] = field(default_factory=dict)
    _groups: dict[int, list[Mention]] = field(default_factory=dict)
    _dates: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    _starts: list[int] | None = None
    _in_sentence: dict[int, list[Mention]] = field(default_factory=dict)
    # the dependency parse of the sentences parsed (kg/extract/syntax.py reads it): each word's head and
    # relation, "" for a word of a sentence not parsed; the parsed sentences' (start, end), in order
    heads: list[int] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)
    parsed_sents: list[tuple[int, int]] = field(default_factory=list)
    kids: dict[int, list[int]] = field(default_factory=dict)

    @staticmethod
    def within(positions: list[int], sent: Sentence) -> list[int]:
        """The positions (in order) that lie in `sent`."""
        return positions[bisect.bisect_left(positions, sent.start):bisect.bisect_left(positions, sent.end)]

    def sent_of_parse(self, i: int) -> tuple[int, int]:
        """The parsed sentence that holds word `i`."""
        k = bisect.bisect_right(self.parsed_sents, (i, len(self.words) + 1)) - 1
        return self.parsed_sents[k]

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
        parsed = syntax.marker(self, m)
        if parsed is not syntax.UNKNOWN:
            return parsed  # type: ignore[no-any-return]
        i = m.start
        if m.kind == "Demonym" and _follows_its_noun(self, m, events=False):
            # "al fianco delle truppe russe", "secondo l'intelligence sudcoreana", "contro le città ucraine":
            # the marker of what the demonym qualifies
            i -= 1
        return self.marker_before(i)

    def marker_before(self, i: int) -> str | None:
        """The kind of the function word that ends right before word `i` (articles and counts skipped)."""
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


def _in_compound_adjective(words: list[str], end: int, sent_end: int) -> bool:
    """Does a word ending at `end` start a hyphenated adjective ("war-torn", "aid-dependent")?"""
    return end + 1 < sent_end and words[end] == "-" and words[end + 1].isalpha() and words[end + 1].islower()


def _previous_word(words: list[str], i: int) -> str:
    """The word before position `i`, quotes and brackets skipped."""
    i -= 1
    while i > 0 and words[i] in ('"', "«", "»", "“", "”", "'", "(", "„"):
        i -= 1
    return words[i] if i >= 0 else ""


def _is_trigger(ctx: Context, i: int) -> bool:
    """Does a trigger start at word `i` (not only a word a trigger could start with, as "in" of "in presenza")?"""
    return i in ctx.trigger_at and bool(ctx.lex.triggers.match(ctx.words, i))


def _is_number(doc: Doc, i: int, lex: Lexicon) -> bool:
    t = doc[i]
    if t.text[:1].isalpha() and any(c.isdigit() for c in t.text):
        return False  # "S-400", "F-16", "MiG-29": a model's name ("11mila" starts with its digits)
    if t.like_num or any(c.isdigit() for c in t.text):
        return True
    return t.lower_ in number_words().get(lex.lang, {})
