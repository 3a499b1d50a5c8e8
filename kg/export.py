"""Write the graph for other tools: RDF (Turtle, TriG, N-Quads, JSON-LD), GraphML and GEXF (Gephi), CSV of events.

RDF formats are dumped by the store in Rust; quad formats (TriG, N-Quads,
JSON-LD) keep the named graphs, Turtle gets their union. GraphML and GEXF hold
the alliance graph for Gephi (`alliance_network`: states and organizations, one
edge per dyad and relation type weighted by its articles, GEXF time intervals);
with `full=True` the whole actor network instead: one node per actor, one edge
per event (with its type, date, quantity, confidence, article and evidence),
plus the derived `kg:alliedWith` edges. The CSV has one row per event with its provenance.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, get_args

from .errors import KgError
from .outputs import OUTPUTS, outputs_current

if TYPE_CHECKING:
    import networkx as nx

    from .store import Store

ExportFormat = Literal["turtle", "trig", "nquads", "jsonld", "ntriples", "xml", "graphml", "gexf", "csv"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
RDF_FORMATS = ("turtle", "trig", "nquads", "jsonld", "ntriples", "xml")
SUFFIX = {"turtle": ".ttl", "trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld", "ntriples": ".nt", "xml": ".rdf",
          "graphml": ".graphml", "gexf": ".gexf", "csv": ".csv"}

EVENTS = """
SELECT ?event ?type ?source ?target ?sourceLabel ?targetLabel ?quantity ?location ?date ?confidence ?modality
       ?article ?title ?url ?published ?language ?evidence
WHERE {
  ?event kg:relationType ?type ; kg:source ?source ; kg:target ?target ; kg:article ?article .
  OPTIONAL { ?event kg:confidence ?confidence }
  OPTIONAL { ?event kg:modality ?modality }
  OPTIONAL { ?event kg:quantity ?quantity }
  OPTIONAL { ?event kg:location ?location }
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:evidence/prov:value ?evidence }
  OPTIONAL { ?article schema:headline ?title }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:inLanguage ?language }
  OPTIONAL { SELECT ?source (MIN(STR(?l1)) AS ?sourceLabel) WHERE { ?source rdfs:label ?l1 } GROUP BY ?source }
  OPTIONAL { SELECT ?target (MIN(STR(?l2)) AS ?targetLabel) WHERE { ?target rdfs:label ?l2 } GROUP BY ?target }
}
ORDER BY ?article ?event
"""
ACTORS = """
SELECT ?actor (MIN(STR(?l)) AS ?label) (MIN(STR(?c)) AS ?class) (MIN(STR(?same)) AS ?wikidata)
WHERE {
  ?actor a ?c ; rdfs:label ?l .
  FILTER(?c IN (kg:Country, kg:Organization, kg:Person, kg:Location, kg:Conflict))
  OPTIONAL { ?actor owl:sameAs ?same }
}
GROUP BY ?actor
"""
ALLIES = "SELECT DISTINCT ?a ?b WHERE { ?a kg:alliedWith ?b FILTER(STR(?a) < STR(?b)) } ORDER BY ?a ?b"
CSV_COLUMNS = ("event", "type", "source", "target", "sourceLabel", "targetLabel", "quantity", "location", "date",
               "confidence", "modality", "article", "title", "url", "published", "language", "evidence")


def events(store: Store) -> list[dict[str, str]]:
    """Every event with its actors, attributes and article, as plain strings (ids for our IRIs)."""
    from .ontology import id_of  # imports rdflib: an RDF export needs none of it

    rows = store.query(EVENTS).rows
    out = []
    seen: set[str] = set()
    for r in rows:
        if str(r["event"]) in seen:  # an event whose article has two titles or dates stays one row
            continue
        seen.add(str(r["event"]))
        row = {k: ("" if r.get(k) is None else str(r[k])) for k in CSV_COLUMNS}
        for k in ("source", "target", "location", "article"):
            if row[k]:
                row[k] = id_of(row[k])
        out.append(row)
    return out


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """The actor network: nodes are actors, edges are events (key = event IRI) and derived alliances.

    Attribute values are strings, numbers or booleans only, so GraphML and GEXF can hold them.
    """
    import networkx as nx  # a third of a second: only GraphML and GEXF need it

    from .ontology import id_of

    G = nx.MultiDiGraph()
    for r in store.query(ACTORS).rows:
        attrs = {"label": str(r["label"]), "type": str(r["class"]).rsplit("#", 1)[-1]}
        if r["wikidata"] is not None:
            attrs["wikidata"] = str(r["wikidata"])
        G.add_node(id_of(str(r["actor"])), **attrs)
    for e in events(store):
        attrs: dict[str, str | int | float] = {"relation": e["type"], "article": e["article"]}
        for k in ("date", "location", "modality", "evidence"):
            if e[k]:
                attrs[k] = e[k]
        if e["quantity"]:
            attrs["quantity"] = int(e["quantity"])
        if e["confidence"]:
            attrs["weight"] = float(e["confidence"])
        for node in (e["source"], e["target"]):
            if node not in G:
                G.add_node(node, label=node, type="Actor")
        G.add_edge(e["source"], e["target"], key=e["event"], **attrs)
    for r in store.query(ALLIES).rows:
        a, b = id_of(str(r["a"])), id_of(str(r["b"]))
        G.add_edge(a, b, key=f"alliedWith:{a}:{b}", relation="ALLIED_WITH", derived=True)
    return G


FORMAT_NAMES: dict[str, ExportFormat] = {
    **{f: f for f in EXPORT_FORMATS},  # type: ignore[misc]
    "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads", "n-quads": "nquads",
    "json-ld": "jsonld", "json": "jsonld", "rdf": "xml", "rdfxml": "xml", "rdf/xml": "xml",
}


def export_format(name: str | None, path: Path | None = None) -> ExportFormat:
    """The export format a name (`turtle`, `ttl`, `nt`, `jsonld`, ...) or else a file's suffix stands for.

    Raises:
        KgError: neither names a format.
    Example:
        >>> export_format("ttl"), export_format(None, Path("graph.gexf")), export_format(None, None)
        ('turtle', 'gexf', 'turtle')
    """
    if name is not None:
        fmt = FORMAT_NAMES.get(name.lower())
        if fmt is None:
            raise KgError(f"unknown export format {name!r}; use {', '.join(EXPORT_FORMATS)} (or ttl, nt, nq)")
        return fmt
    if path is None:
        return "turtle"
    by_suffix = {v: k for k, v in SUFFIX.items()} | {".json": "jsonld", ".xml": "xml", ".owl": "xml"}
    found = by_suffix.get(path.suffix.lower())
    if found is None:
        raise KgError(f"{path}: cannot tell the format from {path.suffix or 'a name without suffix'}; "
                      f"use a suffix ({', '.join(SUFFIX.values())}) or --format")
    return FORMAT_NAMES[found]


KIND_COLORS = {"Country": "#4e79a7", "Organization": "#f28e2b"}  # as in the views (kg/viz.py)


def _day(date: str, last: bool = False) -> str:
    """A date of any precision as a day: the first of its month or year, or the last with `last`.

    Example:
        >>> _day("2024"), _day("2024-02", last=True), _day("2024-06-19")
        ('2024-01-01', '2024-02-29', '2024-06-19')
    """
    import calendar

    if len(date) == 4:
        return f"{date}-12-31" if last else f"{date}-01-01"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:7])
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}" if last else f"{date}-01"
    return date[:10]


def alliance_network(store: Store) -> nx.MultiDiGraph:
    """The alliance graph for Gephi: states and organizations (armed groups included) as nodes with their
    type and colour, one edge per dyad and relation type whose weight is the number of articles that
    report it, and the time interval of its reports (GEXF `start`/`end`: Gephi's timeline plays it).

    People, places and ROLE edges are left out (`kg export --all` keeps them). Values are strings and
    numbers only, so GraphML holds them too.
    """
    import networkx as nx

    from .analytics import Filter, load_actors, load_events, to_networkx as dyads

    G = dyads(load_events(store, Filter()), load_actors(store))
    H = nx.MultiDiGraph(mode="dynamic")
    spans: dict[str, list[str]] = {}
    for u, v, key, d in G.edges(keys=True, data=True):
        evs = d["events"]
        dates = sorted(e.date for e in evs if e.date)
        attrs: dict[str, str | int | float] = {
            "relation": key, "weight": len({e.doc for e in evs}), "events": len(evs), "tone": d["tone"],
            # symmetric types (MEET, AGREEMENT, CONFLICT) stay directed edges with an attribute: networkx reads
            # a mixed GEXF graph back as an error
            "symmetric": bool(d["symmetric"]), "label": key.lower().replace("_", " "),
        }
        if d.get("quantity") is not None:
            attrs["quantity"] = int(d["quantity"])
        if dates:
            start, end = _day(dates[0]), _day(dates[-1], last=True)
            attrs["start"], attrs["end"] = start, end
            for n in (u, v):
                spans.setdefault(n, []).extend((start, end))
        H.add_edge(u, v, key=key, **attrs)
    for n, d in G.nodes(data=True):
        if n not in H:
            continue
        kind = str(d.get("kind", "Organization"))
        color = KIND_COLORS.get(kind, "#bab0ac")
        attrs = {"label": str(d.get("label", n)), "kind": kind, "color": color}
        if n in spans:
            attrs["start"], attrs["end"] = min(spans[n]), max(spans[n])
        H.add_node(n, **attrs)
    return H


def _gexf_colours(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`G` with each node's colour as GEXF's viz:color as well (Gephi draws it)."""
    H = G.copy()
    for _n, d in H.nodes(data=True):
        c = str(d.get("color", "#bab0ac")).lstrip("#")
        d["viz"] = {"color": {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}}
    return H


def _undated(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML has no time intervals: the dates become attributes `first` and `last`."""
    H = G.copy()
    for items in (H.nodes(data=True), ((d for *_e, d in H.edges(keys=True, data=True)))):
        for entry in items:
            d = entry[1] if isinstance(entry, tuple) else entry
            if "start" in d:
                d["first"], d["last"] = d.pop("start"), d.pop("end")
    H.graph.pop("mode", None)
    return H


def export(store: Store, fmt: ExportFormat, out: IO[bytes], *, full: bool = False, built: Path | None = None) -> None:
    """Write the store's graph to the binary stream `out` in `fmt`.

    Args:
        store: the store to export.
        fmt: one of EXPORT_FORMATS.
        out: a binary stream (a file opened "wb", sys.stdout.buffer).
        full: GraphML and GEXF: every actor and one edge per event (`to_networkx`) instead of the alliance
            graph (`alliance_network`).
        built: the folder of the build of the store (OUT): if its graph.ttl was written from the store as it
            is now, that file is the Turtle export, copied rather than dumped again.
    Raises:
        ValueError: an unknown format (the CLI checks it first).
    """
    if fmt == "turtle" and built is not None and outputs_current(store, built):
        # the same bytes as a dump, which reads every quad back from the store (a quarter of a second
        # on the 50 dev articles: RocksDB look-ups of their terms), where the copy takes milliseconds
        with open(built / OUTPUTS[0], "rb") as f:
            shutil.copyfileobj(f, out)
    elif fmt in RDF_FORMATS:
        store.dump(out, fmt)  # type: ignore[arg-type]
    elif fmt in ("graphml", "gexf"):
        import networkx as nx  # a third of a second: only GraphML and GEXF need it

        if fmt == "graphml":
            nx.write_graphml(to_networkx(store) if full else _undated(alliance_network(store)), out)
        else:
            nx.write_gexf(to_networkx(store) if full else _gexf_colours(alliance_network(store)), out)
    elif fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(events(store))
        text.flush()
        text.detach()
    else:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def rdf_format(path: Path) -> str:
    """The RDF format of a file, from its suffix.

    Example:
        >>> rdf_format(Path("graph.trig")), rdf_format(Path("g.jsonld"))
        ('trig', 'jsonld')
    """
    by_suffix = {v: k for k, v in SUFFIX.items() if k in RDF_FORMATS} | {".json": "jsonld", ".xml": "xml"}
    fmt = by_suffix.get(path.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: unknown RDF format; use {', '.join(SUFFIX[f] for f in RDF_FORMATS)}")
    return fmt


def import_rdf(store: Store, path: Path) -> int:
    """Load an RDF file (an export of kg, say) into `store`, then recompute the derived facts.

    Quad formats keep their named graphs; a triple format goes to the default graph.

    Returns:
        The number of quads in the store afterwards.
    Raises:
        KgError: unknown suffix, missing file, or data that does not parse.
    """
    from .ontology import derive

    if not path.exists():
        raise KgError(f"{path}: no such file")
    store.load(path, rdf_format(path))  # type: ignore[arg-type]
    derive(store)
    store.flush()
    return len(store)


__all__ = ["EXPORT_FORMATS", "ExportFormat", "RDF_FORMATS", "SUFFIX", "alliance_network", "events", "export",
           "export_format", "import_rdf",
           "rdf_format",
           "to_networkx"]
