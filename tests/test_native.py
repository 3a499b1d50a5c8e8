"""The compiled extractor: used only when built from the current sources, and the same as the Python one."""
from __future__ import annotations

import doctest
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import native

ARTICLES = [
    {"doc": "it-1", "lang": "it", "published": "2025-07-13",
     "text": "La Corea del Nord ha inviato 11mila soldati in Russia, nella regione di Kursk. Kim Jong Un e "
             "Vladimir Putin hanno firmato un trattato di mutua difesa. Pyongyang avrebbe fornito 12 milioni di "
             "proiettili di artiglieria a Mosca."},
    {"doc": "en-1", "lang": "en", "published": "2024-11-02",
     "text": "Germany pledged 18 Leopard 2 tanks to Ukraine. Hezbollah, which is backed by Iran, launched rockets "
             "at Israel. Lavrov met Choe Son Hui in Moscow on Friday. Beijing denied sending weapons to Russia."},
    {"doc": "fr-1", "lang": "fr", "published": "2024-03-01",
     "text": "La France a livré des missiles Scalp à l'Ukraine. Emmanuel Macron a rencontré Olaf Scholz à Berlin."},
    {"doc": "es-1", "lang": "es", "published": "2024-05-20",
     "text": "España enviará ayuda humanitaria a Gaza. Pedro Sánchez acusó a Israel de violar el derecho "
             "internacional."},
    {"doc": "de-1", "lang": "de", "published": "2024-06-11",
     "text": "Deutschland liefert weitere IRIS-T-Systeme an die Ukraine. Scholz traf Selenskyj in Berlin."},
]


def _copy_sources(to: Path) -> Path:
    folder = to / "extract"
    folder.mkdir()
    for name in native.MODULES:
        shutil.copy(native.EXTRACT / f"{name}.py", folder / f"{name}.py")
    return folder


def test_compiled_modules_are_used_when_current() -> None:
    if not native.is_current():
        pytest.skip("no compiled build of the current sources (scripts/native.py build)")
    assert native.active() == (not os.environ.get("KG_PURE_PYTHON"))


@pytest.mark.parametrize("fingerprint, used", [("current", True), ("stale", False), (None, False)])
def test_compiled_modules_need_the_fingerprint_of_the_sources(tmp_path: Path, fingerprint: str | None,
                                                              used: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_PURE_PYTHON", raising=False)
    sources, compiled = _copy_sources(tmp_path), tmp_path / "_compiled"
    compiled.mkdir()
    if fingerprint is not None:
        text = native.fingerprint(sources) if fingerprint == "current" else "0" * 64
        (compiled / native.FINGERPRINT).write_text(text + "\n", encoding="utf-8")
    path: list[str] = [str(sources)]
    assert native.use_compiled(path, compiled, sources) is used
    assert path == ([str(compiled), str(sources)] if used else [str(sources)])


def test_an_edited_source_makes_the_build_stale(tmp_path: Path) -> None:
    sources, compiled = _copy_sources(tmp_path), tmp_path / "_compiled"
    compiled.mkdir()
    (compiled / native.FINGERPRINT).write_text(native.fingerprint(sources), encoding="utf-8")
    assert native.is_current(compiled, sources)
    with open(sources / "relations.py", "a", encoding="utf-8") as f:
        f.write("\n# an edited rule\n")
    assert not native.is_current(compiled, sources)


def test_pure_python_is_forced_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources, compiled = _copy_sources(tmp_path), tmp_path / "_compiled"
    compiled.mkdir()
    (compiled / native.FINGERPRINT).write_text(native.fingerprint(sources), encoding="utf-8")
    monkeypatch.setenv("KG_PURE_PYTHON", "1")
    path: list[str] = []
    assert not native.use_compiled(path, compiled, sources)
    assert path == []


WITH_DOCTESTS = [name for name in native.MODULES if ">>> " in (native.EXTRACT / f"{name}.py").read_text("utf-8")]


@pytest.mark.parametrize("name", WITH_DOCTESTS)
def test_doctests_of_the_compiled_modules_pass_from_their_sources(name: str) -> None:
    # pytest's doctest collector cannot read a compiled module (see conftest.py): run them from the source
    source = f"kg.extract._source_{name}"
    spec = importlib.util.spec_from_file_location(source, native.EXTRACT / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules[source] = importlib.util.module_from_spec(spec)  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    finally:
        del sys.modules[source]
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.slow
def test_compiled_and_python_extract_the_same(tmp_path: Path) -> None:
    if not native.is_current():
        pytest.skip("no compiled build of the current sources (scripts/native.py build)")
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    kg = [sys.executable, "-m", "kg", "extract", str(corpus), "--format", "jsonl", "--jobs", "1"]
    env = {k: v for k, v in os.environ.items() if k != "KG_PURE_PYTHON"}
    compiled = subprocess.run(kg, env=env, capture_output=True, text=True, check=True).stdout
    python = subprocess.run(kg, env={**env, "KG_PURE_PYTHON": "1"}, capture_output=True, text=True, check=True).stdout
    assert sum(len(json.loads(line)["relations"]) for line in compiled.splitlines()) >= 8
    assert compiled == python
