"""Groupings defined by their members: members of an organization with its own id are in an AGREEMENT with
it; a grouping named only by its members (AUKUS, the Quad) is coded pairwise between them."""
from __future__ import annotations

import importlib

import pytest

from kg.extract import Extractor
from kg.model import Document

explain = importlib.import_module("kg.extract.explain")

AES = {("AGREEMENT", "AES", "MLI"), ("AGREEMENT", "AES", "BFA"), ("AGREEMENT", "AES", "NER")}


def agreements(extractor: Extractor, lang: str, text: str) -> set[tuple[str, str, str]]:
    ex = extractor.extract(Document("p", text, lang, "2025-04-04"))
    return {("AGREEMENT", *sorted((r.source, r.target))) for r in ex.relations if r.type == "AGREEMENT"}


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Lavrov a reçu ses homologues de l'Alliance des États du Sahel (AES) composée du Mali, du Burkina Faso "
           "et du Niger."),
    ("it", "L'Alleanza degli Stati del Sahel, composta da Mali, Burkina Faso e Niger, ha lasciato l'Ecowas."),
    ("de", "Die Allianz der Sahel-Staaten, bestehend aus Mali, Burkina Faso und Niger, wurde 2023 gegründet."),
])
def test_members_listed_after_an_organization_are_in_it(extractor: Extractor, lang: str, text: str) -> None:
    assert agreements(extractor, lang, text) == {("AGREEMENT", *sorted(p[1:])) for p in AES}


@pytest.mark.parametrize(("lang", "text"), [
    # a definition: "X is an alliance of N states: A, B and C", "X, ... di cui fanno parte A, B e C"
    ("en", "The Alliance of Sahel States is an alliance of three military-led countries -- Mali, Burkina Faso "
           "and Niger."),
    ("it", "L'Alleanza degli Stati del Sahel, nata nel 2023 e di cui fanno parte Mali, Burkina Faso e Niger, "
           "ha lasciato l'Ecowas."),
    ("fr", "L'Alliance des États du Sahel, créée en 2023 et dont font partie le Mali, le Burkina Faso et le Niger, "
           "a quitté la Cedeao."),
    ("es", "La Alianza de Estados del Sahel, de la que forman parte Malí, Burkina Faso y Níger, abandonó la Cedeao."),
])
def test_members_a_grouping_is_defined_by_are_in_it(extractor: Extractor, lang: str, text: str) -> None:
    assert {k for k in agreements(extractor, lang, text) if "AES" in k} == {("AGREEMENT", *sorted(p[1:])) for p in AES}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Moscow and Beijing are building an alliance of Russia and China against the West."),
    ("it", "La NATO osserva l'alleanza di Russia e Corea del Nord."),  # no copula: NATO is not defined
    ("fr", "L'OTAN dénonce l'alliance de la Russie et de la Corée du Nord."),
])
def test_an_alliance_of_states_named_in_passing_defines_no_membership(extractor: Extractor, lang: str,
                                                                      text: str) -> None:
    x = explain.explain(Document("p", text, lang), extractor)
    assert not [e for s in x.sentences for e in s.events if e["event"] == "candidate" and e["rule"] == "_members"]
@pytest.mark.parametrize(("lang", "text", "members"), [
    ("es", "También criticaron las alianzas regionales como el Aukus, formado por Washington, Reino Unido y Australia.",
     ("AUS", "GBR", "USA")),
    ("en", "The Quad, made up of the United States, Japan, India and Australia, held a summit.",
     ("AUS", "IND", "JPN", "USA")),
])
def test_a_grouping_named_by_its_members_is_coded_pairwise(extractor: Extractor, lang: str, text: str,
                                                           members: tuple[str, ...]) -> None:
    expected = {("AGREEMENT", a, b) for k, a in enumerate(members) for b in members[k + 1:]}
    assert agreements(extractor, lang, text) == expected


def meetings(extractor: Extractor, lang: str, text: str) -> set[tuple[str, ...]]:
    ex = extractor.extract(Document("p", text, lang, "2025-04-04"))
    return {tuple(sorted((r.source, r.target))) for r in ex.relations if r.type == "MEET"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Lavrov received in Moscow his counterparts from the Alliance of Sahel States, made up of Mali, "
           "Burkina Faso and Niger."),
    ("it", "Lavrov ha incontrato a Mosca gli omologhi dell'Alleanza degli Stati del Sahel, composta da Mali, "
           "Burkina Faso e Niger."),
    ("es", "Lavrov se reunió en Moscú con los cancilleres de la Alianza de Estados del Sahel, integrada por Malí, "
           "Burkina Faso y Níger."),
])
def test_a_host_meeting_a_blocs_ministers_meets_each_member(extractor: Extractor, lang: str, text: str) -> None:
    assert meetings(extractor, lang, text) == {("BFA", "RUS"), ("MLI", "RUS"), ("NER", "RUS")}


@pytest.mark.parametrize(("lang", "text", "pair"), [
    ("en", "Zelensky met NATO ministers in Brussels.", ("NATO", "UKR")),  # no members named: the bloc itself
    ("fr", "Lavrov a rencontré les dirigeants de l'AES à Moscou.", ("AES", "RUS")),
])
def test_a_bloc_the_article_gives_no_members_stays_the_party(extractor: Extractor, lang: str, text: str,
                                                              pair: tuple[str, str]) -> None:
    assert pair in meetings(extractor, lang, text)


@pytest.mark.parametrize(("lang", "text"), [
    ("it", "La Svezia è ufficialmente entrata a far parte della NATO, alleanza militare che include diversi paesi."),
    ("fr", "La Suède fait partie de l'OTAN depuis 2024."),
    ("es", "Suecia forma parte de la OTAN desde marzo."),
    ("en", "Sweden became a member of NATO in March."),
    ("de", "Schweden ist seit März Mitglied der Nato."),
])
def test_belonging_to_an_organization_the_sentence_predicates_is_membership(extractor: Extractor, lang: str,
                                                                             text: str) -> None:
    assert agreements(extractor, lang, text) == {("AGREEMENT", "NATO", "SWE")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "As a member of NATO, Turkey has positioned itself as a key supporter of Syria."),
    ("en", "Turkey, a member of NATO, supports Syria."),
    # a clause that opens the sentence has the subject after it, not the previous sentence's
    ("it", "L'Ungheria ha dato il suo consenso. Per ottenere i due consensi ed entrare a far parte della NATO, la "
           "Turchia ha dovuto aspettare a lungo."),
])
def test_membership_described_in_passing_or_sought_is_none(extractor: Extractor, lang: str, text: str) -> None:
    assert not {k for k in agreements(extractor, lang, text) if "NATO" in k}
