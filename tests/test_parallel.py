"""--jobs and --dask change how fast, never what: the same extractions, the same graph, in order."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from typer.testing import CliRunner

from kg.cli import app
from kg.parallel import Failed, _ordered, batched, extract_batch, run
from kg.model import Document
from kg.ontology import BASE
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "scripts" / "generate_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """25 synthetic articles in five languages, as a JSONL file plus the seed article in a folder."""
    folder = tmp_path_factory.mktemp("corpus")
    _generator().main(["25", "--jsonl", str(folder / "synthetic.jsonl"), "--seed", "7"])
    (folder / "seed.txt").write_bytes((ROOT / "data" / "articles" / "seed-article-it.txt").read_bytes())
    return folder


def doc_graphs(store: Path) -> dict[str, rdflib.Graph]:
    """Each document's named graph (build records carry times, so they are left out)."""
    out: dict[str, rdflib.Graph] = {}
    with Store(store, read_only=True) as st:
        rows = st.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", union=False).rows
    for r in rows:
        g = str(r["g"])
        if g.startswith(BASE + "doc/"):
            out.setdefault(g, rdflib.Graph()).add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
    return out


def assert_same_graphs(a: dict[str, rdflib.Graph], b: dict[str, rdflib.Graph]) -> None:
    assert sorted(a) == sorted(b) and a
    for name in a:
        assert rdflib.compare.isomorphic(a[name], b[name]), name


def test_parallel_extract_output_is_identical_whatever_the_jobs(corpus: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["extract", str(corpus), "--jobs", jobs, "--no-progress"])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    docs = [json.loads(line)["doc"] for line in outputs[0].splitlines()]
    assert len(docs) == 26 and docs[:3] == ["seed-it-2025-07-13", "synthetic-0000000", "synthetic-0000001"]


def test_parallel_build_graph_is_identical_whatever_the_jobs(corpus: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.parallel

    monkeypatch.setattr(kg.parallel, "SMALL", 0)  # a pool even for this small corpus
    graphs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--jobs", jobs])
        assert result.exit_code == 0, result.output
        assert "26 documents (26 added" in result.stderr
        graphs.append(doc_graphs(out / "store"))
    assert_same_graphs(*graphs)


@pytest.mark.slow
def test_parallel_dask_local_cluster_builds_the_same_graph(corpus: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    assert runner.invoke(app, ["build", str(corpus), "--out", str(local), "--jobs", "1"]).exit_code == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        out = tmp_path / "dask"
        result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--dask", cluster.scheduler_address])
        assert result.exit_code == 0, result.output
        with distributed.Client(cluster) as client:  # both workers took part
            assert len(client.scheduler_info()["workers"]) == 2
    assert_same_graphs(doc_graphs(local / "store"), doc_graphs(out / "store"))


def test_parallel_unreachable_dask_scheduler_is_one_line(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.stderr and "Traceback" not in result.output


class Boom:
    """An extractor that fails on one document, as a bug in a rule would."""

    model = None

    def extract(self, doc: Document) -> object:
        if "boom" in doc.text:
            raise ValueError("rule crashed")
        return doc.id


def test_parallel_a_crashing_document_is_reported_and_the_rest_goes_on() -> None:
    docs = [Document(f"d{i}", "boom" if i == 2 else "fine") for i in range(5)]
    results = list(run(extract_batch, batched(docs, 2), extractor=Boom()))  # type: ignore[arg-type]
    assert results[:2] == ["d0", "d1"] and results[3:] == ["d3", "d4"]
    assert isinstance(results[2], Failed) and results[2].id == "d2" and "rule crashed" in results[2].error


@pytest.mark.parametrize("n, size", [(0, 3), (1, 3), (7, 3), (9, 3)])
def test_parallel_batched_keeps_every_item_in_order(n: int, size: int) -> None:
    chunks = list(batched(range(n), size))
    assert [x for c in chunks for x in c] == list(range(n))
    assert all(len(c) == size for c in chunks[:-1])


def _slow_batch(batch: list[int], model: str | None = None, extractor: object = None) -> list[tuple[str, int]]:
    time.sleep(0.05)  # a worker busy with a batch
    return [("worker", x) for x in batch]


def test_parallel_sharing_process_runs_batches_while_the_workers_are_busy() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        out = list(_ordered(pool, _slow_batch, batched(range(40), 2), None, window=64,  # type: ignore[arg-type]
                            local=lambda batch: [("here", x) for x in batch], workers=1))
    assert [x for _, x in out] == list(range(40))  # input order, whoever extracted
    assert [who for who, _ in out[:4]] == ["worker"] * 4  # two batches queued per worker first
    assert {who for who, _ in out[4:]} == {"here"}  # then this process, while the worker sleeps


def test_parallel_sharing_process_waits_when_the_window_is_full() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        out = list(_ordered(pool, _slow_batch, batched(range(40), 2), None, window=4,  # type: ignore[arg-type]
                            local=lambda batch: [("here", x) for x in batch], workers=1))
    assert [x for _, x in out] == list(range(40))
    assert "worker" in {who for who, _ in out[4:]}  # blocked on the window, it let the worker take more


def _in_fresh_process(code: str) -> str:
    """Run `code` in a new interpreter (its only thread is the main one, whatever this suite started)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


ANOTHER_THREAD = "import threading; threading.Thread(target=threading.Event().wait, daemon=True).start()\n"


@pytest.mark.parametrize(("share", "thread", "method"), [
    (True, "", "fork"),  # kg extract, nothing else running: workers forked with its pipelines
    (True, ANOTHER_THREAD, "forkserver"),  # another thread may hold a lock a forked copy would wait on forever
    (False, "", "forkserver"),  # kg build: the store's threads
])
def test_parallel_workers_are_forked_only_from_a_sharing_process_with_one_thread(share: bool, thread: str,
                                                                                  method: str) -> None:
    code = f"{thread}from kg.parallel import _context\nprint(_context({share}).get_start_method())"
    assert _in_fresh_process(code) == method


SHARED_RUN = """
{thread}from kg.ingest import read
from kg.model import Document
from kg.parallel import _context, batched, extract_batch, run
docs = [d for d in read([{corpus!r}]) if isinstance(d, Document)]
alone = [ex.to_json() for ex in run(extract_batch, batched(docs, 2), jobs=1)]
shared = [ex.to_json() for ex in run(extract_batch, batched(docs, 2), jobs=2, share=True, alone=1, small=0)]
print(_context(True).get_start_method(), len(alone), shared == alone)
"""


@pytest.mark.parametrize(("thread", "method"), [("", "fork"), (ANOTHER_THREAD, "forkserver")],
                         ids=["forked", "fork-server"])
def test_parallel_sharing_with_real_workers_gives_the_same_extractions(corpus: Path, thread: str,
                                                                       method: str) -> None:
    assert _in_fresh_process(SHARED_RUN.format(thread=thread, corpus=str(corpus))) == f"{method} 26 True"


def test_parallel_progress_bar_runs_no_thread_of_its_own(tmp_path: Path) -> None:
    """A process showing the bar can still fork its workers: once its inputs are counted, the bar adds
    no thread (it is redrawn by the documents' callback)."""
    import threading

    from kg.progress import documents

    (tmp_path / "a.txt").write_text("La Russia e la Cina hanno firmato un accordo.", encoding="utf-8")
    before = set(threading.enumerate())
    with documents([tmp_path], enabled=True) as advance:
        for t in threading.enumerate():
            if t.name == "kg-count":
                t.join(30)
        advance("a.txt")
        assert set(threading.enumerate()) <= before
