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
    ("es", "Unos 1.500 soldados rusos en Mali protegen a la junta.", {("RUS", "MLI", 1500)}),
    ("de", "Rund 10.000 amerikanische Soldaten in Polen sichern die Ostflanke.", {("USA", "POL", 10000)}),
])
def test_a_states_forces_in_a_country_are_deployed_there(extractor: Extractor, lang: str, text: str,
                                                         expected: set) -> None:
    assert deployments(extractor, lang, text) == expected


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "There are no US troops in Syria, the minister said."),  # negated
    ("it", "Il governo potrebbe inviare soldati italiani in Libano."),  # a hypothesis, read by the verb's rule
    ("en", "The number of Russian soldiers killed in Ukraine rose."),  # soldiers an attack kills are no deployment
])
def test_forces_not_present_give_no_deployment(extractor: Extractor, lang: str, text: str) -> None:
    assert deployments(extractor, lang, text) == set()
