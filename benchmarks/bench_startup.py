"""How long `kg` takes to answer, cold: a new process for every run, its caches warm on disk.

    .venv/bin/python benchmarks/bench_startup.py               # 5 runs of each command
    .venv/bin/python benchmarks/bench_startup.py --runs 3 --only help query extract
    .venv/bin/python benchmarks/bench_startup.py --first-run   # also: the first run after install

Each command runs `--runs` times as a new process (`python -m kg ...` of this checkout); the median and
the slowest run are printed beside the floor, `python -c "import spacy; spacy.blank('it')"`, measured in
the same run, and beside the target of issue 21 (some targets are the floor plus a margin). The store
commands run on a store of the 50 articles of ../shared/eval/dev.jsonl, built once before the timings
(which also fills the caches). "add 5" builds 5 new articles (5 dev articles under new ids) into a copy
of that store; "rebuild" builds the 50 again into a copy where nothing changed.

`--first-run` also times `kg extract` of the 50 articles (all five languages) with an empty cache folder:
what the first run after an install or an edit of data/ pays to build the caches, against the same
command with the caches warm. Not a test: run it by hand.

On a machine other jobs share, a command's wall time includes the time it waited for a core, so each row
also gives the median CPU time (user + system) of its process and the machine's load average is printed:
the issue's targets are wall times, and "met" is said of those; "by CPU" says whether the command's own
work fits the target measured the same way (the floor's CPU time for the floor-relative ones).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
SEED = ROOT / "data" / "articles" / "seed-article-it.txt"
FLOOR = [sys.executable, "-c", "import spacy; spacy.blank('it')"]


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time (user + system, with its own children) of one run of `cmd`."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed (exit {done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return elapsed, _children_cpu() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", nargs="*", help="names of the rows to run (floor always runs)")
    ap.add_argument("--corpus", type=Path, default=DEV, help="a JSONL file of articles (default the dev set)")
    ap.add_argument("--first-run", action="store_true", help="also time the build of the caches")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus} is not here", file=sys.stderr)
        return 2
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(":")}
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-startup-"))
    try:
        return _bench(args, env, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _bench(args: argparse.Namespace, env: dict[str, str], tmp: Path) -> int:
    corpus = tmp / "dev50.jsonl"
    shutil.copy(args.corpus, corpus)
    extra = tmp / "extra5.jsonl"
    with open(args.corpus, encoding="utf-8") as f, open(extra, "w", encoding="utf-8") as out:
        rows = [json.loads(line) for line in f if line.strip()]
        for row in rows[-5:]:
            out.write(json.dumps({**row, "doc": "new-" + row["doc"]}, ensure_ascii=False) + "\n")
    base = tmp / "base"
    print(f"setting up: the caches and a store of the {len(rows)} articles ...", file=sys.stderr)
    timed(kg("build", str(corpus), "--out", str(base), "--no-progress"), env)

    def copy_of(name: str) -> Callable[[], None]:
        def prepare() -> None:
            shutil.rmtree(tmp / name, ignore_errors=True)
            shutil.copytree(base, tmp / name)
        return prepare

    def removed(name: str) -> Callable[[], None]:
        return lambda: shutil.rmtree(tmp / name, ignore_errors=True)

    floor_row = ("floor", "python -c \"import spacy; spacy.blank('it')\"", FLOOR, None, None)
    rows_: list[tuple[str, str, list[str], Callable[[], None] | None, tuple[float, bool] | None]] = [
        ("help", "kg --help", kg("--help"), None, (0.5, False)),
        ("query-list", "kg query --list", kg("query", "--list"), None, (0.5, False)),
        ("query", "kg query supporters-of -p actor=RUS", kg("query", "supporters-of", "-p", "actor=RUS",
                                                            "--out", str(base)), None, (0.5, False)),
        ("export", "kg export (Turtle)", kg("export", "--out", str(base), "-o", str(tmp / "export.ttl")), None,
         (0.5, False)),
        ("viz", "kg viz", kg("viz", "--out", str(base), "-o", str(tmp / "view.html")), None, None),
        ("extract", "kg extract seed-article-it.txt --format table", kg("extract", str(SEED), "--format", "table"),
         None, (0.5, True)),
        ("build", f"kg build of the {len(rows)} dev articles", kg("build", str(corpus), "--out", str(tmp / "b"),
                                                                  "--no-progress"), removed("b"), (3.0, True)),
        ("add5", "kg build adding 5 articles to them", kg("build", str(corpus), str(extra), "--out",
                                                          str(tmp / "a"), "--no-progress"), copy_of("a"), (1.0, True)),
        ("rebuild", "kg build, nothing changed", kg("build", str(corpus), "--out", str(tmp / "r"), "--no-progress"),
         copy_of("r"), (1.0, False)),
        ("validate", "kg validate", kg("validate", "--out", str(base)), None, None),
    ]
    chosen = [r for r in rows_ if not args.only or r[0] in args.only]
    results: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    load = os.getloadavg()[0]
    # interleaved, so that a busy moment of the machine falls on every command alike
    for _ in range(args.runs):
        for name, _label, cmd, prepare, _target in [floor_row, *chosen]:
            if prepare is not None:
                prepare()
            wall, cpu = timed(cmd, env)
            results.setdefault(name, []).append(wall)
            cpus.setdefault(name, []).append(cpu)
    floor, floor_cpu = statistics.median(results["floor"]), statistics.median(cpus["floor"])
    print(f"\n{args.runs} cold runs each (new process, caches warm on disk), seconds; "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load:.1f} at the start and "
          f"{os.getloadavg()[0]:.1f} at the end\n")
    print(f"{'command':48} {'median':>7} {'max':>7} {'cpu':>6}  {'target':>20}  met  by CPU")
    for name, label, _cmd, _prepare, target in [floor_row, *chosen]:
        times = results[name]
        med, worst, cpu = statistics.median(times), max(times), statistics.median(cpus[name])
        goal, verdict, by_cpu = "", "", ""
        if target is not None:
            limit = target[0] + (floor if target[1] else 0)
            goal = f"< {limit:.2f}" + (f" (floor+{target[0]:g})" if target[1] else "")
            verdict = "yes" if med < limit else "NO"
            by_cpu = "yes" if cpu < target[0] + (floor_cpu if target[1] else 0) else "NO"
        print(f"{label:48} {med:7.2f} {worst:7.2f} {cpu:6.2f}  {goal:>20}  {verdict:3}  {by_cpu}")
    if args.first_run:
        cold = {**env, "KG_CACHE_DIR": str(tmp / "empty-cache")}
        first, _ = timed(kg("extract", str(corpus)), cold)
        warm, _ = timed(kg("extract", str(corpus)), cold)
        print(f"\nkg extract of the {len(rows)} articles (five languages): {first:.2f} s building the caches "
              f"(first run), {warm:.2f} s with them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
