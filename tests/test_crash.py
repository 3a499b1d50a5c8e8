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
from kg.ontology import BASE, KG, document_iri, pending
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


def _wait_for(proc: subprocess.Popen[bytes], store: Path, stage: str, timeout: float = 90) -> bool:
    """Wait until the build has reached `stage` ("written": a document graph is in the store, the build
    extracting the rest; "done": documents are marked done, the build at its end, deriving or writing
    its outputs); False if it exited first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if store.exists():
            try:
                got, done = graphs(store)
            except Exception:  # noqa: BLE001 - a store being created may not open yet
                got, done = {}, set()
            if done if stage == "done" else got:
                return True
        time.sleep(0.1)
    return False


# what rule 00-actors of `derive` moves out of a document's graph into graph:actors
MOVED = {rdflib.RDF.type, rdflib.RDFS.label, KG.code, rdflib.OWL.sameAs}


def _moved_out(g: rdflib.Graph) -> rdflib.Graph:
    """`g` without the actor descriptions derive moves to graph:actors."""
    coded = set(g.subjects(KG.code, None))
    out = rdflib.Graph()
    for s, p, o in g:
        if not (s in coded and p in MOVED):
            out.add((s, p, o))
    return out


def _check_consistent(out: Path, reference: dict[str, rdflib.Graph]) -> tuple[int, int]:
    """Every document marked done holds exactly its graph, or, if the store says derive has yet to read it,
    its graph and the actor descriptions derive moves out of it; graph.ttl, if there, is whole."""
    got, done = graphs(out / "store")
    with Store(out / "store", read_only=True) as st:
        waiting = {str(document_iri(d)) for d in pending(st)}
    for name in done:
        if rdflib.compare.isomorphic(got[name], reference[name]):
            continue
        assert name in waiting, f"{name} is marked done but differs, and derive is not pending for it"
        assert rdflib.compare.isomorphic(_moved_out(got[name]), reference[name]), f"{name} is marked done but differs"
    if (out / "graph.ttl").exists():
        rdflib.Graph().parse(out / "graph.ttl", format="turtle")  # raises on a half-written file
    return len(done), len(set(got) - done)


@pytest.mark.slow
@pytest.mark.parametrize("jobs, kill_group", [(1, False), (2, True)], ids=["jobs1-kill-build", "jobs2-kill-all"])
def test_crash_sigkill_mid_build_then_rerun_completes(jobs: int, kill_group: bool, corpus: Path,
                                                      reference: dict[str, rdflib.Graph], tmp_path: Path) -> None:
    out = tmp_path / "out"
    kills = 0
    # kill twice: while extracting, once the first documents are written (the build writes them at once, and
    # the rest in few large loads, their hashes riding with the next load: most often all at its end); then
    # once documents are marked done, in the build's last load, its derive or its outputs
    for stage in ("written", "done"):
        proc = _build(corpus, out, jobs)
        if not _wait_for(proc, out / "store", stage):  # the build finished first: nothing to kill
            proc.wait()
            continue
        (os.killpg if kill_group else os.kill)(proc.pid if not kill_group else os.getpgid(proc.pid), signal.SIGKILL)
        if proc.wait() == 0:  # it finished just before the kill
            continue
        assert proc.returncode == -signal.SIGKILL
        kills += 1
        _check_consistent(out, reference)  # (a late kill may land in derive or in writing the outputs)
    assert kills >= 1, "the build never got killed part-way"
    _rerun_completes(corpus, out, jobs, reference)


def _rerun_completes(corpus: Path, out: Path, jobs: int, reference: dict[str, rdflib.Graph]) -> None:
    proc = _build(corpus, out, jobs)
    _stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    got, done = graphs(out / "store")
    assert done == set(reference) == set(got)
    for name in reference:
        assert rdflib.compare.isomorphic(got[name], reference[name]), name
    with Store(out / "store", read_only=True) as st:
        assert not pending(st)
    assert not list(out.glob(".*.tmp")), "temporary files of the killed runs must be cleaned up"
    assert len(rdflib.Graph().parse(out / "graph.ttl")) > 0


@pytest.mark.slow
def test_crash_sigkill_before_derive_leaves_the_documents_pending_and_the_rerun_derives_them(
        corpus: Path, reference: dict[str, rdflib.Graph], tmp_path: Path) -> None:
    """The window the kills above hit now and then: every document marked done, derive not run."""
    out = tmp_path / "out"
    killed_at_derive = ("import os, signal, kg.build; from kg.cli import app; "
                        "kg.build.derive = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL); app()")
    proc = subprocess.run([sys.executable, "-c", killed_at_derive, "build", str(corpus), "--out", str(out),
                           "--jobs", "1", "--no-progress"], cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert _check_consistent(out, reference) == (len(reference), 0)
    with Store(out / "store", read_only=True) as st:
        assert {str(document_iri(d)) for d in pending(st)} == set(reference)
    _rerun_completes(corpus, out, 1, reference)


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
