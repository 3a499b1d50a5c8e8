"""Train the dependency parser of kg from the UD treebanks in ../shared/data/ud, and score it.

    python training/parser/train.py --out /tmp/multi --max-steps 1600 --eval-frequency 200   # as shipped
    python training/parser/train.py --out /tmp/de --langs de --max-steps 270 --eval-frequency 30  # German, as shipped
    python training/parser/train.py --out /tmp/multi --no-nc     # without the non-commercial treebanks
    python training/parser/train.py --out /tmp/p --sample 100 --max-steps 20   # a smoke run
    python training/parser/train.py --out /tmp/multi2 --init-from kg/models/parser/multi \
        --corpus /tmp/multi/corpus --max-steps 3200 --warmup 100 --eval-frequency 100   # continue it
    (--install puts the model trained in place of the shipped one: kg/models/parser/multi, or /de)

What it decides: one multilingual model over all languages' training files, or one language's alone
(`--langs de`: German ships its own, see the README for the measurements). The held-out test files of
the manifest are never read for training; a development split of every 20th sentence of each
language's pool (at most 150) picks the best checkpoint. The best checkpoint is scored on the held-out
files and copied, made small (see shrink), to OUT/model.

--init-from MODEL resumes training instead of restarting it: the tok2vec and parser components are
sourced from MODEL (spaCy's `[components.X] source = MODEL`), so their weights, widths and the parser's
moves (its labels) are MODEL's; --width/--depth/--rows/--window/--hidden are then ignored, and the
optimizer starts afresh (Adam moments, parameter averages). Use the corpus MODEL was trained on
(--corpus) or one built with the same languages: the development split must stay out of training, and
a label MODEL lacks cannot be learned. --warmup N makes the rate rise from 0 over N steps and then
fall linearly to 0 at --max-steps: continued training ends on small steps, which is when the best
checkpoints come. The scores of the first evaluation (step 0) are not MODEL's: the fresh optimizer's
parameter averages start from zero (German: dev LAS 0.677 at step 0 for a model that scores 0.695), and
reach the model's level within a few dozen steps.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent.parent))  # the kg package of this checkout

import spacy  # noqa: E402
from spacy.cli.train import train as spacy_train  # noqa: E402

import convert  # noqa: E402
from kg.extract.parser import labels as parser_labels  # noqa: E402
import evaluate  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_UD = HERE.parent.parent.parent / "shared" / "data" / "ud"
DEV_EVERY = 20
DEV_MAX = 150  # development sentences a language: enough to pick a checkpoint, cheap to score
SHIPPED = HERE.parent.parent / "kg" / "models" / "parser"  # multi/, or <lang>/ for a one-language model


def build_corpus(ud: Path, out: Path, langs: tuple[str, ...], no_nc: bool, sample: int | None) -> dict[str, dict[str, int]]:
    """Write out/train.spacy and out/dev.spacy; return their counts."""
    pools: dict[str, list[tuple[Path, str]]] = {}
    for e in convert.manifest(ud):
        if e.lang in langs and not e.held_out and not (no_nc and e.non_commercial):
            pools.setdefault(e.lang, []).append((e.path, e.lang))
    out.mkdir(parents=True, exist_ok=True)
    train, dev = spacy.tokens.DocBin(), spacy.tokens.DocBin()
    counts: dict[str, dict[str, int]] = {}
    for lang, paths in pools.items():
        # a smoke run reads only the first sentences: N to train on, N/4 to pick the checkpoint
        limit = None if sample is None else sample + max(sample // 4, 5)
        n_train = n_dev = tokens = 0
        for n, doc in enumerate(convert.docs(paths, limit)):
            if (n % DEV_EVERY == 0 and n_dev < DEV_MAX) if sample is None else (n >= sample):
                dev.add(doc)
                n_dev += 1
            else:
                train.add(doc)
                n_train += 1
                tokens += len(doc)
        counts[lang] = {"train": n_train, "train_tokens": tokens, "dev": n_dev}
    train.to_disk(out / "train.spacy")
    dev.to_disk(out / "dev.spacy")
    return counts


def sourced_config(base: Path, overrides: dict, model: Path, dst: Path) -> Path:
    """Write dst: the config `base` with `overrides` applied, its components sourced from `model`."""
    if not (model / "config.cfg").exists():
        raise SystemExit(f"--init-from {model}: no spaCy pipeline there (config.cfg missing)")
    source = spacy.load(model)
    missing = [name for name in ("tok2vec", "parser") if name not in source.pipe_names]
    if missing:
        raise SystemExit(f"--init-from {model}: no {', '.join(missing)} component")
    config = spacy.util.load_config(base, overrides=overrides, interpolate=True)
    for name in ("tok2vec", "parser"):
        config["components"][name] = {"source": str(model.resolve())}
    dst.parent.mkdir(parents=True, exist_ok=True)
    config.to_disk(dst)
    return dst


def shrink(src: Path, dst: Path) -> None:
    """Copy the trained pipeline keeping what parsing needs: the vocab's strings are cut to the labels
    (the model reads hashes of words, never their strings), and there are no vectors."""
    nlp = spacy.load(src)
    small = spacy.blank(nlp.lang)
    for name in nlp.pipe_names:
        small.add_pipe(name, source=nlp)
    small.vocab.strings._reset_and_load(parser_labels(nlp))
    if dst.exists():
        shutil.rmtree(dst)
    small.meta.update({"name": "kg_parser", "version": "0.1.0", "description": nlp.meta.get("description", "")})
    small.to_disk(dst)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ud", type=Path, default=DEFAULT_UD, help="the UD folder (manifest.tsv, one folder a language)")
    ap.add_argument("--out", type=Path, required=True, help="work folder; the model goes to OUT/model")
    ap.add_argument("--langs", default=",".join(convert.LANGS), help="languages to train on (comma-separated)")
    ap.add_argument("--no-nc", action="store_true", help="leave out the non-commercial treebanks (it ISDT, VIT, ParTUT)")
    ap.add_argument("--sample", type=int, help="at most N training sentences a language (and N held-out ones): a smoke run")
    ap.add_argument("--max-steps", type=int, default=20000)
    ap.add_argument("--max-epochs", type=int, default=0)
    ap.add_argument("--eval-frequency", type=int, default=1000)
    ap.add_argument("--patience", type=int, default=3000)
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--rows", type=int, default=20000, help="hash-embedding rows of LOWER")
    ap.add_argument("--window", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1000, help="words a batch (grows to twice that)")
    ap.add_argument("--hidden", type=int, default=64, help="the parser's hidden width")
    ap.add_argument("--learn-rate", type=float, default=0.001)
    ap.add_argument("--warmup", type=int, default=0,
                    help="N: the rate rises from 0 over N steps, then falls linearly to 0 at --max-steps (0: constant)")
    ap.add_argument("--config", type=Path, default=HERE / "config.cfg")
    ap.add_argument("--init-from", type=Path, metavar="MODEL",
                    help="continue training MODEL (e.g. kg/models/parser/multi): source its tok2vec and parser")
    ap.add_argument("--corpus", type=Path, help="reuse the train.spacy/dev.spacy of an earlier run's OUT/corpus")
    ap.add_argument("--install", action="store_true",
                    help="copy OUT/model to kg/models/parser/multi (or /LANG with one language): the shipped model")
    ap.add_argument("--skip-train", action="store_true", help="only score OUT/model")
    args = ap.parse_args(argv)
    langs = tuple(args.langs.split(","))
    if not (args.ud / "manifest.tsv").exists():
        ap.error(f"{args.ud / 'manifest.tsv'} not found; pass --ud")
    corpus = args.corpus or args.out / "corpus"
    model = args.out / "model"
    if not args.skip_train:
        if args.corpus is None:
            t0 = time.time()
            counts = build_corpus(args.ud, corpus, langs, args.no_nc, args.sample)
            print(json.dumps(counts), flush=True)
            print(f"corpus built in {time.time() - t0:.0f} s", flush=True)
        overrides = {
            "paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy"),
            "variables.width": args.width, "variables.depth": args.depth, "variables.rows": args.rows,
            "variables.window": args.window, "components.parser.model.hidden_width": args.hidden,
            "training.max_steps": args.max_steps, "training.max_epochs": args.max_epochs,
            "training.eval_frequency": args.eval_frequency,
            "training.batcher.size.start": args.batch, "training.batcher.size.stop": 2 * args.batch, "training.patience": args.patience,
        }
        if args.warmup:
            overrides["training.optimizer.learn_rate"] = {"@schedules": "warmup_linear.v1", "initial_rate": args.learn_rate,
                                                          "warmup_steps": args.warmup, "total_steps": args.max_steps}
        else:
            overrides["training.optimizer.learn_rate"] = args.learn_rate
        if args.sample is not None:
            overrides["components.parser.min_action_freq"] = 1
        config = args.config
        if args.init_from is not None:
            config = sourced_config(args.config, overrides, args.init_from, args.out / "config.cfg")
            overrides = {}
        t0 = time.time()
        spacy_train(config, args.out / "training", overrides=overrides, use_gpu=-1)
        train_seconds = time.time() - t0
        shrink(args.out / "training" / "model-best", model)
        (args.out / "train_seconds.txt").write_text(f"{train_seconds:.0f}\n")
        print(f"trained in {train_seconds:.0f} s", flush=True)
    if not model.exists():  # a run stopped early: its best checkpoint so far
        shrink(args.out / "training" / "model-best", model)
    nlp = spacy.load(model)
    results = evaluate.evaluate(nlp, evaluate.held_out(args.ud, langs, args.sample))
    print(evaluate.table(results))
    size = sum(f.stat().st_size for f in model.rglob("*") if f.is_file())
    print(f"model {model}: {size / 1e6:.1f} MB")
    if args.install:
        target = SHIPPED / (langs[0] if len(langs) == 1 else "multi")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(model, target)
        print(f"installed as {target}")
    (args.out / "results.json").write_text(json.dumps({"results": results, "size": size, "args": vars(args)},
                                                      default=str, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
