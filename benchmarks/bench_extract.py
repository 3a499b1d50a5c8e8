"""Extraction speed: words/s of the extractor next to spaCy's blank tokenizer alone, on the same text, in one run.

    .venv/bin/python benchmarks/bench_extract.py [--words 1000000] [--source FILE.jsonl]

The text is real news: the articles of ../shared/eval/dev.jsonl (or --source), repeated until there are
--words words, and extracted document by document as `kg extract` does, side by side with the
tokenizer (ten slices, each read by both in turn). Target: ratio >= 0.4.

The tokenizer alone is spaCy's, as `spacy.blank` makes it. The extractor's own tokenizer gives the same
tokens but keeps every word in its cache (kg/extract/nlp.py, `cache_every_word`); the last lines say how
much of the extractor's time it takes. The text repeats, so both caches are warm here: on text that does
not repeat, both tokenizers are slower (words/s of each in one cold pass: `--source` a corpus of your own).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import spacy

from kg.extract import Extractor
from kg.model import Document

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "eval" / "dev.jsonl"
ROUNDS = 10


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--source", type=Path, default=DEFAULT)
    # the pool needs this module importable by its workers: run as a script under __main__
    args = ap.parse_args()
    base = [json.loads(line) for line in args.source.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs, words = [], 0
    while words < args.words:
        for d in base:
            docs.append(Document(f"{d['doc']}#{len(docs)}", d["text"], d.get("lang"), d.get("published")))
            words += len(d["text"].split())
    extractor = Extractor()
    for d in base:  # build every language's pipeline before timing
        extractor.extract(Document("warm", d["text"], d.get("lang")))
    blanks = {lang: spacy.blank(lang) for lang in {d.lang or "en" for d in docs}}

    # side by side: the text in ROUNDS slices, each read by the tokenizer and then by the extractor, so a
    # change in the machine's load (it is shared) falls on both, not on whichever ran at the time
    t_tok = c_tok = t_ext = c_ext = 0.0
    tokens = relations = 0
    for k in range(ROUNDS):
        part = docs[k * len(docs) // ROUNDS:(k + 1) * len(docs) // ROUNDS]
        t0, c0 = time.perf_counter(), time.process_time()
        for d in part:
            tokens += len(blanks[d.lang or "en"].make_doc(d.text))
        t_tok, c_tok = t_tok + time.perf_counter() - t0, c_tok + time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        for d in part:
            relations += len(extractor.extract(d).relations)
        t_ext, c_ext = t_ext + time.perf_counter() - t0, c_ext + time.process_time() - c0

    from kg.extract.nlp import pipeline

    own = {lang: pipeline(lang, extractor.model).tokenizer for lang in blanks}  # the extractor's, built
    t0 = time.perf_counter()
    for d in docs:
        own[d.lang or "en"](d.text)
    t_own = time.perf_counter() - t0

    from kg.parallel import batched, default_jobs, extract_batch, run

    jobs = default_jobs()
    t0 = time.perf_counter()
    # as `kg extract` runs: workers forked from this process once it has extracted its first batches
    parallel = sum(len(ex.relations) for ex in run(extract_batch, batched(docs), jobs=jobs,  # type: ignore[union-attr]
                                                   extractor=extractor, share=True))
    t_par = time.perf_counter() - t0
    assert parallel == relations, "the process pool must give the same relations"

    from kg import native

    print(f"extractor            {'compiled (mypyc)' if native.active() else 'pure Python'}"
          f"{'' if native.active() or native.is_current() else '  (scripts/native.py build compiles it)'}")
    print(f"documents            {len(docs)}")
    print(f"words                {words}")
    print(f"tokenizer alone      {words / t_tok:12,.0f} words/s  ({t_tok:.1f} s, {tokens} tokens)")
    print(f"kg extract           {words / t_ext:12,.0f} words/s  ({t_ext:.1f} s, {relations} relations)")
    print(f"ratio, one process   {t_tok / t_ext:12.2f}  (target >= 0.4)")
    # both loops run in this one thread: on a machine others share, their CPU seconds are the same
    # work without the time spent waiting for a core, which a changing load puts in one loop, not the other
    print(f"ratio, CPU seconds   {c_tok / c_ext:12.2f}  (tokenizer {c_tok:.1f} s, kg extract {c_ext:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f})")
    print(f"of which tokenizing  {words / t_own:12,.0f} words/s  ({t_own:.1f} s, {100 * t_own / t_ext:.0f}% of kg extract: "
          "spaCy's tokenizer, every word cached)")
    print(f"kg extract --jobs {jobs}  {words / t_par:12,.0f} words/s  ({t_par:.1f} s, as `kg extract` runs by default)")
    print(f"ratio, all cores     {t_tok / t_par:12.2f}")


if __name__ == "__main__":
    main()
