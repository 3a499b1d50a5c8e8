"""Exports: every RDF format round-trips to an isomorphic graph; GraphML, GEXF and CSV hold the events."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.build import ingest_into
from kg.cli import app
from kg.export import events, export, import_rdf, to_networkx
from kg.extract import Extractor
from kg.store import Store
from kg.validate import validate

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SEED

    out = tmp_path_factory.mktemp("export") / "out"
    with Store(out / "store") as st:
        ingest_into(st, [SEED], extractor=Extractor())
        assert validate(st).conforms
    return out


def graphs_of(store: Store) -> dict[str, rdflib.Graph]:
    out: dict[str, rdflib.Graph] = {}
    for r in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", union=False).rows:
        out.setdefault(str(r["g"]), rdflib.Graph()).add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("fmt, suffix", [("trig", ".trig"), ("nquads", ".nq"), ("jsonld", ".jsonld")])
def test_export_quad_formats_round_trip_with_named_graphs(built: Path, tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"graph{suffix}"
    with Store(built / "store", read_only=True) as st, open(path, "wb") as f:
        export(st, fmt, f)  # type: ignore[arg-type]
        before = graphs_of(st)
    with Store(tmp_path / "copy") as copy:
        import_rdf(copy, path)
        after = graphs_of(copy)
    assert sorted(before) == sorted(after)
    assert len(before) >= 4  # the document, ontology, derived and builds graphs
    for name in before:
        assert isomorphic(before[name], after[name]), name


@pytest.mark.parametrize("fmt, suffix", [("turtle", ".ttl"), ("ntriples", ".nt"), ("xml", ".rdf")])
def test_export_triple_formats_round_trip_as_the_union(built: Path, tmp_path: Path, fmt: str, suffix: str) -> None:
    buf = io.BytesIO()
    with Store(built / "store", read_only=True) as st:
        export(st, fmt, buf)  # type: ignore[arg-type]
        union = st.dataset_graph()
    parsed = rdflib.Graph().parse(data=buf.getvalue(), format={"ntriples": "nt"}.get(fmt, fmt))
    assert len(parsed) == len(union) > 0
    assert isomorphic(parsed, union)


def test_export_network_holds_actors_and_events(built: Path) -> None:
    with Store(built / "store", read_only=True) as st:
        G = to_networkx(st)
        rows = events(st)
    assert G.nodes["PRK"]["type"] == "Country" and G.nodes["RUS"]["label"]
    assert G.number_of_edges() >= len(rows) > 0
    troops = [d for _s, _t, d in G.edges("PRK", data=True) if d.get("relation") == "MILITARY_DEPLOYMENT"]
    assert max(d.get("quantity", 0) for d in troops) == 11000


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_graphml_and_gexf_read_back(built: Path, tmp_path: Path, fmt: str, read: object) -> None:
    path = tmp_path / f"g.{fmt}"
    with Store(built / "store", read_only=True) as st:
        with open(path, "wb") as f:
            export(st, fmt, f, full=True)  # type: ignore[arg-type]  # --all: the whole actor network
        G = to_networkx(st)
    back = read(path)  # type: ignore[operator]
    assert set(back.nodes) == set(G.nodes)
    assert back.number_of_edges() == G.number_of_edges()


def test_export_csv_has_one_row_per_event_with_its_evidence(built: Path) -> None:
    buf = io.BytesIO()
    with Store(built / "store", read_only=True) as st:
        export(st, "csv", buf)
        n = st.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:relationType ?t ; kg:article ?a }").rows[0]["n"]
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))
    assert len(rows) == int(n)  # type: ignore[arg-type]
    deploy = [r for r in rows if r["type"] == "MILITARY_DEPLOYMENT" and r["quantity"] == "11000"]
    assert deploy and deploy[0]["source"] == "PRK" and deploy[0]["article"] == "seed-it-2025-07-13"
    assert all(r["evidence"] and r["language"] == "it" for r in rows)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld", "graphml", "gexf", "csv"])
def test_export_cli_writes_each_format(built: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"export.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--out", str(built), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0


def test_export_cli_refuses_an_unknown_format(built: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "docx", "--out", str(built)])
    assert result.exit_code == 2


def test_export_turtle_is_the_builds_graph_ttl_until_the_store_changes(tmp_path: Path) -> None:
    from tests.conftest import SEED

    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(SEED), "--out", str(out), "--jobs", "1"]).exit_code == 0
    assert runner.invoke(app, ["export", "--out", str(out), "-o", str(tmp_path / "a.ttl")]).exit_code == 0
    dumped = io.BytesIO()
    with Store(out / "store", read_only=True) as st:
        export(st, "turtle", dumped)  # no build folder: read from the store
    del st
    assert (tmp_path / "a.ttl").read_bytes() == dumped.getvalue() == (out / "graph.ttl").read_bytes()
    with Store(out / "store") as st:  # a write since the build: its graph.ttl is no longer the store's
        st.update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }")
    del st
    assert runner.invoke(app, ["export", "--out", str(out), "-o", str(tmp_path / "b.ttl")]).exit_code == 0
    assert "urn:a" in (tmp_path / "b.ttl").read_text(encoding="utf-8")
    assert "urn:a" not in (out / "graph.ttl").read_text(encoding="utf-8")
