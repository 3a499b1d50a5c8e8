"""SPARQL over the store: ad-hoc queries and the library of named queries in kg/queries/*.rq.

A named query starts with comment lines that document it:

    # supporters-of: who states support for ACTOR, with the number of articles
    # param actor: entity  the actor's id (RUS, NATO, kim-jong-un)

Parameters are bound to their variables as RDF terms (pyoxigraph substitutions),
never pasted into the text, so no value can change what a query does.

Writing a named query for Oxigraph: its planner starts a group from the pattern with the
most constants (`?e a kg:Support` before `?e kg:target ?actor`: it does not know which
variables a substitution binds) and keeps the written order among equals, so put the
patterns on bound parameters first and repeat the rest inside each UNION branch (a join
after a UNION scans every event). relations-between.rq went from 6.3 s to 0.4 s on 1M triples.
ORDER BY compares stored IRIs by reading their text from disk at each comparison: sort
large results on numbers, or on the ids (`STRAFTER(STR(?x), "/id/")`: strings of up to
15 bytes are compared in memory), which order as the IRIs do (blocs.rq: 32 s -> 9 s);
compute the ids on the smallest set of rows, before a join multiplies them.
Any expression on a stored IRI reads it too: `?a != ?b` does, `!sameTerm(?a, ?b)` (the
same test for IRIs) compares ids. Putting each pattern of a query over every event in a
sub-select (`{ SELECT ?e ?t WHERE { ?e kg:relationType ?t } }`) makes Oxigraph join whole
columns by hash, 2-3x faster than a disk look-up per row, but rdflib then takes 2.5x to
more than 3x as long on the same text (most-connected, conflicting-claims). The queries that
read every claim (new-since, conflicting-claims, most-connected, disputed-figures) and
articles do it all the same: the embedded store is what kg runs on, and at 10,000 articles a
look-up per claim and property alone took seconds (issue 23: under 1 s). The selective
queries do not. bench_store.py runs the same text on both, so its ratios for those five
favour Oxigraph by that much.
The same holds for the selective queries on events (aid-to, arms-to, troops-to, and supporters-of
before it read the claims): they look up the target of every event of the type (12k at 1M triples),
and a hash join of the two scans
`{ SELECT ?e ?actor WHERE { ?e kg:target ?actor } } { SELECT ?e WHERE { ?e a kg:Support } }`
would cut supporters-of from 21 ms to 9 ms on 300k triples. rdflib, though, joins a sub-select
lazily only when neither side holds another join (else it loops over both whole results, pair
by pair), and evaluates the sub-select again for each row: 78 ms -> 175 ms (the rest of the
event in OPTIONALs), 620 ms as a UNION grouped by event. A disk look-up costs about 4 µs on
300k triples and 7-8 µs on 1M (rdflib's dict look-up is about as fast), so a plan of look-ups
stays within a few times rdflib's whatever its order.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import IO, Literal as TypingLiteral

from rdflib import XSD, Literal, URIRef

from .errors import QueryError, UnknownQuery
from .library import KINDS as KINDS, NamedQuery as NamedQuery, Param as Param, ParamKind as ParamKind
from .library import _parse, is_query_name as is_query_name, library as library
from .ontology import BASE, entity_iri
from .paths import QUERIES
from .store import QueryResult, ResultsFormat, Store, Term

OutputFormat = TypingLiteral["table", "csv", "tsv", "json"]


def bind(value: str, kind: ParamKind, name: str = "value") -> Term:
    """Turn a command-line value into the RDF term a query variable is bound to.

    Example:
        >>> bind("RUS", "entity")
        rdflib.term.URIRef('https://w3id.org/kg-alliances/id/RUS')
    """
    if kind == "entity":
        if not re.fullmatch(r"[\w.\-]{1,120}", value):
            raise QueryError(f"parameter {name}={value!r} is not an entity id (letters, digits, - and . only)")
        return entity_iri(value)
    if kind == "document":
        from .ontology import document_iri
        return document_iri(value)
    if kind == "date":
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise QueryError(f"parameter {name}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        full = (value + "-01-01"[len(value) - 4:])[:10]
        return Literal(full, datatype=XSD.date)
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise QueryError(f"parameter {name}={value!r} is not an integer")
        return Literal(int(value))
    if kind == "decimal":
        try:
            return Literal(float(value), datatype=XSD.decimal)
        except ValueError:
            raise QueryError(f"parameter {name}={value!r} is not a number") from None
    return Literal(value)


def prepare(text: str, params: dict[str, str] | None = None, *, named: bool | None = None,
            store: Store | None = None) -> tuple[str, dict[str, Term]]:
    """The SPARQL text and the bindings for a named query of the library or for ad-hoc text.

    Args:
        text: a query name, or SPARQL text.
        params: parameter name -> command-line value.
        named: True for a name, False for SPARQL text, None to decide by whether `text` is a known name.
        store: the store the query will run on: an entity parameter may then name an actor it alone
            knows, and a document parameter is checked against its documents.
    Example:
        >>> sparql, bindings = prepare("supporters-of", {"actor": "RUS"})
        >>> bindings
        {'actor': rdflib.term.URIRef('https://w3id.org/kg-alliances/id/RUS')}
    """
    if named or (named is None and is_query_name(text)):
        return _named(text, params or {}, store)
    return text, _adhoc(params or {})


def run_named(store: Store, name: str, params: dict[str, str]) -> QueryResult:
    """Run the named query `name` with `params` (name -> command-line value)."""
    sparql, bindings = _named(name, params, store)
    return store.query(sparql, bindings)


def resolve_document(value: str, store: Store | None = None) -> str:
    """The document id `value` names: the id, `doc:ID` or the document's IRI; checked against `store`.

    Raises:
        QueryError: the store holds no such document; the message names the closest ids.
    """
    import difflib

    from .actors import DOC_PREFIXES, strip_prefix

    value = strip_prefix(value, DOC_PREFIXES)
    if store is None:
        return value
    from .ontology import document_iri

    if store.query("ASK { ?d a kg:Article }", {"d": document_iri(value)}).boolean:
        return value
    from .ontology import id_of

    ids = [id_of(str(r["d"])) for r in store.query("SELECT ?d WHERE { ?d a kg:Article }").rows]
    close = difflib.get_close_matches(value, ids, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"no document {value!r} in the store; {hint}`kg query articles` lists them")


def _named(name: str, params: dict[str, str], store: Store | None = None) -> tuple[str, dict[str, Term]]:
    # the one file asked for, not the whole folder: listing and reading the state of every query took
    # a tenth of a millisecond per call, a tenth of a query answered in a millisecond (by-article)
    path = QUERIES / f"{name}.rq"
    if path.parent == QUERIES and not name.startswith(".") and path.is_file():  # any name --list shows
        q = _parse(path)
    else:
        raise UnknownQuery(name, sorted(library()))
    declared = {p.name: p for p in q.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise QueryError(f"query {name!r} has no parameter {unknown[0]!r}; it takes: "
                         + (", ".join(declared) or "none"))
    bindings: dict[str, Term] = {}
    for p in q.params:
        value = params.get(p.name, p.default)
        if value is None:
            raise QueryError(f"query {name!r} needs --param {p.name}=... ({p.doc})")
        if p.kind == "entity" and p.name in params:
            from .actors import resolve_actor
            value = resolve_actor(value, store)
        elif p.kind == "document" and p.name in params:
            value = resolve_document(value, store)
        bindings[p.name] = bind(value, p.kind, p.name)
    return q.text, bindings


def _adhoc(params: dict[str, str]) -> dict[str, Term]:
    return {k: bind(v, "entity" if re.fullmatch(r"[A-Za-z0-9.\-]+", v) and not v.isdigit() else "string", k)
            for k, v in params.items()}


def run(store: Store, text: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run an ad-hoc query; `--param x=RUS` binds ?x to an entity IRI, any other value to a string."""
    return store.query(text, _adhoc(params or {}))


def write_result(store: Store, out: IO[bytes], text: str, params: dict[str, str] | None = None,
                 fmt: ResultsFormat = "json", *, named: bool | None = None) -> None:
    """Run a named or ad-hoc query and write its W3C results (CSV, TSV, JSON, XML) to `out`.

    The store serializes the results itself (in Rust, or the endpoint does), so no rdflib term is
    built: the way to get large results out.
    """
    sparql, bindings = prepare(text, params, named=named, store=store)
    store.query_to(out, sparql, bindings, fmt)


def _short(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for prefix, short in ((BASE + "id/", ""), (BASE + "doc/", "doc:"), ("https://w3id.org/kg-alliances#", "kg:"),
                              (BASE + "graph/", "graph:"), (BASE + "event/", "event:"), (BASE + "treaty/", "treaty:")):
            if s.startswith(prefix):
                from urllib.parse import unquote
                return short + unquote(s[len(prefix):])
        return s
    return str(term)


def _json_term(term: Term | None) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "bnode", "value": str(term)}


def actor_labels(store: Store) -> dict[str, str]:
    """IRI -> label of every actor the store describes (one per actor: the gazetteer's English label)."""
    rows = store.query("SELECT ?s (MIN(STR(?l)) AS ?label) WHERE { ?s kg:code ?c ; rdfs:label ?l } GROUP BY ?s").rows
    return {str(r["s"]): str(r["label"]) for r in rows if r.get("label") is not None}


def labelled(result: QueryResult, labels: dict[str, str]) -> QueryResult:
    """`result` with a column `NAME_label` beside each column NAME that holds actors: their labels.

    Example:
        >>> r = QueryResult(["actor", "n"], [{"actor": URIRef(BASE + "id/RUS"), "n": Literal(1)}])
        >>> labelled(r, {BASE + "id/RUS": "Russia"}).rows[0]["actor_label"]
        rdflib.term.Literal('Russia')
    """
    if not result.variables:
        return result
    prefix = BASE + "id/"
    names: list[str] = []
    added: list[str] = []
    for n in result.variables:
        names.append(n)
        holds_actors = any(isinstance(r.get(n), URIRef) and str(r[n]).startswith(prefix) for r in result.rows)
        if holds_actors and f"{n}_label" not in result.variables:
            names.append(f"{n}_label")
            added.append(n)
    if not added:
        return result
    rows = []
    for r in result.rows:
        row = dict(r)
        for n in added:
            t = r.get(n)
            label = labels.get(str(t)) if t is not None else None
            row[f"{n}_label"] = Literal(label) if label is not None else None
        rows.append(row)
    return QueryResult(variables=names, rows=rows)


def format_result(result: QueryResult, fmt: OutputFormat = "table", *, width: int | None = None,
                  iris: bool = True) -> str:
    """Render a result as a text table, CSV, TSV or SPARQL 1.1 JSON (W3C results formats).

    Args:
        width: cut table cells to this many characters (default: never).
        iris: CSV and TSV cells hold full IRIs (the W3C formats) if True, else ids (`RUS`, `doc:a1`).
    """
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if result.graph is not None:
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    names = result.variables
    if fmt == "json":
        return json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {n: _json_term(r[n]) for n in names if r.get(n) is not None} for r in result.rows]}},
            ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for r in result.rows:
            w.writerow(["" if r.get(n) is None else str(r[n]) if iris else _short(r[n]) for n in names])
        return buf.getvalue()
    if fmt == "tsv":
        from rdflib.term import Literal as L
        lines = ["\t".join("?" + n for n in names)]
        for r in result.rows:
            cells = []
            for n in names:
                t = r.get(n)
                cells.append("" if t is None else (t.n3() if iris and isinstance(t, (URIRef, L)) else
                                                   _short(t) if not iris else str(t)))
            lines.append("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells))
        return "\n".join(lines) + "\n"
    rows = [[_short(r.get(n)).replace("\n", " ") for n in names] for r in result.rows]
    widths = [max([len(n)] + [len(row[i]) for row in rows]) for i, n in enumerate(names)]
    if width is not None:
        widths = [max(1, min(width, w)) for w in widths]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
