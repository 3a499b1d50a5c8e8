"""Views in a real headless Chromium: what is drawn, tooltips, search, filters, and no script from article text.

Screenshots go to output/screenshots/ for a person to look at. One browser serves the whole module.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Browser, chromium
from test_viz import hostile_store, sample_store

from kg.store import Store
from kg.viz import View, alliance_graph, ego_graph, event_graph, to_view

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium; "
                                                            ".ci/run installs it)")]
SHOTS = Path(__file__).resolve().parents[1] / "output" / "screenshots"
TITLE = "kg view"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(width=1280, height=800) as b:
        yield b


@pytest.fixture(scope="module")
def store() -> Store:
    return sample_store()


def show(browser: Browser, view: View, tmp_path: Path, name: str) -> None:
    """Load `view` and wait until it is drawn and the page is free again; fail on any JS error."""
    page = view.save(tmp_path / f"{name}.html")
    browser.errors.clear()
    browser.open(page.as_uri(), timeout=30)
    browser.pump(0.2)
    assert browser.errors == []


def center_of(browser: Browser, node: str) -> tuple[float, float]:
    """Page coordinates of a node."""
    x, y = browser.evaluate(f"""(() => {{
        const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([{json.dumps(node)}])[{json.dumps(node)}]);
        const r = document.getElementById("kg-graph").getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }})()""")
    return x, y


def hover(browser: Browser, x: float, y: float) -> str:
    browser.mouse(5, 5)  # leave whatever was hovered
    browser.mouse(x, y)
    browser.pump(0.15)
    return str(browser.evaluate("document.getElementById('kg-tooltip').hidden ? '' : "
                                "document.getElementById('kg-tooltip').textContent"))


VIEWS = {
    "alliance": (lambda st: to_view(alliance_graph(st), title="Alliance view"),
                 {"PRK", "RUS", "UKR", "USA", "CHN", "nato"}, 6),
    "events": (lambda st: to_view(event_graph(st), title="Event view"), None, 14),
    "ego": (lambda st: to_view(ego_graph(alliance_graph(st), "PRK", 1), title="Ego view: PRK, 1 hop"),
            {"PRK", "RUS"}, 2),
}


@pytest.mark.parametrize("kind", list(VIEWS))
def test_browser_draws_each_view(browser: Browser, store: Store, tmp_path: Path, kind: str) -> None:
    make, nodes, edges = VIEWS[kind]
    view = make(store)
    show(browser, view, tmp_path, kind)
    drawn_nodes = set(browser.evaluate("kgNetwork.body.data.nodes.getIds()"))
    assert drawn_nodes == (nodes if nodes is not None else {n["id"] for n in view.nodes})
    assert browser.evaluate("kgNetwork.body.data.edges.getIds().length") == edges
    assert browser.evaluate("kgNetwork.body.nodeIndices.length") == len(drawn_nodes)  # on the canvas, not only in data
    browser.screenshot(SHOTS / f"{kind}.png")


def test_browser_tooltips_show_evidence_on_nodes_and_edges(browser: Browser, store: Store, tmp_path: Path) -> None:
    show(browser, to_view(alliance_graph(store)), tmp_path, "tips")
    text = hover(browser, *center_of(browser, "USA"))
    assert "United States (USA)" in text and "The US sent 500 vehicles to Ukraine." in text
    (ax, ay), (bx, by) = center_of(browser, "USA"), center_of(browser, "UKR")
    text = hover(browser, (ax + bx) / 2, (ay + by) / 2)
    assert "AID: USA → UKR" in text and "quantity 500" in text and "2023-05" in text
    assert "Article a2" in text and "https://news.example/a2" in text
    browser.screenshot(SHOTS / "tooltip-edge.png")


def test_browser_click_pins_details_with_safe_links(browser: Browser, store: Store, tmp_path: Path) -> None:
    show(browser, to_view(alliance_graph(store)), tmp_path, "details")
    browser.mouse(*center_of(browser, "PRK"), kind="click")
    browser.pump(0.1)
    details = browser.evaluate("document.getElementById('kg-details').textContent")
    assert "North Korea (PRK)" in details and "About 11,000 soldiers went to Kursk." in details
    links = browser.evaluate("[...document.querySelectorAll('#kg-details a')].map(a => a.href)")
    assert links and all(h.startswith("https://news.example/") for h in links)


def test_browser_search_selects_and_legend_filters(browser: Browser, store: Store, tmp_path: Path) -> None:
    show(browser, to_view(alliance_graph(store)), tmp_path, "search")
    browser.evaluate("""(() => { const s = document.getElementById('kg-search'); s.value = 'ukraine';
                        s.dispatchEvent(new Event('change')); })()""")
    assert browser.evaluate("kgNetwork.getSelectedNodes()") == ["UKR"]
    assert "Ukraine (UKR)" in browser.evaluate("document.getElementById('kg-details').textContent")
    visible = "kgNetwork.body.edgeIndices.length"
    assert browser.evaluate(visible) == 6
    browser.evaluate("document.querySelector('#kg-legend input[value=CONFLICT]').click()")
    assert browser.evaluate(visible) == 5
    assert browser.errors == []


def test_browser_large_view_draws_without_physics(browser: Browser, tmp_path: Path) -> None:
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_viz import synthetic

    view = to_view(synthetic(800, 2400), title="800 actors, 2,400 edges")
    assert not view.physics
    show(browser, view, tmp_path, "large")
    assert browser.evaluate("kgNetwork.body.nodeIndices.length") == len(view.nodes) > 700
    assert browser.evaluate("kgNetwork.body.edgeIndices.length") == len(view.edges) == 2400
    assert browser.evaluate("kgNetwork.physics.physicsEnabled") is False
    browser.screenshot(SHOTS / "large.png")


@pytest.mark.parametrize("kind", ["alliance", "events", "ego"])
def test_browser_article_text_runs_no_script(browser: Browser, tmp_path: Path, kind: str) -> None:
    st = hostile_store()
    G = {"alliance": lambda: alliance_graph(st, kinds=None), "events": lambda: event_graph(st),
         "ego": lambda: ego_graph(alliance_graph(st, kinds=None), "evil-org", 1)}[kind]()
    view = to_view(G, title=TITLE)
    show(browser, view, tmp_path, f"hostile-{kind}")
    seen = []
    for n in view.nodes:  # hover and click everything: tooltips and details render the hostile text
        seen.append(hover(browser, *center_of(browser, str(n["id"]))))
        browser.mouse(*center_of(browser, str(n["id"])), kind="click")
    for e in view.edges:
        (ax, ay), (bx, by) = center_of(browser, str(e["from"])), center_of(browser, str(e["to"]))
        browser.mouse((ax + bx) / 2, (ay + by) / 2, kind="click")
    browser.pump(0.3)
    assert any("onerror" in t for t in seen)  # the payload was shown, as text
    assert browser.evaluate("window.__pwned") is None
    assert browser.evaluate("document.title") == TITLE
    assert browser.evaluate("document.querySelectorAll('#kg-tooltip img, #kg-details img, #kg-tooltip script, "
                            "#kg-details script').length") == 0
    assert browser.evaluate("[...document.querySelectorAll('a')].filter(a => !/^https?:/.test(a.href)).length") == 0
    browser.screenshot(SHOTS / f"hostile-{kind}.png")


def test_browser_notebook_iframe_draws(browser: Browser, store: Store, tmp_path: Path) -> None:
    view = to_view(alliance_graph(store), title="Shown in a notebook cell")
    page = tmp_path / "notebook.html"
    page.write_text(f"<!doctype html><meta charset=utf-8><h3>Out[1]:</h3>{view._repr_html_()}", encoding="utf-8")
    browser.errors.clear()
    browser.open(page.as_uri(), until="document.readyState === 'complete'")
    browser.pump(1.5)
    assert browser.errors == []
    browser.screenshot(SHOTS / "notebook.png")
