"""Claims: one node per fact across articles and languages, kept incrementally, equal to a build from scratch."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build import ingest_into, remove_document
from kg.claims import CLAIMS_GRAPH, Report, aggregate_confidence, claim_key, rebuild_claims
from kg.extract import Extractor
from kg.ontology import pending
from kg.store import Store

ARMS = [  # one fact, four languages, four outlets, two figures
    {"doc": "en1", "lang": "en", "published": "2025-03-02", "url": "https://www.reuters.com/a",
     "text": "North Korea supplied 5,000 artillery shells to Russia."},
    {"doc": "it1", "lang": "it", "published": "2025-03-03", "url": "https://www.ansa.it/b",
     "text": "La Corea del Nord ha fornito 6.000 proiettili di artiglieria alla Russia."},
    {"doc": "fr1", "lang": "fr", "published": "2025-03-04", "url": "https://www.lemonde.fr/c",
     "text": "La Corée du Nord a livré 5 000 obus d'artillerie à la Russie."},
    {"doc": "de1", "lang": "de", "published": "2025-03-05", "url": "https://www.spiegel.de/d",
     "text": "Nordkorea lieferte 5.000 Artilleriegranaten an Russland."},
]
MEETINGS = [  # two meetings of the same pair, months apart: two facts
    {"doc": "m1", "lang": "en", "published": "2025-03-10", "text": "On 9 March 2025 Sergei Lavrov met Kim Jong Un in Wonsan."},
    {"doc": "m2", "lang": "en", "published": "2024-10-10",
     "text": "On 9 October 2024 Sergei Lavrov met Kim Jong Un in Pyongyang."},
]
PAIR = [  # the pair of ARMS, with two more relation types: a pair's articles span its types
    {"doc": "s1", "lang": "en", "published": "2025-04-01", "text": "Russia accused North Korea of violating the agreement."},
    {"doc": "s2", "lang": "en", "published": "2025-04-02", "text": "North Korea praised Russia."},
]
CHANGED_IT = {**ARMS[1], "text": "La Corea del Nord ha fornito 5.000 proiettili di artiglieria alla Russia."}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def write_jsonl(path: Path, docs: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def build(tmp_path: Path, extractor: Extractor, docs: list[dict[str, str]], store: Store | None = None) -> Store:
    store = store or Store()
    ingest_into(store, [write_jsonl(tmp_path / f"in-{len(docs)}.jsonl", docs)], extractor=extractor)
    return store


def claims(store: Store) -> set[tuple[str, str, str]]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{CLAIMS_GRAPH}> {{ ?s ?p ?o }} }}", union=False).rows
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows}


def one(store: Store, sparql: str) -> dict[str, str]:
    rows = store.query(sparql).rows
    assert len(rows) == 1, rows
    return {k: str(v) for k, v in rows[0].items() if v is not None}


def test_claims_one_fact_in_four_languages_is_one_claim_with_four_sources(tmp_path: Path, extractor: Extractor) -> None:
    st = build(tmp_path, extractor, ARMS)
    row = one(st, """SELECT ?c ?articles ?outlets ?first ?last ?max ?latest ?disagree WHERE {
        ?c a kg:Claim ; kg:claimType "ARMS_TRANSFER" ; kg:articleCount ?articles ; kg:outletCount ?outlets ;
           kg:firstReported ?first ; kg:lastReported ?last ; kg:maxQuantity ?max ; kg:latestQuantity ?latest ;
           kg:figuresDisagree ?disagree }""")
    assert row["c"].endswith("/claim/ARMS_TRANSFER/PRK/RUS")
    assert (row["articles"], row["outlets"], row["first"], row["last"]) == ("4", "4", "2025-03-02", "2025-03-05")
    assert (row["max"], row["latest"], row["disagree"]) == ("6000", "5000", "true")


def test_claims_disputed_figures_names_each_article_with_its_figure(tmp_path: Path, extractor: Extractor) -> None:
    from kg.query import run_named

    rows = run_named(build(tmp_path, extractor, ARMS), "disputed-figures", {}).rows
    assert [(str(r["smallest"]), str(r["largest"])) for r in rows] == [("5000", "6000")]
    assert sorted(str(rows[0]["figures"]).split()) == ["de1=5000", "en1=5000", "fr1=5000", "it1=6000"]


def test_claims_link_every_event_and_its_evidence(tmp_path: Path, extractor: Extractor) -> None:
    st = build(tmp_path, extractor, ARMS + MEETINGS)
    events = one(st, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Event ; kg:evidence ?ev }")["n"]
    linked = one(st, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?c a kg:Claim ; kg:citation/kg:citedEvent ?e . "
                     "?e kg:evidence/prov:value ?sentence }")["n"]
    assert events == linked


@pytest.mark.parametrize("period, article", [("2025-03", "m1"), ("2024-10", "m2")])
def test_claims_meetings_months_apart_are_separate_claims(tmp_path: Path, extractor: Extractor, period: str,
                                                          article: str) -> None:
    st = build(tmp_path, extractor, MEETINGS)
    row = one(st, f"""SELECT ?c ?doc WHERE {{ ?c kg:claimType "MEET" ; kg:claimPeriod "{period}" ;
                                              kg:citation/kg:citedArticle ?doc }}""")
    assert row["c"].endswith(f"/claim/MEET/PRK/RUS/{period}") and row["doc"].endswith("/doc/" + article)


@pytest.mark.parametrize("step", ["add", "change", "remove", "add-other-type", "remove-other-type", "remove-other-month"])
def test_claims_incremental_build_equals_a_build_from_scratch(tmp_path: Path, extractor: Extractor, step: str) -> None:
    st = build(tmp_path, extractor, ARMS[:3] + MEETINGS + PAIR[:1])
    if step == "add":
        build(tmp_path, extractor, ARMS + MEETINGS + PAIR[:1], st)
    elif step == "change":
        build(tmp_path, extractor, [ARMS[0], CHANGED_IT, ARMS[2]] + MEETINGS + PAIR[:1], st)
    elif step == "remove":
        assert remove_document(st, "it1") and remove_document(st, "m2")
    elif step == "add-other-type":  # the arms claim is not reported anew, its pair's count changes
        build(tmp_path, extractor, ARMS[:3] + MEETINGS + PAIR, st)
    elif step == "remove-other-type":
        assert remove_document(st, "s1")
    else:  # the meeting of the other month stays, its relation's count changes
        assert remove_document(st, "m2")
    incremental = claims(st)
    rebuild_claims(st)
    assert incremental == claims(st) and incremental


def test_claims_derived_before_the_spanning_counts_are_all_recomputed_by_the_next_change(
        tmp_path: Path, extractor: Extractor) -> None:
    st = build(tmp_path, extractor, ARMS[:2] + MEETINGS + PAIR[:1])
    st.update("DELETE WHERE { GRAPH ?g { ?c kg:relationArticleCount ?n } } ;"
              "DELETE WHERE { GRAPH ?g { ?c kg:relationFigureArticleCount ?n } } ;"
              "DELETE WHERE { GRAPH ?g { ?c kg:relationCertaintyDiffers ?n } } ;"
              "DELETE WHERE { GRAPH ?g { ?c kg:pairArticleCount ?n } } ;"
              "DELETE WHERE { GRAPH ?g { ?c kg:sourceList ?n } }")  # as main's claims were
    build(tmp_path, extractor, ARMS[:2] + MEETINGS + PAIR, st)  # s2 touches only the PRAISE claim's pair
    incremental = claims(st)
    rebuild_claims(st)
    assert incremental == claims(st)


class Killed(BaseException):
    """The process dying where it is raised."""


@pytest.mark.parametrize("step", ["add", "remove"])
def test_claims_of_a_change_killed_before_derive_are_made_by_the_next_build(
        tmp_path: Path, extractor: Extractor, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    st = build(tmp_path, extractor, ARMS[:2] + MEETINGS[:1])

    def killed(*args: object, **kwargs: object) -> int:
        raise Killed

    with monkeypatch.context() as m, pytest.raises(Killed):
        m.setattr("kg.build.derive", killed)
        if step == "add":  # fr1 marked done, never derived
            build(tmp_path, extractor, ARMS[:3] + MEETINGS[:1], st)
        else:  # it1's graph gone, its citation not
            remove_document(st, "it1")
    assert pending(st) == (["fr1"] if step == "add" else ["it1"])
    # the next build extracts only m2, whose claim is another: fr1's (it1's) must be made (retracted) all the same
    build(tmp_path, extractor, (ARMS[:3] if step == "add" else ARMS[:1]) + MEETINGS, st)
    incremental = claims(st)
    rebuild_claims(st)
    assert incremental == claims(st) and incremental
    assert not pending(st)


def test_claims_relation_articles_span_its_months(tmp_path: Path, extractor: Extractor) -> None:
    st = build(tmp_path, extractor, MEETINGS)
    rows = st.query("SELECT ?c ?n ?all WHERE { ?c kg:claimPeriod ?p ; kg:articleCount ?n ; kg:relationArticleCount ?all }").rows
    assert sorted((int(r["n"]), int(r["all"])) for r in rows) == [(1, 2), (1, 2)]


@pytest.mark.parametrize("claim_type", ["ARMS_TRANSFER", "ACCUSE", "PRAISE"])
def test_claims_pair_articles_span_its_types(tmp_path: Path, extractor: Extractor, claim_type: str) -> None:
    st = build(tmp_path, extractor, ARMS[:2] + PAIR)
    row = one(st, f'SELECT ?n ?pair WHERE {{ ?c kg:claimType "{claim_type}" ; kg:articleCount ?n ; kg:pairArticleCount ?pair }}')
    assert int(row["pair"]) == 4 and int(row["n"]) == (2 if claim_type == "ARMS_TRANSFER" else 1)


@pytest.mark.parametrize("docs, modalities", [
    ([{"doc": "r1", "lang": "en", "published": "2025-05-01", "text": "North Korea supplied shells to Russia."},
      {"doc": "r2", "lang": "en", "published": "2025-05-02",
       "text": "According to Ukrainian intelligence, North Korea supplied shells to Russia."}], True),
    ([{"doc": "r1", "lang": "en", "published": "2025-05-01", "text": "North Korea supplied shells to Russia."},
      {"doc": "r3", "lang": "en", "published": "2025-05-03", "text": "North Korea supplied shells to Russia again."}], False),
])
def test_claims_relation_certainty_differs_when_one_article_asserts_and_another_reports(
        tmp_path: Path, extractor: Extractor, docs: list[dict[str, str]], modalities: bool) -> None:
    st = build(tmp_path, extractor, docs)
    row = one(st, 'SELECT ?d WHERE { ?c kg:claimType "ARMS_TRANSFER" ; kg:relationCertaintyDiffers ?d }')
    assert row["d"] == ("true" if modalities else "false")


def test_claims_source_list_holds_each_citation_and_figure(tmp_path: Path, extractor: Extractor) -> None:
    st = build(tmp_path, extractor, ARMS[:2])
    lines = one(st, "SELECT ?l WHERE { ?c kg:sourceList ?l }")["l"].split("\n")
    assert lines == ["2025-03-02\ten1\t5000\tasserted", "2025-03-03\tit1\t6000\tasserted"]


def test_claims_views_read_the_source_list_as_the_citations(tmp_path: Path, extractor: Extractor) -> None:
    from kg.analytics import load_claims

    st = build(tmp_path, extractor, ARMS + MEETINGS + PAIR)
    listed = load_claims(st)
    st.update("DELETE WHERE { GRAPH ?g { ?c kg:sourceList ?l } }")  # a store derived before the source lists
    assert listed == load_claims(st) and any(len(e.sources) == 4 for e in listed)


def test_claims_removed_article_leaves_no_claim_behind(tmp_path: Path, extractor: Extractor) -> None:
    st = build(tmp_path, extractor, MEETINGS)
    remove_document(st, "m2")
    assert not st.query('ASK { ?c kg:claimPeriod "2024-10" }').boolean


def report(doc: str, confidence: float, modality: str = "asserted", url: str | None = None) -> Report:
    return Report("e-" + doc, doc, None, None, confidence, modality, None, url)


@pytest.mark.parametrize("reports, expected", [
    ([report("a", 0.8)], 0.8),
    ([report("a", 0.8), report("b", 0.8)], 0.96),  # two independent outlets raise it
    ([report("a", 0.8, url="https://x.org/1"), report("b", 0.8, url="https://x.org/2")], 0.8),  # one outlet
    ([report("a", 0.8, "reported")], 0.4),  # hearsay counts half
    ([report("a", 0.8), report("b", 0.8, "denied")], 0.4),  # half the outlets deny it
])
def test_claims_confidence_formula(reports: list[Report], expected: float) -> None:
    assert aggregate_confidence(reports) == expected


@pytest.mark.parametrize("args, key", [
    (("MEET", "RUS", "PRK", "2025-07-12", None), ("MEET", "PRK", "RUS", "2025-07")),
    (("MILITARY_DEPLOYMENT", "PRK", "RUS", None, "2024-11-02"), ("MILITARY_DEPLOYMENT", "PRK", "RUS", "2024-11")),
    (("SUPPORT", "RUS", "PRK", "2025-07-12", None), ("SUPPORT", "RUS", "PRK", "")),
])
def test_claims_key_orders_symmetric_types_and_dates_dated_ones(args: tuple, key: tuple) -> None:
    assert claim_key(*args) == key


@pytest.fixture(scope="module")
def dev_store(extractor: Extractor) -> Store:
    from conftest import DEV

    st = Store()
    ingest_into(st, [DEV], extractor=extractor)
    return st


def test_claims_dev_claim_graph_has_fewer_edges_than_the_event_graph(dev_store: Store) -> None:
    from kg.analytics import load_actors, load_claims, load_events, to_networkx

    actors = load_actors(dev_store)
    claims, events = load_claims(dev_store), load_events(dev_store)
    assert len(claims) < len(events)
    assert to_networkx(claims, actors).number_of_edges() <= to_networkx(events, actors).number_of_edges()


def test_claims_dev_every_claim_links_to_all_its_evidence(dev_store: Store) -> None:
    n = one(dev_store, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Event ; kg:evidence ?ev }")["n"]
    linked = one(dev_store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?c a kg:Claim ; kg:citation/kg:citedEvent ?e . "
                            "?e kg:evidence/prov:value ?sentence }")["n"]
    # and no claim lacks a citation per article of its events
    missing = dev_store.query("""ASK { ?e a kg:Event ; kg:article ?doc .
        FILTER NOT EXISTS { ?c kg:citation ?cit . ?cit kg:citedEvent ?e ; kg:citedArticle ?doc } }""").boolean
    assert int(n) == int(linked) > 0 and not missing


REFERENCE = Path(__file__).parent / "fixtures" / "queries-over-citations"
PARAMS = [("new-since", {"since": "2024"}), ("new-since", {"since": "2025-06"}), ("new-since", {"since": "2025-06-20"}),
          ("conflicting-claims", {}), ("most-connected", {}), ("disputed-figures", {}), ("articles", {})]


def answers(store: Store, text: str, name: str, params: dict[str, str]) -> list[tuple[str | None, ...]]:
    """The rows of a query, a space-separated list read as a set (GROUP_CONCAT's order is the engine's)."""
    from kg.query import bind, library

    q = library()[name]
    bindings = {p.name: bind(params[p.name], p.kind, p.name) for p in q.params if p.name in params}
    return [tuple(None if v is None else " ".join(sorted(str(v).split(" "))) for v in r.values())
            for r in store.query(text, bindings).rows]


@pytest.mark.parametrize("name, params", PARAMS)
def test_claims_named_query_answers_as_its_definition_over_citations(dev_store: Store, name: str,
                                                                     params: dict[str, str]) -> None:
    from kg.query import library

    fast = answers(dev_store, library()[name].text, name, params)
    reference = answers(dev_store, (REFERENCE / f"{name}.rq").read_text(encoding="utf-8"), name, params)
    assert sorted(fast, key=str) == sorted(reference, key=str) and fast


@pytest.mark.parametrize("name, params", PARAMS)
def test_claims_named_query_answers_as_its_definition_after_incremental_builds(
        tmp_path: Path, extractor: Extractor, name: str, params: dict[str, str]) -> None:
    from kg.query import library

    st = build(tmp_path, extractor, ARMS[:2] + MEETINGS + PAIR[:1])
    build(tmp_path, extractor, ARMS + MEETINGS + PAIR, st)
    remove_document(st, "m2")
    fast = answers(st, library()[name].text, name, params)
    reference = answers(st, (REFERENCE / f"{name}.rq").read_text(encoding="utf-8"), name, params)
    assert sorted(fast, key=str) == sorted(reference, key=str)
