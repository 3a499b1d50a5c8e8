"""A progress bar on stderr for long runs: documents done, documents per second, ETA.

The total is counted in a background thread (a folder of 100k files or a JSONL file of a million
lines takes seconds to count), so work starts at once and the ETA appears when the count is in.
"""
from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Task
    from rich.text import Text

REFRESH = 0.25  # seconds between redraws of the bar


def _rate_column() -> Any:
    """A column of documents per second (a class made on first use: rich's import, a fifth of a second,
    is paid only when a bar is drawn, not by `kg build --no-progress` or a build run from a script)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Documents per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} docs/s" if speed else "– docs/s", style="progress.data.speed")

    return RateColumn()


@contextlib.contextmanager
def documents(paths: Iterable[str | Path], *, enabled: bool | None = None,
              label: str = "documents") -> Iterator[Callable[[str], None]]:
    """Show a bar while the block runs; yield the callback to call once per document handled.

    Args:
        paths: the inputs, counted in the background for the total and the ETA.
        enabled: force the bar on or off; by default it shows when stderr is a terminal.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda _doc: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    from .ingest import count

    # redrawn from the documents' callback, not by a thread of rich's own: a process that runs no other
    # thread may fork its workers (kg.parallel), which then start with its pipelines built
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        _rate_column(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=False, auto_refresh=False,
                        # what the command writes to its standard output (kg extract's JSONL) goes where
                        # that points, a file or a pipe; only a terminal's is shown above the bar
                        redirect_stdout=sys.stdout.isatty())
    task = progress.add_task(label, total=None)
    paths = list(paths)
    drawn = [0.0]

    def count_total() -> None:
        with contextlib.suppress(Exception):  # only the ETA depends on it
            progress.update(task, total=count(paths))

    def advance(_doc: str) -> None:
        progress.advance(task)
        now = time.monotonic()
        if now - drawn[0] >= REFRESH:
            drawn[0] = now
            progress.refresh()

    threading.Thread(target=count_total, daemon=True, name="kg-count").start()  # ends when counted
    with progress:
        yield advance
