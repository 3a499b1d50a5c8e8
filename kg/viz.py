"""Interactive HTML views of the graph: alliance, event and ego views that load nothing from the network.

A view is a networkx graph turned into a `View`: positions computed here (so
the browser never runs physics on a large graph), styles, and the evidence of
every node and edge as plain JSON. The page embeds vis-network (shipped in the
pyvis wheel), our script (kg/templates/view.js) and that JSON; the script
builds tooltips and the details panel with `textContent`, never `innerHTML`,
makes links only of http(s) URLs, and a Content-Security-Policy with the
hashes of our two scripts stops any other script (an `onerror=` in an article)
from running.
"""
from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import networkx as nx

from .analytics import STATES, Event, Filter, check_actor, load_actors, load_events, to_networkx
from .store import Store

Width = Literal["count", "quantity"]
KIND_COLORS = {"Country": "#4e79a7", "Organization": "#f28e2b", "Person": "#59a14f", "Location": "#9c755f",
               "Conflict": "#b07aa1", "Event": "#bab0ac"}
TONE_COLORS = {"cooperation": "#2e7d32", "conflict": "#c62828", "other": "#757575", "commitment": "#6a3d9a"}
VERBAL = frozenset({"PRAISE", "ACCUSE"})  # words, not deeds: drawn dashed
PHYSICS_MAX_NODES = 300  # above this the browser gets fixed positions and no physics
EDGE_LABELS_MAX = 60  # edge labels only while they stay readable
TEMPLATES = Path(__file__).parent / "templates"


# -- graphs from the store ---------------------------------------------------------------------

def alliance_graph(store: Store, flt: Filter = Filter(), *, kinds: frozenset[str] | None = STATES
                   ) -> nx.MultiDiGraph:
    """States and organizations as nodes; one edge per dyad and relation type, carrying its claims."""
    from .analytics import add_treaties, load_claims, load_treaties

    # one record per claim (a fact and all its articles), not per mention: the view stays the size of the
    # facts as the corpus grows, and an edge's width is the number of independent articles.
    # Formal commitments (ATOP) beside the news: a TREATY edge, drawn in its own style, between their members
    return add_treaties(to_networkx(load_claims(store, flt), load_actors(store), kinds=kinds), load_treaties(store))


def ego_graph(G: nx.MultiDiGraph, focus: str, depth: int = 2) -> nx.MultiDiGraph:
    """The actors within `depth` hops of `focus` (over any relation, either direction) and their edges.

    Raises:
        UnknownActor: `focus` is not in `G`.
    """
    focus = check_actor(G, focus)
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, cutoff=depth)
    H = G.subgraph(near).copy()
    for n, d in near.items():
        H.nodes[n]["hops"] = d
    H.graph["focus"] = focus
    return H


EVENTS_SHOWN = 150  # an events view of more events is a hairball: the latest ones, and a way to widen


def event_graph(store: Store, flt: Filter = Filter(), *, limit: int | None = None) -> nx.DiGraph:
    """Events as nodes linked to their actors: source -> event -> target, and event -> location.

    Args:
        limit: draw only the `limit` latest events (None or 0: all); the graph's `shown` and `total`
            say how many were kept of how many.
    """
    actors = load_actors(store)
    G = nx.DiGraph()
    events = load_events(store, flt)
    G.graph["total"] = len(events)
    if limit and len(events) > limit:
        events = events[-limit:]  # sorted by date: the latest
    G.graph["shown"] = len(events)
    for e in events:
        node = f"event:{e.id}"
        G.add_node(node, label=e.type.lower().replace("_", " "), kind="Event", event=e, tone=e.tone)
        for role, a in (("source", e.source), ("target", e.target), ("location", e.location)):
            if a is None:
                continue
            actor = actors.get(a)
            G.add_node(a, label=actor.label if actor else a, kind=actor.kind if actor else "Location")
            G.add_edge(*((a, node) if role == "source" else (node, a)), role=role, type=e.type, tone=e.tone)
    return G


# -- layout --------------------------------------------------------------------------------------

def layout(G: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in screen pixels, deterministic for a seed.

    Small graphs get a spring layout. Large ones are split into Louvain communities, each laid out on
    its own and packed in rows, so 5,000 nodes take seconds rather than minutes (and no scipy).
    """
    H = nx.Graph(G.to_undirected(as_view=True)) if G.is_directed() else nx.Graph(G)
    H.remove_edges_from(nx.selfloop_edges(H))
    if len(H) == 0:
        return {}
    if len(H) <= 400:
        return _disc(H, seed, iterations=100)
    parts = nx.community.louvain_communities(H, seed=seed, threshold=1e-4)
    discs = [_disc(H.subgraph(p), seed, iterations=30) for p in sorted(parts, key=lambda p: (-len(p), min(map(str, p))))]
    return _pack(discs)


def _disc(H: nx.Graph, seed: int, iterations: int) -> dict[str, tuple[float, float]]:
    """A spring layout of `H` centred on 0 with about 90 px between neighbours."""
    n = len(H)
    if n == 1:
        return {str(next(iter(H))): (0.0, 0.0)}
    if n > 400:  # a community too big for a dense spring layout: a sunflower keeps it readable enough
        golden = math.pi * (3 - math.sqrt(5))
        order = sorted(H, key=lambda v: (-H.degree(v), str(v)))
        return {str(v): (45 * math.sqrt(i) * math.cos(i * golden), 45 * math.sqrt(i) * math.sin(i * golden))
                for i, v in enumerate(order)}
    pos = nx.spring_layout(H, seed=seed, iterations=iterations)
    radius = 55 * math.sqrt(n)
    return {str(v): (float(x) * radius, float(y) * radius) for v, (x, y) in pos.items()}


def _pack(discs: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Place laid-out communities in rows, largest first, without overlap."""
    sizes = [max(max(abs(x), abs(y)) for x, y in d.values()) * 2 + 80 for d in discs]
    row_width = math.sqrt(sum(s * s for s in sizes)) * 1.1
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for d, s in zip(discs, sizes):
        if x > 0 and x + s > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in d.items():
            out[v] = (x + s / 2 + px, y + s / 2 + py)
        x, row_height = x + s, max(row_height, s)
    return out


# -- the view ------------------------------------------------------------------------------------

def safe_url(url: str) -> str:
    """`url` if it is http(s), else "" (javascript:, data: and the like never become links).

    Example:
        >>> safe_url("https://example.org/a"), safe_url(" javascript:alert(1)"), safe_url("data:text/html,x")
        ('https://example.org/a', '', '')
    """
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) else ""


def _event_json(e: Event) -> dict[str, object]:
    return {"type": e.type, "source": e.source, "target": e.target, "text": e.text, "date": e.date or "",
            "title": e.title, "url": safe_url(e.url), "quantity": e.quantity, "confidence": e.confidence,
            "doc": e.doc, "modality": e.modality, "published": e.published or ""}


def _width(value: float, by: Width) -> float:
    return round(1 + (1.5 * math.log10(1 + value) if by == "quantity" else 2.2 * math.log2(value)), 2)


@dataclass
class View:
    """A graph ready for the browser: vis-network nodes and edges with positions, evidence by event id."""

    title: str
    nodes: list[dict[str, object]]
    edges: list[dict[str, object]]
    events: dict[str, dict[str, object]]
    physics: bool
    legend: dict[str, object]

    def html(self) -> str:
        """The whole page, self-contained."""
        return _page(self)

    def save(self, path: str | Path) -> Path:
        """Write the page to `path` atomically."""
        from .atomic import write_text

        write_text(path, self.html())
        return Path(path)

    def _repr_html_(self) -> str:
        """Jupyter shows the page in a sandboxed iframe: its scripts run, but apart from the notebook's."""
        return (f'<iframe srcdoc="{html.escape(self.html(), quote=True)}" sandbox="allow-scripts allow-popups" '
                f'style="width:100%;height:640px;border:1px solid #ddd" title="{html.escape(self.title)}"></iframe>')


def to_view(G: nx.Graph, *, title: str = "Alliance graph", width: Width = "count", seed: int = 7) -> View:
    """Style `G` (an alliance, ego or event graph) and lay it out."""
    pos = layout(G, seed=seed)
    events: dict[str, dict[str, object]] = {}
    focus = G.graph.get("focus")
    strength: Counter[str] = Counter()
    for s, t, d in G.edges(data=True):
        strength[s] += d.get("count", 1)
        strength[t] += d.get("count", 1)
    nodes = []
    for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        kind = d.get("kind", "Country")
        x, y = pos.get(str(n), (0.0, 0.0))
        node: dict[str, object] = {"id": n, "label": d.get("label", n), "x": round(x, 1), "y": round(y, 1),
                                   "kind": kind, "color": KIND_COLORS.get(kind, "#bab0ac")}
        if kind == "Event":
            e: Event = d["event"]
            events[e.id] = _event_json(e)
            node.update(shape="square", size=7, etype=e.type, color=TONE_COLORS[e.tone],
                        head=f"{e.type}: {e.source} → {e.target}", ev=[e.id], lines=[])
        else:
            node.update(shape="dot", size=round(8 + 4 * math.sqrt(strength[n]), 1),
                        head=f"{d.get('label', n)} ({n}) · {kind}", **_actor_info(G, n, events))
        if n == focus:
            node.update(borderWidth=4, size=float(node["size"]) + 8, focus=True)  # type: ignore[arg-type]
        nodes.append(node)
    edges = _edges(G, width, events)
    kinds = sorted({str(n["kind"]) for n in nodes})
    tones = {str(e["tone"]) for e in edges}
    legend = {"kinds": {k: KIND_COLORS.get(k, "#bab0ac") for k in kinds},
              "tones": {t: c for t, c in TONE_COLORS.items() if t in tones},
              "types": sorted({str(e["type"]) for e in edges}), "width": width, "focus": focus}
    if G.graph.get("shown", 0) < G.graph.get("total", 0):
        legend["subset"] = (f"Showing the {G.graph['shown']} latest of {G.graph['total']} events. All of them: "
                            f"kg viz --view events --limit 0; fewer: --since, --types, --min-confidence.")
    return View(title, nodes, edges, events, physics=len(nodes) <= PHYSICS_MAX_NODES, legend=legend)


def _actor_info(G: nx.Graph, n: str, events: dict[str, dict[str, object]]) -> dict[str, object]:
    """Tooltip of an actor: its relations by type, and its latest reports."""
    by_type: Counter[str] = Counter()
    evs: list[Event] = []
    for _, _, d in list(G.out_edges(n, data=True)) + list(G.in_edges(n, data=True)) if G.is_directed() \
            else G.edges(n, data=True):
        if "events" in d:
            by_type[d["type"]] += d["count"]
            evs.extend(d["events"])
        elif "type" in d:
            by_type[d["type"]] += 1
    latest = sorted({e.id: e for e in evs}.values(), key=lambda e: (e.date or "", e.id), reverse=True)[:20]
    for e in latest:
        events[e.id] = _event_json(e)
    lines = [", ".join(f"{t.lower().replace('_', ' ')} ×{c}" for t, c in sorted(by_type.items()))] if by_type else []
    return {"lines": lines, "ev": [e.id for e in latest]}


def _edges(G: nx.Graph, width: Width, events: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    out = []
    labels = G.number_of_edges() <= EDGE_LABELS_MAX
    parallel: Counter[tuple[str, str]] = Counter()
    for i, (s, t, d) in enumerate(sorted(G.edges(data=True), key=lambda x: (str(x[0]), str(x[1]),
                                                                            str(x[2].get("type")),
                                                                            str(x[2].get("role"))))):
        typ, tone = str(d.get("type", "")), str(d.get("tone", "other"))
        edge: dict[str, object] = {"id": f"e{i}", "from": s, "to": t, "type": typ, "tone": tone,
                                   "color": TONE_COLORS.get(tone, "#757575")}
        if "events" in d:  # an aggregated actor-to-actor edge
            evs: list[Event] = d["events"]
            for e in evs:
                events[e.id] = _event_json(e)
            by_quantity = width == "quantity" and bool(d.get("quantity"))
            arrow = "—" if d.get("symmetric") else "→"
            claims = [e for e in evs if e.articles]
            lines = [f"{d['count']} article{'s' if d['count'] != 1 else ''}"
                     + (f", {len(claims)} claim{'s' if len(claims) != 1 else ''}" if claims else "")
                     + (f", quantity {d['quantity']:,}" if d.get("quantity") else "")]
            # the sources of each claim with their dates and figures (kg query evidence-for: the sentences)
            for c in claims[-3:]:
                lines += [f"{c.date or 'undated'}: {c.text}", *c.sources]
            edge.update(width=_width(d["quantity"], "quantity") if by_quantity else _width(d["count"], "count"),
                        arrows="" if d.get("symmetric") else "to", dashes=typ in VERBAL,
                        head=f"{typ}: {s} {arrow} {t}", lines=lines, ev=[e.id for e in evs])
            if labels:
                edge["label"] = typ.lower().replace("_", " ") + (f" ×{d['count']}" if d["count"] > 1 else "")
            pair = (min(str(s), str(t)), max(str(s), str(t)))
            k = parallel[pair]
            parallel[pair] += 1
            if k and labels:  # parallel edges between one pair fan out instead of hiding each other
                edge["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                                  "roundness": 0.15 * ((k + 1) // 2)}
        elif "treaties" in d:  # formal commitments (ATOP) between two actors: dotted, in their own colour
            edge.update(width=_width(d["count"], "count"), arrows="", dashes=True, head=f"TREATY: {s} — {t}",
                        lines=[tr.describe() for tr in d["treaties"]], ev=[])
            if labels:
                edge["label"] = "treaty" + (f" ×{d['count']}" if d["count"] > 1 else "")
        else:  # an event graph's role edge
            ev_node = t if str(t).startswith("event:") else s
            e = G.nodes[ev_node]["event"]
            edge.update(width=1.5, arrows="to", dashes=d.get("role") == "location",
                        head=f"{d.get('role')} of {e.type}: {e.source} → {e.target}", lines=[], ev=[e.id])
        out.append(edge)
    return out


# -- the page ------------------------------------------------------------------------------------

@cache
def _assets() -> tuple[str, str, str, str]:
    """vis-network's script and style (from the pyvis wheel), our script and style."""
    # found, not imported: pyvis imports IPython and jinja2, half a second of every build and view
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pyvis is not installed; reinstall kg (pip install -e .)")
    lib = Path(spec.origin).parent / "lib" / "vis-9.1.2"
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8"),
            (TEMPLATES / "view.js").read_text(encoding="utf-8"), (TEMPLATES / "view.css").read_text(encoding="utf-8"))


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` survives to end it or open a comment.

    Example:
        >>> script_json({"t": "</script><img src=x onerror=alert(1)>"})
        '{"t": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _page(view: View) -> str:
    vis_js, vis_css, js, css = _assets()
    data = script_json({"title": view.title, "nodes": view.nodes, "edges": view.edges, "events": view.events,
                        "physics": view.physics, "legend": view.legend, "edgeLabels": len(view.edges) <= EDGE_LABELS_MAX})
    # Only these two scripts may run: an inline handler smuggled in through article text could not.
    csp = (f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(js)}; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    title = html.escape(view.title)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style><style>{css}</style>
<script>{vis_js}</script></head>
<body>
<header><h1>{title}</h1>
<input id="kg-search" type="search" list="kg-names" placeholder="Find an actor…" aria-label="Find an actor">
<datalist id="kg-names"></datalist><span id="kg-count"></span></header>
<main><div id="kg-graph"></div>
<aside><section id="kg-legend"></section><section id="kg-details"><p class="kg-hint">Hover over a node or edge for its
evidence; click it to pin the details here, with links to the articles.</p></section></aside></main>
<div id="kg-tooltip" hidden></div>
<script type="application/json" id="kg-data">{data}</script>
<script>{js}</script>
</body></html>
"""


def render(G: nx.Graph | View, path: str | Path, *, title: str = "Alliance graph", width: Width = "count") -> Path:
    """Write an offline HTML view of `G` (a graph from this module, or a View) to `path`, atomically."""
    view = G if isinstance(G, View) else to_view(G, title=title, width=width)
    return view.save(path)
