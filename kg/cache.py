"""A folder of things that take seconds to build and milliseconds to read, kept between runs.

What the extractor builds from the data files (the gazetteer, each language's compiled tokenizer
regexes and tokenized gazetteer patterns: `kg.extract.cached`) is pickled here under a key that
digests everything it was built from, so a changed input is a new key and a stale entry is never
read. The folder is `$KG_CACHE_DIR`, else `$XDG_CACHE_HOME/kg`, else `~/.cache/kg`; if that cannot
be written, a private folder in the system's temporary folder; if neither can, nothing is cached
and every run builds what it needs in memory, as if the cache were cold. `KG_CACHE_DIR=off` turns
the cache off.

An entry is written to a temporary file and renamed, so a reader sees it whole or not at all (two
processes building the same entry write the same bytes; the last rename wins). An entry that
cannot be read (truncated by a crash, written by another Python) counts as missing and is rebuilt.
Each name keeps its few most recently written keys (two checkouts with different data sharing one
folder do not evict each other at every run); older ones are removed.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ENV = "KG_CACHE_DIR"
FORMAT = 1  # of the files: a new format is a new file name, never a misread
KEEP = 4  # keys kept per name
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_MISSING = object()


@functools.lru_cache(maxsize=1)
def folder() -> Path | None:
    """The cache folder, created if needed; None if no folder can be written (nothing is cached)."""
    chosen = os.environ.get(ENV)
    if chosen is not None and chosen.strip().lower() in ("", "off", "0", "no", "none"):
        return None
    if chosen:
        preferred = Path(chosen).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or ""
        preferred = (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "kg"
    if _writable(preferred):
        return preferred
    uid = os.getuid() if hasattr(os, "getuid") else 0
    fallback = Path(tempfile.gettempdir()) / f"kg-cache-{uid}"
    if _writable(fallback) and _private(fallback):
        return fallback
    return None


def _writable(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK)


def _private(path: Path) -> bool:
    """Is `path` ours and closed to others? A shared temporary folder must not hand us another's pickles."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    own = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return own and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def digest(*parts: str | bytes, files: Iterable[Path] = ()) -> str:
    """SHA-256 of `parts` and of the name (with its folder's) and content of each of `files` (a missing
    file counts too). Not the full path: two checkouts with the same data share their entries."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\x00")
    for f in files:
        h.update(f"{f.parent.name}/{f.name}".encode("utf-8"))
        try:
            h.update(b"\x01" + f.read_bytes())
        except OSError:
            h.update(b"\x02")
        h.update(b"\x00")
    return h.hexdigest()


def path(name: str, key: str) -> Path | None:
    """Where the entry `name` of `key` lives; None without a cache folder or for a name unfit for a file."""
    root = folder()
    if root is None or not _NAME.fullmatch(name):
        return None
    return root / f"{name}.{key[:40]}.v{FORMAT}.pickle"


def load(name: str, key: str) -> Any:
    """The entry `name` of `key`, or `MISSING`."""
    where = path(name, key)
    if where is None:
        return _MISSING
    try:
        with open(where, "rb") as f:
            stored_key, value = pickle.load(f)
    except FileNotFoundError:
        return _MISSING
    except Exception:  # noqa: BLE001 - truncated, or written by another version: rebuilt
        with contextlib.suppress(OSError):
            where.unlink()
        return _MISSING
    if stored_key != key:
        return _MISSING
    with contextlib.suppress(OSError):
        os.utime(where)  # recently used: kept when older keys are removed
    return value


def save(name: str, key: str, value: object) -> bool:
    """Write the entry atomically; False if it could not be written (the run goes on without it)."""
    where = path(name, key)
    if where is None:
        return False
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{where.name}.", suffix=".tmp", dir=where.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where)
        tmp = None
    except Exception:  # noqa: BLE001 - a full disk, an unpicklable value: the run goes on without it
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _prune(where.parent, name)
    return True


def _prune(root: Path, name: str) -> None:
    """Keep the KEEP most recently used keys of `name`; remove temporary files left by killed writers."""
    with contextlib.suppress(OSError):
        entries = sorted(root.glob(f"{name}.*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
        for tmp in root.glob(f".{name}.*.tmp"):
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink()


MISSING = _MISSING


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The entry `name` of `key` from the disk, or built by `build()` and written for the next run."""
    value = load(name, key)
    if value is _MISSING:
        value = build()
        save(name, key, value)
    return value  # type: ignore[no-any-return]


def clear() -> None:
    """Forget the folder chosen (tests change the environment)."""
    folder.cache_clear()


if __name__ == "__main__":  # pragma: no cover - `python -m kg.cache` says where it is
    print(folder() or "no cache folder (nothing is cached)", file=sys.stdout)
