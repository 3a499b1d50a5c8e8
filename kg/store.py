"""The graph store: an embedded Oxigraph store on disk (default), in memory, or a remote SPARQL endpoint.

pyoxigraph is used directly: bulk loads, SPARQL with parameters bound as RDF
terms (never pasted into the query text), large results and dumps run in Rust,
not in rdflib's Python layer. `Store.rdflib_dataset()` gives the same store to
rdflib code through oxrdflib. Each document lives in its own named graph, so a
changed article replaces its graph and `remove` retracts it whole.

`Store("http://host:7878")` (any http or https URL) opens a `kg.remote.RemoteStore`
instead: the same API over the SPARQL 1.1 Protocol and Graph Store Protocol.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Literal as TypingLiteral

import pyoxigraph as ox

from .errors import QueryError, StoreError, StoreLocked

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Identifier

    Term = Identifier  # at run time too, from rdflib when asked for (`__getattr__`)
RDFFormat = TypingLiteral["turtle", "trig", "nquads", "ntriples", "jsonld", "xml"]
ResultsFormat = TypingLiteral["csv", "tsv", "json", "xml"]
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
}
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
}
PREFIXES = {
    "kg": "https://w3id.org/kg-alliances#", "id": "https://w3id.org/kg-alliances/id/",
    "prov": "http://www.w3.org/ns/prov#", "schema": "https://schema.org/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#", "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    # every prefix kg's output prints is declared, so a row's `doc:...` can be pasted back into a query
    "doc": "https://w3id.org/kg-alliances/doc/", "event": "https://w3id.org/kg-alliances/event/",
    "graph": "https://w3id.org/kg-alliances/graph/", "cameo": "https://w3id.org/kg-alliances/code/cameo/",
    "plover": "https://w3id.org/kg-alliances/code/plover/", "atop": "https://w3id.org/kg-alliances/code/atop/",
    "treaty": "https://w3id.org/kg-alliances/treaty/", "claim": "https://w3id.org/kg-alliances/claim/",
}


@functools.cache
def _rdflib() -> ModuleType:
    """rdflib, imported when a term is first converted: writing, dumping and exporting the store in Rust
    (`kg export`) need none of it, and its import takes 0.1-0.2 s."""
    import rdflib

    return rdflib


def __getattr__(name: str) -> object:
    if name == "Term":  # `from kg.store import Term`: rdflib's, imported then
        return _rdflib().term.Identifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class QueryResult:
    """A SELECT result (variables and rows of rdflib terms), an ASK answer, or a CONSTRUCT graph."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    rdf = _rdflib()
    if isinstance(term, rdf.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdf.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdf.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Term | None:
    """A pyoxigraph term as an rdflib term."""
    if term is None:
        return None
    rdf = _rdflib()
    if isinstance(term, ox.NamedNode):
        return rdf.URIRef(term.value)  # type: ignore[no-any-return]
    if isinstance(term, ox.BlankNode):
        return rdf.BNode(term.value)  # type: ignore[no-any-return]
    if isinstance(term, ox.Literal):
        if term.language:
            return rdf.Literal(term.value, lang=term.language)  # type: ignore[no-any-return]
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return rdf.Literal(term.value)  # type: ignore[no-any-return]
        return rdf.Literal(term.value, datatype=rdf.URIRef(dt))  # type: ignore[no-any-return]
    raise TypeError(f"not an RDF term: {term!r}")


def is_remote(location: str | Path | None) -> bool:
    """Whether `location` names a SPARQL endpoint rather than a folder.

    Example:
        >>> is_remote("http://127.0.0.1:7878"), is_remote("output/store")
        (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def to_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """A pyoxigraph query result (local or parsed from an endpoint's answer) as a QueryResult."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        # results repeat the same actors, articles and types on many rows, and building an rdflib term
        # (a Literal parses its value) costs far more than a dict look-up: convert each term once
        # (a solution iterates its values in the order of the variables, None where unbound: half the
        # time of looking each variable up by name, which was as long as the query on 76k rows)
        # (one look-up per term: hashing a pyoxigraph term and comparing it are calls into Rust, so `t in
        # seen` then `seen[t]` cost twice that)
        seen: dict[object, Term | None] = {None: None}
        get = seen.get
        rows = []
        for sol in result:
            values = []
            for t in sol:
                v = get(t, seen)
                if v is seen:
                    v = seen[t] = from_ox(t)
                values.append(v)
            rows.append(dict(zip(names, values)))
        return QueryResult(variables=names, rows=rows)
    g: Graph = _rdflib().Graph()
    for k, v in PREFIXES.items():
        g.bind(k, v)
    for t in result:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
    return QueryResult(graph=g)


def write_triples(triples: Iterable[ox.Triple], out: IO[bytes], fmt: str) -> None:
    """Write a CONSTRUCT result: JSON-LD when JSON was asked for, Turtle otherwise."""
    f = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
    ox.serialize(triples, out, f, prefixes=PREFIXES if f is ox.RdfFormat.TURTLE else None)


class Store:
    """A dataset of named graphs, one per source document.

    Args:
        location: a folder for the embedded store (created if needed), None for memory, or the
            http(s) URL of a SPARQL 1.1 endpoint (then a `kg.remote.RemoteStore` is made).
        wait: seconds to wait for another kg process holding the store; 0 refuses at once.
        read_only: open without taking the writer's lock (queries, exports, a served store).
    """

    location: Path | None

    def __new__(cls, location: str | Path | None = None, **kwargs: object) -> Store:
        # like pathlib.Path picking PosixPath: callers open any store the same way
        if cls is Store and is_remote(location):
            from .remote import RemoteStore
            return super().__new__(RemoteStore)
        return super().__new__(cls)

    def __init__(self, location: str | Path | None = None, *, wait: float = 0.0, read_only: bool = False) -> None:
        self.location = Path(location) if location is not None else None
        self._lock: IO[str] | None = None
        self._marked = False  # whether this Store has changed the store's state token (see `mark_changed`)
        if self.location is None:
            self._ox = ox.Store()
            return
        try:
            self.location.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            from .errors import OutputError
            raise OutputError(self.location, e) from e
        if not read_only:
            self._lock = _acquire(self.location.with_name(self.location.name + ".lock"), wait)
        try:
            self._ox = ox.Store.read_only(str(self.location)) if read_only else ox.Store(str(self.location))
        except OSError as e:
            self.close()
            if "lock" in str(e).lower():
                raise StoreLocked(self.location) from e
            raise StoreError(f"{self.location}: cannot open the store ({e})") from e

    # -- writing -------------------------------------------------------------------------------

    def replace_graph(self, graph: Graph) -> None:
        """Put `graph` in the store as the named graph `graph.identifier`, replacing what was there.

        Each step is a transaction of its own. A graph that carries its own content hash (as
        `kg.build.store_extraction` writes one) is thus whole or absent after a crash, and an absent one
        is redone by the next run. `kg build` itself bulk-loads its batches (see `kg.build._Writer`).
        """
        self._changing()
        name = ox.NamedNode(str(graph.identifier))
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in graph]  # type: ignore[arg-type]
        if self._ox.contains_named_graph(name):
            self._ox.remove_graph(name)
        self._ox.extend(quads)
        self._ox.add_graph(name)

    def load(self, source: str | Path | IO[bytes], fmt: RDFFormat = "turtle", *, graph: str | None = None,
             bulk: bool = False) -> None:
        """Bulk-load an RDF file in Rust, without building rdflib objects (large files, the benchmark).

        Args:
            source: a file path or a binary stream.
            fmt: its format; quad formats keep their graphs.
            graph: the named graph that receives the triples of a triple format (default graph if None).
            bulk: load a stream with Oxigraph's bulk loader too (as a file always is): about half the
                CPU of a transaction and nothing left to flush, but readers of the store at that moment
                may see part of it. The build uses it for its batches, which nobody else reads.
        Raises:
            StoreError: the data does not parse.
        """
        self._changing()
        to_graph = ox.NamedNode(graph) if graph else None
        try:
            if isinstance(source, (str, Path)):
                # a file: Oxigraph's bulk loader writes sorted files straight into the store
                self._ox.bulk_load(path=str(source), format=FORMATS[fmt], to_graph=to_graph)
            elif bulk:
                self._ox.bulk_load(source.read(), FORMATS[fmt], to_graph=to_graph)
            else:
                # a stream (a batch of documents from the build): one transaction, all or nothing
                self._ox.load(source, FORMATS[fmt], to_graph=to_graph)
        except SyntaxError as e:
            raise StoreError(f"{source}: not valid {fmt} ({str(e).splitlines()[0]})") from e

    def remove_graph(self, iri: str) -> bool:
        """Retract the named graph `iri`; return whether it was there."""
        self._changing()
        name = ox.NamedNode(iri)
        if not self._ox.contains_named_graph(name):
            return False
        self._ox.remove_graph(name)
        return True

    def _changing(self) -> None:
        """Before the first write of this Store: a new state token, so that what was written from the
        store before (OUT/graph.ttl) is known to be older than it."""
        if not self._marked and self.location is not None:
            mark_changed(self.location)
            self._marked = True

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def flush(self) -> None:
        """Write what is buffered to disk (an embedded store on disk only)."""
        if self.location is not None:
            self._ox.flush()

    # -- reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ox)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True) -> QueryResult:
        """Run a SPARQL query; `bindings` are bound to variables as RDF terms, not pasted into the text.

        Args:
            sparql: the query text.
            bindings: variable name (without ?) -> rdflib term.
            union: query the union of all named graphs as the default graph.
        Raises:
            QueryError: the query does not parse.
        """
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            result = self._ox.query(sparql, use_default_graph_as_union=union, substitutions=subs or None,
                                    prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {str(e).splitlines()[0]}") from None
        except RuntimeError as e:
            # e.g. a bound variable that the query does not project: SEP-0007 substitution needs it there
            raise QueryError(f"query cannot run: {str(e).splitlines()[0]}") from None
        return to_result(result)

    def query_strings(self, sparql: str, *, union: bool = True) -> list[dict[str, str]]:
        """Run a SELECT query; each row maps its variables to the text of their values ("" when unbound).

        The answer is serialized as SPARQL CSV in Rust and read by Python's csv module, with no term built:
        for code that reads values as text from large answers (the claims behind the views), where building a
        Python term for each value took more than half of `kg analyze` on 10,000 generated articles.
        """
        import csv

        buf = io.BytesIO()
        self.query_to(buf, sparql, fmt="csv", union=union)
        reader = csv.reader(io.StringIO(buf.getvalue().decode("utf-8"), newline=""))
        names = next(reader, [])
        return [dict(zip(names, row)) for row in reader]

    def query_to(self, out: IO[bytes], sparql: str, bindings: dict[str, Term] | None = None,
                 fmt: ResultsFormat = "json", *, union: bool = True) -> None:
        """Run a query and write its result in a W3C results format, serialized in Rust.

        No rdflib term is built, so this is the path for large results. SELECT and ASK results are
        written as SPARQL 1.1 CSV, TSV, JSON or XML; CONSTRUCT results as Turtle (JSON-LD for json).
        """
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            result = self._ox.query(sparql, use_default_graph_as_union=union, substitutions=subs or None,
                                    prefixes=PREFIXES)
            if isinstance(result, ox.QueryTriples):
                write_triples(result, out, fmt)
            else:
                result.serialize(out, RESULTS_FORMATS[fmt])
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {str(e).splitlines()[0]}") from None
        except RuntimeError as e:
            raise QueryError(f"query cannot run: {str(e).splitlines()[0]}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (used by the derivation rules of ontology/rules/)."""
        self._changing()
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(f"SPARQL update syntax error: {str(e).splitlines()[0]}") from None

    def dump(self, out: str | Path | IO[bytes], fmt: RDFFormat = "turtle") -> None:
        """Write the store: quad formats keep the named graphs, triple formats get the triples of all of them."""
        f = FORMATS[fmt]
        prefixes = {k: v for k, v in PREFIXES.items()}
        if f.supports_datasets:
            self._ox.dump(_target(out), f, prefixes=prefixes if f is not ox.RdfFormat.N_QUADS else None)
            return
        # every graph's triples in turn, streamed: a triple two graphs hold (an actor two articles mention)
        # is written twice, which the format allows (a graph is a set; any reader keeps it once). The
        # union's CONSTRUCT kept a set of every triple to drop those (3% of them): 400 MB of the build's
        # memory on 2,000 generated articles, growing with the store
        triples = (q.triple for q in self._ox.quads_for_pattern(None, None, None, None))
        ox.serialize(triples, _target(out), f,
                     prefixes=prefixes if f in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None)

    def dataset_graph(self) -> Graph:
        """The union of all graphs as an rdflib Graph (for small stores: views, tests, rdflib tools)."""
        g: Graph = _rdflib().Graph()
        for k, v in PREFIXES.items():
            g.bind(k, v)
        for q in self._ox.quads_for_pattern(None, None, None, None):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))  # type: ignore[arg-type]
        return g

    def rdflib_dataset(self) -> Dataset:
        """The store itself as an rdflib Dataset (oxrdflib): no copy, rdflib's API, Oxigraph underneath.

        For code written against rdflib; `query`, `load` and `dump` stay faster for bulk work.
        """
        self._changing()
        from oxrdflib import OxigraphStore

        ds: Dataset = _rdflib().Dataset(store=OxigraphStore(store=self._ox))
        for k, v in PREFIXES.items():
            ds.bind(k, v)
        return ds

    def close(self) -> None:
        if getattr(self, "_ox", None) is not None and self.location is not None:
            with contextlib.suppress(Exception):
                self._ox.flush()
        if self._lock is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock, fcntl.LOCK_UN)
                self._lock.close()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _state_file(location: Path) -> Path:
    return location.with_name(location.name + ".state")


def mark_changed(location: Path) -> str:
    """Give the store at `location` a new state token (beside it, as its lock file is) and return it.

    Every write through `Store` changes the token first, and so does `kg serve` (its server may write),
    so an unchanged token means an unchanged store: a build with nothing new skips what it would
    only rewrite the same (derived facts, OUT/graph.ttl and graph.html).
    """
    import uuid

    from .atomic import write_text

    token = uuid.uuid4().hex
    write_text(_state_file(location), token + "\n")
    return token


def state(location: Path) -> str | None:
    """The state token of the store at `location`, None if it has none yet."""
    try:
        return _state_file(location).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _target(out: str | Path | IO[bytes]) -> str | IO[bytes]:
    return str(out) if isinstance(out, (str, Path)) else out


def _acquire(path: Path, wait: float) -> IO[str]:
    """Take the store's lock file: one writer at a time, a second one waits `wait` seconds or refuses."""
    import time

    f = open(path, "a+", encoding="utf-8")
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            f.seek(0)
            f.truncate()
            f.write(str(os.getpid()))
            f.flush()
            return f
        except BlockingIOError:
            if time.monotonic() >= deadline:
                f.close()
                from .serve import served_address  # a writable `kg serve` leaves its address beside the lock

                location = path.with_suffix("")
                raise StoreLocked(location, served=served_address(location)) from None
            time.sleep(0.2)


@contextlib.contextmanager
def opened(location: str | Path | None, **kwargs: object) -> Iterator[Store]:
    store = Store(location, **kwargs)  # type: ignore[arg-type]
    try:
        yield store
    finally:
        store.close()
