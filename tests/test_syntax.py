"""The argument stage read from the dependency parse (kg/extract/syntax.py), with the shipped parser.

Each case is a construction the word-order rules read wrongly; the same sentence without the parse
(`Extractor(parse=False)`) keeps the word-order reading, so every test also shows what the parse changes.
"""
from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.model import SYMMETRIC, Document


@pytest.fixture(scope="module")
def parsing() -> Extractor:
    return Extractor(parse=True)


@pytest.fixture(scope="module")
def word_order() -> Extractor:
    return Extractor(parse=False)


def relations(extractor: Extractor, lang: str, text: str) -> set[tuple[str, str, str]]:
    """(type, source, target), a symmetric relation's endpoints in sorted order."""
    ex = extractor.extract(Document("t", text, lang, "2025-01-10"))
    return {(r.type, *sorted((r.source, r.target))) if r.type in SYMMETRIC else (r.type, r.source, r.target)
            for r in ex.relations if r.type != "ROLE"}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # the sender is the subject, not the state an apposition names before the verb
    ("it", "Il Pakistan, stretto alleato degli Stati Uniti nella guerra al terrorismo, ha inviato truppe in Iraq.",
     ("MILITARY_DEPLOYMENT", "PAK", "IRQ")),
    ("es", "Pakistán, un aliado clave de Estados Unidos en la guerra contra el terrorismo, ha enviado tropas a Irak.",
     ("MILITARY_DEPLOYMENT", "PAK", "IRQ")),
    ("fr", "Le Pakistan, un allié clé des États-Unis dans la guerre contre le terrorisme, a envoyé des soldats en Irak.",
     ("MILITARY_DEPLOYMENT", "PAK", "IRQ")),
    ("en", "Pakistan, a key U.S. ally in the war against terrorism, has sent troops to Iraq.",
     ("MILITARY_DEPLOYMENT", "PAK", "IRQ")),
])
def test_the_parsed_subject_is_the_actor(parsing: Extractor, lang: str, text: str, expected: tuple) -> None:
    assert expected in relations(parsing, lang, text)


def test_without_the_parse_the_word_order_reading_stays(word_order: Extractor) -> None:
    text = "Il Pakistan, stretto alleato degli Stati Uniti nella guerra al terrorismo, ha inviato truppe in Iraq."
    assert relations(word_order, "it", text) == {("MILITARY_DEPLOYMENT", "USA", "IRQ")}


@pytest.mark.parametrize(("lang", "text", "expected", "not_expected"), [
    # "de" after a noun is a genitive there ("the front of Ukraine"), not "from": Ukraine sends nothing
    ("es", "Corea del Norte ha enviado miles de soldados al frente de Ucrania para apoyar a Rusia.",
     ("MILITARY_DEPLOYMENT", "PRK", "RUS"), ("MILITARY_DEPLOYMENT", "UKR", "RUS")),
    ("fr", "La Corée du Nord a envoyé des milliers de soldats au front de l'Ukraine pour la Russie.",
     ("MILITARY_DEPLOYMENT", "PRK", "RUS"), ("MILITARY_DEPLOYMENT", "UKR", "RUS")),
])
def test_a_genitive_of_a_noun_is_no_origin(parsing: Extractor, word_order: Extractor, lang: str, text: str,
                                           expected: tuple, not_expected: tuple) -> None:
    # the parse hangs it on the noun; without it, the noun is a place noun of markers.tsv
    for extractor in (parsing, word_order):
        found = relations(extractor, lang, text)
        assert expected in found and not_expected not in found


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Israël a frappé des cibles du Hezbollah au Liban."),
    ("es", "Israel atacó posiciones de Hezbolá en el sur del Líbano."),
    ("it", "Israele ha colpito postazioni di Hezbollah nel sud del Libano."),
])
def test_what_is_struck_stands_for_its_owner(parsing: Extractor, lang: str, text: str) -> None:
    assert ("CONFLICT", "HEZBOLLAH", "ISR") in relations(parsing, lang, text)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "France and the United Nations were fighting Islamic insurgents in the north."),
    ("it", "Francia e Nazioni Unite combattevano gli insorti islamisti nel nord."),
])
def test_allies_fighting_a_named_enemy_do_not_fight_each_other(parsing: Extractor, word_order: Extractor,
                                                               lang: str, text: str) -> None:
    assert ("CONFLICT", "FRA", "UN") in relations(word_order, lang, text)
    assert ("CONFLICT", "FRA", "UN") not in relations(parsing, lang, text)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Israel and Hamas fought for fifty days in 2014."),
    ("en", "Armenia and Azerbaijan fought each other over Nagorno-Karabakh."),
    ("it", "Armenia e Azerbaigian si sono combattuti nel 2020."),
    ("de", "Armenien und Aserbaidschan kämpften 2020 gegeneinander."),
])
def test_coordinated_subjects_without_an_object_fight_each_other(parsing: Extractor, lang: str, text: str) -> None:
    assert len({r for r in relations(parsing, lang, text) if r[0] == "CONFLICT"}) == 1


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Le chef de la diplomatie malienne, Abdoulaye Diop, a déclaré que son pays considère l'Ukraine comme un "
           "État soutenant le terrorisme, et a accusé Kiev de complicité."),
    ("en", "The foreign minister of Mali, Abdoulaye Diop, said that his country regards Ukraine as a terrorist "
           "state, and accused Kyiv of complicity."),
    ("it", "Il ministro degli Esteri del Mali, Abdoulaye Diop, ha dichiarato che il suo Paese considera l'Ucraina "
           "uno Stato terrorista e ha accusato Kiev di complicità."),
])
def test_a_coordinated_verb_shares_the_parsed_subject(parsing: Extractor, lang: str, text: str) -> None:
    assert ("ACCUSE", "MLI", "UKR") in relations(parsing, lang, text)


def test_a_sentence_is_parsed_only_when_it_can_hold_a_relation() -> None:
    from kg.extract.context import Context
    from kg.extract.lexicon import load
    from kg.extract.mentions import read
    from kg.extract.nlp import pipeline
    from kg.extract import gazetteer
    from kg.extract.relations import sentences_of
    from kg.extract.syntax import read_parse

    text = "Russia attacked Ukraine on Monday. The weather was cold in Kyiv. Russia exists."
    doc = pipeline("en")(text)
    lex = load("en")
    mentions = read(doc, lex, None, gazetteer.default())
    sents = sentences_of(doc)
    ctx = Context(doc, [t.lower_ for t in doc], lex, mentions, None, None)
    ctx.trigger_list, ctx.object_list = lex.scan(ctx.words)
    chosen = [(s.start, s.end) for s in sents if len(ctx.actors(s)) >= 2 and ctx.within(ctx.trigger_list, s)]
    read_parse(ctx, chosen)
    assert ctx.parsed_sents == [(sents[0].start, sents[0].end)]
    assert ctx.deps[sents[0].start] == "nsubj" and all(d == "" for d in ctx.deps[sents[1].start:])


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "India and Pakistan exchanged artillery fire along the Line of Control."),  # "fire" is the trigger's
])
def test_an_object_inside_the_trigger_is_no_enemy(parsing: Extractor, lang: str, text: str) -> None:
    assert ("CONFLICT", "IND", "PAK") in relations(parsing, lang, text)


def test_the_command_line_parses_only_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import os
    import subprocess
    import sys

    src = tmp_path / "a.txt"
    src.write_text("Il Pakistan, stretto alleato degli Stati Uniti nella guerra al terrorismo, ha inviato truppe in Iraq.",
                   encoding="utf-8")

    def sources(*flags: str) -> set[str]:
        env = {k: v for k, v in os.environ.items() if k != "KG_PARSE"}
        done = subprocess.run([sys.executable, "-m", "kg", "extract", str(src), "--lang", "it", "--jobs", "1",
                               "--no-progress", *flags], capture_output=True, text=True, env=env, check=True)
        return {r["source"] for r in json.loads(done.stdout)["relations"] if r["type"] == "MILITARY_DEPLOYMENT"}

    assert sources() == {"USA"}  # word order, the default: the nearest actor before the verb
    assert sources("--parse") == {"PAK"}
