"""The gazetteer: CLDR names, data-file aliases, capitals, demonyms, organizations, dated offices."""
from __future__ import annotations

import pytest

from kg.extract import gazetteer as gaz
from kg.extract.nlp import pipeline


@pytest.fixture(scope="module")
def g() -> gaz.Gazetteer:
    return gaz.default()


@pytest.mark.parametrize("lang, text, label, id_", [
    ("it", "Corea del Nord", "Country", "PRK"),
    ("it", "RPDC", "Country", "PRK"),
    ("it", "Nordcorea", "Country", "PRK"),
    ("en", "DPRK", "Country", "PRK"),
    ("it", "Stati Uniti", "Country", "USA"),
    ("en", "USA", "Country", "USA"),
    ("fr", "Corée du Nord", "Country", "PRK"),
    ("es", "Corea del Norte", "Country", "PRK"),
    ("de", "Nordkorea", "Country", "PRK"),
    ("it", "Mosca", "Capital", "RUS|moscow"),
    ("it", "Pechino", "Capital", "CHN|beijing"),
    ("en", "Kyiv", "Capital", "UKR|kyiv"),
    ("it", "Kiev", "Capital", "UKR|kyiv"),
    ("it", "Teheran", "Capital", "IRN|tehran"),
    ("it", "nordcoreani", "Demonym", "PRK"),
    ("en", "North Korean", "Demonym", "PRK"),
    ("fr", "nord-coréen", "Demonym", "PRK"),
    ("es", "norcoreano", "Demonym", "PRK"),
    ("de", "nordkoreanische", "Demonym", "PRK"),
    ("it", "Nato", "Organization", "NATO"),
    ("fr", "OTAN", "Organization", "NATO"),
    ("de", "Vereinte Nationen", "Organization", "UN"),
    ("es", "Unión Europea", "Organization", "EU"),
    ("en", "Sergei Lavrov", "Person", "sergei-lavrov"),
    # a territory that is no state is a place (territories.tsv)
    ("es", "Sáhara Occidental", "Location", "western-sahara"),
    ("en", "Western Sahara", "Location", "western-sahara"),
    ("fr", "Sahara occidental", "Location", "western-sahara"),
    ("de", "Westsahara", "Location", "western-sahara"),
    # the old names of states, as archives and the CAMEO manual write them
    ("en", "Kampuchea", "Country", "KHM"),
    ("en", "Kampuchean", "Demonym", "KHM"),
    ("fr", "Zaïre", "Country", "COD"),
    ("en", "Ceylon", "Country", "LKA"),
    # intelligence services are their state, by the acronym every language uses
    ("it", "CIA", "Country", "USA"),
    ("de", "BND", "Country", "DEU"),
    ("es", "Mosad", "Country", "ISR"),
])
def test_gazetteer_patterns_carry_contract_ids(lang: str, text: str, label: str, id_: str) -> None:
    doc = pipeline(lang)(f"{text} .")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents][:1] == [(text, label, id_)]


@pytest.mark.parametrize("person, date, country, role", [
    ("sergei-lavrov", "2025-07-13", "RUS", "foreign_minister"),
    ("sergei-shoigu", "2023-01-01", "RUS", "defence_minister"),
    ("sergei-shoigu", "2025-01-01", "RUS", "other"),
    ("kim-jong-un", "2025-07-13", "PRK", "head_of_state"),
    ("joe-biden", "2024-04-10", "USA", "head_of_state"),
    ("donald-trump", "2025-02-16", "USA", "head_of_state"),
])
def test_gazetteer_offices_are_dated(g: gaz.Gazetteer, person: str, date: str, country: str, role: str) -> None:
    office = g.office_at(person, date)
    assert office is not None and (office.country, office.role) == (country, role)


def test_gazetteer_every_id_follows_the_contract(g: gaz.Gazetteer) -> None:
    import re
    for id_, type_ in g.types.items():
        if type_ == "Country":
            assert re.fullmatch(r"[A-Z]{3}", id_), id_
        elif type_ == "Organization":
            assert re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", id_), id_
        else:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_), id_


def test_gazetteer_wikidata_ids_where_given(g: gaz.Gazetteer) -> None:
    assert g.wikidata.get("NATO") == "Q7184"
    assert all(q.startswith("Q") and q[1:].isdigit() for q in g.wikidata.values())


def test_gazetteer_a_month_is_no_surname(g: gaz.Gazetteer) -> None:
    assert "May" not in g.name_parts or not any(label == gaz.NAME_PART and text == "May"
                                                for _l, label, _i, text in g.names)


def test_gazetteer_user_rows_extend_it(tmp_path) -> None:
    import shutil
    folder = tmp_path / "gazetteer"
    shutil.copytree(gaz.GAZETTEER, folder)
    with open(folder / "organizations.tsv", "a", encoding="utf-8") as f:
        f.write("ZZ-ALLIANCE\t\t*\tZeta Alliance\n")
    g = gaz.load(folder)
    assert g.types["ZZ-ALLIANCE"] == "Organization"
    assert ("*", "Organization", "ZZ-ALLIANCE", "Zeta Alliance") in g.names


@pytest.mark.parametrize("id_, label", [
    ("NATO", "NATO"), ("CSTO", "CSTO"), ("UN", "UN"), ("EU", "EU"), ("SCO", "SCO"), ("G7", "G7"),
    ("AUKUS", "AUKUS"), ("IAEA", "IAEA"), ("SDF", "SDF"), ("WAGNER-GROUP", "Wagner Group"), ("HAMAS", "Hamas"),
    ("COD", "Democratic Republic of the Congo"), ("BIH", "Bosnia and Herzegovina"), ("RUS", "Russia"),
])
def test_gazetteer_labels_are_the_usual_english_names(g: gaz.Gazetteer, id_: str, label: str) -> None:
    # a label equal to the id was once replaced by the next row's spelling ("Nato", "ODKB", "ONU")
    assert g.labels[id_] == label


@pytest.mark.parametrize("published, text, war", [
    ("2024-10-01", "Russia attacked Ukraine again.", "russo-ukrainian-war"),
    (None, "Russia attacked Ukraine again.", "russo-ukrainian-war"),  # undated: the war still running
    ("2019-05-01", "Russia attacked Ukraine again.", "russia-ukraine-war-2014"),
    ("2024-04-14", "Iran attacked Israel with drones and missiles.", None),  # before the twelve-day war
    ("2025-06-20", "Iran attacked Israel with drones and missiles.", "israel-iran-war"),
])
def test_gazetteer_a_conflict_belongs_to_the_war_of_its_parties_running_when_published(
        published: str | None, text: str, war: str | None) -> None:
    from kg.extract import Extractor
    from kg.model import Document

    ex = Extractor().extract(Document("w", text, "en", published))
    wars = {e.id for e in ex.entities if e.type == "Conflict"}
    assert wars == ({war} if war else set())
