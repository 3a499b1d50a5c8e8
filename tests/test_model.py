"""`--model NAME`: an installed spaCy pipeline adds its NER on top of the gazetteer.

No model is downloaded: the test trains a tiny English NER on a handful of sentences, saves it and
loads it by path, the way `spacy.load` loads any installed pipeline.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.training import Example
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ModelError
from kg.extract import Extractor
from kg.model import Document

TRAIN = [
    ("Ivan Petrov met the minister in Moscow.", [(0, 11, "PERSON")]),
    ("Olga Sokolova spoke to reporters on Monday.", [(0, 13, "PERSON")]),
    ("The envoy Ivan Petrov arrived on Friday.", [(10, 21, "PERSON")]),
    ("Yesterday Olga Sokolova visited the border.", [(10, 23, "PERSON")]),
    ("Marco Bianchi signed the letter.", [(0, 13, "PERSON")]),
    ("Reporters asked Marco Bianchi about the talks.", [(16, 29, "PERSON")]),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    random.seed(0)
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("PERSON")  # type: ignore[attr-defined]
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("model") / "tiny_en_ner"
    nlp.to_disk(path)
    return path


def test_model_ner_adds_people_the_gazetteer_does_not_know(tiny_model: Path) -> None:
    doc = Document("t", "Ivan Petrov met the minister in Moscow.", "en", "2025-07-13")
    plain = {e.id for e in Extractor().extract(doc).entities}
    with_model = {e.id for e in Extractor(model=str(tiny_model)).extract(doc).entities}
    assert "ivan-petrov" not in plain
    assert "ivan-petrov" in with_model


def test_model_keeps_the_gazetteer_entities_and_relations(tiny_model: Path) -> None:
    doc = Document("t", "North Korea sent 11,000 troops to Russia.", "en", "2025-07-13")
    ex = Extractor(model=str(tiny_model)).extract(doc)
    assert {"PRK", "RUS"} <= {e.id for e in ex.entities}
    assert ("MILITARY_DEPLOYMENT", "PRK", "RUS", 11000) in {(r.type, r.source, r.target, r.quantity)
                                                           for r in ex.relations}


def test_model_cli_option(tiny_model: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Ivan Petrov met the minister in Moscow.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert "ivan-petrov" in result.stdout


def test_model_missing_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot be loaded"):
        Extractor(model="no_such_model_xx").extract(Document("t", "Russia.", "en"))
    article = tmp_path / "a.txt"
    article.write_text("Russia.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--model", "no_such_model_xx"])
    assert result.exit_code == 1
    assert "no_such_model_xx" in result.stderr and "Traceback" not in result.output
