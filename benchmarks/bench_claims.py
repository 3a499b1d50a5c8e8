#!/usr/bin/env python3
"""Scale of the whole build and of what analysts run on it: generated corpora of N articles (issue 23).

For each size: `kg build` end to end (graph.ttl and graph.html included: time, peak RSS of the process
tree, store size, triples, events and claims), then the latency of every named query (best of three,
in one process, with the store open read-only), and the wall time and peak RSS of `kg viz`,
`kg analyze` and `kg report` as a user runs them. The sizes are printed side by side with the growth
from the first to the last.

    .venv/bin/python benchmarks/bench_claims.py --sizes 10000 --workdir /tmp/kg-scale
    .venv/bin/python benchmarks/bench_claims.py --sizes 10000,100000 --workdir /tmp/kg-scale --jobs 2
    .venv/bin/python benchmarks/bench_claims.py --sizes 10000 --workdir /tmp/kg-scale --reuse   # measure again

`--reuse` keeps a store an earlier run built (its build figures are read back from build.json), so the
query and view figures can be taken again after a change to them alone.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import measure  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# Parameters for the named queries: actors every generated corpus has
PARAMS = {"actor": "RUS", "a": "PRK", "b": "RUS", "source": "PRK", "target": "RUS", "from": "PRK", "to": "UKR",
          "since": "2025-06", "article": "synthetic-0000001", "side": "RUS", "type": "any"}
SELECTIVE = ("aid-to", "arms-to", "by-article", "claims-of", "evidence-for", "relations-between",
             "supporters-of", "timeline-of", "treaties-of", "troops-to", "allies-of")

TIME_QUERIES = """
import json, sys, time
from kg.query import library, run_named
from kg.store import Store
store, params = sys.argv[1], json.loads(sys.argv[2])
out = {}
with Store(store, read_only=True) as st:
    for name, q in sorted(library().items()):
        ps = {p.name: params[p.name] for p in q.params if p.name in params and p.default is None}
        best, rows = float("inf"), 0
        for _ in range(3):
            t = time.perf_counter()
            rows = len(run_named(st, name, ps).rows)
            best = min(best, time.perf_counter() - t)
        out[name] = (best, rows)
    counts = {k: int(str(st.query(q).rows[0]["n"])) for k, q in {
        "events": "SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Event }",
        "claims": "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }"}.items()}
print(json.dumps({"queries": out, "counts": counts}))
"""


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def run_size(n: int, work: Path, jobs: int, reuse: bool) -> dict[str, object]:
    corpus = work / f"corpus-{n}.jsonl.gz"
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), str(n), "--jsonl", str(corpus)],
                       check=True)
    out = work / f"out-{n}"
    record = work / f"build-{n}.json"
    if reuse and record.exists():
        res: dict[str, object] = json.loads(record.read_text())
    else:
        seconds, peak, *_ = measure(kg("build", str(corpus), "--out", str(out), "--no-progress", "--jobs", str(jobs)))
        size = sum(f.stat().st_size for f in (out / "store").rglob("*") if f.is_file())
        res = {"build s": seconds, "build peak RSS MB": peak / 2**20, "store MB": size / 2**20}
        record.write_text(json.dumps(res))
    store = str(out / "store")
    _s, _p, text, *_ = measure([sys.executable, "-c", TIME_QUERIES, store, json.dumps(PARAMS)])
    timed = json.loads(text.strip().splitlines()[-1])
    res.update({f"{k}": v for k, v in timed["counts"].items()})
    for name, (seconds, rows) in timed["queries"].items():
        res[f"query {name} s"] = seconds
        res[f"query {name} rows"] = rows
    for label, cmd in (("viz alliance", kg("viz", "--out", str(out), "-o", str(work / f"view-{n}.html"))),
                       ("analyze", kg("analyze", "--out", str(out), "--format", "json")),
                       ("report", kg("report", "--out", str(out), "-o", str(work / f"report-{n}" / "report.html")))):
        seconds, peak, *_ = measure(cmd)
        res[f"{label} s"] = seconds
        res[f"{label} peak RSS MB"] = peak / 2**20
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kg-scale"))
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--reuse", action="store_true", help="keep a store built before; measure queries and views")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for n in sizes:
        results[n] = run_size(n, args.workdir, args.jobs, args.reuse)
        print(f"{n} articles done", file=sys.stderr, flush=True)
    keys = list(results[sizes[0]])
    print(f"{'measure':44s}" + "".join(f"{n:>12d}" for n in sizes) + ("      growth" if len(sizes) > 1 else ""))
    for k in keys:
        vals = [results[n].get(k) for n in sizes]
        cells = "".join(f"{v:12.3f}" if isinstance(v, float) else f"{v!s:>12s}" for v in vals)
        growth = ""
        if len(sizes) > 1 and all(isinstance(v, (int, float)) and v for v in vals):
            growth = f"{vals[-1] / vals[0]:11.1f}x"  # type: ignore[operator]
        mark = " (selective)" if any(k == f"query {q} s" for q in SELECTIVE) else ""
        print(f"{k + mark:44s}{cells}{growth}")
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
