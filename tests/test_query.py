"""Named queries: each answers its question on a small hand-made corpus; parameters cannot change a query."""
from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Literal

from kg.errors import QueryError, UnknownQuery
from kg.model import Document, Entity, Extraction, Relation
from kg.ontology import derive, document_graph, id_of
from kg.query import bind, format_result, library, prepare, run, run_named, write_result
from kg.store import QueryResult, Store

EVIL = ['"} ; DROP ALL ; #', "RUS> } ; DROP ALL", "x' } INSERT DATA { <a> <b> <c> } #", "{ }", "\\\"\n}"]


def _doc(doc_id: str, published: str, sentences: list[tuple[str, Relation]]) -> Extraction:
    """An extraction whose relations each rest on their own sentence of the text."""
    text, rels = "", []
    for sentence, rel in sentences:
        start = len(text)
        text += sentence + " "
        rels.append(Relation(**{**rel.__dict__, "evidence": (start, start + len(sentence))}))
    ids = sorted({r.source for r in rels} | {r.target for r in rels})
    ents = tuple(Entity(i, "Person" if "-" in i else "Country", i) for i in ids)
    return Extraction(Document(doc_id, text, "en", published, f"headline of {doc_id}"), "en", ents, tuple(rels))


CORPUS = [
    _doc("a1", "2025-03-01", [
        ("North Korea backs Russia.", Relation("SUPPORT", "PRK", "RUS")),
        ("About 11,000 North Korean soldiers are in Kursk.",
         Relation("MILITARY_DEPLOYMENT", "PRK", "RUS", quantity=11000, location="kursk", date="2024-11")),
        ("Russia attacks Ukraine.", Relation("CONFLICT", "RUS", "UKR")),
        ("Kim Jong Un leads North Korea.", Relation("ROLE", "kim-jong-un", "PRK", role="head_of_state")),
    ]),
    _doc("a2", "2025-07-13", [
        ("Reportedly 12,000 soldiers went.",
         Relation("MILITARY_DEPLOYMENT", "PRK", "RUS", quantity=12000, modality="reported", confidence=0.5)),
        ("12 million shells were shipped.", Relation("ARMS_TRANSFER", "PRK", "RUS", quantity=12_000_000)),
        ("Xi met Putin.", Relation("MEET", "CHN", "RUS")),
        ("The pact binds them.", Relation("AGREEMENT", "RUS", "PRK", subtype="mutual_defence")),
    ]),
    _doc("a3", "2025-08-02", [
        ("Washington sent aid worth 500 trucks.", Relation("AID", "USA", "UKR", quantity=500)),
        ("The US backs Kyiv.", Relation("SUPPORT", "USA", "UKR")),
        ("Chinese envoys met Ukrainians.", Relation("MEET", "CHN", "UKR")),
        ("Kyiv accuses Pyongyang.", Relation("ACCUSE", "UKR", "PRK")),
        ("Moscow accuses Beijing.", Relation("ACCUSE", "RUS", "CHN")),
    ]),
]


def load_corpus(store: Store) -> Store:
    """The corpus as a build leaves it: one graph per document, then the derived direct edges."""
    for ex in CORPUS:
        store.replace_graph(document_graph(ex))
    derive(store)
    return store


@pytest.fixture(scope="module")
def store() -> Store:
    return load_corpus(Store())


def rows(result: QueryResult, *cols: str) -> list[tuple[str, ...]]:
    """The result's rows as tuples of short ids (or plain values) of `cols`."""
    return [tuple("" if r.get(c) is None else id_of(str(r[c])) for c in cols) for r in result.rows]


def test_query_library_has_at_least_twelve_documented_queries() -> None:
    lib = library()
    assert len(lib) >= 12
    for q in lib.values():
        assert q.summary, f"{q.name} has no summary line"
        for p in q.params:
            assert p.doc, f"{q.name}: parameter {p.name} is undocumented"
            # SEP-0007 substitution binds only projected variables
            select = q.text[q.text.index("SELECT"):q.text.index("WHERE")]
            assert f"?{p.name}" in select, f"{q.name} does not project ?{p.name}"


@pytest.mark.parametrize("name, params, cols, expected", [
    ("supporters-of", {"actor": "RUS"}, ("supporter", "articles"), [("PRK", "1")]),
    ("supporters-of", {"actor": "UKR"}, ("supporter",), [("USA",)]),
    ("allies-of", {"actor": "RUS"}, ("ally", "events"), [("PRK", "5"), ("CHN", "1")]),
    ("allies-of", {"actor": "RUS"}, ("ally", "first", "last"), [("PRK", "2024-11", "2025-07-13"),
                                                                ("CHN", "2025-07-13", "2025-07-13")]),
    ("troops-to", {"actor": "RUS"}, ("sender", "troops", "articles"), [("PRK", "12000", "2")]),
    ("arms-to", {"actor": "RUS"}, ("sender", "units"), [("PRK", "12000000")]),
    ("aid-to", {"actor": "UKR"}, ("sender", "largest"), [("USA", "500")]),
    ("arms-to", {"actor": "RUS"}, ("reports", "articles", "latest"), [("1", "1", "2025-07-13")]),
    ("relations-between", {"a": "RUS", "b": "PRK"}, ("when", "type"),
     [("2024-11", "MILITARY_DEPLOYMENT"), ("2025-03-01", "SUPPORT"), ("2025-07-13", "AGREEMENT"),
      ("2025-07-13", "ARMS_TRANSFER"), ("2025-07-13", "MILITARY_DEPLOYMENT")]),
    ("evidence-for", {"source": "PRK", "target": "RUS", "type": "military_deployment"}, ("sentence", "article"),
     [("About 11,000 North Korean soldiers are in Kursk.", "a1"), ("Reportedly 12,000 soldiers went.", "a2")]),
    ("evidence-for", {"source": "USA", "target": "UKR"}, ("relation",), [("AID",), ("SUPPORT",)]),
    ("new-since", {"since": "2025-08"}, ("type", "source", "target"),
     [("ACCUSE", "RUS", "CHN"), ("ACCUSE", "UKR", "PRK"), ("AID", "USA", "UKR"), ("MEET", "CHN", "UKR"),
      ("SUPPORT", "USA", "UKR")]),
    ("most-connected", {}, ("actor", "partners"), [("RUS", "2"), ("UKR", "2"), ("CHN", "2"), ("PRK", "1"),
                                                   ("USA", "1")]),
    ("blocs", {}, ("side", "opponent", "member"),
     [("PRK", "UKR", "RUS"), ("RUS", "UKR", "PRK"), ("UKR", "PRK", "USA"), ("UKR", "PRK", "CHN"),
      ("UKR", "RUS", "USA")]),
    ("bridges", {}, ("broker", "a", "b"), [("CHN", "RUS", "UKR")]),
    ("shortest-path", {"from": "USA", "to": "PRK"}, ("hops", "via1", "via2"), [("2", "UKR", "")]),
    ("shortest-path", {"from": "USA", "to": "UKR"}, ("hops", "via1"), [("1", "")]),
    ("shortest-path", {"from": "kim-jong-un", "to": "USA"}, ("hops", "via1", "via2"), [("3", "PRK", "UKR")]),
    ("conflicting-claims", {}, ("kind", "type", "source", "target", "claimA", "claimB", "articles"),
     [("certainty", "MILITARY_DEPLOYMENT", "PRK", "RUS", "asserted", "reported", "2"),
      ("figures", "MILITARY_DEPLOYMENT", "PRK", "RUS", "11000", "12000", "2"),
      ("stance", "", "CHN", "RUS", "MEET", "ACCUSE", "2")]),
    ("timeline-of", {"actor": "CHN"}, ("month", "type", "with"), [("2025-07", "MEET", "RUS"),
                                                                  ("2025-08", "ACCUSE", "RUS"),
                                                                  ("2025-08", "MEET", "UKR")]),
    ("articles", {}, ("article", "relations"), [("a3", "5"), ("a2", "4"), ("a1", "4")]),
    ("claims-of", {"actor": "CHN"}, ("type", "source", "target", "period", "articles"),
     [("ACCUSE", "RUS", "CHN", "", "1"), ("MEET", "CHN", "RUS", "2025-07", "1"), ("MEET", "CHN", "UKR", "2025-08", "1")]),
    ("by-article", {"article": "a1"}, ("type",), [("SUPPORT",), ("MILITARY_DEPLOYMENT",), ("CONFLICT",), ("ROLE",)]),
])
def test_query_named_answers_its_question(store: Store, name: str, params: dict[str, str], cols: tuple[str, ...],
                                          expected: list[tuple[str, ...]]) -> None:
    assert rows(run_named(store, name, params), *cols) == expected


def test_query_every_named_query_is_exercised() -> None:
    tested = {"supporters-of", "allies-of", "troops-to", "arms-to", "aid-to", "relations-between", "evidence-for",
              "new-since", "most-connected", "blocs", "bridges", "shortest-path", "conflicting-claims",
              "timeline-of", "articles", "by-article", "treaties-of", "claims-of",
              "disputed-figures"}  # disputed-figures: tests/test_claims.py
    assert set(library()) <= tested


def test_query_treaties_of_lists_an_actors_formal_commitments() -> None:
    from pathlib import Path

    from kg.atop import import_atop

    store = load_corpus(Store())
    import_atop(store, Path(__file__).parent / "fixtures" / "atop" / "member-level.csv")
    got = rows(run_named(store, "treaties-of", {"actor": "PRK"}), "partner", "inEffect")
    assert got == [("RUS", "true")]
    (row,) = run_named(store, "treaties-of", {"actor": "PRK"}).rows
    assert str(row["name"]).startswith("Defence pact: North Korea, Russia")
    assert sorted(str(row["obligations"]).split(", ")) == ["consultation", "defense"]


@pytest.mark.parametrize("evil", EVIL)
def test_query_string_parameter_cannot_change_the_query(evil: str) -> None:
    store = load_corpus(Store())
    before = len(store)
    result = run_named(store, "evidence-for", {"source": "PRK", "target": "RUS", "type": evil})
    assert result.rows == [] and result.variables[:3] == ["source", "target", "type"]
    result = run(store, "SELECT ?v ?s WHERE { ?s ?p ?v }", {"v": evil})
    assert result.rows == []
    assert len(store) == before


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("kind", ["entity", "date", "integer", "decimal"])
def test_query_typed_parameter_refuses_what_it_is_not(evil: str, kind: str) -> None:
    with pytest.raises(QueryError):
        bind(evil, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize("value, kind, expected", [
    ("RUS", "entity", "https://w3id.org/kg-alliances/id/RUS"),
    ("2025", "date", "2025-01-01"), ("2025-07", "date", "2025-07-01"), ("2025-07-13", "date", "2025-07-13"),
    ("42", "integer", "42"), ("a1", "document", "https://w3id.org/kg-alliances/doc/a1"),
    ('"} ; DROP ALL', "document", "https://w3id.org/kg-alliances/doc/%22%7D%20%3B%20DROP%20ALL"),
    ('"} ; DROP ALL', "string", '"} ; DROP ALL'),
])
def test_query_bind_makes_rdf_terms(value: str, kind: str, expected: str) -> None:
    assert str(bind(value, kind)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("name, params, message", [
    ("nope", {}, "no named query 'nope'"),
    ("supporters-of", {}, "needs --param actor"),
    ("supporters-of", {"actor": "RUS", "who": "x"}, "has no parameter 'who'"),
])
def test_query_named_errors_say_what_to_do(store: Store, name: str, params: dict[str, str], message: str) -> None:
    with pytest.raises((QueryError, UnknownQuery), match=message):
        run_named(store, name, params)


def test_query_prepare_tells_names_from_text() -> None:
    assert prepare("articles")[0].startswith("# articles")
    assert prepare("SELECT * WHERE { ?s ?p ?o }") == ("SELECT * WHERE { ?s ?p ?o }", {})


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_query_write_result_matches_format_result(store: Store, fmt: str) -> None:
    buf = io.BytesIO()
    write_result(store, buf, "troops-to", {"actor": "RUS"}, fmt)  # type: ignore[arg-type]
    text = buf.getvalue().decode()
    expected = format_result(run_named(store, "troops-to", {"actor": "RUS"}), fmt)  # type: ignore[arg-type]
    if fmt == "json":
        assert json.loads(text) == json.loads(expected)
    elif fmt == "tsv":  # the store may write numbers in Turtle's short form: compare terms
        def terms(t: str) -> list[list[str]]:
            solutions = ox.parse_query_results(t, ox.QueryResultsFormat.TSV)
            assert isinstance(solutions, ox.QuerySolutions)
            return [[str(s[v]) for v in solutions.variables] for s in solutions]
        assert terms(text) == terms(expected)
    else:
        assert text.splitlines() == expected.splitlines()


def test_query_format_table_shortens_ids(store: Store) -> None:
    text = format_result(run_named(store, "troops-to", {"actor": "RUS"}), "table")
    assert text.splitlines()[2].split()[:3] == ["RUS", "PRK", "12000"]
    assert text.endswith("(1 row)")


def test_query_ask_and_construct(store: Store) -> None:
    assert format_result(store.query("ASK { ?e kg:quantity 500 }"), "json") == '{"head": {}, "boolean": true}'
    g = store.query("CONSTRUCT { ?s kg:supports ?t } WHERE { ?e a kg:Support ; kg:source ?s ; kg:target ?t }").graph
    assert g is not None and len(g) == 2
    assert Literal(500) in {o for _, _, o in store.dataset_graph()}


def test_query_blocs_sorts_as_by_iris_whatever_the_ids_length() -> None:
    # blocs sorts on the ids after /id/ (fast in Oxigraph); long ids must still come out in IRI order
    store = Store()
    members = ["member-with-a-long-id-1", "B", "member-with-a-long-id-0", "C9", "Ca"]
    store.update("INSERT DATA { id:AAA kg:inConflictWith id:ZZZ . "
                 + " ".join(f"id:AAA kg:supports id:{m} ." for m in members) + " }")
    result = run_named(store, "blocs", {})
    got = [(str(r["side"]), str(r["opponent"]), str(r["member"])) for r in result.rows]
    assert got == sorted(got) and len(got) == len(members)
