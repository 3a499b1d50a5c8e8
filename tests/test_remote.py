"""Remote stores: the Store API over SPARQL 1.1 Protocol and Graph Store Protocol, against a real Oxigraph server."""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError, StoreError
from kg.query import library, run_named
from kg.remote import RemoteStore, sparql_term, with_values
from kg.serve import Server, start
from kg.store import Store
from test_query import CORPUS, EVIL, load_corpus, rows

runner = CliRunner()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An Oxigraph server on a free loopback port, holding the hand-made corpus."""
    with start(tmp_path_factory.mktemp("remote") / "store", port=0, writable=True) as srv:
        load_corpus(Store(srv.store_url))
        yield srv


@pytest.fixture(scope="module")
def local() -> Store:
    return load_corpus(Store())


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[Server]:
    with start(tmp_path / "store", port=0, writable=True) as srv:
        yield srv


def _defaults(name: str) -> dict[str, str]:
    examples = {"actor": "RUS", "a": "PRK", "b": "RUS", "source": "PRK", "target": "RUS", "since": "2025-07",
                "from": "kim-jong-un", "to": "USA", "article": "a1"}
    return {p.name: examples[p.name] for p in library()[name].params if p.default is None}


@pytest.mark.parametrize("name", sorted(library()))
def test_remote_named_query_answers_as_the_embedded_store(server: Server, local: Store, name: str) -> None:
    remote = Store(server.store_url)
    got = run_named(remote, name, _defaults(name))
    want = run_named(local, name, _defaults(name))
    assert got.variables == want.variables
    # GROUP_CONCAT has no defined order: compare its items as sets
    def cells(result: object) -> list[tuple[str, ...]]:
        return [tuple(" ".join(sorted(c.split(" "))) for c in row) for row in rows(result, *result.variables)]  # type: ignore[attr-defined]
    assert cells(got) == cells(want)


@pytest.mark.parametrize("evil", EVIL)
def test_remote_parameters_cannot_change_the_query(server: Server, evil: str) -> None:
    remote = Store(server.store_url)
    before = len(remote)
    assert run_named(remote, "evidence-for", {"source": "PRK", "target": "RUS", "type": evil}).rows == []
    assert remote.query("SELECT ?v ?s WHERE { ?s ?p ?v }", {"v": Literal(evil)}).rows == []
    assert remote.query("SELECT ?v WHERE { ?s ?p ?v }", {"v": Literal(evil, lang="en")}).rows == []
    assert len(remote) == before


@pytest.mark.parametrize("term", [URIRef("http://x/a> } ; DROP ALL ; <b"), URIRef("http://x/a b"), rdflib.BNode()])
def test_remote_refuses_terms_it_cannot_write_safely(term: rdflib.term.Identifier) -> None:
    with pytest.raises(QueryError):
        sparql_term(term)


@pytest.mark.parametrize("sparql, expected", [
    ("SELECT ?a WHERE { ?a ?p ?o }", "SELECT ?a WHERE { VALUES (?a) { (<http://x/a>) } ?a ?p ?o }"),
    ("PREFIX select: <http://s/> SELECT ?a { ?a select:p '{' }",
     "PREFIX select: <http://s/> SELECT ?a { VALUES (?a) { (<http://x/a>) } ?a select:p '{' }"),
    ("# {\nASK { ?a ?p ?o }", "# {\nASK { VALUES (?a) { (<http://x/a>) } ?a ?p ?o }"),
    ("CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }",
     "CONSTRUCT { ?a ?p ?o } WHERE { VALUES (?a) { (<http://x/a>) } ?a ?p ?o }"),
    ("SELECT ?a WHERE { SELECT ?a WHERE { ?a ?p ?o } }",
     "SELECT ?a WHERE { VALUES (?a) { (<http://x/a>) } { SELECT ?a WHERE { ?a ?p ?o } } }"),
])
def test_remote_values_block_goes_at_the_head_of_the_where_group(sparql: str, expected: str) -> None:
    assert with_values(sparql, {"a": URIRef("http://x/a")}) == expected


def test_remote_graphs_replace_remove_and_dump(empty_server: Server, local: Store) -> None:
    remote = Store(empty_server.store_url)
    load_corpus(remote)
    assert remote.graphs() == local.graphs()
    assert len(remote) == len(local)
    load_corpus(remote)  # PUT replaces: nothing doubles
    assert len(remote) == len(local)
    for fmt in ("trig", "turtle"):
        a, b = io.BytesIO(), io.BytesIO()
        remote.dump(a, fmt)  # type: ignore[arg-type]
        local.dump(b, fmt)  # type: ignore[arg-type]
        ga, gb = rdflib.Dataset(), rdflib.Dataset()
        ga.parse(data=a.getvalue(), format=fmt)
        gb.parse(data=b.getvalue(), format=fmt)
        assert set(ga.quads()) == set(gb.quads()) and len(set(ga.quads())) > 0
    assert remote.remove_graph(local.graphs()[0]) is True
    assert remote.remove_graph(local.graphs()[0]) is False
    remote.update("DROP ALL")
    assert len(remote) == 0


def test_remote_load_and_query_to(empty_server: Server, local: Store) -> None:
    remote = Store(empty_server.store_url)
    buf = io.BytesIO()
    local.dump(buf, "nquads")
    remote.load(io.BytesIO(buf.getvalue()), "nquads")
    assert len(remote) == len(local)
    out = io.BytesIO()
    remote.query_to(out, "SELECT ?a WHERE { ?e kg:quantity ?q ; kg:target ?a }", {"q": Literal(500)}, "json")
    assert [b["a"]["value"] for b in json.loads(out.getvalue())["results"]["bindings"]] == \
        ["https://w3id.org/kg-alliances/id/UKR"]


def test_remote_read_only_refuses_writes(server: Server) -> None:
    with pytest.raises(StoreError, match="read-only"):
        Store(server.store_url, read_only=True).update("DROP ALL")


def test_remote_errors_are_one_clear_line(server: Server) -> None:
    with pytest.raises(QueryError, match="error at 1:") as e:
        Store(server.store_url).query("SELECT ?s WHERE { ?s")
    assert "\n" not in str(e.value)
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        Store(f"http://127.0.0.1:{_closed_port()}").graphs()


def _closed_port() -> int:
    from kg.serve import free_port
    return free_port()


def test_remote_cli_build_query_export_end_to_end(empty_server: Server, articles: Path, tmp_path: Path) -> None:
    url = empty_server.store_url
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(articles), "--out", str(out), "--store", url, "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert (out / "graph.ttl").exists() and not (out / "store").exists()
    again = runner.invoke(app, ["build", str(articles), "--out", str(out), "--store", url, "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.stderr
    result = runner.invoke(app, ["query", "troops-to", "-p", "actor=RUS", "--store", url, "-f", "json"])
    assert result.exit_code == 0, result.output
    senders = [b["sender"]["value"].rsplit("/", 1)[-1] for b in json.loads(result.stdout)["results"]["bindings"]]
    assert "PRK" in senders
    exported = runner.invoke(app, ["export", "--store", url, "-f", "turtle"])
    assert exported.exit_code == 0, exported.output
    assert rdflib.compare.isomorphic(rdflib.Graph().parse(data=exported.stdout, format="turtle"),
                                     rdflib.Graph().parse(out / "graph.ttl"))


def test_remote_cli_says_when_the_endpoint_is_down(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "articles", "--store", f"http://127.0.0.1:{_closed_port()}"])
    assert result.exit_code == 1
    assert "cannot reach the SPARQL endpoint" in result.stderr and "Traceback" not in result.output


def test_remote_store_is_a_store() -> None:
    assert isinstance(Store("http://127.0.0.1:1"), RemoteStore) and isinstance(Store("http://127.0.0.1:1"), Store)
    assert len(CORPUS) == 3
