"""A remote SPARQL 1.1 endpoint as a store: the `Store` API over HTTP.

`Store("http://host:7878")` opens one. Queries go through the SPARQL 1.1 Protocol,
updates through SPARQL 1.1 Update, and whole document graphs through the Graph
Store Protocol (PUT replaces a graph, DELETE removes it), so `kg build`,
`kg query` and `kg export` work against Oxigraph server, Fuseki, GraphDB or
Virtuoso alike.

Endpoints: a URL `http://host:7878` (or `.../query`, `.../sparql`) is the base
of Oxigraph server's layout: `BASE/query`, `BASE/update`, `BASE/store`. Other
layouts (Fuseki's `/ds/data`, GraphDB's `/repositories/x/statements`) pass
`update_url=` and `store_url=` or set `KG_UPDATE_URL` and `KG_STORE_URL`.
User and password in the URL (`https://user:pw@host/...`) go as HTTP basic auth.

Parameters are bound as RDF terms: the protocol only carries query text, so
each bound variable gets an inline `VALUES` block at the head of the query's
WHERE group, holding the term in N-Triples syntax with every quote, backslash
and control character escaped (IRIs with characters an IRI cannot hold are
refused). Such a block is data: no value can add an operator, a brace or a
second operation to the query.

kg keeps every triple in a document's named graph; requests ask for the union
of named graphs as the default graph (`union-default-graph`, Oxigraph's
parameter; Fuseki's `unionDefaultGraph`, GraphDB and Virtuoso do that by default).
"""
from __future__ import annotations

import base64
import io
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from .errors import QueryError, StoreError
from .store import (FORMATS, PREFIXES, QueryResult, RDFFormat, ResultsFormat, Store, Term, to_ox, to_result,
                    write_triples)

MEDIA_TYPES: dict[str, str] = {
    "turtle": "text/turtle", "trig": "application/trig", "nquads": "application/n-quads",
    "ntriples": "application/n-triples", "jsonld": "application/ld+json", "xml": "application/rdf+xml",
}
RESULTS_ACCEPT: dict[str, str] = {
    "json": "application/sparql-results+json, application/ld+json;q=0.9",
    "csv": "text/csv, text/turtle;q=0.9", "tsv": "text/tab-separated-values, text/turtle;q=0.9",
    "xml": "application/sparql-results+xml, application/rdf+xml;q=0.9",
}
ACCEPT_ANY = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint with the API of `Store`.

    Args:
        location: the endpoint's base URL, or its query endpoint (ending in /query or /sparql).
        wait: accepted for the same signature as `Store`; the server orders concurrent writers.
        read_only: refuse every write before it reaches the server.
        query_url, update_url, store_url: endpoints for servers laid out unlike Oxigraph.
        timeout: seconds to wait for one HTTP answer.
    """

    def __init__(self, location: str, *, wait: float = 0.0, read_only: bool = False,
                 query_url: str | None = None, update_url: str | None = None, store_url: str | None = None,
                 timeout: float = 300.0) -> None:
        url, self._headers = _split_auth(location)
        base = url.rstrip("/")
        query = base if base.endswith(("/query", "/sparql")) else None
        if query:
            base = base.rsplit("/", 1)[0]
        self.location = None
        self.url = base
        self.query_url = query_url or query or base + "/query"
        self.update_url = update_url or os.environ.get("KG_UPDATE_URL") or base + "/update"
        self.store_url = store_url or os.environ.get("KG_STORE_URL") or base + "/store"
        self.read_only = read_only
        self.timeout = timeout
        self._lock = None
        host = urllib.parse.urlsplit(url).hostname or ""
        # a proxy from the environment must not intercept a server on this machine
        from .serve import is_loopback  # one definition of "loopback" for the server and its clients

        handlers = [urllib.request.ProxyHandler({})] if is_loopback(host) else []
        self._opener = urllib.request.build_opener(*handlers)

    # -- writing -------------------------------------------------------------------------------

    def replace_graph(self, graph: Graph) -> None:
        """PUT `graph` as the named graph `graph.identifier` (Graph Store Protocol): the server replaces it whole."""
        self._writable()
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]
        body = ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b""
        self._call("PUT", self._graph_url(str(graph.identifier)), body, {"Content-Type": MEDIA_TYPES["ntriples"]})

    def load(self, source: str | Path | IO[bytes], fmt: RDFFormat = "turtle", *, graph: str | None = None,
             bulk: bool = False) -> None:
        """POST an RDF file: into `graph` for a triple format, into the dataset for a quad format.

        `bulk` is accepted for the embedded store's sake: the server decides how it writes.
        """
        self._writable()
        data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
        if FORMATS[fmt].supports_datasets:
            url = self.store_url
        else:
            url = self._graph_url(graph) if graph else self.store_url + "?default"
        self._call("POST", url, data, {"Content-Type": MEDIA_TYPES[fmt]})

    def remove_graph(self, iri: str) -> bool:
        """DELETE the named graph `iri`; return whether it was there."""
        self._writable()
        return self._call("DELETE", self._graph_url(iri), missing_ok=True) is not None

    def update(self, sparql: str) -> None:
        """Send a SPARQL 1.1 Update to the update endpoint."""
        self._writable()
        self._call("POST", self.update_url, _with_prefixes(sparql).encode("utf-8"),
                   {"Content-Type": "application/sparql-update"})

    def flush(self) -> None:
        """Nothing to do: the server persists each request."""

    # -- reading -------------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False).rows
        return sorted(str(r["g"]) for r in rows if isinstance(r["g"], URIRef))

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False).rows
        return int(rows[0]["n"]) if rows and rows[0]["n"] is not None else 0  # type: ignore[call-overload]

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True) -> QueryResult:
        """Run a query on the endpoint; `bindings` become an escaped VALUES block, see the module docstring."""
        answer = self._call("POST", self._query_url(union), with_values(_with_prefixes(sparql), bindings).encode(),
                            {"Content-Type": "application/sparql-query", "Accept": ACCEPT_ANY})
        assert answer is not None
        media, body = answer
        try:
            if media in ("application/sparql-results+json", "application/json"):
                return to_result(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
            if media == "application/sparql-results+xml":
                return to_result(ox.parse_query_results(body, ox.QueryResultsFormat.XML))
            fmt = ox.RdfFormat.from_media_type(media)
            if fmt is None:
                raise StoreError(f"{self.query_url}: unexpected answer of type {media!r}")
            return to_result(_triples(ox.parse(body, fmt)))  # type: ignore[arg-type]
        except SyntaxError as e:
            raise StoreError(f"{self.query_url}: cannot read the answer ({str(e).splitlines()[0]})") from e

    def query_to(self, out: IO[bytes], sparql: str, bindings: dict[str, Term] | None = None,
                 fmt: ResultsFormat = "json", *, union: bool = True) -> None:
        """Stream the endpoint's answer, in the W3C results format asked for, to `out`."""
        text = with_values(_with_prefixes(sparql), bindings).encode()
        self._call("POST", self._query_url(union), text,
                   {"Content-Type": "application/sparql-query", "Accept": RESULTS_ACCEPT[fmt]}, sink=out)

    def dump(self, out: str | Path | IO[bytes], fmt: RDFFormat = "turtle") -> None:
        """Write the endpoint's named graphs: quad formats keep them, triple formats get their union."""
        self._snapshot().dump(out, fmt)

    def dataset_graph(self) -> Graph:
        return self._snapshot().dataset_graph()

    def rdflib_dataset(self) -> Dataset:
        """Not offered: rdflib's SPARQLStore would send queries without kg's bindings and prefixes."""
        raise StoreError(f"{self.url} is a remote store; use query() or dataset_graph() for an rdflib Graph")

    def close(self) -> None:
        """Nothing to release: each request has its own connection."""

    # -- HTTP ----------------------------------------------------------------------------------

    def _snapshot(self) -> Store:
        """The endpoint's named graphs copied into an in-memory store (parsed and kept in Rust)."""
        buf = io.BytesIO()
        self.query_to(buf, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", fmt="tsv", union=False)
        local = Store()
        quads = [ox.Quad(sol["s"], sol["p"], sol["o"], sol["g"])  # type: ignore[arg-type]
                 for sol in ox.parse_query_results(buf.getvalue(), ox.QueryResultsFormat.TSV)]
        local._ox.extend(quads)
        return local

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.url} was opened read-only; this command does not write")

    def _graph_url(self, iri: str) -> str:
        return self.store_url + "?" + urllib.parse.urlencode({"graph": iri})

    def _query_url(self, union: bool) -> str:
        return self.query_url + ("?union-default-graph" if union else "")

    def _call(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None, *,
              missing_ok: bool = False, sink: IO[bytes] | None = None) -> tuple[str, bytes] | None:
        """Send one request; return (media type, body), or None for a 404 when `missing_ok`."""
        request = urllib.request.Request(url, data=body, method=method, headers={**self._headers, **(headers or {})})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                media = response.headers.get_content_type()
                if sink is not None:
                    shutil.copyfileobj(response, sink)
                    return media, b""
                return media, response.read()
        except urllib.error.HTTPError as e:
            if e.code == 404 and missing_ok:
                return None
            detail = next(iter(e.read().decode("utf-8", "replace").strip().splitlines()), "") or str(e.reason)
            if e.code == 400:
                if body is not None and headers and headers.get("Content-Type", "").startswith("application/sparql"):
                    detail = _unshift(detail, body.decode("utf-8", "replace"))
                raise QueryError(f"the endpoint rejected the request: {detail}") from None
            raise StoreError(f"{url}: HTTP {e.code} {detail}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"{url}: cannot reach the SPARQL endpoint ({reason}); is the server running?") from None


def _triples(quads: object) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]  # type: ignore[attr-defined]


def _unshift(detail: str, sent: str) -> str:
    """Point an "error at LINE:COL" (Oxigraph's form) at the user's text, not at the prefixes added before it."""
    added = len(re.match(r"(PREFIX [\w-]*: <[^>]*>\n)*", sent).group().splitlines())  # type: ignore[union-attr]
    return re.sub(r"error at (\d+):", lambda m: f"error at {max(1, int(m.group(1)) - added)}:", detail, count=1)


def _split_auth(url: str) -> tuple[str, dict[str, str]]:
    """Move user:password out of the URL into a basic Authorization header."""
    parts = urllib.parse.urlsplit(url)
    if not parts.username:
        return url, {}
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    token = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    header = {"Authorization": "Basic " + base64.b64encode(token.encode()).decode()}
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), header


def _with_prefixes(sparql: str) -> str:
    """Declare kg's prefixes (which the embedded store knows) that the text does not declare itself."""
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", sparql)}
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k.lower() not in declared)
    return head + sparql


def sparql_term(term: Term) -> str:
    """An RDF term in SPARQL syntax, escaped so that it can only be read back as that one term.

    Raises:
        QueryError: an IRI holds a character no IRI may hold, or the term is a blank node.

    Example:
        >>> sparql_term(Literal('} ; DROP ALL ; "'))
        '"} ; DROP ALL ; \\\\""'
    """
    if isinstance(term, URIRef):
        if IRI_FORBIDDEN.search(str(term)):
            raise QueryError(f"{str(term)!r} is not an IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + _escape(str(term)) + '"'
        if term.language:
            if not LANG.fullmatch(term.language):
                raise QueryError(f"{term.language!r} is not a language tag")
            return text + "@" + term.language
        if term.datatype:
            return text + "^^" + sparql_term(URIRef(term.datatype))
        return text
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound to a query variable")
    raise QueryError(f"not an RDF term: {term!r}")


def _escape(text: str) -> str:
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or c == "\x7f":
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


def with_values(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """Bind variables by an inline VALUES block at the head of the query's WHERE group.

    Placed there, the block joins the rest of the group before its FILTERs, BINDs and
    aggregates run, as the embedded store's substitution does.

    Example:
        >>> with_values("SELECT ?a WHERE { ?a ?p ?o }", {"a": URIRef("http://x/RUS")})
        'SELECT ?a WHERE { VALUES (?a) { (<http://x/RUS>) } ?a ?p ?o }'
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"{name!r} is not a variable name")
    names = sorted(bindings)
    block = (" VALUES (" + " ".join("?" + n for n in names) + ") { ("
             + " ".join(sparql_term(bindings[n]) for n in names) + ") }")
    tokens = list(_structure(sparql))
    form = next((i for i, (_, tok) in enumerate(tokens) if tok.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")),
                None)
    if form is None:
        raise QueryError("parameters need a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    k = form + 1
    if tokens[form][1].upper() == "CONSTRUCT" and k < len(tokens) and tokens[k][1] == "{":
        k = _matching(tokens, k) + 1  # skip the template
    opening = next((j for j in range(k, len(tokens)) if tokens[j][1] == "{"), None)
    if opening is None:
        raise QueryError("parameters need a query with a WHERE clause")
    at = tokens[opening][0] + 1
    if opening + 1 < len(tokens) and tokens[opening + 1][1].upper() == "SELECT":
        # WHERE { SELECT ... } holds a subquery alone: join the block with it as a group
        end = tokens[_matching(tokens, opening)][0]
        return sparql[:at] + block + " {" + sparql[at:end] + "} " + sparql[end:]
    return sparql[:at] + block + sparql[at:]


def _matching(tokens: list[tuple[int, str]], opening: int) -> int:
    depth = 0
    for j in range(opening, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[j][1], 0)
        if depth == 0:
            return j
    raise QueryError("unbalanced braces in the query")


TOKEN = re.compile(r"""
    (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<comment>\#[^\n]*)
  | (?P<brace>[{}])
  | (?P<pname>[A-Za-z_]?[\w.-]*:[\w.-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<var>[?$]\w+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def _structure(sparql: str) -> list[tuple[int, str]]:
    """Braces and keywords outside IRIs, strings and comments, with their offsets."""
    out = []
    for m in TOKEN.finditer(sparql):
        if m.lastgroup in ("brace", "word"):
            out.append((m.start(), m.group()))
    return out
