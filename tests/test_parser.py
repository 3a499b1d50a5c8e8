"""The dependency parser: the training recipe end to end, the shipped model on real UD test sentences,
and one clear line when the model is missing or corrupt."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from kg.errors import ModelError
from kg.extract import nlp as kg_nlp
from kg.extract import parser as kg_parser

ROOT = Path(__file__).resolve().parents[1]
UD = ROOT.parent / "shared" / "data" / "ud"
TRAIN = ROOT / "training" / "parser" / "train.py"


def _parsed(lang: str, text: str):
    doc = kg_nlp.pipeline(lang)(text)
    return kg_parser.parse(doc)


def _arcs(doc) -> dict[str, tuple[str, str]]:
    """word -> (label, head word), for words that occur once."""
    words = [t.text for t in doc]
    return {t.text: (t.dep_, t.head.text) for t in doc if words.count(t.text) == 1}


# Sentences of the held-out UD test files (it VIT, de GSD, es/fr/en PUD) that the shipped model parses
# right, with the arcs of their subject, object and oblique as the treebank gives them.
CASES = [
    ("it", "Ma i genitori italiani hanno modificato nel tempo la spesa verso i loro figli?",
     {"genitori": ("nsubj", "modificato"), "tempo": ("obl", "modificato"), "spesa": ("obj", "modificato")}),
    ("de", "Nach einem Autounfall haben wir den Wagen in diese Werkstatt gebracht.",  # verb-final
     {"wir": ("nsubj", "gebracht"), "Wagen": ("obj", "gebracht"), "Werkstatt": ("obl", "gebracht"),
      "Autounfall": ("obl", "gebracht")}),
    ("es", "Los conservacionistas dieron la bienvenida al anuncio de la comisión.",  # "al" = a + el: one token
     {"conservacionistas": ("nsubj", "dieron"), "bienvenida": ("obj", "dieron"), "anuncio": ("obl", "dieron"),
      "al": ("case", "anuncio")}),
    ("fr", "Il donne à son jeu ce côté agressif, mais avec une main de velours.",
     {"Il": ("nsubj", "donne"), "jeu": ("obl", "donne"), "côté": ("obj", "donne")}),
    ("en", "The United States freed Cuba (after an occupation by the U.S. Army).",
     {"States": ("nsubj", "freed"), "Cuba": ("obj", "freed"), "occupation": ("obl", "freed")}),
]


@pytest.mark.parametrize("lang,text,expected", CASES, ids=[c[0] for c in CASES])
def test_shipped_model_finds_subject_object_oblique(lang: str, text: str, expected: dict) -> None:
    arcs = _arcs(_parsed(lang, text))
    for word, arc in expected.items():
        assert arcs[word] == arc, (word, arcs[word], arc)


def test_parse_keeps_entities_and_sentences_and_parses_only_what_is_asked() -> None:
    doc = kg_nlp.pipeline("it")("La Russia ha attaccato l'Ucraina. Il tempo è bello. "
                                "La Francia sostiene l'Ucraina contro la Russia.")
    ents = [(e.start, e.end, e.label_) for e in doc.ents]
    sents = [(s.start, s.end) for s in doc.sents]
    first, second, third = doc.sents
    kg_parser.parse(doc, [first, third])
    assert [(e.start, e.end, e.label_) for e in doc.ents] == ents
    assert [(s.start, s.end) for s in doc.sents] == sents
    assert all(t.dep == 0 and t.head.i == t.i for t in second)  # not parsed: no parse, not a wrong one
    assert all(t.dep != 0 and first.start <= t.head.i < first.end for t in first)
    assert {t.text: t.dep_ for t in first}["Russia"] == "nsubj"
    kg_parser.parse(doc, [second])  # a later call adds to the earlier parse
    assert all(t.dep != 0 for t in doc)
    assert {t.text: t.dep_ for t in first}["Russia"] == "nsubj"


def test_every_language_loads_and_the_rest_have_no_parser() -> None:
    for lang in kg_parser.LANGS:
        assert kg_parser.load_parser(lang) is not None
    assert kg_parser.load_parser("xx") is None


def test_missing_model_is_one_line_naming_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as e:
        kg_parser.load_parser("it", tmp_path / "nothing")
    assert "\n" not in str(e.value) and str(tmp_path / "nothing") in str(e.value)


def test_corrupt_model_is_one_line_naming_the_folder(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(kg_parser.model_path("it"), copy)
    weights = copy / "parser" / "model"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(ModelError) as e:
        kg_parser.load_parser("it", copy)
    assert "\n" not in str(e.value) and str(copy) in str(e.value)


@pytest.fixture(scope="module")
def train():  # type: ignore[no-untyped-def]
    """training/parser/train.py as a module (it is a script, not a package)."""
    if not (UD / "manifest.tsv").exists():
        pytest.skip(f"{UD} is not here: the treebanks live in ../shared beside the checkout")
    spec = importlib.util.spec_from_file_location("kg_train_parser", TRAIN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_training_recipe_runs_end_to_end_on_a_sample(train, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert train.main(["--ud", str(UD), "--out", str(tmp_path), "--langs", "it,de", "--sample", "60",
                       "--max-steps", "10", "--eval-frequency", "5"]) == 0
    nlp = kg_parser.load_parser("it", tmp_path / "model")
    assert nlp is not None and "parser" in nlp.pipe_names
    doc = kg_parser.parse(kg_nlp.pipeline("de")("Deutschland unterstützt die Ukraine."), parser=nlp)
    assert all(t.dep != 0 for t in doc)
    assert (tmp_path / "results.json").exists()


@pytest.mark.slow
def test_training_continues_from_a_model_with_its_labels(train, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = kg_parser.model_path("it")
    assert train.main(["--ud", str(UD), "--out", str(tmp_path), "--langs", "it,en", "--sample", "30",
                       "--init-from", str(source), "--max-steps", "4", "--warmup", "2", "--eval-frequency", "2"]) == 0
    nlp = kg_parser.load_parser("it", tmp_path / "model")
    shipped = kg_parser.load_parser("it")
    assert nlp is not None and shipped is not None
    assert nlp.get_pipe("parser").labels == shipped.get_pipe("parser").labels
    assert (tmp_path / "config.cfg").read_text().count(f"source = \"{source.resolve()}\"") == 2
