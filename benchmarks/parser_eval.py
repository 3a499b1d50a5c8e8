"""The parser's targets: UAS/LAS per language on the held-out UD test files, words/s, model size.

    .venv/bin/python benchmarks/parser_eval.py [--ud ../shared/data/ud] [--model DIR] [--limit N]

Scores the shipped model (kg/models/parser/, or --model) as training/parser/evaluate.py does: on the
held-out file of each language (it VIT test, de GSD test, es/fr/en PUD test), over the tokens of the
project's own tokenizer. Two speeds: the parse alone (tok2vec + parser on sentence Docs) and
`kg.extract.parser.parse` on the project's pipeline Docs (copy out each sentence, parse, write back).
Targets: LAS >= 0.80 for it, fr, en and >= 0.75 for de, es; model files < 30 MB.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "training" / "parser"))

import evaluate  # noqa: E402

from kg.extract import nlp as kg_nlp  # noqa: E402
from kg.extract import parser as kg_parser  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ud", type=Path, default=HERE.parent.parent / "shared" / "data" / "ud")
    ap.add_argument("--model", type=Path, help="a model folder instead of the shipped one")
    ap.add_argument("--limit", type=int, help="at most N sentences of each held-out file")
    args = ap.parse_args()
    if not (args.ud / "manifest.tsv").exists():
        sys.exit(f"{args.ud / 'manifest.tsv'} not found; pass --ud")
    gold = evaluate.held_out(args.ud, limit=args.limit)
    results, sizes = {}, {}
    for lang, docs in gold.items():
        nlp = kg_parser.load_parser(lang, args.model)
        assert nlp is not None
        results[lang] = evaluate.score(nlp, docs)
        results[lang]["wps_doc"] = _speed_on_project_docs(lang, docs, nlp)
        folder = args.model or kg_parser.model_path(lang)
        sizes[folder] = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
    print(evaluate.table(results))
    print("words/s (CPU time) of kg.extract.parser.parse on the project's Docs (tokenizer and gazetteer not counted): "
          + ", ".join(f"{lang} {r['wps_doc']:.0f}" for lang, r in results.items()))
    total = sum(sizes.values())
    print(f"model files: {total / 1e6:.1f} MB ({', '.join(str(f) for f in sizes)}); target < 30 MB")
    return 0


def _speed_on_project_docs(lang: str, gold: list, nlp) -> float:
    """words/s (CPU time) of parse() on the held-out text run through the project's pipeline, ~50 sentences
    a Doc, every sentence parsed."""
    pipeline = kg_nlp.pipeline(lang)
    texts = [" ".join(d.text for d in gold[i:i + 50]) for i in range(0, len(gold), 50)]
    docs = [pipeline(t) for t in texts]
    start = time.process_time()
    for doc in docs:
        kg_parser.parse(doc, parser=nlp)
    return sum(len(d) for d in docs) / (time.process_time() - start)


if __name__ == "__main__":
    sys.exit(main())
