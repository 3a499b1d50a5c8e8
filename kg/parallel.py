"""Run extraction on every local core or on a Dask cluster, with results in input order.

The parent reads the corpus and writes the store; workers only extract (and, for a build, map to
RDF and serialise to N-Quads, so that the parent's share of the work stays small). Batches go out
through a bounded window, so memory stays flat however large the corpus: at most `window` batches
are in flight, and results come back in the order the documents were read, whatever the number
of workers, so `--jobs` never changes the output.
"""
from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .model import Document, Extraction

if TYPE_CHECKING:
    from .extract import Extractor

T = TypeVar("T")
R = TypeVar("R")
BATCH = 16  # documents per task: large enough to amortise pickling, small enough to balance the load
# batches in flight: enough that the workers stay busy while the parent is held up (kg.build writes the
# store on a thread of its own, but waits for it when it falls behind), few enough that memory stays
# flat (about 1 MB each)
WINDOW = 24
# batches a sharing process (`kg extract`) runs alone before it starts workers: a small input is done in
# less time than a worker takes to start (seconds)
ALONE = 32
# characters of text below which an input is extracted in this process, whatever --jobs says: a worker
# takes a second or two to start (spaCy's import, then each language's pipeline from the disk cache),
# longer than this takes to extract here (the 50 dev articles are 90,000 characters)
SMALL = 1_000_000


@dataclass(frozen=True)
class Failed:
    """A document the extractor raised on: a bug to report, but the batch goes on."""

    id: str
    error: str


@dataclass(frozen=True)
class Mapped:
    """One document extracted and mapped by a worker: its graph as N-Quads, ready for the store."""

    id: str
    relations: int
    nquads: bytes
    failures: tuple[str, ...] = ()  # sentences not read (Extraction.failure_notes); the rest is in nquads


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@functools.lru_cache(maxsize=4)
def _extractor(model: str | None) -> Extractor:
    # one Extractor per worker process (and model), built on first use: its spaCy pipelines are cached
    from .extract import Extractor

    return Extractor(model)


def _guarded(fn: Callable[[Document], R], doc: Document) -> R | Failed:
    try:
        return fn(doc)
    except Exception as e:  # noqa: BLE001 - one bad article must not stop a build of 100k
        where = traceback.extract_tb(e.__traceback__)[-1]
        return Failed(doc.id, f"extraction failed ({type(e).__name__}: {e} at "
                              f"{os.path.basename(where.filename)}:{where.lineno}); please report it")


def extract_batch(docs: list[Document], model: str | None = None,
                  extractor: Extractor | None = None) -> list[Extraction | Failed]:
    """Extract each document (a worker's task for `kg extract`)."""
    ex = extractor or _extractor(model)
    return [_guarded(ex.extract, d) for d in docs]


def map_batch(docs: list[Document], model: str | None = None,
              extractor: Extractor | None = None) -> list[Mapped | Failed]:
    """Extract each document and serialise its named graph as N-Quads (a worker's task for `kg build`).

    The content hash is left out: the parent writes it after the graph, so a build killed part-way
    leaves no hash on a half-written graph, and the next run redoes that document.
    """
    from .ontology import document_graph
    from .store import to_ox
    import pyoxigraph as ox

    ex = extractor or _extractor(model)

    def one(doc: Document) -> Mapped:
        extraction = ex.extract(doc)
        g = document_graph(extraction)
        name = ox.NamedNode(str(g.identifier))
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in g]  # type: ignore[arg-type]
        return Mapped(doc.id, len(extraction.relations), ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
                      tuple(extraction.failure_notes()))

    return [_guarded(one, d) for d in docs]


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """Cut `items` into lists of `size` (the last one shorter).

    Example:
        >>> list(batched(range(5), 2))
        [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run(task: Callable[..., list[R]], batches: Iterable[list[Document]], *, jobs: int = 1,
        dask: str | Any | None = None, model: str | None = None,
        extractor: Extractor | None = None, share: bool = False, alone: int = ALONE,
        small: int | None = None) -> Iterator[R]:
    """Apply `task` (`extract_batch` or `map_batch`) to each batch; yield the results in input order.

    Args:
        task: a module-level function taking (batch, model), so that workers can unpickle it.
        batches: lists of documents, consumed lazily.
        jobs: local worker processes; 1 runs in this process with `extractor`.
        dask: the address of a Dask scheduler (tcp://host:8786) or a `distributed.Client`.
        model: the spaCy model each worker's Extractor adds.
        share: this process is one of the `jobs` and extracts too (`kg extract`, whose process has
            nothing else to do): `alone` batches before it starts workers, then while they start (seconds),
            then whenever they have work queued. `kg build` keeps its process for the store.
        small: an input of fewer characters than this (default SMALL) is extracted in this process, and
            no worker is started: it would take longer to start than the whole input takes here.
    """
    batches = iter(batches)
    head = list(itertools.islice(batches, 2))
    if len(head) < 2 and dask is None:
        jobs = 1  # one batch: starting workers (seconds) would cost more than it saves
    elif jobs > 1 and dask is None:
        limit = SMALL if small is None else small
        size = sum(len(d.text) for batch in head for d in batch)
        while size < limit:  # read ahead (at most `limit` characters) to see whether the input is small
            batch = next(batches, None)
            if batch is None:
                jobs = 1
                break
            head.append(batch)
            size += sum(len(d.text) for d in batch)
    batches = itertools.chain(head, batches)
    if dask is not None:
        yield from _run_dask(task, batches, dask, model)
    elif jobs <= 1:
        for batch in batches:
            yield from task(batch, model, extractor)
    else:
        if share:
            for batch in itertools.islice(batches, alone):
                yield from task(batch, model, extractor)
            head = list(itertools.islice(batches, 1))
            if not head:
                return  # all done here: no worker started
            batches = itertools.chain(head, batches)
        ctx = _context(share)
        # forked workers start at once, with the pipelines built: they do all the extracting and this
        # process hands out and collects (extracting too, it would hold the interpreter lock its own
        # threads need to feed the workers)
        share = share and ctx.get_start_method() != "fork"
        workers = jobs - 1 if share else jobs
        local = functools.partial(task, model=model, extractor=extractor) if share else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            # sharing, this process may run ahead of the workers' first results while they start
            window = max(WINDOW, 2 * jobs + 2) * (8 if share else 1)
            yield from _ordered(pool, task, batches, model, window=window, local=local, workers=workers)


def _context(share: bool) -> multiprocessing.context.BaseContext:
    """How workers start.

    A sharing process (`kg extract`) that runs no other thread is forked: its workers begin with the
    pipelines it has built while extracting alone, at once, where a fresh worker takes seconds to build
    them (longer than a million words take to extract). Otherwise from a fork server: a clean process,
    not a copy of one whose other threads (a progress bar, a store's background flush) may hold locks.
    """
    # macOS's system libraries are not safe to use in a forked child (Python spawns there by default)
    if share and threading.active_count() == 1 and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["kg.parallel", "kg.extract", "kg.ontology", "kg.extract.preload"])
    return ctx


def _ordered(pool: Executor, task: Callable[..., list[R]], batches: Iterable[list[Document]],
             model: str | None, window: int, local: Callable[[list[Document]], list[R]] | None = None,
             workers: int = 1) -> Iterator[R]:
    """Submit each batch to `pool`, or run it with `local` in this process when the pool has two per
    worker queued; yield the results in input order, with at most `window` batches in flight."""
    pending: deque[Future[list[R]] | list[R]] = deque()
    for batch in batches:
        queued = sum(1 for p in pending if isinstance(p, Future) and not p.done())
        pending.append(local(batch) if local is not None and queued >= 2 * workers else
                       pool.submit(task, batch, model))
        while pending and (not isinstance(pending[0], Future) or pending[0].done() or len(pending) >= window):
            yield from _result(pending.popleft())
    while pending:
        yield from _result(pending.popleft())


def _result(item: Future[list[R]] | list[R]) -> list[R]:
    return item.result() if isinstance(item, Future) else item


def _run_dask(task: Callable[..., list[R]], batches: Iterable[list[Document]], dask: str | Any,
              model: str | None) -> Iterator[R]:
    from .errors import KgError

    try:
        from distributed import Client
    except ImportError:
        raise KgError("--dask needs dask.distributed: pip install 'kg[dask]'") from None
    own = isinstance(dask, str)
    try:
        client = Client(dask, timeout=5) if own else dask
    except (OSError, TimeoutError) as e:
        raise KgError(f"cannot reach the Dask scheduler at {dask} ({e}); start one with "
                      "`dask scheduler` and workers with `dask worker ADDRESS`") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[Any] = deque()
        # pure=False: two identical batches are still two tasks (Dask would otherwise share one result)
        for batch in batches:
            pending.append(client.submit(task, batch, model, pure=False))
            if len(pending) >= 4 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        if own:
            client.close()


__all__ = ["BATCH", "Failed", "Mapped", "batched", "default_jobs", "extract_batch", "map_batch", "run"]
