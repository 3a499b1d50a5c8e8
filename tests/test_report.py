"""The HTML report, and the analyze / report / viz commands end to end."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser import Browser, chromium
from test_viz import hostile_store, sample_store

from kg.cli import app
from kg.report import report

runner = CliRunner()
SHOTS = Path(__file__).resolve().parents[1] / "output" / "screenshots"
TITLE = "kg report"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build output folder whose store holds the sample articles."""
    out = tmp_path_factory.mktemp("out")
    sample_store(out / "store").close()
    return out


def test_report_writes_plots_tables_and_linked_views(tmp_path: Path) -> None:
    path = report(sample_store(), tmp_path)
    page = path.read_text(encoding="utf-8")
    assert page.count('<img src="data:image/png;base64,') == 4  # blocs, dyads, supporters, suppliers
    for name in ("alliance.html", "events.html", "ego.html"):
        assert f'href="{name}"' in page and (tmp_path / name).exists()
    assert "Ego view: Russia" in page and "North Korea" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//(?!news\.example)""", page)
    assert "<script" not in page  # a static page: its CSP allows no script at all


def test_report_escapes_article_text(tmp_path: Path) -> None:
    page = report(hostile_store(), tmp_path).read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>window" not in page
    assert "&lt;img src=x onerror=" in page
    assert "javascript:" not in page


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.browser
def test_report_runs_no_script_in_a_browser(tmp_path: Path) -> None:
    path = report(hostile_store(), tmp_path, title=TITLE)
    with Browser(width=1100, height=1600) as b:
        b.open(path.as_uri(), until="document.readyState === 'complete'")
        b.pump(0.3)
        assert b.evaluate("window.__pwned") is None and b.evaluate("document.title") == TITLE
        assert b.evaluate("document.querySelectorAll('img').length") == 4  # only the plots
        assert b.evaluate("[...document.querySelectorAll('a')].every(a => !a.href.startsWith('javascript'))")
        b.screenshot(SHOTS / "report-hostile.png")
        b.open((tmp_path / "alliance.html").as_uri())
        assert b.evaluate("window.__pwned") is None and b.errors == []


def test_cli_analyze_prints_tables_and_json(built: Path) -> None:
    result = runner.invoke(app, ["analyze", "--out", str(built), "--path", "PRK", "--path", "UKR"])
    assert result.exit_code == 0, result.output
    for name in ("== blocs", "== brokers", "== dyads", "== paths", "PRK -[MILITARY_DEPLOYMENT, SUPPORT]-> RUS"):
        assert name in result.stdout
    result = runner.invoke(app, ["analyze", "--out", str(built), "--format", "json", "--types", "support,conflict"])
    assert result.exit_code == 0, result.output
    tables = json.loads(result.stdout)
    assert tables["brokers"][0]["actor"] == "RUS"


@pytest.mark.parametrize("args, message", [
    (["viz", "--focus", "RUSS"], "did you mean RUS"),
    (["viz", "--types", "HUGS"], "unknown relation type"),
    (["viz", "--since", "June"], "is not YYYY"),
    (["viz", "--view", "ego"], "needs --focus"),
    (["analyze", "--path", "PRK"], "exactly two actors"),
])
def test_cli_views_reject_bad_options_in_one_line(built: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--out", str(built)])
    assert result.exit_code in (1, 2) and message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, nodes", [
    (["--view", "alliance"], {"PRK", "RUS", "UKR", "USA", "CHN", "nato"}),
    (["--focus", "USA", "--depth", "1"], {"USA", "UKR"}),
    (["--types", "SUPPORT", "--min-confidence", "0.8"], {"PRK", "RUS"}),
    (["--view", "events", "--since", "2025", "--types", "conflict"], {"RUS", "UKR"}),
])
def test_cli_viz_views_and_filters(built: Path, tmp_path: Path, args: list[str], nodes: set[str]) -> None:
    page = tmp_path / "v.html"
    result = runner.invoke(app, ["viz", *args, "-o", str(page), "--out", str(built)])
    assert result.exit_code == 0, result.output
    data = json.loads(page.read_text(encoding="utf-8").split('id="kg-data">', 1)[1].split("</script>", 1)[0])
    assert {n["id"] for n in data["nodes"] if n["kind"] != "Event"} == nodes


def test_cli_report(built: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--out", str(built), "-o", str(tmp_path / "r"), "--period", "month"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "report.html").exists() and (tmp_path / "r" / "ego.html").exists()


# -- issue 22, item 10: articles not mentions, a time axis, no future events, a source list that says it stops -----

def _events() -> list:
    from kg.analytics import Event

    long = [Event(f"s{i}", "SUPPORT", "PRK", "RUS", 1, "long-article", "2024") for i in range(6)]
    conflicts = [Event(f"c{i}", "CONFLICT", "PRK", "RUS", 1, f"short-{i}", "2024") for i in range(2)]
    return long + conflicts


def test_report_dyads_count_articles_not_mentions() -> None:
    from kg.analytics import dyad_scores
    from kg.report import dyad_series

    (by_reports,) = dyad_scores(_events())
    assert by_reports.score == 0.5  # six mentions in one long article outweigh two articles
    assert dyad_series(_events(), period="year") == {("PRK", "RUS"): [(2024.0, -0.333)]}


def test_report_dyads_lie_on_a_time_axis_and_plans_are_not_events() -> None:
    from kg.analytics import Event
    from kg.report import dyad_series

    evs = [Event("a", "SUPPORT", "PRK", "RUS", 1, "d1", "2016-05", published="2016-05-02"),
           Event("b", "SUPPORT", "PRK", "RUS", 1, "d2", "2024-03", published="2024-03-09"),
           Event("c", "ARMS_TRANSFER", "PRK", "RUS", 1, "d3", "2028", published="2025-07-13")]  # "deliver by 2028"
    (points,) = dyad_series(evs, period="year").values()
    assert [x for x, _ in points] == [2016.0, 2024.0, 2025.0]  # the gap of years shows; 2028 is not plotted
    (points,) = dyad_series(evs, period="quarter").values()
    assert [x for x, _ in points] == [2016.25, 2024.0, 2025.5]


def test_report_source_list_says_when_it_stops(tmp_path: Path) -> None:
    from kg.analytics import Event
    from kg.report import _sources

    evs = [Event(f"e{i}", "SUPPORT", "PRK", "RUS", 1, f"doc-{i:02d}", "2024") for i in range(60)]
    text = _sources(evs)
    assert text.count("<li>") == 50
    assert "60 articles" in text and "and 10 more articles (10 claims)" in text and "kg query articles" in text
