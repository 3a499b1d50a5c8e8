"""Shared fixtures: the seed article, the gold records of ../shared, a built store."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.ingest import read
from kg.model import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "seed-article-it.txt"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def seed() -> Document:
    (doc,) = list(read([SEED]))
    assert isinstance(doc, Document)
    return doc


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    if not DEV.exists():
        pytest.skip(f"{DEV} is not here: the gold records live in ../shared beside the checkout")
    return {json.loads(line)["doc"]: json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()
            if line.strip()}


@pytest.fixture(scope="session")
def scorer():
    """shared/eval/score.py, imported as a module."""
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    import importlib.util

    spec = importlib.util.spec_from_file_location("kg_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder holding a copy of the seed article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder
