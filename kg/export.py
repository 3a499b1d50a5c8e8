"""Write the graph for other tools: RDF (Turtle, TriG, N-Quads, JSON-LD), GraphML and GEXF (Gephi), CSV of events.

RDF formats are dumped by the store in Rust; quad formats (TriG, N-Quads,
JSON-LD) keep the named graphs, Turtle gets their union. GraphML and GEXF hold
the actor network: one node per actor, one edge per event (with its type,
date, quantity, confidence, article and evidence), plus the derived
`kg:alliedWith` edges. The CSV has one row per event with its provenance.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, get_args

from .errors import KgError
from .ontology import id_of

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


def export(store: Store, fmt: ExportFormat, out: IO[bytes]) -> None:
    """Write the store's graph to the binary stream `out` in `fmt`.

    Args:
        store: the store to export.
        fmt: one of EXPORT_FORMATS.
        out: a binary stream (a file opened "wb", sys.stdout.buffer).
    Raises:
        ValueError: an unknown format (the CLI checks it first).
    """
    if fmt in RDF_FORMATS:
        store.dump(out, fmt)  # type: ignore[arg-type]
    elif fmt in ("graphml", "gexf"):
        import networkx as nx

        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(to_networkx(store), out)
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


__all__ = ["EXPORT_FORMATS", "ExportFormat", "RDF_FORMATS", "SUFFIX", "events", "export", "import_rdf", "rdf_format",
           "to_networkx"]
