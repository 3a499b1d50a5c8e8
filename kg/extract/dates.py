"""Resolve date expressions against the article's publication date.

"il 12 luglio" in an article of 2025-07-13 is 2025-07-12; "in April" is the
latest April not after publication; "nel 2024" is 2024; "Saturday" is the
latest Saturday on or before publication. The result is ISO 8601 at the
precision the text gives.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re

from ..paths import LEXICONS


@functools.lru_cache(maxsize=1)
def calendar() -> dict[str, dict[str, tuple[str, int]]]:
    """lang -> word -> ("month" | "weekday", value) from data/lexicons/calendar.tsv."""
    out: dict[str, dict[str, tuple[str, int]]] = {}
    with open(LEXICONS / "calendar.tsv", encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            out.setdefault(row["lang"], {})[row["word"]] = (row["kind"], int(row["value"]))
    return out


@functools.lru_cache(maxsize=8)
def _pattern(lang: str) -> re.Pattern[str]:
    words = sorted(calendar().get(lang, {}), key=len, reverse=True)
    names = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(
        rf"(?<!\w)(?:(?P<day>[0-3]?\d)(?:er|º|°|\.)?\s+(?:de\s+)?)?(?P<name>{names})\.?(?:\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d))?(?!\w)"
        rf"|(?<![\w/.-])(?P<iso>(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)(?![\w-])"
        rf"|(?<![\w/.,-])(?P<onlyyear>(?:19|20)\d\d)(?![\w,.]\d|\w)",
        re.I)


@functools.lru_cache(maxsize=8)
def _starts(lang: str) -> re.Pattern[str]:
    """Where a date of `_pattern(lang)` can start: a digit or a calendar name's first letter after no letter.

    Searching the text for these alone, then matching the whole pattern only there, finds what
    `finditer` finds (every match starts at one of them), without trying every name at every word.
    """
    first = "".join(sorted({w[0] for w in calendar().get(lang, {})}))
    return re.compile(rf"(?<!\w)[\d{re.escape(first)}]", re.I)


PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@functools.lru_cache(maxsize=1024)
def parse_published(value: str | None) -> dt.date | None:
    """Read a publication date given as YYYY, YYYY-MM or YYYY-MM-DD (the earliest day it can be)."""
    if not value:
        return None
    m = PUBLISHED.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def matches(text: str, lang: str) -> list[re.Match[str]]:
    """What `_pattern(lang).finditer(text)` finds, found faster: the whole pattern is matched only where
    `_starts` says a date can start, and never inside the date found before."""
    pattern, end, out = _pattern(lang), 0, []
    for start in _starts(lang).finditer(text):
        if start.start() < end:
            continue
        m = pattern.match(text, start.start())
        if m is not None:
            out.append(m)
            end = m.end()
    return out


NAME_BEFORE = re.compile(r"(?:^|.*[^\s.!?:;])\s+[A-Z][\w-]*\s+$", re.S)


def _after_a_name(text: str, start: int) -> bool:
    """Is the year at `start` the number of a name ("Mirage 2000", "Vision 2030"): written right after a
    capitalized word that does not open the sentence ("In 2024" is a year)?"""
    return NAME_BEFORE.match(text[max(0, start - 80):start]) is not None


def find_dates(text: str, lang: str, published: str | None) -> list[tuple[int, int, str]]:
    """Find date expressions in `text`; return (start, end, ISO date) for each.

    Example:
        >>> find_dates("Kim ha incontrato, il 12 luglio, Lavrov", "it", "2025-07-13")
        [(22, 31, '2025-07-12')]
        >>> find_dates("confirmed in April", "en", "2025-07-12")
        [(13, 18, '2025-04')]
    """
    ref = parse_published(published)
    cal = calendar().get(lang, {})
    out: list[tuple[int, int, str]] = []
    for m in matches(text, lang):
        if m.group("iso"):
            out.append((m.start(), m.end(), m.group("iso")))
            continue
        if m.group("onlyyear"):
            if not _after_a_name(text, m.start()):
                out.append((m.start(), m.end(), m.group("onlyyear")))
            continue
        kind, value = cal[m.group("name").lower()]
        if kind == "weekday":
            if m.group("day") or ref is None or len(published or "") < 10:
                continue
            back = (ref.weekday() - value) % 7
            out.append((m.start(), m.end(), (ref - dt.timedelta(days=back)).isoformat()))
            continue
        # "may"/"mars"/"mai" are also common words: a bare month name needs a day, a year or a capital letter
        name = m.group("name")
        if not (m.group("day") or m.group("year")) and len(name) <= 4 and not name[0].isupper():
            continue
        if m.group("year"):
            year = int(m.group("year"))
        elif ref is not None:
            year = ref.year if value <= ref.month else ref.year - 1
        else:
            continue
        if m.group("day"):
            try:
                out.append((m.start(), m.end(), dt.date(year, value, int(m.group("day"))).isoformat()))
            except ValueError:
                continue
        else:
            out.append((m.start(), m.end(), f"{year:04d}-{value:02d}"))
    return out
