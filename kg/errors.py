"""Errors a user can fix, each a one-line message that says what to do next."""
from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base of every error that reaches the user as one line (cli.py turns it into an exit code)."""


class InputError(KgError):
    """An input file or record could not be read; the rest of the batch goes on."""

    def __init__(self, source: str | Path, reason: str) -> None:
        self.source, self.reason = str(source), reason
        super().__init__(f"{self.source}: {reason}")


class OutputError(KgError):
    """An output file or folder cannot be written (a file where a folder should be, no permission, /proc)."""

    def __init__(self, path: str | Path, error: OSError) -> None:
        self.path, self.error = str(path), error
        reason = error.strerror or type(error).__name__
        super().__init__(f"{self.path}: cannot write here ({reason}); pass another --out or -o")


class StoreError(KgError):
    """The store could not be opened, locked or written."""


class StoreLocked(StoreError):
    def __init__(self, path: str | Path, served: str | None = None) -> None:
        self.path, self.served = str(path), served
        if served:
            super().__init__(f"{self.path} is served by `kg serve --writable`; build into the served store with "
                             f"--store {served}, or stop the server first")
            return
        super().__init__(f"{self.path} is in use by another kg process; wait for it to finish or pass another --store")


class QueryError(KgError):
    """A SPARQL query or one of its parameters is invalid."""


class UnknownQuery(QueryError):
    def __init__(self, name: str, known: list[str]) -> None:
        import difflib

        self.name, self.known = name, known
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        super().__init__(f"no named query {name!r}; {hint}`kg query --list` shows the {len(known)} there are")


class ModelError(KgError):
    """A spaCy model given with --model is not installed or unusable."""


class UnknownActor(KgError):
    """An actor id that is not in the graph (after filters)."""

    def __init__(self, actor: str, close: list[str], *, ambiguous: bool = False) -> None:
        self.actor, self.close = actor, close
        if ambiguous:
            super().__init__(f"{actor!r} names several actors: {', '.join(close)}; give one of these ids")
            return
        hint = f"did you mean {', '.join(close)}? " if close else ""
        super().__init__(f"no actor {actor!r} in the graph; {hint}"
                         "use an id (RUS, NATO, kim-jong-un) or a name in any of the five languages")


class AtopError(KgError):
    """The ATOP file cannot be read or lacks the member-level columns."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}; pass the ATOP member-level CSV (atop-member-level.csv, "
                         "from http://www.atopdata.org/)")
