"""Crash safety: a real `kg build` killed with SIGKILL part-way leaves a consistent store and whole output
files; the next run completes the work and gives the graph of an uninterrupted build."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
import rdflib.compare

from kg.atomic import remove_stale, replacing
from kg.build import ingest_into
from kg.ontology import BASE, KG
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
DOC = BASE + "doc/"


def graphs(store: Path | Store) -> tuple[dict[str, rdflib.Graph], set[str]]:
    """Each document graph, and the documents whose content hash is written (the build's "done" mark)."""
    st = store if isinstance(store, Store) else Store(store, read_only=True)
    try:
        rows = st.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", union=False).rows
    finally:
        if st is not store:
            st.close()
    out: dict[str, rdflib.Graph] = {}
    done = set()
    for r in rows:
        g = str(r["g"])
        if g.startswith(DOC):
            if r["p"] == KG.contentHash:
                done.add(g)
                continue
            out.setdefault(g, rdflib.Graph()).add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
    return out, done


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), "100", "--jsonl",
                    str(folder / "corpus.jsonl"), "--seed", "3"], check=True, capture_output=True)
    return folder / "corpus.jsonl"


@pytest.fixture(scope="module")
def reference(corpus: Path) -> dict[str, rdflib.Graph]:
    with Store(None) as st:
        ingest_into(st, [corpus])
        return graphs(st)[0]


def _build(corpus: Path, out: Path, jobs: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--jobs", str(jobs),
                             "--no-progress"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def _wait_for_documents(proc: subprocess.Popen[bytes], store: Path, at_least: int, timeout: float = 90) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if store.exists():
            try:
                n = len(graphs(store)[1])
            except Exception:  # noqa: BLE001 - a store being created may not open yet
                n = 0
            if n >= at_least:
                return n
        time.sleep(0.2)
    return -1


def _check_consistent(out: Path, reference: dict[str, rdflib.Graph]) -> tuple[int, int]:
    """Every document marked done holds exactly its graph; graph.ttl, if there, is whole."""
    got, done = graphs(out / "store")
    for name in done:
        assert rdflib.compare.isomorphic(got[name], reference[name]), f"{name} is marked done but differs"
    if (out / "graph.ttl").exists():
        rdflib.Graph().parse(out / "graph.ttl", format="turtle")  # raises on a half-written file
    return len(done), len(set(got) - done)


@pytest.mark.slow
@pytest.mark.parametrize("jobs, kill_group", [(1, False), (2, True)], ids=["jobs1-kill-build", "jobs2-kill-all"])
def test_crash_sigkill_mid_build_then_rerun_completes(jobs: int, kill_group: bool, corpus: Path,
                                                      reference: dict[str, rdflib.Graph], tmp_path: Path) -> None:
    out = tmp_path / "out"
    kills = 0
    for at_least in (1, 25):  # kill twice: once early, once further on
        proc = _build(corpus, out, jobs)
        seen = _wait_for_documents(proc, out / "store", at_least)
        if seen < 0:  # the build finished first: this machine is fast; nothing to kill
            proc.wait()
            continue
        (os.killpg if kill_group else os.kill)(proc.pid if not kill_group else os.getpgid(proc.pid), signal.SIGKILL)
        if proc.wait() == 0:  # it finished just before the kill
            continue
        assert proc.returncode == -signal.SIGKILL
        kills += 1
        _check_consistent(out, reference)  # (a late kill may land in derive or in writing the outputs)
    assert kills >= 1, "the build never got killed part-way"
    proc = _build(corpus, out, jobs)
    _stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    got, done = graphs(out / "store")
    assert done == set(reference) == set(got)
    for name in reference:
        assert rdflib.compare.isomorphic(got[name], reference[name]), name
    assert not list(out.glob(".*.tmp")), "temporary files of the killed runs must be cleaned up"
    assert len(rdflib.Graph().parse(out / "graph.ttl")) > 0


def test_crash_replacing_keeps_the_old_file_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as f:
        f.write(b"half of the new")
        raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(".*.tmp"))


def test_crash_stale_temporary_of_a_dead_writer_is_removed_not_a_live_one(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".graph.ttl.{dead.stdout.strip()}.x1.tmp"
    live = tmp_path / f".graph.ttl.{os.getpid()}.x2.tmp"
    other = tmp_path / f".graph.html.{dead.stdout.strip()}.x3.tmp"
    for p in (stale, live, other):
        p.write_text("partial")
    assert remove_stale(target) == [stale]
    assert live.exists() and other.exists()
