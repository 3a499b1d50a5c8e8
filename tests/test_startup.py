"""Start-up: what a command imports and builds, the disk cache of the extractor's parts, small inputs."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg import cache
from kg.cli import app
from kg.extract import cached, gazetteer as gaz, nlp
from kg.extract import pipeline as extract_pipeline
from kg.model import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "seed-article-it.txt"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
runner = CliRunner()

# runs a kg command in a fresh interpreter, then prints which of the heavy modules it imported
IMPORTS = """
import json, sys
from kg.cli import app
try:
    app({args!r}, standalone_mode=False)
except SystemExit:
    pass
heavy = ("spacy", "kg.extract.pipeline", "kg.extract.parser", "pyoxigraph", "rdflib", "kg.store", "pyvis", "pydantic",
         *("spacy.lang." + lang for lang in ("it", "en", "fr", "es", "de")))
sys.stderr.write("\\nIMPORTED " + json.dumps([m for m in heavy if m in sys.modules]) + "\\n")
"""


def imported(args: list[str], env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run([sys.executable, "-c", IMPORTS.format(args=args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})
    found = re.findall(r"^IMPORTED (.*)$", done.stderr, re.M)
    assert found, done.stderr[-2000:]
    return json.loads(found[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT of a build of the seed article."""
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(SEED), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("args", [["--help"], ["query", "--list"], ["query", "troops-to", "-p", "actor=RUS"],
                                  ["export", "--format", "nquads"], ["viz"]],
                         ids=["help", "query-list", "query", "export", "viz"])
def test_startup_light_commands_import_no_spacy(args: list[str], built: Path, tmp_path: Path) -> None:
    if args[0] in ("query", "export", "viz") and args[1:2] != ["--list"]:
        args = [*args, "--out", str(built)]
        if args[0] == "export":
            args += ["-o", str(tmp_path / "graph.nq")]
        if args[0] == "viz":
            args[1:1] = ["-o", str(tmp_path / "view.html")]
    assert not {"spacy", "kg.extract.pipeline", "pyvis"} & set(imported(args))


@pytest.mark.parametrize("args", [["--help"], ["query", "--list"], ["query", "troops-to", "-p", "actor=RUS"],
                                  ["export", "--format", "nquads"], ["viz", "--depth", "2", "--limit", "10"]],
                         ids=["help", "query-list", "query", "export", "viz"])
def test_startup_plain_values_import_no_pydantic(args: list[str], built: Path, tmp_path: Path) -> None:
    if args[0] in ("query", "export", "viz") and args[1:2] != ["--list"]:
        args = [*args, "--out", str(built), "-o", str(tmp_path / "result")]
    assert "pydantic" not in imported(args)  # typer's adapters are built for values to convert only


@pytest.mark.parametrize("args, message", [
    (["viz", "--depth", "0"], "greater than or equal"),  # out of range: typer's message
    (["viz", "--depth", "two"], "valid integer"),  # not digits
    (["build", "x", "--jobs", "-1"], "greater than or equal"),
], ids=["range", "not-a-number", "negative"])
def test_startup_values_to_convert_still_get_typers_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_startup_values_to_convert_are_converted_by_typer(built: Path) -> None:
    result = runner.invoke(app, ["query", "articles", "--out", str(built), "--width", "+12", "-f", "csv"])
    assert result.exit_code == 0, result.output  # "+12": not plain digits, read by typer's adapter


@pytest.mark.parametrize("fmt", ["turtle", "nquads"])
def test_startup_export_of_rdf_imports_no_rdflib(fmt: str, built: Path, tmp_path: Path) -> None:
    found = imported(["export", "--format", fmt, "--out", str(built), "-o", str(tmp_path / "graph")])
    assert "pyoxigraph" in found and "rdflib" not in found  # dumped (or copied) in Rust, no rdflib term made


def test_startup_query_list_opens_no_store() -> None:
    found = imported(["query", "--list"])
    assert not {"rdflib", "pyoxigraph", "kg.store"} & set(found)  # the library is files of text


def test_startup_extract_opens_no_store() -> None:
    found = imported(["extract", str(SEED), "--format", "table", "--no-progress"])
    assert "spacy" in found and not {"pyoxigraph", "rdflib", "kg.store"} & set(found)


def test_startup_extract_loads_only_the_languages_it_meets() -> None:
    imported(["extract", str(SEED), "--no-progress"])  # a cold cache builds every language's gazetteer once
    found = set(imported(["extract", str(SEED), "--no-progress"]))
    assert "spacy.lang.it" in found  # the seed article is Italian
    assert not {"spacy.lang.en", "spacy.lang.fr", "spacy.lang.es", "spacy.lang.de"} & found


def python(code: str) -> list[str]:
    """What `code` prints, run in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def test_startup_spacy_is_imported_without_its_command_line() -> None:
    code = "import sys, kg.extract, spacy; print('spacy.cli' in sys.modules, spacy.info()['spacy_version'])"
    import spacy

    assert python(code) == ["False", spacy.__version__]  # spacy.info() still answers, from the real CLI


def test_startup_spacys_command_line_still_imports_whole() -> None:
    assert python("import kg.extract; from spacy.cli import app, info; print(app.info.name, callable(info))") == \
        ["spacy", "True"]


def test_startup_parser_loads_only_for_a_sentence_that_can_hold_a_relation(tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Il tempo a Roma era bello. Nessuno parlava di politica.", encoding="utf-8")
    assert "kg.extract.parser" not in imported(["extract", str(quiet), "--no-progress", "--parse"])
    assert "kg.extract.parser" not in imported(["extract", str(SEED), "--no-progress"])  # off by default


def test_startup_parser_loads_the_model_of_the_languages_met_only() -> None:
    code = ("from kg.extract.pipeline import Extractor; from kg.model import Document; from kg.extract import parser;"
            f"Extractor(parse=True).extract(Document('s', open({str(SEED)!r}, encoding='utf-8').read(), 'it'));"
            "print(sorted(p.name for p in parser._LOADED))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["['multi']"], done.stderr[-2000:]  # not the German model


def test_startup_cache_key_follows_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    def key() -> str:
        cached.key.cache_clear()
        return cached.key()

    try:
        now = key()
        assert cached._version("spacy").startswith("spacy-")  # its dist-info folder names the version
        monkeypatch.setattr(cached, "__version__", "0.0.0-other")
        assert key() != now  # another kg
        monkeypatch.undo()
        assert key() == now
        real = cached._version
        monkeypatch.setattr(cached, "_version", lambda p: "spacy-9.9.9.dist-info" if p == "spacy" else real(p))
        assert key() != now  # another spaCy
    finally:
        monkeypatch.undo()
        cached.key.cache_clear()


def test_startup_a_build_with_nothing_new_imports_no_spacy_and_keeps_its_outputs(built: Path) -> None:
    ttl = built / "graph.ttl"
    before = ttl.stat().st_mtime_ns
    found = imported(["build", str(SEED), "--out", str(built), "--no-progress"])
    assert "spacy" not in found and "pyoxigraph" in found
    assert ttl.stat().st_mtime_ns == before  # the store did not change: nothing to rewrite


def test_startup_outputs_are_rewritten_once_the_store_changed(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(articles), "--out", str(out)]).exit_code == 0
    again = runner.invoke(app, ["build", str(articles), "--out", str(out)])
    assert "up to date" in again.stderr and "wrote" not in again.stderr
    (out / "graph.html").unlink()  # an output gone: written again
    again = runner.invoke(app, ["build", str(articles), "--out", str(out)])
    assert "wrote" in again.stderr and (out / "graph.html").exists()
    from kg.store import Store

    with Store(out / "store") as st:  # a write by any other way through kg: a new state
        st.update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }")
    del st  # Oxigraph lets the store go with the object
    again = runner.invoke(app, ["build", str(articles), "--out", str(out)])
    assert "wrote" in again.stderr and "urn:a" in (out / "graph.ttl").read_text(encoding="utf-8")


# ---- the disk cache


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An empty cache folder and a copy of data/ for this test; the process's caches are emptied before
    and after, so that other tests see the real data again."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "gazetteer", data / "gazetteer")
    shutil.copytree(ROOT / "data" / "lexicons", data / "lexicons")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cached, "GAZETTEER", data / "gazetteer")
    monkeypatch.setattr(gaz, "GAZETTEER", data / "gazetteer")

    def forget() -> None:
        cache.clear()
        cached.key.cache_clear()
        gaz.default.cache_clear()
        nlp.pipeline.cache_clear()
        extract_pipeline._default.cache_clear()

    forget()
    yield data
    monkeypatch.undo()
    forget()


def entries(root: Path, prefix: str) -> list[str]:
    return sorted(p.name for p in root.glob(f"{prefix}.*.pickle"))


def test_startup_an_edited_gazetteer_row_is_read_at_the_next_run(fresh: Path, tmp_path: Path) -> None:
    text = "The Zorgon Compact welcomed the decision."

    def found() -> set[str]:
        doc = nlp.pipeline("en")(text)
        return {id_ for _s, _e, _label, id_ in nlp.entities(doc)}

    assert "ZORGON" not in found()
    stored = entries(tmp_path / "cache", "pipeline-en")
    assert len(stored) == 1 and len(entries(tmp_path / "cache", "gazetteer")) == 1
    orgs = fresh / "gazetteer" / "organizations.tsv"
    header = orgs.read_text(encoding="utf-8").splitlines()[0].split("\t")
    row = {"id": "ZORGON", "lang": "en", "name": "Zorgon Compact"}
    with open(orgs, "a", encoding="utf-8") as f:
        f.write("\t".join(row.get(col, "") for col in header) + "\n")
    # a new process: the key is computed again, from the edited file
    cached.key.cache_clear()
    gaz.default.cache_clear()
    nlp.pipeline.cache_clear()
    assert "ZORGON" in found()
    assert gaz.default().labels["ZORGON"] == "Zorgon Compact"
    after = entries(tmp_path / "cache", "pipeline-en")
    assert len(after) == 2 and stored[0] in after  # a new entry beside the old, which is never read again


def test_startup_a_pipeline_from_the_cache_is_the_pipeline_built(fresh: Path) -> None:
    built = nlp.pipeline("fr")  # nothing stored: built, and stored
    nlp.pipeline.cache_clear()
    loaded = nlp.pipeline("fr")  # from the cache
    assert built is not loaded
    # the label lexemes were made without attributes; the getters are back for the words of texts
    assert loaded.vocab.lex_attr_getters and loaded("Parigi")[0].shape_ == "Xxxxx"
    for name in ("gazetteer_words", "gazetteer_names"):
        a, b = built.get_pipe(name), loaded.get_pipe(name)
        # what the phrase matchers hold, as they pickle it: each key's patterns, as the hashes matched
        assert a.phrase_matcher.__reduce__()[1][1] == b.phrase_matcher.__reduce__()[1][1]
        assert len(a.phrase_matcher) == len(b.phrase_matcher) > 100
        assert a._ent_ids == b._ent_ids
        assert [(p["label"], p.get("id"), p["pattern"]) for p in a.patterns] == \
            [(p["label"], p.get("id"), p["pattern"]) for p in b.patterns]
    text = ("Le président Emmanuel Macron a rencontré à Paris le chancelier allemand; l'OTAN et l'Union "
            "européenne saluent l'accord franco-allemand sur les chars Leclerc et les avions Rafale.")
    da, db = built(text), loaded(text)
    assert [t.text for t in da] == [t.text for t in db]
    assert nlp.entities(da) == nlp.entities(db) and nlp.entities(da)
    assert [s.start for s in da.sents] == [s.start for s in db.sents]


def test_startup_the_gazetteer_ruler_holds_what_spacys_entity_ruler_holds() -> None:
    import spacy

    patterns = [{"label": "GPE", "pattern": "Corea del Nord", "id": "PRK"}, {"label": "ORG", "pattern": "NATO"},
                {"label": "GPE", "pattern": "Russia", "id": "RUS"},
                {"label": "GPE", "pattern": "Federazione Russa", "id": "RUS"}]
    stock: Any = spacy.blank("it").add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    stock.add_patterns(patterns)
    blank = spacy.blank("it")
    ours: Any = blank.add_pipe("gazetteer_ruler", config={"phrase_matcher_attr": "ORTH"})
    ours.add_grouped(ours.grouped(cached.tokenized(blank, patterns, ours.phrase_matcher)))  # as the cache keeps them
    assert ours.phrase_matcher.__reduce__()[1][1] == stock.phrase_matcher.__reduce__()[1][1]
    assert ours._ent_ids == stock._ent_ids
    assert [(p["label"], p.get("id"), p["pattern"]) for p in ours.patterns] == \
        [(p["label"], p.get("id"), p["pattern"]) for p in stock.patterns]


def test_startup_extraction_is_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    """Three fresh processes: no cache, a cold cache (built and stored), a warm one (read): one output."""
    if DEV.exists():
        rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
        picked = {}
        for row in rows:
            picked.setdefault(row["lang"], row)
        corpus = tmp_path / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked.values()),
                          encoding="utf-8")
    else:
        corpus = SEED
    outputs = []
    for where in ("off", str(tmp_path / "cache"), str(tmp_path / "cache")):
        done = subprocess.run([sys.executable, "-m", "kg", "extract", str(corpus), "--no-progress"], cwd=ROOT,
                              capture_output=True, text=True, timeout=600, env={**os.environ, cache.ENV: where})
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0].count("\n") >= 1
    assert entries(tmp_path / "cache", "gazetteer")


def test_startup_a_compiled_regex_comes_back_equal() -> None:
    pattern = re.compile(r"(?iu)^[a-zà-ÿ]+(?:-[a-z]+)*'?\d{0,3}$")
    form = cached.compiled_form(pattern)
    assert form is not None and form[0] == pattern.pattern
    re.purge()
    cached.install_regexes([form])
    again = re.compile(pattern.pattern)
    assert again == pattern and again.match("Porte-avions'12") and not again.match("1abc")


def test_startup_cache_entries_are_keyed_and_rebuilt_when_unreadable(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    cache.clear()
    try:
        calls = []
        assert cache.cached("thing", "k1", lambda: calls.append(1) or {"v": 1}) == {"v": 1}
        assert cache.cached("thing", "k1", lambda: calls.append(1) or {"v": 2}) == {"v": 1}  # read
        assert cache.cached("thing", "k2", lambda: calls.append(1) or {"v": 3}) == {"v": 3}  # another key
        assert len(calls) == 2
        where = cache.path("thing", "k1")
        assert where is not None
        where.write_bytes(b"\x80\x05truncated")
        assert cache.cached("thing", "k1", lambda: {"v": 4}) == {"v": 4}  # unreadable: built again
        assert not list((tmp_path / "c").glob(".*.tmp"))  # written whole, by a rename
        assert cache.path("../x", "k") is None  # a name that is no file name is not cached
    finally:
        cache.clear()


def test_startup_an_unwritable_cache_folder_falls_back_then_turns_off(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # cannot be made: a file is in the way
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "tmp"))
    cache.clear()
    try:
        fallback = cache.folder()
        assert fallback is not None and fallback.parent == tmp_path / "tmp" and fallback.name.startswith("kg-cache-")
        assert oct(fallback.stat().st_mode & 0o777) == oct(0o700)
        monkeypatch.setattr("tempfile.gettempdir", lambda: str(blocker))
        cache.clear()
        assert cache.folder() is None
        assert cache.cached("thing", "k", lambda: 7) == 7  # no folder: built, nothing stored
        monkeypatch.setenv(cache.ENV, "off")
        cache.clear()
        assert cache.folder() is None
    finally:
        cache.clear()


def test_startup_xdg_cache_home_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache.clear()
    try:
        assert cache.folder() == tmp_path / "xdg" / "kg"
    finally:
        cache.clear()


# ---- small inputs


def test_startup_a_small_input_starts_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import parallel

    class NoPool:
        def __init__(self, *a: object, **k: object) -> None:
            raise AssertionError("a pool was started")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", NoPool)
    docs = [Document(f"d{i}", "La Russia e la Cina hanno firmato un accordo.", lang="it") for i in range(100)]

    def task(batch: list[Document], model: object = None, extractor: object = None) -> list[str]:
        return [d.id for d in batch]

    got = list(parallel.run(task, parallel.batched(docs, 4), jobs=2))
    assert got == [d.id for d in docs]
    with pytest.raises(AssertionError, match="a pool was started"):
        list(parallel.run(task, parallel.batched(docs, 4), jobs=2, small=1_000))
