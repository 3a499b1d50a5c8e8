#!/usr/bin/env python3
"""Corpus scale: documents per second of the build's ingest stage (read, extract, map, store) with 1
job, with all cores, and on a 2-worker Dask LocalCluster; peak RSS of the whole process tree.

    .venv/bin/python benchmarks/bench_scale.py --n 2000
    .venv/bin/python benchmarks/bench_scale.py --n 5000 --modes jobs1,jobs2
    .venv/bin/python benchmarks/bench_scale.py --n 100000 --modes jobs1,jobs2,dask2 --workdir /tmp/kg-100k
    .venv/bin/python benchmarks/bench_scale.py --n 100000 --modes jobs1,jobsN --full-build

The 100k run (issue 8's figures) wants an idle machine and about an hour on 2 cores: at 11-14 ms of
CPU an article, some 20-25 min for jobs1 and 12-15 for jobs2 and for dask2, each plus the build's
final `derive` step, which runs alone on one core (26 s for 5,000 articles here, growing faster than
the store). `--workdir` keeps the generated corpus for a rerun; each mode starts from an empty store.

Each run is a fresh process on a fresh store, so pipeline start-up (building the spaCy pipelines of
five languages in every worker) is included; the first line of output gives it on its own.
`--full-build` times `kg build` end to end (graph.ttl and graph.html too) instead of the ingest stage.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]

RUN_INGEST = """
import json, sys, time
from kg.build import ingest_into
from kg.store import Store
if __name__ == "__main__":
    corpus, store, jobs, dask = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] or None
    t = time.perf_counter()
    with Store(store) as st:
        report = ingest_into(st, [corpus], jobs=jobs, dask=dask)
        triples = len(st)
    print(json.dumps({"seconds": time.perf_counter() - t, "documents": report.documents,
                      "errors": len(report.errors), "triples": triples}))
"""


def tree_rss(proc: psutil.Process, cpu: dict[int, float] | None = None) -> int:
    """The RSS of `proc` and its descendants; with `cpu`, also record each one's CPU seconds so far."""
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.Error:  # a child ended while being listed: this sample counts the parent alone
        family = [proc]
    for p in family:
        try:
            total += p.memory_info().rss
            if cpu is not None:
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return total


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str, float, float]:
    """Run `cmd`; return wall seconds, the peak RSS of its process tree, its stdout, the CPU seconds of the
    tree (sampled every 0.1 s, so a worker's last 0.1 s may be missed) and those of its first process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    ps = psutil.Process(proc.pid)
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(ps, cpu))
            time.sleep(0.1)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    done.set()
    watcher.join()
    if proc.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return time.perf_counter() - t, peak, out, sum(cpu.values()), cpu.get(proc.pid, 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles to generate")
    ap.add_argument("--modes", default="jobs1,jobs2,jobsN,dask2", help="jobs1, jobs2, jobsN, dask2")
    ap.add_argument("--format", choices=["folder", "jsonl", "jsonl.gz"], default="folder")
    ap.add_argument("--full-build", action="store_true", help="time `kg build` end to end")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus = work / ("corpus" if args.format == "folder" else f"corpus.{args.format}")
    if not corpus.exists():
        flag = ["--out", str(corpus)] if args.format == "folder" else ["--jsonl", str(corpus)]
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), str(args.n), *flag], check=True)
    cores = len(os.sched_getaffinity(0))
    print(f"corpus: {args.n} articles ({args.format}) in {corpus}; {cores} cores; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)

    # start-up alone: one document, one job
    one = work / "one.jsonl"
    one.write_text(json.dumps({"doc": "x", "text": "Russia supports Ukraine.", "lang": "en"}) + "\n")
    seconds, *_ = measure([sys.executable, "-c", RUN_INGEST, str(one), str(work / "s0"), "1", ""])
    print(f"start-up (interpreter, imports, 1 pipeline): {seconds:.1f} s", flush=True)

    results = {}
    for mode in args.modes.split(","):
        store = work / f"store-{mode}"
        shutil.rmtree(store, ignore_errors=True)
        cluster = None
        address = ""
        jobs = {"jobs1": 1, "jobs2": 2, "jobsN": cores}.get(mode, 1)
        if mode == "dask2":
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=40)
            address = cluster.scheduler_address
        try:
            if args.full_build:
                out = work / f"out-{mode}"
                shutil.rmtree(out, ignore_errors=True)
                cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-progress",
                       *(["--dask", address] if address else ["--jobs", str(jobs)])]
                seconds, peak, _out, cpu, parent = measure(cmd)
                docs = args.n
            else:
                cmd = [sys.executable, "-c", RUN_INGEST, str(corpus), str(store), str(jobs), address]
                seconds, peak, out, cpu, parent = measure(cmd)
                docs = json.loads(out.strip().splitlines()[-1])["documents"]
        finally:
            if cluster is not None:
                cluster.close()
        rate = docs / seconds
        results[mode] = rate
        extra = " (parent only; the Dask workers' RSS and CPU are not in this tree)" if mode == "dask2" else ""
        # CPU seconds beside the wall time: on a shared machine, other people's processes slow the wall
        # clock but not the CPU a mode spends, and cores x wall / CPU shows how busy it kept the cores.
        # The parent's share (reading, writing the store with its RocksDB threads, derive) is the part
        # that more workers do not spread: what caps the speed-up
        print(f"{mode:6s} {docs} docs in {seconds:7.1f} s = {rate:7.1f} docs/s, CPU {cpu:7.1f} s "
              f"(parent {parent:6.1f} s = {1000 * parent / max(docs, 1):4.1f} ms/doc), "
              f"peak RSS {peak / 2**20:7.0f} MB, load average {os.getloadavg()[0]:.1f}{extra}", flush=True)
    if "jobs1" in results:
        for mode, rate in results.items():
            if mode != "jobs1":
                print(f"speed-up {mode} / jobs1: {rate / results['jobs1']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
