"""The library of named queries: the documented SPARQL files of kg/queries/*.rq.

A named query starts with comment lines that document it:

    # supporters-of: who states support for ACTOR, with the number of articles
    # param actor: entity  the actor's id (RUS, NATO, kim-jong-un)

Reading the library needs no RDF library and no store, so `kg query --list` imports neither
(`kg.query` runs the queries).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

from .errors import QueryError
from .paths import QUERIES

ParamKind = TypingLiteral["entity", "date", "string", "integer", "decimal", "document"]
KINDS = ("entity", "date", "string", "integer", "decimal", "document")


@dataclass(frozen=True)
class Param:
    name: str
    kind: ParamKind
    doc: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A documented query of the library."""

    name: str
    summary: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: Path | None = None


def _parse(path: Path) -> NamedQuery:
    # each query of the library is read once while its file is unchanged: a query answered in a
    # millisecond spent as long again re-reading and re-parsing all the files (`run_named` calls
    # `library()` each time)
    stat = path.stat()
    return _parse_text(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parse_text(path: Path, mtime_ns: int, size: int) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    summary, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        m = re.match(r"param\s+(\w+)\s*:\s*(\w+)(?:\s*=\s*(\S+))?\s*(.*)", body)
        if m:
            kind = m.group(2)
            if kind not in KINDS:
                raise QueryError(f"{path}: unknown parameter kind {kind!r} (use one of {', '.join(KINDS)})")
            params.append(Param(m.group(1), kind, m.group(4).strip(), m.group(3)))  # type: ignore[arg-type]
        elif not summary and body.startswith(path.stem):
            summary = body[len(path.stem):].lstrip(" :")
    return NamedQuery(path.stem, summary, text, tuple(params), path)


def library(folder: Path = QUERIES) -> dict[str, NamedQuery]:
    """The named queries, by name."""
    return {p.stem: _parse(p) for p in sorted(folder.glob("*.rq"))}


def is_query_name(text: str) -> bool:
    """Whether `text` is meant as the name of a query (one word: no SPARQL text is), known or not.

    Example:
        >>> is_query_name("suporters-of"), is_query_name("SELECT * WHERE { ?s ?p ?o }")
        (True, False)
    """
    return bool(re.fullmatch(r"[\w.-]+", text.strip()))
