"""The Python API in a real notebook (issue 22, item 14): nbclient executes it, headless Chromium draws its view."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser import Browser, chromium

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "seed-article-it.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from kg.cli import app

    base = tmp_path_factory.mktemp("nb")
    (base / "a").mkdir()
    shutil.copy(SEED, base / "a" / SEED.name)
    result = CliRunner().invoke(app, ["build", str(base / "a"), "--out", str(base / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return base / "out"


def test_api_extract_open_query_view(built: Path) -> None:
    import kg

    ex = kg.extract("Russia supports Iran.")
    assert ex.lang == "en" and [(r.type, r.source, r.target) for r in ex.relations] == [("SUPPORT", "RUS", "IRN")]
    assert kg.extract("Russia, Iran", lang="it").lang == "it"
    with kg.open(built) as g:
        rows = g.query("supporters-of", actor="Russland")
        assert rows.variables[:4] == ["actor", "actor_label", "supporter", "supporter_label"]
        assert rows == [{"actor": "RUS", "actor_label": "Russia", "supporter": "PRK", "supporter_label": "North Korea",
                         "articles": 1, "confidence": 0.8}]
        pandas = pytest.importorskip("pandas")
        df = rows.df()
        assert isinstance(df, pandas.DataFrame) and list(df["supporter_label"]) == ["North Korea"]
        view = g.view("ego", focus="Russia", depth=1)
        assert {n["id"] for n in view.nodes} >= {"RUS", "PRK"} and "<iframe" in view._repr_html_()


@pytest.mark.browser
@pytest.mark.slow
def test_notebook_view_draws_its_canvas(built: Path, tmp_path: Path) -> None:
    """The view a notebook shows is drawn, not only its legend: nbclient runs the notebook, Chromium shows
    its output as a notebook page does (the cell's HTML in a page), and the canvas holds the nodes' colours."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    if chromium() is None:
        pytest.skip("chromium is not installed")
    from matplotlib.image import imread

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"import kg\ng = kg.open({str(built)!r})\n"
                                          "g.query('troops-to', actor='Russia').df()"),
                nbformat.v4.new_code_cell("g.view('alliance')")]
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    table = nb.cells[0].outputs[0]["data"]["text/html"]
    assert "North Korea" in table and "11000" in table
    cell = nb.cells[1].outputs[0]["data"]["text/html"]
    page = tmp_path / "notebook.html"
    page.write_text(f"<!doctype html><html><body style='margin:0'>{cell}</body></html>", encoding="utf-8")
    shot = tmp_path / "notebook.png"
    with Browser(width=1200, height=700) as browser:
        browser.open(page.as_uri(), until="document.readyState === 'complete'")
        browser.pump(3.0)
        browser.screenshot(shot)
        assert browser.errors == []
    pixels = imread(str(shot))[:, :, :3]
    graph = pixels[80:600, 20:800]  # the canvas, left of the legend
    country = (abs(graph - [0x4E / 255, 0x79 / 255, 0xA7 / 255]).sum(axis=2) < 0.08).sum()
    assert country > 200, "the canvas is blank: no node of a Country drawn"
