"""Trigger, object and marker lexicons of data/lexicons/, compiled for fast lookup per language."""
from __future__ import annotations

import csv
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..paths import LEXICONS


COMPOUND_MODIFIER = 3  # letters before a compound's head ("Arbeitstreffen": "arbeits" + "treffen")
COMPOUND_HEAD = 5  # letters of the head at least: "treffen", "besuch", not "krieg" inside any word


@dataclass(frozen=True)
class Entry:
    """One lexicon row: `label` is a relation type or an object class."""

    label: str
    words: tuple[str, ...]
    exact: bool
    pos: str = "n"
    frame: str = "direct"
    particle: str = ""  # German separable verbs: "griff ... an" matches only with "an" later in the clause


@dataclass
class StemIndex:
    """Find lexicon entries whose first words match exactly and whose last word matches as a stem."""

    stems: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    lengths: set[int] = field(default_factory=set)
    _cache: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    compounds: bool = False  # a word that matches nothing may end in a noun entry ("Regierungsabkommen")
    lemmas: dict[str, str] = field(default_factory=dict)  # inflections.tsv: a form the stems miss -> its lemma

    def add(self, entry: Entry) -> None:
        key = entry.words[0] + ("$" if entry.exact and len(entry.words) == 1 else "")
        if len(entry.words) > 1:
            key = entry.words[0] + "$"
        self.stems[key].append(entry)
        if not key.endswith("$"):
            self.lengths.add(len(key))
        self._cache.clear()

    def candidates(self, w: str) -> tuple[Entry, ...]:
        """Entries whose first word matches `w` (cached: most words match nothing)."""
        found = self._cache.get(w)
        if found is None:
            out = list(self.stems.get(w + "$", ()))
            for n in self.lengths:
                if n <= len(w):
                    out += self.stems.get(w[:n], ())
            if not out and self.compounds:
                out = self._compound_head(w)
            if not out and w in self.lemmas:  # "sosterranno" is read as "sostenere", "recevait" as "recevoir"
                out = [e for e in self.candidates(self.lemmas[w]) if len(e.words) == 1 and not e.particle]
            found = self._cache[w] = tuple(out)
        return found

    def _compound_head(self, w: str) -> list[Entry]:
        """The one-word noun entries `w` ends in, as a compound's head: "regierungsabkommen" is an "abkommen",
        "litauenbesuch" a "besuch", "kampfpanzer" a "panzer". The longest head wins; the part before it has
        at least COMPOUND_MODIFIER letters and the head at least COMPOUND_HEAD; hyphenated words are none."""
        if "-" in w:
            return []  # "Gaza-Krieg", "Ukraine-Hilfe": a name joined by a hyphen, read by the gazetteer
        for k in range(COMPOUND_MODIFIER, len(w) - COMPOUND_HEAD + 1):
            head = w[k:]
            found = [e for e in self.stems.get(head + "$", ()) if e.pos == "n" and len(e.words) == 1 and not e.particle]
            found += [e for n in self.lengths if COMPOUND_HEAD <= n <= len(head)
                      for e in self.stems.get(head[:n], ()) if e.pos == "n" and len(e.words) == 1 and not e.particle]
            if found:
                return found
        return []

    def match(self, words: Sequence[str], i: int) -> list[tuple[Entry, int]]:
        """Entries matching at word `i`, each with the index after its last word, the longest first."""
        candidates = self.candidates(words[i])
        if not candidates:
            return []
        out = []
        for e in candidates:
            if e.particle:
                if _particle_follows(words, i, e.particle):
                    out.append((e, i + 1))
                continue
            if len(e.words) == 1:
                out.append((e, i + 1))
                continue
            j = i + 1
            ok = True
            skipped = False
            for k, part in enumerate(e.words[1:], 1):
                last = k == len(e.words) - 1
                if not skipped and j + 1 < len(words) and _is_adverb(words[j]) and _part_matches(words[j + 1], part, last, e.exact):
                    j, skipped = j + 1, True  # "è entrata ufficialmente nella NATO": one adverb inside a phrase
                if j >= len(words) or not _part_matches(words[j], part, last, e.exact):
                    ok = False
                    break
                j += 1
            if ok:
                out.append((e, j))
        if len(out) > 1:
            out.sort(key=lambda found: -found[1])  # the longest first: "ayuda militar" (arms) before "ayuda" (aid)
        return out


@dataclass
class Lexicon:
    """The lexicons of one language."""

    lang: str
    triggers: StemIndex
    objects: StemIndex
    markers: dict[str, set[str]]  # kind -> single words
    phrases: dict[str, list[tuple[str, ...]]]  # kind -> multi-word phrases
    _first: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    _last: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    # per kind, every word a marker or phrase of that kind starts (ends) with: most words start none,
    # and the relation rules ask about each word near each trigger, so they get their "no" in one lookup
    _starts: dict[str, frozenset[str]] = field(default_factory=dict)
    _ends: dict[str, frozenset[str]] = field(default_factory=dict)
    _scan: dict[str, int] = field(default_factory=dict)  # word -> 1 if a trigger may start there, | 2 an object
    features: frozenset[str] = frozenset()  # what profiles.tsv says of the language's grammar
    makers: dict[tuple[str, ...], str] = field(default_factory=dict)  # an object's words -> the state making it
    _stems: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind, phrases in self.phrases.items():
            for phrase in phrases:
                self._first.setdefault(kind, {}).setdefault(phrase[0], []).append(phrase)
                self._last.setdefault(kind, {}).setdefault(phrase[-1], []).append(phrase)
        for kind in {*self.markers, *self.phrases}:
            self._starts[kind] = frozenset(self.markers.get(kind, ())) | frozenset(self._first.get(kind, ()))
            self._ends[kind] = frozenset(self.markers.get(kind, ())) | frozenset(self._last.get(kind, ()))

    def scan(self, words: Sequence[str]) -> tuple[list[int], list[int]]:
        """Where in `words` a trigger may start, and where an object noun may, in order (most words start
        neither)."""
        kinds = self._scan
        if len(kinds) > 1_000_000:  # a corpus of many distinct words: memory stays bounded
            kinds.clear()
        triggers, objects = [], []
        for i, w in enumerate(words):
            kind = kinds.get(w)
            if kind is None:
                kind = kinds[w] = bool(self.triggers.candidates(w)) | bool(self.objects.candidates(w)) << 1
            if kind:
                if kind & 1:
                    triggers.append(i)
                if kind & 2:
                    objects.append(i)
        return triggers, objects

    def has(self, feature: str) -> bool:
        """Does the language have `feature` of data/lexicons/profiles.tsv ("verb_final", "pro_drop", ...)?"""
        return feature in self.features

    def stems(self, kind: str) -> tuple[str, ...]:
        """The `kind` markers as word beginnings, for `str.startswith` ("visit_stem": "visit", "besuch")."""
        found = self._stems.get(kind)
        if found is None:
            found = self._stems[kind] = tuple(sorted(self.markers.get(kind, ())))
        return found

    def first_words(self, kind: str) -> frozenset[str]:
        """Every word a `kind` marker or phrase starts with."""
        return self._starts.get(kind, frozenset())

    def is_(self, kind: str, word: str) -> bool:
        return word in self.markers.get(kind, ())

    def phrase_at(self, kind: str, words: Sequence[str], i: int) -> int:
        """Length of the `kind` phrase starting at word `i` (0 if none)."""
        if words[i] not in self._starts.get(kind, ()):
            return 0
        best = 1 if words[i] in self.markers.get(kind, ()) else 0
        for phrase in self._first.get(kind, {}).get(words[i], ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                best = max(best, len(phrase))
        return best

    def find(self, kind: str, words: Sequence[str], lo: int, hi: int) -> int | None:
        """Where the first `kind` phrase starting in words[lo:hi] starts, or None."""
        first = self._starts.get(kind, ())
        return next((i for i in range(lo, hi) if words[i] in first and self.phrase_at(kind, words, i)), None)

    def phrase_ending(self, kind: str, words: Sequence[str], end: int) -> int:
        """Length of the `kind` phrase ending just before word `end` (0 if none)."""
        if end <= 0 or words[end - 1] not in self._ends.get(kind, ()):
            return 0
        best = 1 if words[end - 1] in self.markers.get(kind, ()) else 0
        for phrase in self._last.get(kind, {}).get(words[end - 1], ()):
            n = len(phrase)
            if end - n >= 0 and tuple(words[end - n:end]) == phrase:
                best = max(best, n)
        return best


def _part_matches(word: str, part: str, last: bool, exact: bool) -> bool:
    """Does `word` match a phrase's word `part` (its last word as a stem unless the phrase is exact)?"""
    return word == part or (last and not exact and word.startswith(part))


ADVERB_ENDINGS = ("ly", "mente", "ment")  # en, it/es, fr: "formally", "ufficialmente", "officiellement"


def _is_adverb(word: str) -> bool:
    return len(word) > 5 and word.endswith(ADVERB_ENDINGS)


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


CLAUSE_ENDS = frozenset({".", ",", ";", ":", "!", "?"})  # and any token holding a line break


def _particle_follows(words: Sequence[str], i: int, particle: str) -> bool:
    """Does the separable verb at `i` have its `particle` later in the clause ("griff ... die Ukraine an")?"""
    for k in range(i + 1, len(words)):
        if words[k] in CLAUSE_ENDS or "\n" in words[k]:
            return False
        if words[k] == particle:
            return True
    return False


def _entry(label: str, text: str, pos: str = "n", frame: str = "direct", words: tuple[str, ...] | None = None) -> Entry:
    """A lexicon row's entry: "word stem", "whole word$", "several words", "verb ...particle"."""
    text, _, particle = text.partition("...")
    exact = text.strip().endswith("$")
    words = words or tuple(text.strip().rstrip("$").lower().split())
    return Entry(label, words, exact, pos, frame, particle.strip().lower())


def _spellings(text: str, lang: str, marker: bool = False) -> list[tuple[str, ...]]:
    """The words of a lexicon phrase as `lang`'s tokenizer may split it in a text, the phrase as written
    first. A hyphen splits by language and case: English reads "IRIS-T" as "iris", "-", "t", French as
    "iris", "-t", Italian keeps "IRIS-T" whole but splits "iris-t"; an elision is split off ("d'après" is
    "d'", "après"). A trigger's "...particle" and
    whole-word "$" are not part of its words; a marker is read as written ("$" is the money marker)."""
    if not marker:
        text = text.partition("...")[0].strip().rstrip("$")
    out = [tuple(text.lower().split())]
    if "-" in text or "'" in text:
        for cased in (text.lower(), text.upper(), text.title()):
            words = tuple(t.text.lower() for piece in cased.split() for t in _tokenizer(lang)(piece))
            if words not in out:
                out.append(words)
    return out


@functools.lru_cache(maxsize=8)
def _tokenizer(lang: str) -> Any:
    from .nlp import tokenizer

    return tokenizer(lang)  # the pipeline's: building a second blank pipeline per language took a second


@functools.lru_cache(maxsize=16)
def load(lang: str, folder: Path = LEXICONS) -> Lexicon:
    """Compile the lexicons of `lang` (an unknown language gets every language's entries).

    Rows whose `lang` is `*` hold in every language: weapon designations such as "F-16" or "HIMARS".
    """
    any_lang = lang not in {"it", "en", "fr", "es", "de"}
    triggers, objects = StemIndex(), StemIndex()
    for row in _read(folder / "triggers.tsv"):
        if any_lang or row["lang"] in (lang, "*"):
            for words in _spellings(row["trigger"], lang):
                triggers.add(_entry(row["type"], row["trigger"], row["pos"], row["frame"], words))
    makers: dict[tuple[str, ...], str] = {}
    for row in _read(folder / "objects.tsv"):
        if any_lang or row["lang"] in (lang, "*"):
            for words in _spellings(row["word"], lang):
                entry = _entry(row["class"], row["word"], words=words)
                objects.add(entry)
                if row.get("maker"):
                    makers[entry.words] = row["maker"]
    markers: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for row in _read(folder / "markers.tsv"):
        if any_lang or row["lang"] in (lang, "*"):
            for words in _spellings(row["word"], lang, marker=True):
                if len(words) == 1:
                    markers[row["kind"]].add(words[0])
                else:
                    phrases[row["kind"]].append(words)
    features = frozenset(row["feature"] for row in _read(folder / "profiles.tsv") if row["lang"] == lang)
    triggers.compounds = objects.compounds = "compound_nouns" in features
    triggers.lemmas = objects.lemmas = {row["form"]: row["lemma"] for row in _read(folder / "inflections.tsv")
                                        if any_lang or row["lang"] == lang} if (folder / "inflections.tsv").exists() else {}
    return Lexicon(lang, triggers, objects, dict(markers), dict(phrases), features=features, makers=makers)
