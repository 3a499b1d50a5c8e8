"""ATOP import: treaties with members, dates and obligations, beside the news-derived relations."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, XSD, Literal
from typer.testing import CliRunner

from kg.atop import AtopError, atop_graph, country_of, import_atop, treaty_iri
from kg.cli import EXIT_SKIPPED, app
from kg.model import Document, Entity, Extraction, Relation
from kg.ontology import ATOP, KG, document_graph, entity_iri
from kg.store import Store
from kg.validate import validate

FIXTURE = Path(__file__).parent / "fixtures" / "atop" / "member-level.csv"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "atop" / "atop-member-level.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def store() -> Store:
    st = Store()
    news = Extraction(Document("news", "Russia and North Korea signed a pact.", "en", "2024-06-19"), "en",
                      (Entity("RUS", "Country", "Russia"), Entity("PRK", "Country", "North Korea")),
                      (Relation("AGREEMENT", "PRK", "RUS", subtype="mutual_defence", evidence=(0, 37)),
                       Relation("MILITARY_DEPLOYMENT", "PRK", "RUS", quantity=11000, evidence=(0, 37))))
    st.replace_graph(document_graph(news))
    report = import_atop(st, FIXTURE)
    assert report.treaties == 3 and report.memberships == 7
    return st


@pytest.mark.parametrize("ccode, date, expected", [
    (365, "1939-08", "SUN"), (365, "1900", "RUS"), (365, "2024-06-19", "RUS"), (365, None, "RUS"),
    (345, "1990", "YUG"), (345, "2010", "SRB"), (731, None, "PRK"), (255, "1939", "DEU"), (265, None, "DDR"),
    (2, None, "USA"),
])
def test_atop_cow_codes_map_to_country_ids_by_date(ccode: int, date: str | None, expected: str) -> None:
    state = country_of(ccode, date)
    assert state is not None and state.id == expected


def test_atop_treaty_has_members_dates_and_obligations(store: Store) -> None:
    rows = store.query("""
        SELECT ?t ?start (GROUP_CONCAT(DISTINCT STRAFTER(STR(?o), "/atop/"); separator=" ") AS ?obligations)
        WHERE { ?t a kg:Treaty ; kg:atopId "9001" ; kg:startDate ?start ; kg:obligation ?o } GROUP BY ?t ?start""").rows
    assert len(rows) == 1
    assert rows[0]["start"] == Literal("2024-06-19", datatype=XSD.date)
    assert sorted(str(rows[0]["obligations"]).split()) == ["consultation", "defense"]
    members = {r["m"] for r in store.query(
        "SELECT ?t ?m WHERE { ?t kg:member ?m }", {"t": treaty_iri("9001")}).rows}
    assert members == {entity_iri("PRK"), entity_iri("RUS")}


def test_atop_member_exit_and_partial_dates_keep_their_precision(store: Store) -> None:
    g, _ = atop_graph(FIXTURE)
    ends = {str(o) for m in g.objects(treaty_iri("9002"), KG.membership) for o in g.objects(m, KG.endDate)}
    assert ends == {"1966-07-01"}
    starts = {(str(g.value(m, KG.party)).rsplit("/", 1)[-1], g.value(m, KG.startDate))
              for m in g.objects(treaty_iri("9003"), KG.membership)}
    assert starts == {("DEU", Literal("1939-08-23", datatype=XSD.date)),
                      ("SUN", Literal("1939-08", datatype=XSD.gYearMonth))}
    # the treaty ends with its last member's exit, at the precision ATOP gives
    assert g.value(treaty_iri("9003"), KG.endDate) == Literal("1941-06-22", datatype=XSD.date)
    assert (treaty_iri("9003"), KG.obligation, ATOP.nonaggression) in g


def test_atop_unknown_state_codes_are_reported_not_guessed() -> None:
    g, report = atop_graph(FIXTURE)
    assert report.skipped == ("atopid 9004: unknown COW state code '8152'",)
    assert (treaty_iri("9004"), RDF.type, KG.Treaty) not in g


def test_atop_news_relations_sit_beside_formal_commitments(store: Store) -> None:
    rows = store.query("""
        SELECT DISTINCT ?atop ?troops WHERE {
          ?t a kg:Treaty ; kg:atopId ?atop ; kg:membership ?m1 , ?m2 .
          ?m1 kg:party id:PRK ; kg:obligation <https://w3id.org/kg-alliances/code/atop/defense> .
          ?m2 kg:party id:RUS .
          ?e a kg:MilitaryDeployment ; kg:source id:PRK ; kg:target id:RUS ; kg:quantity ?troops .
        }""").rows
    assert [(str(r["atop"]), int(r["troops"])) for r in rows] == [("9001", 11000)]  # type: ignore[arg-type]


def test_atop_allied_with_only_for_defense_treaties_in_force(store: Store) -> None:
    pairs = {(str(r["a"]).rsplit("/", 1)[-1], str(r["b"]).rsplit("/", 1)[-1]) for r in store.query(
        "SELECT DISTINCT ?a ?b WHERE { ?a kg:alliedWith ?b }").rows}
    assert {("PRK", "RUS"), ("USA", "GBR"), ("GBR", "USA")} <= pairs
    assert not any("FRA" in p for p in pairs)      # left in 1966
    assert not any("SUN" in p or "DEU" in p for p in pairs)  # ended, and no defense obligation


def test_atop_import_validates(store: Store) -> None:
    report = validate(store)
    assert report.conforms, "\n".join(map(str, report.violations))


def test_atop_reimport_replaces_the_graph(store: Store) -> None:
    before = len(store)
    import_atop(store, FIXTURE)
    assert len(store) == before


@pytest.mark.parametrize("content, reason", [(None, "no such file"), ("a,b\n1,2\n", "no column")])
def test_atop_bad_files_are_one_line_errors(tmp_path: Path, content: str | None, reason: str) -> None:
    path = tmp_path / "atop.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(AtopError, match=reason):
        atop_graph(path)


def test_atop_cli_imports_and_names_skipped_rows(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "atop", str(FIXTURE), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "3 treaties" in result.stderr and "8152" in result.stderr
    bad = runner.invoke(app, ["import", "atop", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out")])
    assert bad.exit_code == 1 and "no such file" in bad.stderr


def test_atop_full_member_level_file_maps_every_known_state(tmp_path: Path) -> None:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not here: the ATOP data lives in ../shared beside the checkout")
    g, report = atop_graph(SHARED)
    assert report.treaties > 700 and report.memberships > 2300
    assert all("8152" in s for s in report.skipped)  # the one code COW does not have
    nato = {str(o).rsplit("/", 1)[-1] for o in g.objects(treaty_iri("3180"), KG.member)}
    assert {"USA", "GBR", "FRA", "ITA", "CAN"} <= nato
