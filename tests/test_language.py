"""Language per document when `lang` is absent: py3langid, whose model ships inside the package."""
from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.extract.pipeline import detect_language
from kg.model import Document


@pytest.mark.parametrize("text, lang", [
    ("La Corea del Nord ha inviato migliaia di soldati in Russia per combattere contro l'Ucraina.", "it"),
    ("North Korea has sent thousands of soldiers to Russia to fight against Ukraine.", "en"),
    ("La Corée du Nord a envoyé des milliers de soldats en Russie pour combattre l'Ukraine.", "fr"),
    ("Corea del Norte envió miles de soldados a Rusia para luchar contra Ucrania.", "es"),
    ("Nordkorea hat Tausende Soldaten nach Russland geschickt, um gegen die Ukraine zu kämpfen.", "de"),
])
def test_language_detected_per_document(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_detected_when_absent_is_used_for_extraction(extractor: Extractor) -> None:
    ex = extractor.extract(Document("t", "La Corée du Nord a envoyé des soldats en Russie.", None))
    assert ex.lang == "fr"
    assert ("MILITARY_DEPLOYMENT", "PRK", "RUS") in {(r.type, r.source, r.target) for r in ex.relations}


def test_language_given_wins_over_detection(extractor: Extractor) -> None:
    assert extractor.extract(Document("t", "Russia and Ukraine.", "it")).lang == "it"


def test_language_unknown_still_extracts_with_every_lexicon(extractor: Extractor) -> None:
    ex = extractor.extract(Document("t", "Russia Ukraine", "pt"))
    assert ex.lang == "pt"
    assert {"RUS", "UKR"} <= {e.id for e in ex.entities}
