"""The embedded store: named graphs per document, bulk loads, dumps, Rust-serialized results, rdflib access."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError, StoreError, StoreLocked
from kg.remote import RemoteStore
from kg.store import Store, is_remote

KG = "https://w3id.org/kg-alliances#"
ID = "https://w3id.org/kg-alliances/id/"


def doc_graph(name: str, *edges: tuple[str, str, str]) -> Graph:
    g = Graph(identifier=URIRef(f"https://w3id.org/kg-alliances/doc/{name}"))
    for s, p, o in edges:
        g.add((URIRef(ID + s), URIRef(KG + p), URIRef(ID + o)))
    g.add((g.identifier, URIRef("https://schema.org/headline"), Literal(f'Headline "{name}"\n', lang="en")))
    return g


@pytest.fixture
def store() -> Store:
    st = Store()
    st.replace_graph(doc_graph("a", ("PRK", "supports", "RUS"), ("PRK", "deploysTroopsTo", "RUS")))
    st.replace_graph(doc_graph("b", ("USA", "supports", "UKR")))
    return st


@pytest.mark.parametrize("location, remote", [
    ("http://127.0.0.1:7878", True), ("https://sparql.example.org/ds/query", True), ("HTTP://x", True),
    ("output/store", False), (Path("output/store"), False), (None, False), ("httpdocs/store", False),
])
def test_store_is_remote(location: str | Path | None, remote: bool) -> None:
    assert is_remote(location) is remote


def test_store_opens_a_remote_store_for_an_url_without_connecting() -> None:
    st = Store("http://127.0.0.1:9/base/query")
    assert isinstance(st, RemoteStore)
    assert (st.query_url, st.update_url, st.store_url) == (
        "http://127.0.0.1:9/base/query", "http://127.0.0.1:9/base/update", "http://127.0.0.1:9/base/store")


def test_store_replace_graph_replaces_and_remove_graph_retracts(store: Store) -> None:
    assert store.graphs() == ["https://w3id.org/kg-alliances/doc/a", "https://w3id.org/kg-alliances/doc/b"]
    assert len(store) == 5
    store.replace_graph(doc_graph("a", ("PRK", "supports", "RUS")))
    assert len(store) == 4
    assert store.remove_graph("https://w3id.org/kg-alliances/doc/b") is True
    assert store.remove_graph("https://w3id.org/kg-alliances/doc/b") is False
    assert store.graphs() == ["https://w3id.org/kg-alliances/doc/a"]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "xml", "trig", "nquads", "jsonld"])
def test_store_dump_round_trips(store: Store, fmt: str) -> None:
    buf = io.BytesIO()
    store.dump(buf, fmt)  # type: ignore[arg-type]
    again = Store()
    again.load(io.BytesIO(buf.getvalue()), fmt)  # type: ignore[arg-type]
    assert rdflib.compare.isomorphic(again.dataset_graph(), store.dataset_graph())
    if fmt in ("trig", "nquads", "jsonld"):
        assert again.graphs() == store.graphs()


def test_store_bulk_load_from_a_file_into_a_graph(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "g.nt"
    store.dump(path, "ntriples")
    on_disk = Store(tmp_path / "store")
    on_disk.load(path, "ntriples", graph="https://w3id.org/kg-alliances/doc/all")
    assert on_disk.graphs() == ["https://w3id.org/kg-alliances/doc/all"] and len(on_disk) == 5
    on_disk.close()


@pytest.mark.parametrize("on_disk", [False, True])
def test_store_bulk_load_of_a_stream_equals_a_transaction(tmp_path: Path, store: Store, on_disk: bool) -> None:
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    bulk = Store(tmp_path / "store" if on_disk else None)
    bulk.load(io.BytesIO(buf.getvalue()), "nquads", bulk=True)
    assert bulk.graphs() == store.graphs() and len(bulk) == len(store) == 5
    assert rdflib.compare.isomorphic(bulk.dataset_graph(), store.dataset_graph())
    with pytest.raises(StoreError, match="not valid nquads"):
        bulk.load(io.BytesIO(b"<a> <b> ."), "nquads", bulk=True)
    bulk.close()


def test_store_load_rejects_bad_data_in_one_line() -> None:
    with pytest.raises(StoreError, match="not valid turtle"):
        Store().load(io.BytesIO(b"<a> <b> ."), "turtle")


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda t: json.loads(t)["results"]["bindings"][0]["s"]["value"] == ID + "PRK"),
    ("csv", lambda t: t.splitlines() == ["s,o", f"{ID}PRK,{ID}RUS", f"{ID}USA,{ID}UKR"]),
    ("tsv", lambda t: t.splitlines()[1] == f"<{ID}PRK>\t<{ID}RUS>"),
    ("xml", lambda t: "<sparql" in t),
])
def test_store_query_to_writes_w3c_results(store: Store, fmt: str, check: object) -> None:
    buf = io.BytesIO()
    store.query_to(buf, "SELECT ?s ?o WHERE { ?s kg:supports ?o } ORDER BY ?s", fmt=fmt)  # type: ignore[arg-type]
    assert check(buf.getvalue().decode())  # type: ignore[operator]


def test_store_query_to_writes_a_construct_as_turtle(store: Store) -> None:
    buf = io.BytesIO()
    store.query_to(buf, "CONSTRUCT WHERE { ?s kg:supports ?o }", fmt="csv")
    assert len(Graph().parse(data=buf.getvalue(), format="turtle")) == 2


def test_store_query_binds_terms(store: Store) -> None:
    result = store.query("SELECT ?s ?o WHERE { ?s kg:supports ?o }", {"s": URIRef(ID + "USA")})
    assert [(r["s"], r["o"]) for r in result.rows] == [(URIRef(ID + "USA"), URIRef(ID + "UKR"))]


def test_store_query_rows_name_every_variable_with_none_where_unbound(store: Store) -> None:
    result = store.query("SELECT ?o ?x ?s WHERE { ?s kg:deploysTroopsTo ?o OPTIONAL { ?s kg:praises ?x } }")
    assert result.rows == [{"o": URIRef(ID + "RUS"), "x": None, "s": URIRef(ID + "PRK")}]


def test_store_query_strings_gives_text_with_empty_where_unbound(store: Store) -> None:
    rows = store.query_strings('SELECT ?o ?x ?s (STR(1.50) AS ?n) (", quoted\\nline" AS ?t) WHERE { '
                               '?s kg:deploysTroopsTo ?o OPTIONAL { ?s kg:praises ?x } }')
    assert rows == [{"o": ID + "RUS", "x": "", "s": ID + "PRK", "n": "1.5", "t": ", quoted\nline"}]


@pytest.mark.parametrize("sparql, bindings, message", [
    ("SELECT ?s WHERE { ?s ", {}, "SPARQL syntax error"),
    ("SELECT ?o WHERE { ?s kg:supports ?o }", {"s": URIRef(ID + "USA")}, "SELECT projection"),
])
def test_store_query_errors_are_one_line(store: Store, sparql: str, bindings: dict[str, URIRef], message: str) -> None:
    with pytest.raises(QueryError, match=message) as e:
        store.query(sparql, bindings)
    assert "\n" not in str(e.value)


def test_store_rdflib_dataset_is_the_same_store(store: Store) -> None:
    ds = store.rdflib_dataset()
    g = ds.graph(URIRef("https://w3id.org/kg-alliances/doc/c"))
    g.add((URIRef(ID + "CHN"), URIRef(KG + "meetsWith"), URIRef(ID + "RUS")))
    assert "https://w3id.org/kg-alliances/doc/c" in store.graphs()
    assert len(store.query("SELECT ?s WHERE { ?s kg:meetsWith ?o }").rows) == 1
    assert len(list(ds.query("SELECT ?s WHERE { GRAPH ?g { ?s <https://w3id.org/kg-alliances#supports> ?o } }"))) == 2


def test_store_one_writer_at_a_time(tmp_path: Path) -> None:
    with Store(tmp_path / "store"):
        with pytest.raises(StoreLocked, match="in use by another kg process"):
            Store(tmp_path / "store")


def test_store_persists_on_disk(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as st:
        st.replace_graph(doc_graph("a", ("PRK", "supports", "RUS")))
    with Store(tmp_path / "store", read_only=True) as st:
        assert len(st) == 2 and st.graphs() == ["https://w3id.org/kg-alliances/doc/a"]
