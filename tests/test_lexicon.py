"""The lexicons as the rules read them: compound nouns of languages that write them together."""
from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.extract.lexicon import load
from kg.model import SYMMETRIC, Document


@pytest.mark.parametrize(("word", "label", "head"), [
    ("regierungsabkommen", "AGREEMENT", "abkommen"),
    ("telefongespräch", "MEET", "gespräch"),
    ("arbeitstreffen", "MEET", "treffen"),
    ("litauenbesuchs", "MEET", "besuch"),
    ("stellvertreterkrieg", "CONFLICT", "krieg"),
])
def test_a_german_compound_is_its_head(word: str, label: str, head: str) -> None:
    found = load("de").triggers.candidates(word)
    assert [(e.label, e.words) for e in found] == [(label, (head,))]


@pytest.mark.parametrize("word", [
    "gaza-kriegs",  # a name joined by a hyphen: the gazetteer reads it
    "abkommen",  # no modifier: the entry itself
])
def test_what_is_no_compound_head(word: str) -> None:
    found = load("de").triggers.candidates(word)
    assert all(len(e.words[0]) == len(word) or word.startswith(e.words[0]) for e in found)
    if "-" in word:
        assert found == ()


@pytest.mark.parametrize(("lang", "word"), [
    ("it", "superaccordo"),  # languages whose profile has no compound_nouns match only at a word's start
    ("fr", "contreattaque"),
    ("en", "counterattack"),
])
def test_languages_without_compounds_match_only_stems(lang: str, word: str) -> None:
    assert load(lang).triggers.compounds is False
    assert not any(not word.startswith(e.words[0]) for e in load(lang).triggers.candidates(word))


@pytest.mark.parametrize(("text", "expected"), [
    ("Deutschland und Litauen haben mit einem Regierungsabkommen Details zur Stationierung einer Brigade geregelt.",
     ("AGREEMENT", "DEU", "LTU")),
    ("Nach dem Arbeitstreffen zwischen Deutschland und Litauen in Vilnius wurde die Brigade vorgestellt.",
     ("MEET", "DEU", "LTU")),
    ("Russlands Angriffskrieg gegen die Ukraine geht in das vierte Jahr.", ("CONFLICT", "RUS", "UKR")),
])
def test_a_compound_trigger_gives_its_relation(extractor: Extractor, text: str, expected: tuple) -> None:
    ex = extractor.extract(Document("t", text, "de", "2025-01-10"))
    found = {(r.type, *sorted((r.source, r.target))) if r.type in SYMMETRIC else (r.type, r.source, r.target)
             for r in ex.relations}
    assert expected in found


@pytest.mark.parametrize(("lang", "form", "lemma"), [
    ("it", "sosterranno", "sostenere"),  # an irregular future the stem "sosten" misses
    ("fr", "enverra", "envoyer"),
    ("fr", "recevait", "recevoir"),
    ("es", "ayudó", "ayudar"),
    ("de", "geholfen", "helfen"),
])
def test_an_inflected_form_is_read_as_its_lemma(lang: str, form: str, lemma: str) -> None:
    triggers = load(lang).triggers
    assert triggers.lemmas[form] == lemma
    assert triggers.candidates(form) and triggers.candidates(form) == tuple(
        e for e in triggers.candidates(lemma) if len(e.words) == 1 and not e.particle)


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "La France enverra des soldats en Estonie.", ("MILITARY_DEPLOYMENT", "FRA", "EST")),
    ("it", "Gli Stati Uniti sosterranno l'Armenia.", ("SUPPORT", "USA", "ARM")),
    ("es", "Cuba ayudó a Venezuela.", ("SUPPORT", "CUB", "VEN")),
])
def test_an_inflected_trigger_gives_its_relation(extractor: Extractor, lang: str, text: str, expected: tuple) -> None:
    ex = extractor.extract(Document("t", text, lang, "2025-01-10"))
    assert expected in {(r.type, r.source, r.target) for r in ex.relations}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Il primo ministro armeno Nikol Pashinyan ha avuto una conversazione telefonica con il presidente "
           "russo Vladimir Putin.", ("MEET", "ARM", "RUS")),
    ("fr", "Le président français a eu un entretien téléphonique avec le président ukrainien.", ("MEET", "FRA", "UKR")),
    ("es", "El presidente mexicano mantuvo una conversación telefónica con el presidente estadounidense.",
     ("MEET", "MEX", "USA")),
])
def test_a_telephone_conversation_is_a_meeting(extractor: Extractor, lang: str, text: str, expected: tuple) -> None:
    ex = extractor.extract(Document("t", text, lang, "2025-01-10"))
    assert expected in {(r.type, *sorted((r.source, r.target))) for r in ex.relations if r.type == "MEET"}


@pytest.mark.parametrize(("lang", "text", "type_"), [
    ("it", "Sul fronte energetico, Stati Uniti e Arabia Saudita hanno concluso i negoziati sul nucleare civile.",
     "CONFLICT"),
    ("fr", "Poutine a accepté la médiation algérienne entre la Russie et l'Ukraine.", "MEET"),
])
def test_a_front_or_a_mediation_is_no_event_between_its_parties(extractor: Extractor, lang: str, text: str,
                                                                type_: str) -> None:
    ex = extractor.extract(Document("t", text, lang, "2025-01-10"))
    assert not {r for r in ex.relations if r.type == type_}
