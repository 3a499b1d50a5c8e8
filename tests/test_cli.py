"""End-to-end: the CLI on the seed article, as a user runs it."""
from __future__ import annotations

import contextlib
import json
from pathlib import Path

import rdflib
import rdflib.compare
from typer.testing import CliRunner

from kg.cli import EXIT_SKIPPED, app

runner = CliRunner()


def test_cli_extract_prints_the_contract(articles: Path) -> None:
    result = runner.invoke(app, ["extract", str(articles), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["doc"] == "seed-it-2025-07-13"
    assert {"doc", "lang", "entities", "relations"} <= set(line)
    assert {(r["type"], r["source"], r["target"]) for r in line["relations"]} >= {
        ("MILITARY_DEPLOYMENT", "PRK", "RUS"), ("ARMS_TRANSFER", "PRK", "RUS")}


def test_cli_build_twice_leaves_the_graph_identical(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(articles), "--out", str(out)])
    assert first.exit_code == 0, first.output
    g1 = rdflib.Graph().parse(out / "graph.ttl")
    second = runner.invoke(app, ["build", str(articles), "--out", str(out)])
    assert second.exit_code == 0, second.output
    g2 = rdflib.Graph().parse(out / "graph.ttl")
    assert len(g1) == len(g2) > 0
    assert rdflib.compare.isomorphic(g1, g2)


def test_cli_graph_ttl_answers_who_sent_troops_to_russia(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(articles), "--out", str(out)]).exit_code == 0
    g = rdflib.Graph().parse(out / "graph.ttl")
    rows = list(g.query("""
        PREFIX kg: <https://w3id.org/kg-alliances#>
        SELECT ?sender (MAX(?q) AS ?troops) WHERE {
          ?e a kg:MilitaryDeployment ; kg:source ?sender ; kg:target <https://w3id.org/kg-alliances/id/RUS> ;
             kg:quantity ?q .
        } GROUP BY ?sender"""))
    assert [(str(s).rsplit("/", 1)[-1], int(q)) for s, q in rows] == [("PRK", 11000)]


def test_cli_named_query_with_param(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(articles), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["query", "supporters-of", "--param", "actor=RUS", "--out", str(out),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [b["supporter"]["value"].rsplit("/", 1)[-1] for b in bindings] == ["PRK"]


def test_cli_build_skips_a_missing_path_and_keeps_the_rest(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(articles), str(tmp_path / "nope.txt"), "--out", str(out)])
    assert result.exit_code == EXIT_SKIPPED
    assert "nope.txt: no such file or folder" in result.stderr
    assert "Traceback" not in result.output
    assert (out / "graph.ttl").exists()


def test_cli_viz_writes_a_page_that_loads_nothing_from_the_network(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(articles), "--out", str(out)]).exit_code == 0
    page = tmp_path / "view.html"
    result = runner.invoke(app, ["viz", "-o", str(page), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    import re
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)


def test_cli_extract_on_a_terminal_writes_its_jsonl_where_stdout_points(articles: Path, tmp_path: Path) -> None:
    """`kg extract ... > out.jsonl` typed in a terminal: the bar shows on stderr, the JSONL goes to the file
    (the bar once took the standard output for itself and drew the JSONL on the terminal)."""
    import os
    import pty
    import subprocess
    import sys
    import threading

    out = tmp_path / "out.jsonl"
    terminal, stderr = pty.openpty()
    read: list[bytes] = []

    def show() -> None:  # the terminal, read as it is written, so the writer never waits on a full buffer
        with contextlib.suppress(OSError):
            while chunk := os.read(terminal, 1 << 16):
                read.append(chunk)

    reader = threading.Thread(target=show, daemon=True)
    reader.start()
    with out.open("w", encoding="utf-8") as stdout:
        done = subprocess.run([sys.executable, "-m", "kg", "extract", str(articles), "--format", "jsonl"],
                              stdout=stdout, stderr=stderr, timeout=300)
    os.close(stderr)  # the reader then meets the end of the terminal's output
    reader.join(10)
    os.close(terminal)
    shown = b"".join(read).decode("utf-8", "replace")
    assert done.returncode == 0
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["doc"] == "seed-it-2025-07-13"
    assert "documents" in shown and '"relations"' not in shown  # the bar, and no JSONL, on the terminal
