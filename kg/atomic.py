"""Write output files whole or not at all: to a temporary file beside the target, then rename.

A process killed mid-write (SIGKILL, power loss) leaves the old file intact and, at worst, its
temporary file `.NAME.PID.*.tmp`; the next write to NAME removes temporaries of dead processes.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError


@contextlib.contextmanager
def replacing(path: str | Path, mode: str = "wb") -> Iterator[IO[bytes]]:
    """Open a temporary file beside `path`; on success it replaces `path`, on error it is removed."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(target, IsADirectoryError(21, "a folder, not a file"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise OutputError(target, e) from e
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, mode) as f:
            yield f  # type: ignore[misc]
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)  # the rename itself must survive a crash
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_writable(folder: str | Path) -> Path:
    """Make `folder` (and its parents) and check a file can be written in it, before any work is done.

    Raises:
        OutputError: it is a file, lies under one, or cannot be written (permissions, /proc, a full disk).
    """
    folder = Path(folder)
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(folder, NotADirectoryError(20, f"{blocker} is a file, not a folder"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kg-probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(folder, e) from e
    return folder


def write_text(path: str | Path, text: str) -> None:
    """Write `text` to `path` atomically, in UTF-8."""
    with replacing(path, "wb") as f:
        f.write(text.encode("utf-8"))


def remove_stale(target: Path) -> list[Path]:
    """Remove temporary files left beside `target` by writers that have died; return them."""
    removed = []
    for tmp in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        pid = tmp.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def glob_escape(name: str) -> str:
    """`name` with glob's special characters made literal.

    Example:
        >>> glob_escape("graph[1].ttl")
        'graph[[]1].ttl'
    """
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
