""""The country" ("il Paese", "le pays", "el país", "das Land") stands for a state named before it."""
from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.model import Document


def keys(extractor: Extractor, lang: str, text: str) -> set[tuple[str, str, str]]:
    ex = extractor.extract(Document("a", text, lang, "2025-03-01"))
    return {(r.type, r.source, r.target) for r in ex.relations if r.type != "ROLE"}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # the object of a verb: the state named last that is not the subject
    ("it", "Trump ha parlato con l'Armenia: gli Stati Uniti sosterranno il Paese.", ("SUPPORT", "USA", "ARM")),
    ("it", "La Turchia critica la Svezia, mentre l'Ungheria accusa il Paese di mentire.", ("ACCUSE", "HUN", "SWE")),
    ("en", "Georgia held elections in October. Russia has accused the country of provocations.",
     ("ACCUSE", "RUS", "GEO")),
    ("fr", "L'Angola traverse une crise. La France a débloqué 9 millions d'euros d'aide humanitaire pour le pays.",
     ("AID", "FRA", "AGO")),
    ("es", "Estados Unidos impuso sanciones a Venezuela. China prometió apoyar al país.", ("SUPPORT", "CHN", "VEN")),
    ("de", "Russland baut seine Präsenz in Mali aus. Frankreich hat seine Soldaten aus dem Land abgezogen.",
     ("MILITARY_DEPLOYMENT", "FRA", "MLI")),
    # a noun trigger takes it after a function word
    ("es", "Ucrania pide más defensa aérea. Rusia intensificó su ofensiva contra este país.", ("CONFLICT", "RUS", "UKR")),
    ("fr", "Le Liban compte ses morts. Israël a poursuivi ses frappes contre le pays.", ("CONFLICT", "ISR", "LBN")),
])
def test_the_country_is_the_state_named_before(extractor: Extractor, lang: str, text: str, expected: tuple) -> None:
    found = keys(extractor, lang, text)
    assert expected in found or expected[0] == "CONFLICT" and (expected[0], expected[2], expected[1]) in found


def test_an_earlier_country_carries_its_state_on(extractor: Extractor) -> None:
    text = ("Estados Unidos impuso sanciones a Venezuela. Rusia envió dos bombarderos al país y China prometió "
            "apoyar al país.")
    found = keys(extractor, "es", text)
    assert ("SUPPORT", "CHN", "VEN") in found and ("SUPPORT", "CHN", "RUS") not in found


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "La Russie et la Chine soutiennent les pays du Sahel."),  # plural: no one state
    ("en", "Russia said it would support a country that resists Western pressure."),  # indefinite
    # a war fought in the country is not a war with it
    ("en", "Mali expelled French troops. Wagner said it is leaving after years of fighting insurgents in the country."),
    ("it", "Lavrov si trovava nel paese per una visita di tre giorni."),  # no state named before
])
def test_no_state_is_guessed(extractor: Extractor, lang: str, text: str) -> None:
    found = keys(extractor, lang, text)
    assert not any(t == "CONFLICT" for t, _, _ in found) and not any(t == "SUPPORT" and s != "RUS" for t, s, _ in found)
    assert not any(x.startswith("@") for k in found for x in k[1:])


def test_the_country_is_no_entity(extractor: Extractor) -> None:
    ex = extractor.extract(Document("a", "Trump ha parlato con l'Armenia: gli Stati Uniti sosterranno il Paese.",
                                    "it", "2025-03-01"))
    assert {e.id for e in ex.entities} == {"USA", "ARM", "donald-trump"}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Il ministro degli Esteri ucraino Dmytro Kuleba ha detto che il suo Paese ha firmato un accordo con "
           "la Polonia.", ("AGREEMENT", "POL", "UKR")),
    ("de", "Der französische Präsident Emmanuel Macron sagte, sein Land werde der Ukraine weitere Panzer liefern.",
     ("ARMS_TRANSFER", "FRA", "UKR")),
    ("en", "Ukraine's foreign minister said her country had signed a security pact with Poland.",
     ("AGREEMENT", "POL", "UKR")),
    ("fr", "Le ministre polonais a affirmé que son pays enverrait des chars à l'Ukraine.", ("ARMS_TRANSFER", "POL", "UKR")),
])
def test_his_country_is_the_state_of_the_one_named_before(extractor: Extractor, lang: str, text: str,
                                                          expected: tuple) -> None:
    found = keys(extractor, lang, text)
    assert expected in found or expected[0] == "AGREEMENT" and (expected[0], expected[2], expected[1]) in found
