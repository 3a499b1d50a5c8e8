"""Time a large alliance view: Python layout, page size, and headless Chromium until drawn and interactive.

    .venv/bin/python benchmarks/bench_viz.py [--nodes 5000] [--edges 20000] [--out output/bench]

The graph is synthetic but shaped like the real one: actors in blocs (most relations stay inside a
bloc), relation types drawn from the contract's, one evidence sentence per edge. Chromium times are
the page's own: `drawn` is vis-network's first `afterDrawing`, `interactive` is when the main thread
is free again after it (a zero-delay timer fired), both from navigation start. Target: under 5 s.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import Browser, chromium  # noqa: E402

from kg.analytics import Actor, Event, to_networkx  # noqa: E402
from kg.viz import to_view  # noqa: E402

TYPES = ["SUPPORT", "MEET", "AGREEMENT", "MILITARY_DEPLOYMENT", "ARMS_TRANSFER", "AID", "CONFLICT", "PRAISE",
         "ACCUSE"]


def synthetic(nodes: int, edges: int, *, seed: int = 1) -> nx.MultiDiGraph:
    """An alliance graph of `nodes` actors in blocs of about 100 and exactly `edges` edges."""
    rng = random.Random(seed)
    actors = {f"A{i:05d}": Actor(f"A{i:05d}", f"Actor {i}", "Country" if i % 5 else "Organization")
              for i in range(nodes)}
    ids = list(actors)
    bloc = max(2, min(100, nodes))
    seen: set[tuple[str, str, str]] = set()
    events = []
    while len(seen) < edges:
        a = rng.randrange(nodes)
        b = (a // bloc * bloc + rng.randrange(bloc)) % nodes if rng.random() < 0.8 else rng.randrange(nodes)
        typ = rng.choice(TYPES)
        s, t = sorted((ids[a], ids[b])) if typ in ("MEET", "AGREEMENT", "CONFLICT") else (ids[a], ids[b])
        if s == t or (s, t, typ) in seen:
            continue
        seen.add((s, t, typ))
        events.append(Event(f"ev{len(seen)}", typ, s, t, round(rng.uniform(0.5, 1), 2), f"doc{len(seen) % 997}",
                            date=f"20{rng.randrange(14, 26)}-{rng.randrange(1, 13):02d}",
                            quantity=rng.choice([None, None, rng.randrange(10, 20000)]),
                            text=f"{actors[s].label} and {actors[t].label}: a sentence of evidence for {typ}.",
                            title=f"Article {len(seen) % 997}", url=f"https://news.example/{len(seen) % 997}"))
    return to_networkx(events, actors, kinds=None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    ap.add_argument("--out", type=Path, default=Path("output/bench"))
    ap.add_argument("--runs", type=int, default=3, help="page loads to time (fresh browser each)")
    args = ap.parse_args()

    G = synthetic(args.nodes, args.edges)
    t = time.perf_counter()
    view = to_view(G, title=f"Benchmark: {args.nodes} nodes, {args.edges} edges")
    layout_s = time.perf_counter() - t
    t = time.perf_counter()
    page = view.save(args.out / "bench.html")
    write_s = time.perf_counter() - t
    print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; physics {'on' if view.physics else 'off'}")
    print(f"python: layout + styling {layout_s:.2f} s, page written in {write_s:.2f} s "
          f"({page.stat().st_size / 1e6:.1f} MB)")
    if chromium() is None:
        print("chromium is not installed: browser timing skipped")
        return
    for run in range(args.runs):
        with Browser() as b:
            wall = b.open(page.resolve().as_uri(), timeout=120)
            drawn, ready = b.evaluate("[window.kgDrawn, window.kgInteractive]")
            counts = b.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
            if run == 0:
                b.screenshot(args.out / "bench.png")
            print(f"chromium run {run + 1}: drawn {drawn / 1000:.2f} s, interactive {ready / 1000:.2f} s "
                  f"after navigation (wall {wall:.2f} s); {counts[0]} nodes, {counts[1]} edges drawn; "
                  f"errors: {b.errors or 'none'}")


if __name__ == "__main__":
    main()
