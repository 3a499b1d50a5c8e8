"""Interactive HTML views of the graph with pyvis, self-contained: nothing is loaded from the network.

pyvis's own "in_line" mode still links Bootstrap and vis-network from CDNs, so
the page is written from our own template with vis-network's script (shipped
inside the pyvis wheel) embedded, and the graph data as JSON.
"""
from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from .store import Store

COOPERATION = {"SUPPORT", "MEET", "AGREEMENT", "MILITARY_DEPLOYMENT", "ARMS_TRANSFER", "AID", "PRAISE"}
COLORS = {"Country": "#4e79a7", "Organization": "#f28e2b", "Person": "#59a14f", "Location": "#9c755f",
          "Conflict": "#e15759"}
EVENTS = """
SELECT ?type ?s ?t ?slabel ?tlabel ?stype ?ttype ?q ?date ?conf ?text ?title ?url ?doc WHERE {
  ?e kg:relationType ?type ; kg:source ?s ; kg:target ?t ; kg:confidence ?conf ; kg:article ?doc .
  FILTER(?type != "ROLE")
  OPTIONAL { ?s rdfs:label ?slabel } OPTIONAL { ?t rdfs:label ?tlabel }
  OPTIONAL { ?s a ?stype } OPTIONAL { ?t a ?ttype }
  OPTIONAL { ?e kg:quantity ?q } OPTIONAL { ?e kg:date ?date }
  OPTIONAL { ?e kg:evidence/prov:value ?text }
  OPTIONAL { ?doc schema:headline ?title } OPTIONAL { ?doc schema:url ?url }
}"""


def _local(iri: object) -> str:
    from .ontology import id_of
    return id_of(str(iri))


def alliance_graph(store: Store) -> nx.MultiDiGraph:
    """Actors as nodes, one edge per (source, target, type) with its events' evidence."""
    G = nx.MultiDiGraph()
    edges: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in store.query(EVENTS).rows:
        s, t, typ = _local(r["s"]), _local(r["t"]), str(r["type"])
        for node, label, kind in ((s, r["slabel"], r["stype"]), (t, r["tlabel"], r["ttype"])):
            k = str(kind).rsplit("#", 1)[-1] if kind is not None and "kg-alliances#" in str(kind) else "Country"
            if node not in G or G.nodes[node].get("kind") == "Country":
                G.add_node(node, label=str(label or node), kind=k)
        edges[(s, t, typ)].append({k: str(r[k]) for k in ("q", "date", "conf", "text", "title", "url", "doc")
                                   if r.get(k) is not None})
    for (s, t, typ), evs in edges.items():
        G.add_edge(s, t, key=typ, type=typ, events=evs, count=len(evs))
    return G


def _edge_title(typ: str, s: str, t: str, evs: list[dict[str, str]]) -> str:
    lines = [f"{typ}: {s} → {t} ({len(evs)} report{'s' if len(evs) != 1 else ''})"]
    for e in evs[:5]:
        meta = ", ".join(x for x in (e.get("date", ""), f"quantity {e['q']}" if "q" in e else "",
                                     e.get("title", ""), e.get("url", "")) if x)
        lines.append(f"• {e.get('text', '')[:300]}" + (f" [{meta}]" if meta else ""))
    return "\n".join(lines)


def to_pyvis(G: nx.MultiDiGraph) -> Network:
    """A pyvis network of `G`: tooltips carry each relation's evidence (as plain text, never HTML)."""
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    for n, data in G.nodes(data=True):
        net.add_node(n, label=data.get("label", n), title=f"{data.get('label', n)} ({n}, {data.get('kind')})",
                     color=COLORS.get(data.get("kind", "Country"), "#bab0ac"), shape="dot",
                     size=10 + 3 * min(10, G.degree(n)))
    for s, t, key, data in G.edges(keys=True, data=True):
        coop = key in COOPERATION
        net.add_edge(s, t, title=_edge_title(key, s, t, data["events"]), label=key.lower().replace("_", " "),
                     color="#2e7d32" if coop else "#c62828", width=1 + min(8, data["count"]),
                     arrows="" if key in ("MEET", "AGREEMENT", "CONFLICT") else "to")
    return net


def render(G: nx.MultiDiGraph, path: str | Path, *, title: str = "Alliance graph") -> Path:
    """Write an offline HTML view of `G` to `path` (via a temporary file, then a rename)."""
    from .atomic import write_text

    net = to_pyvis(G)
    lib = Path(__import__("pyvis").__file__).parent / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    nodes = json.dumps(net.nodes, ensure_ascii=False).replace("</", "<\\/")
    edges = json.dumps(net.edges, ensure_ascii=False).replace("</", "<\\/")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>{css}
body {{ font-family: sans-serif; margin: 0; }} #graph {{ width: 100%; height: 95vh; }}
.vis-tooltip {{ white-space: pre-wrap; max-width: 520px; }}</style>
<script>{script}</script></head>
<body><h1 style="font-size:1.1em;margin:.4em">{html.escape(title)}</h1><div id="graph"></div>
<script>
const nodes = new vis.DataSet({nodes});
const edges = new vis.DataSet({edges});
const network = new vis.Network(document.getElementById("graph"), {{nodes, edges}},
  {{physics: {{stabilization: {{iterations: 200}}}}, interaction: {{hover: true}}}});
window.kgNetwork = network;
</script></body></html>
"""
    out = Path(path)
    write_text(out, page)
    return out
