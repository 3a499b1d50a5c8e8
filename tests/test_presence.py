"""Military presence named without a verb is a deployment, as the contract codes presence."""
from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.model import Document


def deployments(extractor: Extractor, lang: str, text: str) -> set[tuple[str, str, int | None]]:
    ex = extractor.extract(Document("p", text, lang, "2025-01-10"))
    return {(r.source, r.target, r.quantity) for r in ex.relations if r.type == "MILITARY_DEPLOYMENT"}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Tra gli accordi c'è l'impegno a cambiare la struttura delle forze statunitensi in Giappone.",
     {("USA", "JPN", None)}),
    ("it", "Ben 12.000 soldati nordcoreani sarebbero in Russia per combattere le forze ucraine.",
     {("PRK", "RUS", 12000)}),
    ("en", "The presence of US forces in Syria has been a source of public discontent.", {("USA", "SYR", None)}),
    ("en", "About 900 US troops in Syria are working with Kurdish forces.", {("USA", "SYR", 900)}),
    ("fr", "Les soldats français au Niger ont quitté leur base de Niamey.", {("FRA", "NER", None)}),
    ("es", "Unos 1.500 soldados rusos en Malí protegen a la junta.", {("RUS", "MLI", 1500)}),
    ("de", "Rund 10.000 amerikanische Soldaten in Polen sichern die Ostflanke.", {("USA", "POL", 10000)}),
])
def test_a_states_forces_in_a_country_are_deployed_there(extractor: Extractor, lang: str, text: str,
                                                         expected: set) -> None:
    assert deployments(extractor, lang, text) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "Les Éléments français du Sénégal, du Gabon, et de la Côte d’Ivoire sont remplacés par des détachements.",
     {("FRA", "SEN", None), ("FRA", "GAB", None), ("FRA", "CIV", None)}),
    ("fr", "Seul le dispositif français de Djibouti va rester quasi inchangé.", {("FRA", "DJI", None)}),
    ("it", "Le forze francesi di Gibuti resteranno sul posto.", {("FRA", "DJI", None)}),
    ("es", "Las tropas francesas de Yibuti se quedarán.", {("FRA", "DJI", None)}),
    ("en", "The French forces of Djibouti will stay.", {("FRA", "DJI", None)}),
])
def test_a_states_forces_named_with_their_garrison_are_deployed_there(extractor: Extractor, lang: str, text: str,
                                                                      expected: set) -> None:
    assert deployments(extractor, lang, text) == expected


def test_a_presence_names_its_sentence_as_evidence(extractor: Extractor) -> None:
    text = "Il est arrivé hier. Les soldats français au Niger ont quitté leur base de Niamey."
    ex = extractor.extract(Document("p", text, "fr", "2025-01-10"))
    [rel] = [r for r in ex.relations if r.type == "MILITARY_DEPLOYMENT"]
    assert rel.evidence is not None and text[rel.evidence[0]:rel.evidence[1]].startswith("Les soldats français au Niger")


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "There are no US troops in Syria, the minister said."),  # negated
    ("it", "Il governo potrebbe inviare soldati italiani in Libano."),  # a hypothesis, read by the verb's rule
    ("en", "The number of Russian soldiers killed in Ukraine rose."),  # soldiers an attack kills are no deployment
])
def test_forces_not_present_give_no_deployment(extractor: Extractor, lang: str, text: str) -> None:
    assert deployments(extractor, lang, text) == set()


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Gli Stati Uniti si sono ritirati dal Niger, con oltre un mese di anticipo.", {("USA", "NER", None)}),
    ("en", "The United States speeded up the withdrawal of some invasion forces from Panama on Wednesday.",
     {("USA", "PAN", None)}),
    ("en", "The withdrawal of US troops from Afghanistan ended in August.", {("USA", "AFG", None)}),
    ("fr", "La France a retiré ses derniers soldats du Mali en août.", {("FRA", "MLI", None)}),
    ("es", "España retiró sus tropas de Irak en 2004.", {("ESP", "IRQ", None)}),
    ("de", "Deutschland hat seine Soldaten aus Mali abgezogen.", {("DEU", "MLI", None)}),
])
def test_forces_withdrawn_from_a_country_were_deployed_there(extractor: Extractor, lang: str, text: str,
                                                             expected: set) -> None:
    assert deployments(extractor, lang, text) == expected


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The United States withdrew from the Paris agreement."),  # a pact, not a country
    ("en", "Trump withdrew from the Iran nuclear deal in 2018."),
    ("en", "Mali withdrew from ECOWAS."),  # an organization
    ("en", "Russia withdrew its ambassador from Moldova."),  # an envoy: a diplomatic act
    ("en", "Kofi Annan announced that he will withdraw weapons inspectors from Iraq."),  # no force
    ("en", "European ministers demanded the withdrawal of Serbian forces from Bosnia-Herzegovina."),  # an appeal
    ("fr", "Paris a exigé le retrait des troupes russes d'Ukraine."),
])
def test_withdrawals_that_are_no_deployment(extractor: Extractor, lang: str, text: str) -> None:
    assert deployments(extractor, lang, text) == set()


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Gli Stati Uniti si sono ritirati dal Niger ad agosto. Dopo il ritiro dei soldati francesi, resta solo "
           "l'Italia.", {("USA", "NER", None), ("FRA", "NER", None)}),
    ("en", "The United States withdrew its troops from Niger in August. The withdrawal of the German soldiers "
           "followed in September.", {("USA", "NER", None), ("DEU", "NER", None)}),
    ("fr", "Les États-Unis ont retiré leurs soldats du Niger en août. Le retrait des troupes allemandes a suivi.",
     {("USA", "NER", None), ("DEU", "NER", None)}),
])
def test_a_withdrawal_named_by_its_forces_alone_continues_the_one_told_before(extractor: Extractor, lang: str,
                                                                               text: str, expected: set) -> None:
    assert deployments(extractor, lang, text) == expected


def test_a_withdrawal_with_no_deployment_told_before_gives_none(extractor: Extractor) -> None:
    assert deployments(extractor, "en", "The withdrawal of the German soldiers was announced on Monday.") == set()
