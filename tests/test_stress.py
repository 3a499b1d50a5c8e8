"""Robustness: no sentence crashes the extractor, and one that does costs that sentence, not the article.

The stress corpus (scripts/stress_corpus.py) composes well-formed sentences of unusual structure in the
five languages from the gazetteer and the lexicons: lists of up to six actors, verb-final clauses,
passives, relative and purpose clauses, quotes, parentheses, modal cues, mixed scripts.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.extract import Extractor
from kg.model import SYMMETRIC, Document

ROOT = Path(__file__).resolve().parents[1]
PER_LANGUAGE = 2000  # generated sentences per language that CI extracts


def _script(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def pairs(extraction) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    out = set()
    for r in extraction.relations:
        if r.type != "ROLE":
            s, t = sorted((r.source, r.target)) if r.type in SYMMETRIC else (r.source, r.target)
            out.add((r.type, s, t))
    return out


# the report that opened the robustness issue: two subjects joined by "and", the verb at the clause's end
@pytest.mark.parametrize(("text", "expected"), [
    ("Die USA und Großbritannien haben in der Nacht Stellungen der Huthi-Miliz im Jemen angegriffen.",
     {("CONFLICT", "HOUTHIS", "USA"), ("CONFLICT", "GBR", "HOUTHIS")}),
    ("Frankreich und Deutschland haben am Montag mit Polen ein Abkommen unterzeichnet.",
     {("AGREEMENT", "FRA", "POL"), ("AGREEMENT", "DEU", "POL"), ("AGREEMENT", "DEU", "FRA")}),
])
def test_reported_german_sentences_extract(extractor: Extractor, text: str, expected: set) -> None:
    ex = extractor.extract(Document("p", text, "de", "2024-01-12"))
    assert not ex.failures
    assert pairs(ex) == expected


# allies who strike together strike the object; neither strikes the other
@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The United States and Britain struck the Houthis in Yemen on Thursday."),
    ("fr", "Les États-Unis et le Royaume-Uni ont frappé les Houthis au Yémen."),
    ("de", "Die USA und Großbritannien griffen die Huthi im Jemen an."),
    ("es", "Estados Unidos y el Reino Unido atacaron a los hutíes en Yemen."),
    ("it", "Stati Uniti e Regno Unito hanno attaccato gli Houthi nello Yemen."),
])
def test_co_subjects_of_an_attack_fight_its_object(extractor: Extractor, lang: str, text: str) -> None:
    assert pairs(extractor.extract(Document("p", text, lang))) == {("CONFLICT", "HOUTHIS", "USA"),
                                                                   ("CONFLICT", "GBR", "HOUTHIS")}


# one pact signed by two subjects "with" a third is a pact of three: every party pairs with every other
@pytest.mark.parametrize(("lang", "text"), [
    ("en", "France and Germany signed an agreement with Poland on Monday."),
    ("es", "Francia y Alemania firmaron el lunes un acuerdo con Polonia."),
    ("fr", "La France et l'Allemagne ont signé lundi un accord avec la Pologne."),
    ("it", "Francia e Germania hanno firmato lunedì un accordo con la Polonia."),
])
def test_two_signatories_with_a_third_make_a_trilateral(extractor: Extractor, lang: str, text: str) -> None:
    assert pairs(extractor.extract(Document("p", text, lang))) == {
        ("AGREEMENT", "FRA", "POL"), ("AGREEMENT", "DEU", "POL"), ("AGREEMENT", "DEU", "FRA")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Lavrov said Moscow would never abandon its allies. Lavrov met Wang Yi in Beijing."),
    ("it", "Lavrov ha incontrato Wang Yi a Pechino."),
])
def test_every_endpoint_is_an_entity_even_when_only_an_office_names_it(extractor: Extractor, lang: str,
                                                                         text: str) -> None:
    ex = extractor.extract(Document("p", text, lang, "2025-01-10"))
    ids = {e.id for e in ex.entities}
    assert ex.relations and all(r.source in ids and r.target in ids for r in ex.relations)
    assert {"RUS", "CHN"} <= ids  # neither state is named: their ministers are


TWO_SENTENCES = ("Russia and China signed a strategic partnership agreement in May. "
                 "North Korea sent 11,000 troops to Russia.")


def _broken_symmetric_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in one frame's rule: every sentence whose trigger is symmetric raises."""
    relations = importlib.import_module("kg.extract.relations")

    def broken(ctx, trig):  # type: ignore[no-untyped-def]
        raise KeyError(12345)

    monkeypatch.setitem(relations.RELATION_RULES, "sym", broken)


def test_a_failing_sentence_costs_that_sentence_only(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_symmetric_rule(monkeypatch)
    ex = extractor.extract(Document("p", TWO_SENTENCES, "en", "2025-01-10"))
    assert pairs(ex) == {("MILITARY_DEPLOYMENT", "PRK", "RUS")}  # the second sentence still lands
    ((start, end, why),) = ex.failures
    assert TWO_SENTENCES[start:end].startswith("Russia and China signed") and end <= TWO_SENTENCES.index("North")
    assert why.startswith("KeyError: 12345 at test_stress.py:")


def test_a_failing_sentence_is_one_line_naming_document_and_offsets(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_symmetric_rule(monkeypatch)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"doc": "p1", "lang": "en", "text": TWO_SENTENCES}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(src), "--jobs", "1", "--no-progress"])
    assert result.exit_code == 3  # done, but something was skipped
    (line,) = [x for x in result.stderr.splitlines() if x.strip()]
    assert line.startswith("skipped: p1: sentence at characters 0-") and "KeyError" in line
    (record,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["type"], r["source"], r["target"]) for r in record["relations"] if r["type"] != "ROLE"] == \
        [("MILITARY_DEPLOYMENT", "PRK", "RUS")]


def test_the_stress_corpus_is_reproducible_and_covers_every_language() -> None:
    corpus = _script("stress_corpus")
    first = list(corpus.documents(200, seed=5))
    assert first == list(corpus.documents(200, seed=5))
    assert first != list(corpus.documents(200, seed=6))
    assert {r["lang"] for r in first} == set(corpus.LANGS)
    words = corpus.load_words()
    for lang in corpus.LANGS:  # everything the shapes draw on comes from the data files
        for kind in ("actor", "person", "title", "demonym", "verb", "noun", "object", "and", "target", "clause"):
            assert words[lang][kind], (lang, kind)


@pytest.fixture(scope="module")
def stress_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stress") / "stress.jsonl"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "stress_corpus.py"), str(PER_LANGUAGE * 5),
                    "--jsonl", str(path), "--seed", "11"], check=True, capture_output=True)
    return path


def _extract(path: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", "extract", str(path), "--jobs", str(jobs), "--no-progress"],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)


@pytest.mark.slow
def test_stress_corpus_extracts_cleanly_and_alike_with_one_or_two_jobs(stress_jsonl: Path) -> None:
    stress = _script("stress")
    one, two = _extract(stress_jsonl, 1), _extract(stress_jsonl, 2)
    assert one.returncode == 0, one.stderr[-2000:]
    assert one.stderr.strip() == ""  # no sentence skipped, no document skipped
    assert two.returncode == 0 and two.stdout == one.stdout
    inputs = {r["doc"]: r for r in map(json.loads, stress_jsonl.read_text(encoding="utf-8").splitlines())}
    from kg.model import Extraction

    found = []
    for line in one.stdout.splitlines():
        obj = json.loads(line)
        r = inputs[obj["doc"]]
        ex = Extraction.from_json(obj, Document(r["doc"], r["text"], r["lang"], r["published"]))
        found += list(stress.problems(ex))
    assert len(inputs) == len(one.stdout.splitlines())
    assert found == []
