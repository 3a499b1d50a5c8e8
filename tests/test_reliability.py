"""Hostile text: document ids, entity ids and CLI parameters reach SPARQL only as bound terms or
percent-encoded IRIs, so quotes, braces, newlines and `} ; DROP ALL` change nothing."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import EXIT_SKIPPED, app
from kg.ontology import document_iri, entity_iri
from kg.query import library
from kg.store import Store

from conftest import SEED

runner = CliRunner()

HOSTILE = [
    'a"> } ; DROP ALL #',
    "RUS> } ; DROP ALL ; INSERT DATA { <x> <y> <z> } #",
    "'; DELETE WHERE { ?s ?p ?o } ; '",
    '" } } ; CLEAR ALL ; SELECT * { "',
    "line\nbreak } ;\r\nDROP GRAPH <https://w3id.org/kg-alliances/doc/seed-it-2025-07-13>",
    "{{braces}} ?s ?p ?o . FILTER(true) }",
    "<https://evil.example/> <p> <o>",
    "\\u003e\\\" unicode escapes \\x00",
    "ünïcödé 中文 \u202e rtl \u200b zero-width",
    "../../etc/passwd",
    "%3E%20%7D%20already%20encoded",
    " ",
]
DOC_IDS = [h for h in HOSTILE if h.strip()]  # a blank id is refused at ingest (test_ingest.py)
BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("mint", [document_iri, entity_iri], ids=["document_iri", "entity_iri"])
def test_reliability_ids_become_safe_iris(mint, value: str) -> None:  # type: ignore[no-untyped-def]
    iri = str(mint(value))
    assert not BAD_IRI_CHARS.search(iri)
    ox.NamedNode(iri)  # a valid IRI, or this raises
    assert iri.startswith("https://w3id.org/kg-alliances/")
    assert "/" not in iri.rsplit("/", 1)[-1] and iri.count("/") == 5


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the seed article plus one article per hostile document id."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    shutil.copy(SEED, root / "in" / SEED.name)
    with open(root / "in" / "hostile.jsonl", "w", encoding="utf-8") as f:
        for i, doc in enumerate(DOC_IDS):
            f.write(json.dumps({"doc": doc, "text": f"La Russia sostiene la Corea del Nord ({i}).",
                                "lang": "it", "title": doc, "source_url": doc}) + "\n")
    result = runner.invoke(app, ["build", str(root / "in"), "--out", str(root / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return root / "out"


def _fingerprint(out: Path) -> tuple[int, list[str]]:
    with Store(out / "store", read_only=True) as st:
        return len(st), st.graphs()


def test_reliability_hostile_document_ids_are_stored_under_their_own_name(built: Path) -> None:
    with Store(built / "store", read_only=True) as st:
        rows = st.query("SELECT ?doc ?id WHERE { ?doc a kg:Article ; schema:identifier ?id }").rows
    ids = {str(r["id"]): str(r["doc"]) for r in rows}
    for doc in DOC_IDS:
        assert ids[doc] == str(document_iri(doc))
    assert len(ids) == len(DOC_IDS) + 1


NAMED_PARAMS = sorted((q.name, p.name) for q in library().values() for p in q.params)


@pytest.mark.parametrize("value", HOSTILE)
def test_reliability_hostile_query_parameters_change_nothing(value: str, built: Path) -> None:
    before = _fingerprint(built)
    assert NAMED_PARAMS, "the named queries have parameters to attack"
    for query, param in NAMED_PARAMS:
        result = runner.invoke(app, ["query", query, "--param", f"{param}={value}", "--out", str(built),
                                     "--format", "json"])
        assert result.exit_code in (0, 1), (query, param, result.output)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        else:
            json.loads(result.stdout)
    adhoc = runner.invoke(app, ["query", "SELECT ?x WHERE { BIND(?v AS ?x) }", "--param", f"v={value}",
                                "--out", str(built), "--format", "json"])
    assert adhoc.exit_code in (0, 1) and "Traceback" not in adhoc.output
    assert _fingerprint(built) == before


def test_reliability_hostile_sparql_as_the_query_text_cannot_write(built: Path) -> None:
    before = _fingerprint(built)
    for text in ["DROP ALL", "CLEAR ALL", "INSERT DATA { <x:a> <x:b> <x:c> }", "SELECT * { } ; DROP ALL"]:
        result = runner.invoke(app, ["query", text, "--out", str(built)])
        assert result.exit_code == 1, result.output
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert _fingerprint(built) == before


def test_reliability_remove_a_document_with_a_hostile_id(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    n, graphs = _fingerprint(out)
    target = 'a"> } ; DROP ALL #'
    result = runner.invoke(app, ["remove", target, "--out", str(out)])
    assert result.exit_code == 0, result.output
    n2, graphs2 = _fingerprint(out)
    assert set(graphs) - set(graphs2) == {str(document_iri(target))}
    assert 0 < n2 < n
    again = runner.invoke(app, ["remove", target, "DROP ALL", "--out", str(out)])
    assert again.exit_code == EXIT_SKIPPED
    assert "no such document in the store" in again.stderr
    assert _fingerprint(out)[0] == n2
