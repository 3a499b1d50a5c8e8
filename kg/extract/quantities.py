"""Read counts written in digits, words or both ("11mila", "12 milioni", "about 11,000", "eleven thousand")."""
from __future__ import annotations

import csv
import functools
import re

from ..paths import LEXICONS

DIGITS = re.compile(r"^(\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+|\d+(?:[.,]\d+)?)(.*)$")
GROUPED = re.compile(r"\d{1,3}(?:[ .,]\d{3})+")  # "11,000", "6 000"
SEPARATORS = re.compile(r"[ .,]")
DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")
NUMBER_PARTS = re.compile(r"\d[\d.,\u202f\u00a0 ]*\d|\d|[^\W\d]+")  # digit groups and words


@functools.lru_cache(maxsize=1)
def number_words() -> dict[str, dict[str, tuple[int, str]]]:
    """lang -> word -> (value, kind) from data/lexicons/numbers.tsv."""
    out: dict[str, dict[str, tuple[int, str]]] = {}
    with open(LEXICONS / "numbers.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            out.setdefault(row["lang"], {})[row["word"]] = (int(row["value"]), row["kind"])
    return out


def _digits(text: str) -> float | None:
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    if GROUPED.fullmatch(text):
        return float(SEPARATORS.sub("", text))
    if DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def parse_quantity(text: str, lang: str = "en") -> int | None:
    """Read a number written in digits, words or both.

    Returns:
        The integer, or None if `text` holds no number.

    Example:
        >>> parse_quantity("11mila", lang="it")
        11000
        >>> parse_quantity("12 milioni", lang="it")
        12000000
        >>> parse_quantity("eleven thousand", lang="en")
        11000
        >>> parse_quantity("6 000", lang="fr")
        6000
    """
    words = number_words().get(lang, {})
    text = text.strip().lower().replace("-", " ")
    total, current, seen = 0.0, 0.0, False
    for token in NUMBER_PARTS.findall(text):
        value = _digits(token.strip())
        if value is not None:
            current += value
            seen = True
            continue
        # "11mila", "3mila" are one token in Italian; "6000" split by a space is a digit group above
        for word in (token, token.rstrip("s")):
            if word in words:
                v, kind = words[word]
                if kind == "scale":
                    current = (current or 1) * v
                    if v >= 1000:
                        total, current = total + current, 0.0
                else:
                    current += v
                seen = True
                break
        else:
            if seen:
                break
    if not seen:
        return None
    return int(round(total + current))
