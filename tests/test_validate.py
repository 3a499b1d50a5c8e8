"""SHACL validation: built graphs conform, broken ones are caught, `kg validate` exit codes."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.build import ingest_into
from kg.cli import app
from kg.extract import Extractor
from kg.ontology import KG, SCHEMA, document_iri, entity_iri
from kg.store import Store
from kg.validate import validate, validate_graph

runner = CliRunner()
EV = URIRef("https://w3id.org/kg-alliances/event/test")
DOC = document_iri("d")


def good() -> Graph:
    g = Graph()
    for t in [(EV, RDF.type, KG.Support), (EV, KG.relationType, Literal("SUPPORT")),
              (EV, KG.source, entity_iri("PRK")), (EV, KG.target, entity_iri("RUS")), (EV, KG.article, DOC),
              (EV, KG.confidence, Literal("0.9", datatype=XSD.decimal)),
              (DOC, RDF.type, KG.Article), (DOC, RDF.type, SCHEMA.NewsArticle),
              (DOC, SCHEMA.identifier, Literal("d")), (DOC, SCHEMA.inLanguage, Literal("it"))]:
        g.add(t)
    for c in ("PRK", "RUS"):
        g.add((entity_iri(c), RDF.type, KG.Country))
        g.add((entity_iri(c), KG.code, Literal(c)))
        g.add((entity_iri(c), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(c)))
    return g


def test_validate_hand_built_graph_conforms() -> None:
    report = validate_graph(good())
    assert report.conforms, report.violations


@pytest.mark.parametrize("change, path", [
    (lambda g: g.remove((EV, KG.source, None)), KG.source),
    (lambda g: g.add((EV, KG.target, entity_iri("UKR"))), KG.target),                   # two targets, one untyped
    (lambda g: g.set((EV, KG.confidence, Literal("1.5", datatype=XSD.decimal))), KG.confidence),
    (lambda g: g.add((EV, KG.date, Literal("13 July"))), KG.date),
    (lambda g: g.add((EV, KG.quantity, Literal(-3))), KG.quantity),
    (lambda g: g.remove((EV, KG.article, None)), KG.article),
    (lambda g: g.set((EV, KG.relationType, Literal("HUG"))), KG.relationType),
    (lambda g: g.add((entity_iri("RUS"), KG.code, Literal("RU"))), KG.code),
    (lambda g: (g.add((entity_iri("Kim Jong"), RDF.type, KG.Person)),
                g.add((entity_iri("Kim Jong"), KG.code, Literal("Kim Jong"))),
                g.add((entity_iri("Kim Jong"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                       Literal("Kim")))), KG.code),
])
def test_validate_catches_broken_graphs(change: object, path: URIRef) -> None:
    g = good()
    change(g)  # type: ignore[operator]
    report = validate_graph(g)
    assert not report.conforms
    assert str(path) in {v.path for v in report.violations}, report.violations


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SEED

    out = tmp_path_factory.mktemp("validate") / "out"
    with Store(out / "store") as st:
        ingest_into(st, [SEED], extractor=Extractor())
    return out


def test_validate_the_seed_build_conforms(built: Path) -> None:
    with Store(built / "store", read_only=True) as st:
        report = validate(st)
    assert report.conforms, "\n".join(map(str, report.violations))


def test_validate_cli_exit_0_when_the_graph_conforms(built: Path) -> None:
    result = runner.invoke(app, ["validate", "--out", str(built)])
    assert result.exit_code == 0, result.output


def test_validate_cli_exit_1_and_prints_violations(tmp_path: Path) -> None:
    g = good()
    g.set((EV, KG.confidence, Literal("7", datatype=XSD.decimal)))
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1, result.output
    assert "confidence" in result.stdout


@pytest.mark.parametrize("args", [["nope.ttl"], ["--out", "no-such-output-folder"], ["graph.weird"]])
def test_validate_cli_exit_2_on_error(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "graph.weird").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["validate", *[str(tmp_path / a) if not a.startswith("-") else a for a in args]])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_validate_cli_exit_2_on_broken_shapes(built: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("this is not turtle", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--out", str(built), "--shapes", str(shapes)])
    assert result.exit_code == 2, result.output
