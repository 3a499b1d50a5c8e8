"""`kg build`: ingest, extract, map, store, then write the Turtle export and the HTML view.

Idempotent and incremental: each document's graph carries the hash of its text
and metadata; an unchanged document costs no extraction, a changed one replaces
its graph, and building twice leaves the graph identical.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


from .errors import InputError
from .extract import Extractor
from .ingest import read
from .model import Document, Extraction
from .ontology import document_graph, document_iri
from .store import Store


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
                progress: Callable[[str], None] | None = None) -> BuildReport:
    """Extract the documents under `paths` that are new or changed and put them in `store`."""
    extractor = extractor or Extractor()
    report = BuildReport()
    known = stored_hashes(store)
    for item in read(paths):
        if isinstance(item, InputError):
            report.errors.append(item)
            continue
        iri = str(document_iri(item.id))
        digest = content_hash(item)
        if known.get(iri) == digest:
            report.unchanged.append(item.id)
            continue
        extraction = extractor.extract(item)
        store_extraction(store, extraction, digest)
        (report.replaced if iri in known else report.added).append(item.id)
        report.relations += len(extraction.relations)
        known[iri] = digest
        if progress:
            progress(item.id)
    store.flush()
    return report


def store_extraction(store: Store, extraction: Extraction, digest: str | None = None) -> None:
    """Replace the document's named graph with the graph of `extraction`."""
    g = document_graph(extraction, content_hash=digest or content_hash(extraction.document))
    store.replace_graph(g)


def remove_document(store: Store, doc_id: str) -> bool:
    """Retract everything a document contributed; return whether it was in the store."""
    return store.remove_graph(str(document_iri(doc_id)))


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
