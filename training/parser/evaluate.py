"""UAS/LAS of a parser on the held-out UD test files, over the project's own tokens.

What it decides: the gold trees are the held-out files converted exactly as the training data
(convert.py: multi-word tokens collapsed as spaCy's tokenizer keeps them, the tree projected onto
spaCy's tokens), and the parser reads those tokens, so the scores are those of the parse the rules
will see. Tokens the projection left unannotated (under 1%) are not scored. Punctuation is scored
(as in the CoNLL 2018 shared task); LAS without punctuation is printed beside it. Labels are
compared as the model learns them (convert.label); `las_ud` compares universal labels only.
Words/s is the parse alone (tok2vec + parser) on one thread, tokenization not included, by the clock
and by CPU time (the same on an idle machine; on a shared one, CPU time is what the parse costs).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

import convert


def held_out(ud: Path, langs: tuple[str, ...] = convert.LANGS, limit: int | None = None) -> dict[str, list[Doc]]:
    """The converted held-out test file of each language."""
    out: dict[str, list[Doc]] = {}
    for e in convert.manifest(ud):
        if e.held_out and e.lang in langs:
            out[e.lang] = list(convert.docs([(e.path, e.lang)], limit))
    return out


def score(nlp: Language, gold: list[Doc]) -> dict[str, Any]:
    """Parse the words of `gold` with `nlp` and compare."""
    inputs = [Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d]) for d in gold]
    start, cpu = time.perf_counter(), time.process_time()
    parsed = list(nlp.pipe(inputs, batch_size=256))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = heads = labels = ud = n_np = labels_np = 0
    for g, p in zip(gold, parsed):
        for gt, pt in zip(g, p):
            if gt.dep == 0:
                continue
            n += 1
            if gt.head.i == pt.head.i:
                heads += 1
                labels += gt.dep_ == pt.dep_
                ud += gt.dep_.split(":")[0] == pt.dep_.split(":")[0]
            if gt.dep_ != "punct":
                n_np += 1
                labels_np += gt.head.i == pt.head.i and gt.dep_ == pt.dep_
    words = sum(len(d) for d in gold)
    return {"uas": heads / n, "las": labels / n, "las_ud": ud / n, "las_nopunct": labels_np / max(n_np, 1),
            "words": words, "wps": words / seconds, "wps_cpu": words / cpu}


def evaluate(nlp: Language, gold: dict[str, list[Doc]]) -> dict[str, dict[str, Any]]:
    return {lang: score(nlp, docs) for lang, docs in gold.items()}


TARGET = {"it": 0.80, "fr": 0.80, "en": 0.80, "de": 0.75, "es": 0.75}


def table(results: dict[str, dict[str, Any]]) -> str:
    """The results as a text table, with the LAS target of each language."""
    rows = ["lang   UAS    LAS   LAS(ud) LAS(-punct) target        words  words/s (clock, CPU)"]
    for lang, r in results.items():
        ok = "ok" if r["las"] >= TARGET[lang] else "below"
        rows.append(f"{lang:4} {r['uas']:.3f}  {r['las']:.3f}  {r['las_ud']:.3f}   {r['las_nopunct']:.3f}      "
                    f"{TARGET[lang]:.2f} {ok:5} {r['words']:6} {r['wps']:8.0f} {r['wps_cpu']:6.0f}")
    return "\n".join(rows)
