"""Analytics over the networkx projection: blocs, brokers, dyad scores, paths, top senders."""
from __future__ import annotations

import networkx as nx
import pytest

from test_viz import sample_store

from kg.analytics import (Event, Filter, UnknownActor, analysis, blocs, brokers, dyad_scores, load_actors,
                          load_events, period_of, shortest_paths, to_networkx, top_actors)


@pytest.fixture(scope="module")
def graph() -> tuple[nx.MultiDiGraph, list[Event]]:
    st = sample_store()
    events = load_events(st)
    return to_networkx(events, load_actors(st)), events


def two_blocs() -> nx.MultiDiGraph:
    """Two triangles of allies joined by one hostile edge and one meeting through a broker."""
    G = nx.MultiDiGraph()
    for s, t in [("A", "B"), ("B", "C"), ("C", "A"), ("X", "Y"), ("Y", "Z"), ("Z", "X"), ("C", "M"), ("M", "X")]:
        G.add_edge(s, t, key="SUPPORT", type="SUPPORT", tone="cooperation", count=3, symmetric=False)
    G.add_edge("A", "Z", key="CONFLICT", type="CONFLICT", tone="conflict", count=9, symmetric=True)
    return G


def test_analytics_events_carry_evidence_and_fall_back_to_the_article_date(graph) -> None:
    _, events = graph
    deploy = next(e for e in events if e.type == "MILITARY_DEPLOYMENT")
    assert (deploy.quantity, deploy.date, deploy.doc) == (11000, "2024-06-20", "a1")
    assert deploy.text == "About 11,000 soldiers went to Kursk." and deploy.url == "https://news.example/a1"
    assert not any(e.type == "ROLE" for e in events)
    assert any(e.type == "ROLE" for e in load_events(sample_store(), Filter(types=frozenset({"ROLE"}))))


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_analytics_blocs_are_the_two_alliances_for_any_seed(seed: int) -> None:
    found = blocs(two_blocs(), seed=seed)
    assert found == sorted(found, key=lambda b: (-len(b), b))  # largest first, members sorted
    assert {"A", "B", "C"} in [set(b) - {"M"} for b in found] and {"X", "Y", "Z"} in [set(b) - {"M"} for b in found]


def test_analytics_blocs_repeat_with_the_same_seed(graph) -> None:
    G, _ = graph
    assert blocs(G, seed=3) == blocs(G, seed=3)


def test_analytics_broker_is_the_actor_between_the_blocs() -> None:
    G = two_blocs()
    G.remove_edge("A", "Z", key="CONFLICT")
    assert [a for a, _ in brokers(G, top=3)] == ["M", "C", "X"]


def test_analytics_russia_brokers_the_sample(graph) -> None:
    G, _ = graph
    assert brokers(G, top=1)[0][0] == "RUS"


@pytest.mark.parametrize("period, expected", [
    ("year", [("2024", "PRK", "RUS", 2, 0), ("2025", "PRK", "RUS", 1, 0)]),
    ("month", [("2024-06", "PRK", "RUS", 2, 0), ("2025-03", "PRK", "RUS", 1, 0)]),
])
def test_analytics_dyad_scores_per_period(graph, period: str, expected: list[tuple]) -> None:
    _, events = graph
    got = [(d.period, d.a, d.b, d.cooperation, d.conflict) for d in dyad_scores(events, period=period)  # type: ignore[arg-type]
           if (d.a, d.b) == ("PRK", "RUS")]
    assert got == expected
    ru_ua = [d for d in dyad_scores(events) if (d.a, d.b) == ("RUS", "UKR")]
    assert [(d.period, d.score) for d in ru_ua] == [("2025", -1.0)]


@pytest.mark.parametrize("date, period, expected", [
    ("2024-11-30", "quarter", "2024-Q4"), ("2024-01", "quarter", "2024-Q1"), ("2024", "quarter", "2024"),
    ("2024-11-30", "year", "2024"), ("2024-11-30", "month", "2024-11")])
def test_analytics_period_of(date: str, period: str, expected: str) -> None:
    assert period_of(date, period) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("a, b, expected", [
    ("PRK", "UKR", [["PRK", "RUS", "UKR"]]),
    ("USA", "nato", [["USA", "UKR", "RUS", "nato"]]),
    ("North Korea", "Russia", [["PRK", "RUS"]]),
])
def test_analytics_shortest_paths(graph, a: str, b: str, expected: list[list[str]]) -> None:
    G, _ = graph
    assert shortest_paths(G, a, b) == expected


def test_analytics_paths_to_an_unknown_actor_say_what_is_close(graph) -> None:
    G, _ = graph
    with pytest.raises(UnknownActor, match="did you mean UKR"):
        shortest_paths(G, "PRK", "UKX")


def test_analytics_tables_and_top_senders(graph) -> None:
    G, events = graph
    tables = analysis(G, events, path=("PRK", "UKR"))
    assert set(tables) == {"blocs", "brokers", "dyads", "paths"}
    assert tables["paths"] == [{"hops": 2, "path": "PRK -[MILITARY_DEPLOYMENT, SUPPORT]-> RUS -[CONFLICT]- UKR"}]
    assert top_actors(events, ["SUPPORT"]) == [("PRK", 2)]
    assert top_actors(events, ["AID", "MILITARY_DEPLOYMENT"], by="quantity") == [("PRK", 11000), ("USA", 500)]
