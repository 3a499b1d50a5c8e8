"""The language of a short text, from the words kg knows in each language, or `xx` (unknown) rather than a guess.

py3langid reads letter n-grams: on a sentence or two it often picks a language the text is not in
("Russia supports Iran." comes out Italian), and then the wrong lexicon finds nothing. A short text is
read word by word instead: each language scores the words its lexicons and gazetteer hold and no other
language does (function words of data/lexicons/markers.tsv, relation triggers of triggers.tsv, names of
states and demonyms in that language). The language with most such words wins; a tie, or no word at
all, is `xx` (spaCy's code for several or unknown languages), which extracts with every language's
rules. Longer texts keep py3langid, which is reliable there.
"""
from __future__ import annotations

import csv
import functools
import re

from .paths import LEXICONS

LANGS = ("it", "en", "fr", "es", "de")
UNKNOWN = "xx"
SHORT = 300  # characters: under this, py3langid is no longer trusted
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _rows(name: str) -> list[dict[str, str]]:
    with open(LEXICONS / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def _evidence() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    """Whole words and word stems of each language that no other language of kg shares."""
    from .extract import gazetteer as gaz

    words: dict[str, set[str]] = {lang: set() for lang in LANGS}
    stems: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for row in _rows("markers.tsv"):
        if row["lang"] in words and " " not in row["word"]:
            words[row["lang"]].add(row["word"].lower())
    for row in _rows("triggers.tsv"):
        trigger = row["trigger"].lower()
        if row["lang"] not in words or " " in trigger:
            continue
        if trigger.endswith("$"):
            words[row["lang"]].add(trigger[:-1])
        elif len(trigger) >= 4:
            stems[row["lang"]].add(trigger)
    g = gaz.default()
    for lang, label, _id, text in g.names:
        if lang in words and label == "Country" and " " not in text:
            words[lang].add(text.lower())
    for lang, label, _id, text in g.words:
        if lang in words and label == gaz.DEMONYM and " " not in text:
            words[lang].add(text.lower())
    shared_words = {w for lang in LANGS for w in words[lang] if sum(w in words[o] for o in LANGS) > 1}
    shared_stems = {s for lang in LANGS for s in stems[lang] if sum(s in stems[o] for o in LANGS) > 1}
    return ({lang: frozenset(words[lang] - shared_words) for lang in LANGS},
            {lang: tuple(sorted(stems[lang] - shared_stems)) for lang in LANGS})


def scores(text: str) -> dict[str, int]:
    """How many words of `text` each language alone knows.

    Example:
        >>> s = scores("Russia supports Iran.")
        >>> max(s, key=s.__getitem__), s["en"] > s["it"]
        ('en', True)
    """
    words, stems = _evidence()
    out = {lang: 0 for lang in LANGS}
    for token in WORD.findall(text.lower()):
        for lang in LANGS:
            if token in words[lang] or any(token.startswith(s) for s in stems[lang]):
                out[lang] += 1
    return out


def guess(text: str) -> str | None:
    """The language of a short text by its words, `xx` if they do not decide; None for a longer text
    (the extractor's own detection reads it).

    Example:
        >>> guess("Russia supports Iran."), guess("La Russia sostiene l'Iran."), guess("Russia Iran")
        ('en', 'it', 'xx')
    """
    if len(text) >= SHORT:
        return None
    s = scores(text)
    ranked = sorted(s.values(), reverse=True)
    if ranked[0] == 0 or ranked[0] == ranked[1]:
        return UNKNOWN
    return max(s, key=s.__getitem__)
