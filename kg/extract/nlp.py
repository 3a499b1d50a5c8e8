"""The spaCy pipeline: a blank language, a sentencizer and the gazetteer's entity rulers.

An installed spaCy model given by name adds its own NER and parse; the
gazetteer's rulers then run after it and only add what it missed.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import Any

import numpy
import spacy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_TYPE, ORTH, SPACY
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..errors import ModelError
from . import gazetteer as gaz

BLANK = {"it", "en", "fr", "es", "de"}
MAX_CHARS = 2_000_000
CACHE_WORDS = 100_000  # distinct words a tokenizer remembers how to split (spaCy's default: 10,000)


ENDS = frozenset({".", "!", "?", "...", "…", "。", "!", "?", ";"})
# titles and other abbreviations written before a name or a number ("Gen. Ryder", "Sig. Rossi", "No. 5"),
# and initials ("W."): a full stop after them ends no sentence. "Kim Jong Un." and "met Xi." do end one.
TITLES = frozenset("""Adm Apr Aug Avv Capt Cmdr Co Col Corp Cpt Dec Dipl Dott Dr Feb Fr Gen Gov Hr Inc Ing Jan Jr Jul
    Jun Lt Ltd Maj Mgr Mlle Mme Mr Mrs Ms Mt Nov Nr Oct Prof Pres Rep Rev Sen Sep Sept Sgt Sig Sr Sra Sres St
    Vol""".split())
ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.|[a-z]{1,4}\.")
CLOSERS = frozenset({'"', "'", "»", "”", "’", ")", "]", "»."})
OPENERS = frozenset({'"', "«", "“", "„"})  # a quote opened after a title's or an initial's stop: it ended a sentence


# what the sentence splitter needs to know of a token, as bits (one dict look-up per token)
_END, _IN_ENDS, _CLOSER, _DOT, _TITLE, _SPACE, _INITIAL = 1, 2, 4, 8, 16, 32, 64
_KINDS: dict[int, int] = {}  # ORTH hash -> bits; hashes of the same string are the same in every vocab


def _token_kind(text: str) -> int:
    kind = 0
    if text in ENDS or "\n" in text or len(text) > 2 and text.endswith(".") and not ABBREVIATION.fullmatch(text):
        kind |= _END  # "SAMP/T." or "2023." end a sentence; "U.S." and "Gen." do not
    if text in ENDS:
        kind |= _IN_ENDS
    if text in CLOSERS:
        kind |= _CLOSER
    if text == ".":
        kind |= _DOT
    if text in TITLES or len(text) == 1 and text.isupper():
        kind |= _TITLE
    if text.isspace():
        kind |= _SPACE
    if len(text) <= 3 and text.endswith(".") and text[:-1].isalpha() and text[0].isupper():
        kind |= _INITIAL  # "X.", "W.", "Dr.": ends a sentence only before an opening quote
    return kind


class SentenceSplitter:
    """Split sentences at end punctuation and at every line break (titles and captions carry no full stop).

    Does what spaCy's sentencizer does, on the doc's arrays instead of Token objects. A lexeme flag,
    computed once per distinct word by the vocab, marks the few tokens that can end or open a
    sentence (punctuation, line breaks, titles, closing quotes); the loop visits only those.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.flag = vocab.add_flag(lambda text: _token_kind(text) != 0)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        strings = doc.vocab.strings
        table = doc.to_array([ORTH, SPACY, self.flag])
        marked = numpy.flatnonzero(table[:, 2])
        spaced = table[:, 1].tolist()  # a quote after a space opens the next sentence
        starts = numpy.full((n, 1), -1, dtype="int64")
        starts[0, 0] = 1
        after_end = False
        prev, prev_kind = -1, 0
        for i, x in zip(marked.tolist(), table[marked, 0].tolist()):
            if after_end and i > prev + 1:
                starts[prev + 1, 0] = 1  # a plain word after an end opens the next sentence
                after_end = False
            kind = _KINDS.get(x)
            if kind is None:
                if len(_KINDS) > 1_000_000:  # a corpus of many distinct words: memory stays bounded
                    _KINDS.clear()
                kind = _KINDS[x] = _token_kind(strings[x])
            before = prev_kind if prev == i - 1 else 0
            prev, prev_kind = i, kind
            if kind & _DOT and i and before & _TITLE and not spaced[i - 1] and not (
                    spaced[i] and i + 1 < n and strings[table[i + 1, 0]] in OPENERS):
                continue  # "Gen.", "Dr.", "W." split by the tokenizer: no sentence end
            if kind & _INITIAL and spaced[i] and i + 1 < n and strings[table[i + 1, 0]] in OPENERS:
                kind |= _END  # "en la red social X. «El respaldo ...»": a quote opened after an initial starts anew
            closes = kind & _CLOSER and not (i and spaced[i - 1])
            if after_end and not kind & (_IN_ENDS | _SPACE) and not closes:
                starts[i, 0] = 1
                after_end = False
            if kind & _END:
                after_end = True
        if after_end and prev + 1 < n:
            starts[prev + 1, 0] = 1
        doc.from_array(["SENT_START"], starts.astype("uint64"))  # type: ignore[arg-type]
        return doc


@Language.factory("sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp.vocab)


def check_model(model: str) -> None:
    """Raise ModelError unless `model` names an installed spaCy package or a pipeline folder."""
    from pathlib import Path

    if not (spacy.util.is_package(model) or (Path(model) / "config.cfg").exists()):
        raise ModelError(f"spaCy model {model!r} cannot be loaded (not an installed package nor a pipeline "
                         "folder); install it with pip or leave out --model")


# phrases as a GazetteerRuler adds them: each label's keys, the (label, id) of a label's hash, (label, words, spaces)
Grouped = tuple[dict[str, list[tuple[int, ...]]], dict[int, tuple[str, str]],
                list[tuple[str, tuple[str, ...], tuple[bool, ...]]]]


class GazetteerRuler(EntityRuler):
    """spaCy's EntityRuler, setting entities on the doc's arrays.

    The stock `set_annotations` makes a Token object for every token of every match and reads and
    rewrites `doc.ents` whole; with thousands of gazetteer patterns that cost more than tokenizing.
    Patterns and matching are unchanged; of overlapping matches the longest wins, also over a shorter
    entity an earlier ruler set inside it ("mar de China Meridional" over the demonym "china").
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._phrase_docs: Any = defaultdict(list)
        self._unmade: list[tuple[str, tuple[str, ...], tuple[bool, ...]]] = []  # see add_phrases
        super().__init__(*args, **kwargs)
        self._hashed: dict[int, tuple[int, int]] = {}  # pattern key -> (label, id) as string hashes

    def __call__(self, doc: Doc) -> Doc:
        # the stock __call__ also runs an empty token Matcher and a warnings filter on every doc
        matches = self.phrase_matcher(doc)
        if len(self.matcher):
            matches = list(self.matcher(doc)) + list(matches)
        # longest first, then leftmost, as the stock ruler orders them
        found = sorted({m for m in matches if m[1] != m[2]}, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        if found:
            self.set_annotations(doc, found)
        return doc

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        # a byte per token, 1 where an entity is: what an earlier ruler found (ENT_IOB 3 begins one, 1
        # goes on, both odd), then also what this one takes. Made and sliced in C, not per token in Python.
        iob: Any = doc.to_array("ENT_IOB")
        before = bytearray((iob & 1).astype("uint8").tobytes())
        earlier: list[tuple[int, int]] | None = None  # its entities, read from the arrays once if asked
        taken = bytearray(before)
        spans = []
        for match_id, start, end in matches:
            if 1 in taken[start:end]:
                # a longer name wins over a shorter one an earlier ruler found inside it: "mar de China
                # Meridional" over the demonym "china", never over one this ruler found itself
                if 1 not in before[start:end]:
                    continue
                if earlier is None:
                    starts, ends = _entities(iob)
                    earlier = list(zip(starts.tolist(), ends.tolist()))
                if not _covers(earlier, start, end, before, taken):
                    continue
            taken[start:end] = b"\x01" * (end - start)
            label, ent_id = self._hashes(doc, match_id)
            spans.append(Span(doc, start, end, label=label, span_id=ent_id))
        if spans:
            # an earlier entity a span replaces lies wholly inside it, so setting the spans' tokens removes it
            doc.set_ents(spans, default="unmodified")

    def _hashes(self, doc: Doc, match_id: int) -> tuple[int, int]:
        """The label and id of a pattern as string hashes: a Span given strings hashes them every time."""
        found = self._hashed.get(match_id)
        if found is None:
            label, ent_id = self._ent_ids.get(match_id, (match_id, ""))
            strings = doc.vocab.strings
            found = self._hashed[match_id] = (strings.add(label) if isinstance(label, str) else label,
                                              strings.add(ent_id))
        return found

    def add_phrases(self, phrases: list[tuple[str, str, tuple[int, ...], tuple[str, ...], tuple[bool, ...]]]) -> None:
        """Add phrase patterns already tokenized, as `kg.extract.cached` keeps them: (label, id, the
        hashes the phrase matcher reads, words, spaces) each.

        Does what the stock `add_patterns` does with a phrase pattern once it has tokenized it: the
        same labels and ids, and the same entries in the phrase matcher, given as the hashes the
        matcher would take from the pattern's Doc (a Doc per pattern, and a lexeme per word in the
        vocab, cost a second per language). The Docs of `phrase_patterns` are made only if asked for.
        """
        self.add_grouped(self.grouped(phrases))

    def grouped(self, phrases: list[tuple[str, str, tuple[int, ...], tuple[str, ...], tuple[bool, ...]]]) -> Grouped:
        """The phrases as `add_grouped` takes them: each label's keys, the ids of the labels that have one
        (by the label's hash) and each pattern's words, in the order given. What `kg.extract.cached` keeps:
        made per phrase in Python, it was a third of `add_phrases` (8,600 names per language)."""
        by_label: dict[str, list[tuple[int, ...]]] = {}
        ent_ids: dict[int, tuple[str, str]] = {}
        unmade = []
        for label, ent_id, keys, words, spaces in phrases:
            if ent_id:
                ent_label = label
                label = self._create_label(label, ent_id)
                ent_ids[self.matcher._normalize_key(label)] = (ent_label, ent_id)
            unmade.append((label, words, spaces))
            by_label.setdefault(label, []).append(keys)
        return by_label, ent_ids, unmade

    def add_grouped(self, grouped: Grouped) -> None:
        """Add phrases as `grouped` gives them (see `add_phrases`)."""
        by_label, ent_ids, unmade = grouped
        self._ent_ids.update(ent_ids)
        self._unmade.extend(unmade)
        # The phrase matcher makes a lexeme of every label it is given ("GPE||RUS"), and spaCy computes a
        # new lexeme's attributes (shape, norm, like_url, ...) in Python: over half of a language's start.
        # A label with an id is no word of any text, so its lexeme is made without them.
        vocab: Any = self.nlp.vocab  # lex_attr_getters is public in Cython, not in the stub
        getters = vocab.lex_attr_getters
        try:
            vocab.lex_attr_getters = {}
            for label, keys_list in by_label.items():
                if self.ent_id_sep in label:
                    self.phrase_matcher.add(label, keys_list)  # type: ignore[arg-type]  # the hashes a Doc gives
        finally:
            vocab.lex_attr_getters = getters
        for label, keys_list in by_label.items():
            if self.ent_id_sep not in label:
                self.phrase_matcher.add(label, keys_list)  # type: ignore[arg-type]

    @property
    def phrase_patterns(self) -> Any:
        """The phrase patterns as Docs, by label (EntityRuler's attribute), made from `add_phrases`'s words
        when first asked for."""
        if self._unmade:
            unmade, self._unmade = self._unmade, []
            for label, words, spaces in unmade:
                self._phrase_docs[label].append(Doc(self.nlp.vocab, words=list(words), spaces=list(spaces)))
        return self._phrase_docs

    @phrase_patterns.setter
    def phrase_patterns(self, value: Any) -> None:  # EntityRuler.clear() sets it
        self._phrase_docs = value
        self._unmade = []

    def _require_patterns(self) -> None:
        # the stock check counts every pattern on every call only to warn when there are none
        return None


def _entities(iob: Any) -> tuple[Any, Any]:
    """The starts and ends of the entities, from the tokens' ENT_IOB codes (3 begins one, 1 goes on), as
    numpy arrays: numpy finds where each begins and where the tokens going on from it stop, so no Python
    step is taken per token."""
    starts = numpy.flatnonzero(iob == 3)
    stops = numpy.flatnonzero(iob != 1)  # an entity ends at the first token after its start not going on
    return starts, numpy.append(stops, len(iob))[numpy.searchsorted(stops, starts, side="right")]


def entities(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, label, id) of each entity of `doc`, read from its arrays: `doc.ents` makes a Span each."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    table: Any = doc.to_array([ENT_IOB, ENT_TYPE, ENT_ID])
    starts, ends = _entities(table[:, 0])
    out = []
    for start, end, type_, id_ in zip(starts.tolist(), ends.tolist(), table[starts, 1].tolist(),
                                      table[starts, 2].tolist()):
        out.append((start, end, _string(strings, type_), _string(strings, id_) if id_ else ""))
    return out


_STRINGS: dict[int, str] = {}  # hash -> string of entity labels and ids: a dict look-up, not the StringStore's


def _string(strings: Any, key: int) -> str:
    found = _STRINGS.get(key)
    if found is None:
        if len(_STRINGS) > 100_000:  # ids of a model's entities are open-ended: memory stays bounded
            _STRINGS.clear()
        found = _STRINGS[key] = strings[key]
    return found


def _covers(earlier: list[tuple[int, int]], start: int, end: int, before: bytearray, taken: bytearray) -> bool:
    """Does [start, end) wholly contain every entity already on those tokens, and is it longer?"""
    for i in range(start, end):
        if taken[i] and not before[i]:
            return False  # this ruler's own entity
    ents = [(s, e) for s, e in earlier if s < end and start < e]
    return bool(ents) and all(start <= s and e <= end and e - s < end - start for s, e in ents)


@Language.factory("gazetteer_ruler", default_config={
    "phrase_matcher_attr": None, "validate": False, "overwrite_ents": False, "ent_id_sep": "||"})
def make_gazetteer_ruler(nlp: Language, name: str, phrase_matcher_attr: str | None, validate: bool,
                         overwrite_ents: bool, ent_id_sep: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate,
                          overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep)


@functools.lru_cache(maxsize=12)
def pipeline(lang: str, model: str | None = None) -> Language:
    """Build (once per process) the pipeline for `lang`, or on top of the installed `model`.

    A blank pipeline's slow parts (its tokenizer's regexes, the gazetteer's patterns tokenized) are read
    from the disk cache (`kg.extract.cached`) when it holds them for the data as they are, and put there
    when it does not; the pipeline is the same either way.
    """
    from .. import cache
    from . import cached

    g = gaz.default()
    stored: Any = None
    if model:
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError) as e:
            raise ModelError(f"spaCy model {model!r} cannot be loaded ({str(e).splitlines()[0][:120]}); "
                             "install it with pip or leave out --model") from e
    else:
        stored = cached.load_part("pipeline", lang)
        if stored is not cache.MISSING:
            cached.install_regexes(stored["regexes"])
        nlp = spacy.blank(lang if lang in BLANK else "xx", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_CHARS
    cache_every_word(nlp.tokenizer, None if model else nlp.Defaults.tokenizer_exceptions)
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentences", first=True)
    # The gazetteer goes before a model's NER: spaCy's NER keeps entities already set and only adds
    # what the gazetteer missed, so a model adds people and places without relabelling known actors.
    before = "ner" if "ner" in nlp.pipe_names else None
    # Lower-cased words first: conflict names ("guerra in Ucraina") must win over the country inside them.
    words = nlp.add_pipe("gazetteer_ruler", name="gazetteer_words",
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False}, before=before)
    names = nlp.add_pipe("gazetteer_ruler", name="gazetteer_names",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False}, after="gazetteer_words")
    if model:
        exact, lower = g.patterns(lang)
        with nlp.select_pipes(enable=[]):
            words.add_patterns(lower)  # type: ignore[attr-defined]
            names.add_patterns(exact)  # type: ignore[attr-defined]
        return nlp
    if stored is cache.MISSING:
        exact, lower = g.patterns(lang)
        # tokenized as the rulers' add_patterns would: by this pipeline's tokenizer, lower-cased words first
        stored = {
            "lower": words.grouped(cached.tokenized(nlp, lower, words.phrase_matcher)),  # type: ignore[attr-defined]
            "exact": names.grouped(cached.tokenized(nlp, exact, names.phrase_matcher)),  # type: ignore[attr-defined]
            "regexes": cached.tokenizer_regexes(nlp)}
        cached.save_part("pipeline", lang, stored)
    words.add_grouped(stored["lower"])  # type: ignore[attr-defined]
    names.add_grouped(stored["exact"])  # type: ignore[attr-defined]
    return nlp


def tokenizer(lang: str) -> Any:
    """The tokenizer of `lang`'s blank pipeline (the lexicons split their phrases as texts are split).

    It is spaCy's blank tokenizer of `lang` but for the whitespace special cases `cache_every_word`
    drops, which split nothing differently."""
    return pipeline(lang, None).tokenizer  # as the Extractor asks for it: one lru_cache entry


TOKENIZER = "kg.Tokenizer.v1"


def make_tokenizer() -> Any:
    """spaCy's tokenizer ("spacy.Tokenizer.v1": the language's regexes and special cases) made without the
    whitespace special cases `cache_every_word` drops.

    A Tokenizer tokenizes and loads each of its few thousand special cases when it is made and again when
    they are set: made with them, then set without them, a blank pipeline loaded them twice (0.05-0.1 s
    of each language's start). spaCy's own factory makes it, given the language's defaults without them.
    """
    from types import SimpleNamespace

    from spacy.language import create_tokenizer

    stock = create_tokenizer()

    def factory(nlp: Language) -> Tokenizer:
        rules = nlp.Defaults.tokenizer_exceptions
        plain = _plain_spaces(rules)
        defaults = type("Defaults", (nlp.Defaults,), {
            "tokenizer_exceptions": {k: v for k, v in rules.items() if k not in plain}})
        return stock(SimpleNamespace(vocab=nlp.vocab, Defaults=defaults))  # type: ignore[arg-type]

    return factory


spacy.util.registry.tokenizers.register(TOKENIZER, func=make_tokenizer)


def _plain_spaces(rules: Any) -> set[str]:
    """The special cases of a whitespace chunk that make it one token of itself."""
    return {k for k, v in (rules or {}).items() if k.isspace() and v == [{ORTH: k}]}


def cache_every_word(tokenizer: Any, rules: Any = None) -> None:
    """Let spaCy's tokenizer remember every word of a document, not only the words before its first line break.

    spaCy's Tokenizer keeps the split of each whitespace-separated chunk ("Russia,", "l'accordo") in a cache,
    but once a special case was used in a document it saves nothing more for the rest of that document
    (spaCy issue #1250: a cached chunk must not lose what a special case set on its tokens). The blank
    languages have special cases for the whitespace characters themselves: "\\n", "\\t" and " ", each one
    token of itself. So after an article's first paragraph break every word is split again, by the prefix,
    suffix and infix regexes, every time it is read. A whitespace chunk has no prefix, suffix or infix, so
    these special cases give the tokens the tokenizer gives without them: they are dropped (each is checked
    to be still one token of itself, else kept), and the cache holds more words than spaCy's default.
    A tokenizer of another class is left as it is. tests/test_properties.py checks the tokens are spaCy's.

    `rules`: the special cases the tokenizer was made from, when it was made without these (`make_tokenizer`);
    its own by default.
    """
    if type(tokenizer) is not Tokenizer:
        return
    rules = dict((tokenizer.rules if rules is None else rules) or {})
    plain = _plain_spaces(rules)
    if plain:
        if not plain.isdisjoint(tokenizer.rules or {}):
            tokenizer.rules = {k: v for k, v in rules.items() if k not in plain}
        kept = {k for k in plain if [t.text for t in tokenizer(k)] != [k]}
        if kept:
            tokenizer.rules = {k: v for k, v in rules.items() if k not in plain - kept}
    tokenizer.max_cache_size = max(tokenizer.max_cache_size, CACHE_WORDS)


def lower_words(doc: Doc) -> list[str]:
    """The lower-cased words of `doc`, read from its arrays (no Token objects), apostrophes unified."""
    strings = doc.vocab.strings
    lowers = doc.to_array("LOWER").tolist()
    found = [_LOWER.get(x) for x in lowers]
    if None in found:
        if len(_LOWER) > 1_000_000:  # a corpus of many distinct words: memory stays bounded
            _LOWER.clear()
        for k, x in enumerate(lowers):
            if found[k] is None:
                found[k] = _LOWER[x] = strings[x].replace("\u2019", "'")
    return found  # type: ignore[return-value]


_LOWER: dict[int, str] = {}  # LOWER hash -> the word as the lexicons spell it
