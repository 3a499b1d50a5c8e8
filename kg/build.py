"""`kg build`: ingest, extract, map, store, then write the Turtle export and the HTML view.

Idempotent and incremental: each document's graph carries the hash of its text
and metadata; an unchanged document costs no extraction, a changed one replaces
its graph, and building twice leaves the graph identical.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .ingest import read
from .model import Document, Extraction
from .ontology import (BUILDS_GRAPH, KG, build_record, derive, document_graph, document_iri, mark_pending,
                       pending_quads)
from .ontology import pending as underived  # `pending` is the documents a build reads
from .outputs import OUTPUTS, STATE, outputs_current
from .parallel import Failed, Mapped, batched, map_batch, run
from .store import Store

if TYPE_CHECKING:
    from .extract import Extractor  # spaCy: imported only when there is something to extract

# A store write is one bulk load, and what it costs is mostly RocksDB merging the files it adds into
# the store, which hardly depends on the size of the load and grows with the store: so a build writes
# few, large loads (on 5,000 articles, loads of about 750 instead of 116-256 cut the store's CPU by
# half). The bulk loader holds about five times the N-Quads it loads in memory, which this bounds.
WRITE_BYTES = 32 * 2**20  # N-Quads per store write: about 750 synthetic articles
# seconds: a slow build writes at least this often, so a kill loses little work. A timer of a few
# seconds made the loads of a build on a busy machine as small as before (165 articles on 20k)
WRITE_EVERY = 30.0
BULK_BYTES = 2**20  # N-Quads of a store write above which it is a bulk load, not a transaction


@dataclass
class BuildReport:
    """What a build did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    relations: int = 0
    # documents of this build that had another's id and were stored under a new one, one line each
    renamed: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.added) + len(self.replaced) + len(self.unchanged)


def content_hash(doc: Document) -> str:
    """SHA-256 of what extraction depends on: text, language, date, title and URL."""
    h = hashlib.sha256()
    for part in (doc.text, doc.lang, doc.published, doc.title, doc.url):
        h.update((part or "").encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def stored_hashes(store: Store) -> dict[str, str]:
    """Document graph IRI -> the content hash it was built from."""
    rows = store.query("SELECT ?g ?h WHERE { GRAPH ?g { ?g kg:contentHash ?h } }", union=False).rows
    return {str(r["g"]): str(r["h"]) for r in rows if r["g"] is not None and r["h"] is not None}


def ingest_into(store: Store, paths: Iterable[str | Path], *, extractor: Extractor | None = None,
                progress: Callable[[str], None] | None = None, jobs: int = 1, dask: str | Any | None = None,
                model: str | None = None, lang: str | None = None,
                derived: Callable[[], bool] | None = None) -> BuildReport:
    """Extract the documents under `paths` that are new or changed and put them in `store`.

    The corpus is streamed: documents are read, extracted (on `jobs` local processes, or on the
    Dask cluster at `dask`) and written in batches, in input order, so memory stays bounded and
    the graph is the same whatever the number of workers.

    Args:
        store: the store to write; only this process writes it.
        paths: files and folders, as for `kg.ingest.read`.
        extractor: the Extractor to use in this process when `jobs` is 1.
        progress: called with each document id once that document is handled.
        jobs: local worker processes.
        dask: a Dask scheduler address or `distributed.Client`.
        model: the spaCy model workers add (`extractor.model` by default).
        lang: the language of documents that do not give theirs (see `kg.ingest.read`).
        derived: tells whether the store's derived facts are known to be current (`outputs_current`):
            then a build that adds and replaces nothing does not recompute them.
    """
    started = datetime.now(timezone.utc)
    report = BuildReport()
    known = stored_hashes(store)
    present = set(store.graphs())
    # what each document sent to the workers is, in order: results come back in the same order
    sent: deque[tuple[str, str, bool]] = deque()

    this_build: dict[str, tuple[str, str]] = {}  # id -> (source, content hash) of the documents read so far

    def pending() -> Iterator[Document]:
        for item in read(paths, lang=lang):
            if isinstance(item, InputError):
                report.errors.append(item)
                if progress:
                    progress(item.source)
                continue
            item, again = _distinct(item, this_build, report)
            if again:  # the same file named twice (`kg build arts arts/a.txt`): one document
                if progress:
                    progress(item.id)
                continue
            iri = str(document_iri(item.id))
            digest = content_hash(item)
            if known.get(iri) == digest:
                report.unchanged.append(item.id)
                if progress:
                    progress(item.id)
                continue
            sent.append((iri, digest, iri in known))
            known[iri] = digest
            yield item

    if model is None and extractor is not None:
        model = extractor.model
    with _Writer(store, present) as writer:
        for result in run(map_batch, batched(pending()), jobs=jobs, dask=dask, model=model, extractor=extractor):
            iri, digest, replaced = sent.popleft()
            if isinstance(result, Failed):
                report.errors.append(InputError(result.id, result.error))
                known.pop(iri, None)
            else:
                writer.add(result, iri, digest)
                report.errors += [InputError(result.id, note) for note in result.failures]
                (report.replaced if replaced else report.added).append(result.id)
                report.relations += result.relations
            if progress:
                progress(result.id)
            if writer.due():
                writer.write()
    if report.added or report.replaced:
        record_build(store, report, pipeline=describe_pipeline(model), started=started)
    # derived facts are recomputed on every build that changed something, so they never outlive their
    # events; claims only where the documents of this build, or of a build killed before its derive,
    # touch them (all of them when nothing changed but the store's derived state is not known to be current)
    changed = [*report.added, *report.replaced]
    if changed:
        derive(store, changed)
    elif derived is None or not derived() or underived(store):
        derive(store)
    store.flush()
    return report


def _distinct(doc: Document, seen: dict[str, tuple[str, str]], report: BuildReport) -> tuple[Document, bool]:
    """`doc` under an id no other document of this build has, and whether it is one already read.

    Two documents with one id (two files with the same `id:` in their front matter, a JSONL line
    repeating another's `doc`) are both kept: the later one as ID~2 (~3, ...), said in one line.
    """
    import dataclasses

    digest = content_hash(doc)
    first = seen.get(doc.id)
    if first is None:
        seen[doc.id] = (doc.source or doc.id, digest)
        return doc, False
    if first[1] == digest:
        return doc, True
    n = 2
    while f"{doc.id}~{n}" in seen:
        n += 1
    new_id = f"{doc.id}~{n}"
    report.renamed.append(f"{doc.id}: the id of both {first[0]} and {doc.source or doc.id}; "
                          f"the second is stored as {new_id}")
    renamed = dataclasses.replace(doc, id=new_id)
    seen[new_id] = (doc.source or new_id, digest)
    return renamed, False


def describe_pipeline(model: str | None = None) -> str:
    """A one-line description of the extraction pipeline, recorded with each build."""
    import spacy

    base = f"spaCy {spacy.__version__}: blank(lang) + sentencizer + gazetteer entity_ruler + kg relation rules"
    return base + (f" + {model}" if model else "")


def record_build(store: Store, report: BuildReport, *, pipeline: str, started: datetime,
                 removed: Iterable[str] = ()) -> None:
    """Add a `kg:Build` activity (tool version, pipeline, times, documents) to the builds graph."""
    from . import __version__

    ended = datetime.now(timezone.utc)
    g = build_record(started=started, ended=ended, version=__version__, pipeline=pipeline,
                     generated=[*report.added, *report.replaced], removed=list(removed))
    body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in g)  # type: ignore[union-attr]
    store.update(f"INSERT DATA {{ GRAPH <{BUILDS_GRAPH}> {{\n{body}\n}} }}")


class _Writer:
    """Write the documents' graphs to the store in large batches, on a thread of its own.

    Each batch is one load (a bulk load, but for a small one), made on a background thread while the build
    goes on extracting (and, with workers, receiving) the next batch; one batch is written at a time, in
    input order.

    A document's content hash says its graph is whole, so it is written only once the graph is in
    the store: the hashes of a batch go into the store with the next batch's graphs (or on their own
    at the end). A build killed at any moment thus leaves no hash on a half-written graph, however
    Oxigraph splits a load, and the next run redoes the documents left without a hash.
    """

    def __init__(self, store: Store, present: set[str]) -> None:
        self.store = store
        self.present = present  # the named graphs in the store
        self.buffer: list[tuple[Mapped, str, str]] = []
        self.size = 0
        # the first document is written at once, so that whoever watches the store (or kills the build)
        # finds the build under way: one small load per build costs little
        self.written: float | None = None
        self.hashes: dict[str, str] = {}  # graph IRI -> hash, for the graphs written without theirs
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-write")
        self._last: Future[None] | None = None

    def add(self, mapped: Mapped, iri: str, digest: str) -> None:
        self.buffer.append((mapped, iri, digest))
        self.size += len(mapped.nquads)

    def due(self) -> bool:
        """Whether the buffer is large enough, or old enough, to be written."""
        if not self.buffer:
            return False
        return self.written is None or self.size >= WRITE_BYTES or time.monotonic() - self.written > WRITE_EVERY

    def write(self) -> None:
        """Hand the buffer to the writing thread, once the batch before it is written."""
        self.wait()
        batch, self.buffer, self.size = self.buffer, [], 0
        self._last = self._thread.submit(self._write, batch)
        self.written = time.monotonic()

    def wait(self) -> None:
        """Wait for the batch being written; raise what writing it raised."""
        if self._last is not None:
            last, self._last = self._last, None
            last.result()

    def _write(self, buffer: list[tuple[Mapped, str, str]]) -> None:
        if not buffer and not self.hashes:
            return
        last = {iri: i for i, (_m, iri, _d) in enumerate(buffer)}  # a document read twice: the last wins
        batch = [b for i, b in enumerate(buffer) if last[b[1]] == i]
        for _m, iri, _d in batch:
            self.hashes.pop(iri, None)  # its graph is about to be replaced: the new one brings its own hash
            if iri in self.present:
                self.store.remove_graph(iri)
        # the graphs' derivation is pending from the load that writes them, before their hashes say they
        # are whole (see `kg.ontology.mark_pending`)
        quads = [pending_quads(iri for _m, iri, _d in batch)]
        quads += [m.nquads for m, _i, _d in batch]
        quads.append(_hash_quads(self.hashes))
        data = b"".join(quads)
        # a small batch (the first document, the last hashes, a few new articles) in one transaction: a bulk
        # load costs a fixed part of a second whatever its size (0.08 s against 0.02 s for 5 articles)
        self.store.load(io.BytesIO(data), "nquads", bulk=len(data) > BULK_BYTES)
        self.present.update(iri for _m, iri, _d in batch)
        self.hashes = {iri: digest for _m, iri, digest in batch}

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None:
                if self.buffer:
                    self.write()  # the last batch,
                self.write()  # then its hashes, once its graphs are in
                self.wait()
            else:
                # stopped by an error: still mark done the graphs already whole, and let the error through
                with contextlib.suppress(Exception):
                    self.wait()
                with contextlib.suppress(Exception):
                    self._write([])
        finally:
            self._thread.shutdown(wait=True)


def _hash_quads(hashes: dict[str, str]) -> bytes:
    return "".join(f'<{iri}> <{KG.contentHash}> "{digest}" <{iri}> .\n' for iri, digest in hashes.items()).encode()


def store_extraction(store: Store, extraction: Extraction, digest: str | None = None) -> None:
    """Replace the document's named graph with the graph of `extraction`."""
    g = document_graph(extraction, content_hash=digest or content_hash(extraction.document))
    store.replace_graph(g)


def remove_document(store: Store, doc_id: str) -> bool:
    """Retract everything a document contributed and recompute the derived facts; return whether it was there."""
    started = datetime.now(timezone.utc)
    iri = document_iri(doc_id)
    if not store.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": iri}, union=False).boolean:
        return False
    mark_pending(store, [doc_id])  # a kill before derive: the next build still retracts its claims
    store.remove_graph(str(iri))
    record_build(store, BuildReport(), pipeline="remove", started=started, removed=[doc_id])
    derive(store, [doc_id])
    return True


def write_outputs(store: Store, out: Path) -> list[Path]:
    """Write out/graph.ttl and out/graph.html from the store, each atomically."""
    from .atomic import replacing, write_text
    from .store import mark_changed, state
    from .viz import alliance_graph, render

    out.mkdir(parents=True, exist_ok=True)
    (out / STATE).unlink(missing_ok=True)  # until both are written
    ttl = out / OUTPUTS[0]
    with replacing(ttl) as f:
        store.dump(f, "turtle")
    html = render(alliance_graph(store), out / OUTPUTS[1])
    if store.location is not None:
        write_text(out / STATE, (state(store.location) or mark_changed(store.location)) + "\n")
    return [ttl, html]


__all__ = ["BuildReport", "content_hash", "ingest_into", "outputs_current", "remove_document", "write_outputs"]
