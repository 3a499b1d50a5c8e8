"""`kg explain`: each relation with the rule that made it, each dropped candidate with the reason."""
from __future__ import annotations

import importlib
import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.extract import Extractor
from kg.model import Document

explain = importlib.import_module("kg.extract.explain")
runner = CliRunner()


def _sentence(x, startswith: str):  # type: ignore[no-untyped-def]
    return next(s for s in x.sentences if s.text.startswith(startswith))


def test_the_seed_articles_troops_show_rule_and_quantity(extractor: Extractor, seed: Document) -> None:
    s = _sentence(explain.explain(seed, extractor), "Parallelamente, la Corea del Nord ha anche inviato")
    (troops,) = [e for e in s.events if e["event"] == "candidate" and e["relation"].type == "MILITARY_DEPLOYMENT"]
    assert troops["rule"] == "_transfer" and troops["frame"] == "transfer" and troops["trigger"] == "inviato"
    assert (troops["relation"].source, troops["relation"].target, troops["relation"].quantity) == ("PRK", "RUS", 11000)
    assert troops["kept"]


def test_the_seed_articles_engineers_carry_the_place_of_the_sentence_before(extractor: Extractor,
                                                                            seed: Document) -> None:
    s = _sentence(explain.explain(seed, extractor), "Ha accettato di inviare 6mila")
    (aid,) = [e for e in s.events if e["event"] == "candidate" and e["kept"]]
    assert (aid["relation"].type, aid["relation"].quantity, aid["relation"].location) == ("AID", 6000, "kursk")
    assert "AID PRK -> RUS, quantity 6000, at kursk" in explain.to_text(explain.explain(seed, extractor), s.index)


# a candidate dropped in each language, with the reason
@pytest.mark.parametrize(("lang", "text", "reason"), [
    ("it", "La Cina non ha inviato armi alla Russia.", "modality: negation"),
    ("en", "Beijing denied sending weapons to Russia.", "modality: denial"),
    ("fr", "La France pourrait envoyer des troupes en Ukraine.", "modality: hypothetical"),
    ("es", "España no enviará tropas a Ucrania.", "modality: negation"),
    ("de", "Deutschland lehnt die Lieferung von Taurus-Raketen an die Ukraine ab.", "modality: denial"),
])
def test_a_dropped_candidate_says_why(extractor: Extractor, lang: str, text: str, reason: str) -> None:
    x = explain.explain(Document("p", text, lang), extractor)
    dropped = [e for s in x.sentences for e in s.events if e["event"] == "dropped"]
    assert [e["reason"] for e in dropped] == [reason]
    assert not [r for r in x.extraction.relations if r.type != "ROLE"]


def test_a_pact_and_its_own_member_is_dropped_by_the_convention(extractor: Extractor) -> None:
    x = explain.explain(Document("p", "Australia joined AUKUS in 2021.", "en"), extractor)
    (s,) = x.sentences
    candidate, *pairwise = [e for e in s.events if e["event"] == "candidate"]
    assert (candidate["relation"].source, candidate["relation"].target, candidate["rule"]) == ("AUS", "AUKUS", "_join")
    assert not candidate["kept"] and candidate["dropped"].startswith("convention: a member and the pact")
    # ... and coded between the members instead
    assert {(e["rule"], e["relation"].source, e["relation"].target) for e in pairwise} == {
        ("pairwise_members", "AUS", "GBR"), ("pairwise_members", "AUS", "USA"), ("pairwise_members", "GBR", "USA")}


def test_explaining_changes_nothing_the_extractor_outputs(extractor: Extractor, seed: Document) -> None:
    assert explain.explain(seed, extractor).extraction.to_json() == extractor.extract(seed).to_json()


def test_cli_text_names_rule_and_reason() -> None:
    result = runner.invoke(app, ["explain", "--text", "Russia and China signed a strategic partnership. "
                                 "Iran did not send drones to Russia.", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "+ AGREEMENT RUS -- CHN, strategic_partnership  [rule _symmetric on 'signed' (frame sym)] kept" in result.stdout
    assert "dropped: modality: negation" in result.stdout


def test_cli_json_one_sentence() -> None:
    result = runner.invoke(app, ["explain", "data/articles/seed-article-it.txt", "--sentence", "21", "-f", "json"])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    (s,) = obj["sentences"]
    assert s["sentence"] == 21 and s["text"].startswith("Parallelamente")
    assert {"event": "candidate", "rule": "_transfer"}.items() <= next(
        e for e in s["events"] if e["event"] == "candidate").items()


@pytest.mark.parametrize("args", [["data/articles/seed-article-it.txt", "--sentence", "999"],
                                  ["data/articles/seed-article-it.txt", "--doc", "nope"]])
def test_cli_bad_choice_is_one_line(args: list[str]) -> None:
    result = runner.invoke(app, ["explain", *args])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")


def test_cli_parse_reads_the_dependency_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PARSE", "0")  # restored after the test: --parse sets it for this process
    text = ["--text", "La Corée du Nord a envoyé des milliers de soldats au front de l'Ukraine pour la Russie.",
            "--lang", "fr"]
    word_order = runner.invoke(app, ["explain", *text])
    assert "Ukraine = UKR (Country, after 'source' marker)" in word_order.stdout  # "de" read as "from"
    parsed = runner.invoke(app, ["explain", "--parse", *text])
    assert parsed.exit_code == 0, parsed.output
    # the parse hangs "de l'Ukraine" on "front": it qualifies the place
    assert "Ukraine = UKR (Country, after 'qualifier' marker)" in parsed.stdout
    assert "+ MILITARY_DEPLOYMENT PRK -> RUS" in parsed.stdout and "UKR -> RUS" not in parsed.stdout
