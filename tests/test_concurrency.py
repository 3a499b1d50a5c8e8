"""Two `kg build` processes on one store: the second refuses with one clear line, or waits, and never
corrupts; readers are not blocked by a running build."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import EXIT_ERROR

ROOT = Path(__file__).resolve().parents[1]


def _kg(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_for_lock_holder(lock: Path, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(proc.pid):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the first build never took the store's lock")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("concurrent")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), "60", "--jsonl",
                    str(folder / "corpus.jsonl"), "--seed", "5"], check=True, capture_output=True)
    return folder / "corpus.jsonl"


@pytest.mark.slow
def test_concurrency_second_build_refuses_or_waits_and_the_graph_stays_whole(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _kg("build", str(corpus), "--out", str(out), "--jobs", "1", "--no-progress")
    _wait_for_lock_holder(out / "store.lock", first)

    refused = _kg("build", str(corpus), "--out", str(out), "--jobs", "1", "--no-progress")
    _stdout, err = refused.communicate(timeout=120)
    assert refused.returncode == EXIT_ERROR
    assert err.strip().splitlines() == [f"error: {out / 'store'} is in use by another kg process; "
                                        "wait for it to finish or pass another --store"]
    assert first.poll() is None, "the refusal must come while the first build runs"

    # a reader does not take the writer's lock
    reader = _kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--out", str(out), "--format", "csv")
    assert reader.wait(timeout=120) == 0, reader.communicate()

    waiting = _kg("build", str(corpus), "--out", str(out), "--jobs", "1", "--no-progress", "--wait", "300")
    _stdout, err1 = first.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert "60 documents (60 added" in err1
    _stdout, err2 = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err2
    assert "60 documents (0 added, 0 replaced, 60 unchanged)" in err2


def test_concurrency_lock_is_released_when_a_build_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    bad = _kg("build", str(tmp_path / "missing"), "--out", str(out), "--no-progress")
    bad.communicate(timeout=120)
    assert bad.returncode == 3
    again = _kg("build", str(tmp_path / "missing"), "--out", str(out), "--no-progress")
    _o, err = again.communicate(timeout=120)
    assert again.returncode == 3 and "in use" not in err
