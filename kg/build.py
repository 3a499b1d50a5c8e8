"""`kg build`: ingest, extract, map, store, then write the Turtle export and the HTML view.

Idempotent and incremental: each document's graph carries the hash of its text
and metadata; an unchanged document costs no extraction, a changed one replaces
its graph, and building twice leaves the graph identical.
"""
from __future__ import annotations

import hashlib
import io
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import InputError
from .extract import Extractor
from .ingest import read
from .model import Document, Extraction
from .ontology import BUILDS_GRAPH, KG, build_record, derive, document_graph, document_iri
from .parallel import Failed, Mapped, batched, map_batch, run
from .store import Store

WRITE_BATCH = 256  # documents per store write: one load for many small graphs
WRITE_EVERY = 2.0  # seconds: a slow build writes at least this often, so a kill loses little work
# Oxigraph keeps transactional writes (the content hashes; graphs go through the bulk loader) in
# memory until a flush: flushing every this many documents keeps a build of 100k articles in bounded memory
FLUSH_EVERY = 1000


@dataclass
class BuildReport:
    """What a build did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    relations: int = 0

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
                model: str | None = None) -> BuildReport:
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
    """
    started = datetime.now(timezone.utc)
    report = BuildReport()
    known = stored_hashes(store)
    present = set(store.graphs())
    # what each document sent to the workers is, in order: results come back in the same order
    sent: deque[tuple[str, str, bool]] = deque()

    def pending() -> Iterator[Document]:
        for item in read(paths):
            if isinstance(item, InputError):
                report.errors.append(item)
                if progress:
                    progress(item.source)
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
    buffer: list[tuple[Mapped, str, str]] = []
    written = time.monotonic()
    unflushed = 0
    for result in run(map_batch, batched(pending()), jobs=jobs, dask=dask, model=model, extractor=extractor):
        iri, digest, replaced = sent.popleft()
        if isinstance(result, Failed):
            report.errors.append(InputError(result.id, result.error))
            known.pop(iri, None)
        else:
            buffer.append((result, iri, digest))
            (report.replaced if replaced else report.added).append(result.id)
            report.relations += result.relations
        if progress:
            progress(result.id)
        if len(buffer) >= WRITE_BATCH or (buffer and time.monotonic() - written > WRITE_EVERY):
            unflushed += len(buffer)
            _write(store, buffer, present)
            written = time.monotonic()
            if unflushed >= FLUSH_EVERY:
                store.flush()
                unflushed = 0
    _write(store, buffer, present)
    if report.added or report.replaced:
        record_build(store, report, pipeline=describe_pipeline(model), started=started)
    # derived facts are recomputed from scratch on every build, so they never outlive their events
    derive(store)
    store.flush()
    return report


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


def _write(store: Store, buffer: list[tuple[Mapped, str, str]], present: set[str]) -> None:
    """Write a batch of document graphs, then their content hashes, and empty `buffer`.

    The hashes go last and separately: a build killed in between leaves graphs with no hash,
    which the next run sees as not built, removes and redoes.
    """
    if not buffer:
        return
    last = {iri: i for i, (_m, iri, _d) in enumerate(buffer)}  # a document read twice: the last wins
    batch = [b for i, b in enumerate(buffer) if last[b[1]] == i]
    for _m, iri, _d in batch:
        if iri in present:
            store.remove_graph(iri)
    # the bulk loader takes half the parent's CPU of a transaction and leaves nothing to flush: with
    # every core extracting, the parent's writes are what caps the speed-up. Each call ingests its
    # files in one step, and the hashes follow in a transaction of their own, as before.
    store.load(io.BytesIO(b"".join(m.nquads for m, _i, _d in batch)), "nquads", bulk=True)
    store.load(io.BytesIO("".join(f'<{iri}> <{KG.contentHash}> "{digest}" <{iri}> .\n'
                                  for _m, iri, digest in batch).encode("utf-8")), "nquads")
    present.update(iri for _m, iri, _d in batch)
    buffer.clear()


def store_extraction(store: Store, extraction: Extraction, digest: str | None = None) -> None:
    """Replace the document's named graph with the graph of `extraction`."""
    g = document_graph(extraction, content_hash=digest or content_hash(extraction.document))
    store.replace_graph(g)


def remove_document(store: Store, doc_id: str) -> bool:
    """Retract everything a document contributed and recompute the derived facts; return whether it was there."""
    started = datetime.now(timezone.utc)
    if not store.remove_graph(str(document_iri(doc_id))):
        return False
    record_build(store, BuildReport(), pipeline="remove", started=started, removed=[doc_id])
    derive(store)
    return True


def write_outputs(store: Store, out: Path) -> list[Path]:
    """Write out/graph.ttl and out/graph.html from the store, each atomically."""
    from .atomic import replacing
    from .viz import alliance_graph, render

    out.mkdir(parents=True, exist_ok=True)
    ttl = out / "graph.ttl"
    with replacing(ttl) as f:
        store.dump(f, "turtle")
    html = render(alliance_graph(store), out / "graph.html")
    return [ttl, html]


__all__ = ["BuildReport", "content_hash", "ingest_into", "remove_document", "write_outputs"]
