"""Views: graphs from a small hand-made store, their tooltips' data, filters, ego view, and the page itself."""
from __future__ import annotations

import html
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.analytics import Filter, UnknownActor
from kg.model import Document, Entity, Extraction, Relation
from kg.ontology import document_graph
from kg.store import Store
from kg.viz import PHYSICS_MAX_NODES, View, alliance_graph, ego_graph, event_graph, layout, render, to_view

PAYLOAD = '<img src=x onerror="window.__pwned=1;document.title=\'PWNED\'">'
SCRIPT = "<script>window.__pwned=2;document.title='PWNED'</script>"
ACTORS = [("PRK", "Country", "North Korea"), ("RUS", "Country", "Russia"), ("UKR", "Country", "Ukraine"),
          ("USA", "Country", "United States"), ("CHN", "Country", "China"), ("nato", "Organization", "NATO"),
          ("kim-jong-un", "Person", "Kim Jong Un"), ("kursk", "Location", "Kursk")]
# (doc, published, relations: (type, source, target, quantity, date, confidence, sentence))
ARTICLES = [
    ("a1", "2024-06-20", [("SUPPORT", "PRK", "RUS", None, "2024-06-19", 0.9, "Kim pledged full support to Russia."),
                          ("MILITARY_DEPLOYMENT", "PRK", "RUS", 11000, None, 0.8, "About 11,000 soldiers went to Kursk."),
                          ("ROLE", "kim-jong-un", "PRK", None, None, 0.9, "Kim Jong Un leads North Korea.")]),
    ("a2", "2025-03-01", [("CONFLICT", "RUS", "UKR", None, None, 0.95, "Russia shelled Ukrainian towns."),
                          ("AID", "USA", "UKR", 500, "2023-05", 0.7, "The US sent 500 vehicles to Ukraine."),
                          ("MEET", "CHN", "RUS", None, None, 0.6, "China's and Russia's leaders met."),
                          ("SUPPORT", "PRK", "RUS", None, None, 0.5, "Pyongyang again backed Moscow."),
                          ("ACCUSE", "nato", "RUS", None, None, 0.9, "NATO accused Russia of escalation.")]),
]


def extraction(doc: str, published: str, rels: list[tuple], *, title: str | None = None,
               url: str | None = None) -> Extraction:
    """A document whose text is its sentences, one per relation, each the relation's evidence."""
    text, relations = "", []
    for typ, s, t, q, date, conf, sentence in rels:
        start = len(text)
        text += sentence + " "
        relations.append(Relation(typ, s, t, quantity=q, date=date, confidence=conf, evidence=(start, start + len(sentence))))
    d = Document(doc, text, "en", published, title or f"Article {doc}", url or f"https://news.example/{doc}")
    entities = tuple(Entity(i, k, label) for i, k, label in ACTORS)  # type: ignore[arg-type]
    return Extraction(d, "en", entities, tuple(relations))


def sample_store(location: Path | None = None) -> Store:
    """Two articles, eight actors, eight relations: enough for every view and analysis (in memory by default)."""
    st = Store(location)
    for doc, published, rels in ARTICLES:
        st.replace_graph(document_graph(extraction(doc, published, rels)))
    return st


def hostile_store() -> Store:
    """An article whose title, URL, evidence and one actor label try to run script in a view."""
    st = sample_store()
    ex = extraction("evil", "2025-01-01", [("SUPPORT", "PRK", "evil-org", 666, None, 0.9, f"PRK backs {PAYLOAD} {SCRIPT}"),
                                           ("AID", "evil-org", "RUS", None, None, 0.9, f"{SCRIPT} aid")],
                    title=f"Breaking {PAYLOAD}", url="javascript:window.__pwned=3;document.title='PWNED'")
    ex = Extraction(ex.document, "en", ex.entities + (Entity("evil-org", "Organization", f"Evil {PAYLOAD}"),),
                    ex.relations)
    st.replace_graph(document_graph(ex))
    return st


@pytest.fixture(scope="module")
def store() -> Store:
    return sample_store()


def test_viz_alliance_graph_aggregates_per_dyad_and_type(store: Store) -> None:
    G = alliance_graph(store)
    assert set(G) == {"PRK", "RUS", "UKR", "USA", "CHN", "nato"}  # no persons, no places
    support = G.edges["PRK", "RUS", "SUPPORT"]
    assert support["count"] == 2 and support["tone"] == "cooperation"
    assert {e.text for e in support["events"]} == {"Kim pledged full support to Russia.", "Pyongyang again backed Moscow."}
    assert G.edges["PRK", "RUS", "MILITARY_DEPLOYMENT"]["quantity"] == 11000
    assert G.edges["CHN", "RUS", "MEET"]["symmetric"]
    assert G.edges["RUS", "UKR", "CONFLICT"]["tone"] == "conflict"
    assert not any(k == "ROLE" for _, _, k in G.edges(keys=True))


@pytest.mark.parametrize("flt, expected", [
    (Filter(), {("PRK", "RUS", "SUPPORT"), ("PRK", "RUS", "MILITARY_DEPLOYMENT"), ("RUS", "UKR", "CONFLICT"),
                ("USA", "UKR", "AID"), ("CHN", "RUS", "MEET"), ("nato", "RUS", "ACCUSE")}),
    (Filter(types=frozenset({"SUPPORT", "AID"})), {("PRK", "RUS", "SUPPORT"), ("USA", "UKR", "AID")}),
    (Filter(min_confidence=0.85), {("PRK", "RUS", "SUPPORT"), ("RUS", "UKR", "CONFLICT"), ("nato", "RUS", "ACCUSE")}),
    # undated events take their article's date: MILITARY_DEPLOYMENT is 2024-06-20 through its article
    (Filter(until="2024-06"), {("PRK", "RUS", "SUPPORT"), ("PRK", "RUS", "MILITARY_DEPLOYMENT"), ("USA", "UKR", "AID")}),
    (Filter(since="2025"), {("PRK", "RUS", "SUPPORT"), ("RUS", "UKR", "CONFLICT"), ("CHN", "RUS", "MEET"),
                            ("nato", "RUS", "ACCUSE")}),
    (Filter(since="2024-01-01", until="2024-12-31"), {("PRK", "RUS", "SUPPORT"), ("PRK", "RUS", "MILITARY_DEPLOYMENT")}),
])
def test_viz_filters_select_events(store: Store, flt: Filter, expected: set[tuple[str, str, str]]) -> None:
    assert set(alliance_graph(store, flt).edges(keys=True)) == expected


@pytest.mark.parametrize("focus, depth, expected", [
    ("PRK", 1, {"PRK", "RUS"}),
    ("PRK", 2, {"PRK", "RUS", "UKR", "CHN", "nato"}),
    ("usa", 1, {"USA", "UKR"}),  # ids and labels are matched without case
    ("United States", 2, {"USA", "UKR", "RUS"}),
])
def test_viz_ego_graph_keeps_actors_within_depth(store: Store, focus: str, depth: int, expected: set[str]) -> None:
    H = ego_graph(alliance_graph(store), focus, depth)
    assert set(H) == expected
    assert H.graph["focus"] in expected


def test_viz_ego_graph_names_close_actors_for_a_typo(store: Store) -> None:
    with pytest.raises(UnknownActor, match="RUS"):
        ego_graph(alliance_graph(store), "RUSS")


def test_viz_event_graph_links_events_to_their_actors(store: Store) -> None:
    G = event_graph(store)
    events = [n for n, d in G.nodes(data=True) if d["kind"] == "Event"]
    assert len(events) == 7  # ROLE is left out unless asked for
    deploy = next(n for n in events if G.nodes[n]["event"].type == "MILITARY_DEPLOYMENT")
    assert list(G.predecessors(deploy)) == ["PRK"] and list(G.successors(deploy)) == ["RUS"]
    assert G.nodes[deploy]["event"].quantity == 11000


@pytest.mark.parametrize("make", [
    lambda st: alliance_graph(st), lambda st: event_graph(st), lambda st: ego_graph(alliance_graph(st), "RUS", 1)])
def test_viz_every_node_and_edge_has_a_tooltip_with_evidence(store: Store, make) -> None:
    view = to_view(make(store))
    for item in view.nodes + view.edges:
        assert item["head"], item
    for e in view.edges:
        assert e["ev"] and all(view.events[i]["text"] for i in e["ev"]), e
        assert all(view.events[i]["url"].startswith("https://news.example/") for i in e["ev"])
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in view.nodes)


def test_viz_edge_width_follows_count_or_quantity(store: Store) -> None:
    G = alliance_graph(store)
    by_count = {(e["from"], e["to"], e["type"]): e["width"] for e in to_view(G).edges}
    by_qty = {(e["from"], e["to"], e["type"]): e["width"] for e in to_view(G, width="quantity").edges}
    assert by_count[("PRK", "RUS", "SUPPORT")] > by_count[("PRK", "RUS", "MILITARY_DEPLOYMENT")]
    assert by_qty[("PRK", "RUS", "MILITARY_DEPLOYMENT")] > by_qty[("USA", "UKR", "AID")] > by_qty[("PRK", "RUS", "SUPPORT")]


def ring(n: int) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_edge(f"n{i}", f"n{(i * 7 + 1) % n}", key="MEET", type="MEET", tone="cooperation", count=1,
                   quantity=None, symmetric=True, events=[])
    return G


def test_viz_layout_is_deterministic_and_physics_off_for_large_graphs() -> None:
    assert layout(ring(30)) == layout(ring(30))
    assert to_view(ring(30)).physics
    assert not to_view(ring(PHYSICS_MAX_NODES + 50)).physics


def test_viz_page_loads_nothing_from_the_network(store: Store, tmp_path: Path) -> None:
    page = render(alliance_graph(store), tmp_path / "v.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    assert "Content-Security-Policy" in page and "'unsafe-inline'" not in page.split("script-src")[1].split(";")[0]


def test_viz_hostile_text_stays_data_in_the_page() -> None:
    page = to_view(alliance_graph(hostile_store(), kinds=None)).html()
    body = page.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and "javascript:" not in body  # escaped JSON; unsafe URL dropped
    assert "onerror" in body  # the text itself is kept, as text


def test_viz_view_displays_in_jupyter_as_a_sandboxed_iframe(store: Store) -> None:
    view = to_view(alliance_graph(store), title="In a notebook")
    shown = view._repr_html_()
    assert shown.startswith("<iframe ") and 'sandbox="allow-scripts allow-popups"' in shown
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown)
    assert srcdoc and html.unescape(srcdoc.group(1)) == view.html()


def test_viz_render_accepts_a_view_or_a_graph(store: Store, tmp_path: Path) -> None:
    G = alliance_graph(store)
    a = render(G, tmp_path / "a.html", title="T").read_text(encoding="utf-8")
    b = render(to_view(G, title="T"), tmp_path / "b.html").read_text(encoding="utf-8")
    assert a == b and isinstance(to_view(G), View)


def test_viz_alliance_edges_of_a_derived_store_are_claims_weighted_by_articles() -> None:
    from kg.ontology import derive

    st = sample_store()
    derive(st)
    support = alliance_graph(st).edges["PRK", "RUS", "SUPPORT"]
    (claim,) = support["events"]  # two articles, one fact
    assert support["count"] == 2 and claim.docs == ("a1", "a2")
    assert claim.sources == ("2025-03-01 · a2", "2024-06-20 · a1")  # each source with its date, latest first


def test_viz_claim_tooltip_lists_sources_with_dates_and_figures() -> None:
    from kg.ontology import derive

    st = sample_store()
    derive(st)
    edges = {(e["from"], e["to"], e["type"]): e for e in to_view(alliance_graph(st)).edges}
    lines = edges[("PRK", "RUS", "MILITARY_DEPLOYMENT")]["lines"]
    assert lines[0].startswith("1 article, 1 claim") and "2024-06-20 · a1 · 11,000" in lines
