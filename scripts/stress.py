#!/usr/bin/env python3
"""Extract a stress corpus (scripts/stress_corpus.py) and print sentences/s and every failure found.

A failure is: a rule that raised (for a sentence, or for the whole document), an entity or evidence
offset outside its text, or a relation whose source or target is not among the document's entities.
Failures are grouped by what raised where, with the first sentence that showed each, so a run over
100,000 sentences prints a handful of distinct bugs rather than thousands of lines.

    .venv/bin/python scripts/stress.py 100000               # generate and check 100,000 sentences
    .venv/bin/python scripts/stress.py --jsonl corpus.jsonl  # check a corpus written before

Exit status: 0 when nothing failed, 1 otherwise.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _corpus_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("stress_corpus", HERE / "stress_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Findings:
    """What a run found: counts, and the first example of each distinct failure."""

    documents: int = 0
    sentences: int = 0
    relations: int = 0
    seconds: float = 0.0
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, example: str) -> None:
        self.counts[kind] += 1
        self.examples.setdefault(kind, example)

    @property
    def failures(self) -> int:
        return sum(self.counts.values())


def problems(extraction) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(kind, example) for everything wrong with one extraction: failed sentences, offsets, endpoints."""
    text = extraction.document.text
    for start, end, why in extraction.failures:
        yield f"sentence raised {why}", text[start:end]
    ids = {e.id for e in extraction.entities}
    for e in extraction.entities:
        for start, end in e.mentions:
            if not 0 <= start < end <= len(text):
                yield f"entity span outside the text ({e.id})", f"{start}-{end} of {len(text)}"
    for r in extraction.relations:
        if r.evidence is not None and not 0 <= r.evidence[0] < r.evidence[1] <= len(text):
            yield f"evidence outside the text ({r.type})", f"{r.evidence} of {len(text)}"
        for end in (r.source, r.target):
            if end not in ids:
                where = text[r.evidence[0]:r.evidence[1]] if r.evidence else ""
                yield f"{r.type} endpoint not among the entities", f"{end}: {where}"


def check(records: Iterable[dict[str, str]]) -> Findings:
    """Extract every record in this process and collect what failed."""
    from kg.extract import Extractor
    from kg.model import Document

    extractor = Extractor()
    found = Findings()
    started = time.perf_counter()
    for r in records:
        doc = Document(r["doc"], r["text"], r["lang"], r.get("published"))
        found.documents += 1
        try:
            extraction = extractor.extract(doc)
        except Exception as e:  # noqa: BLE001 - counted and shown, the run goes on
            where = traceback.extract_tb(e.__traceback__)[-1]
            found.add(f"document raised {type(e).__name__} at {Path(where.filename).name}:{where.lineno}",
                      f"{doc.id}: {doc.text[:300]}")
            continue
        found.relations += len(extraction.relations)
        for kind, example in problems(extraction):
            found.add(kind, f"{doc.id}: {example[:300]}")
    found.seconds = time.perf_counter() - started
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=100_000, help="sentences to generate (default 100,000)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--jsonl", type=Path, help="check this corpus instead of generating one")
    args = ap.parse_args(argv)
    corpus = _corpus_module()
    if args.jsonl:
        with open(args.jsonl, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
    else:
        records = list(corpus.documents(args.n, args.seed))
    found = check(records)
    if args.jsonl:  # a corpus of unknown sentence count
        print(f"{found.documents} documents, {found.relations} relations, {found.seconds:.1f} s: "
              f"{found.documents / max(found.seconds, 1e-9):,.1f} documents/s")
    else:
        found.sentences = args.n  # the generator's count, not the splitter's
        print(f"{found.sentences} sentences in {found.documents} documents, {found.relations} relations, "
              f"{found.seconds:.1f} s: {found.sentences / max(found.seconds, 1e-9):,.0f} sentences/s")
    print(f"{found.failures} failures, {len(found.counts)} distinct")
    for kind, count in found.counts.most_common():
        print(f"  {count:6}  {kind}\n          e.g. {found.examples[kind]!r}")
    return 1 if found.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
