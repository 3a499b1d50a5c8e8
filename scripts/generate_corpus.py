#!/usr/bin/env python3
"""Write N synthetic news articles in it/en/fr/es/de, for benchmarks only (not for evaluation).

Actors, places, months and number words come from data/gazetteer/*.tsv and data/lexicons/*.tsv,
read at run time, so the corpus follows whatever the gazetteer holds; the sentence frames below
are a handful per language. The output is deterministic for a given --seed.

    python scripts/generate_corpus.py 1000 --out /tmp/corpus            # folders of .txt files
    python scripts/generate_corpus.py 100000 --jsonl /tmp/corpus.jsonl.gz  # one JSONL (gzip) file
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("it", "en", "fr", "es", "de")

# {A} {B}: countries; {P}: a person of country A; {L}: a place; {N}: a number; {M}: a month name
FRAMES: dict[str, list[str]] = {
    "it": ["{P} ha promesso il sostegno incondizionato a {B} durante l'incontro a {L}.",
           "{A} ha inviato {N} soldati in {B}, secondo fonti di intelligence.",
           "{A} e {B} hanno firmato un accordo di partenariato strategico a {M}.",
           "{A} ha fornito {N} proiettili di artiglieria a {B}.",
           "Il ministro degli esteri di {A} ha accusato {B} di violare la tregua.",
           "{P} ha incontrato a {L} i rappresentanti di {B}."],
    "en": ["{P} pledged unconditional support to {B} during talks in {L}.",
           "{A} has sent {N} troops to {B}, intelligence officials said.",
           "{A} and {B} signed a strategic partnership agreement in {M}.",
           "{A} supplied {N} artillery shells to {B}.",
           "The foreign minister of {A} accused {B} of breaking the ceasefire.",
           "{P} met officials from {B} in {L}."],
    "fr": ["{P} a promis un soutien inconditionnel à {B} lors de sa visite à {L}.",
           "{A} a envoyé {N} soldats en {B}, selon le renseignement.",
           "{A} et {B} ont signé un accord de partenariat stratégique en {M}.",
           "{A} a livré {N} obus d'artillerie à {B}.",
           "Le ministre des affaires étrangères de {A} a accusé {B} de violer le cessez-le-feu.",
           "{P} a rencontré à {L} les représentants de {B}."],
    "es": ["{P} prometió apoyo incondicional a {B} durante su visita a {L}.",
           "{A} ha enviado {N} soldados a {B}, según la inteligencia.",
           "{A} y {B} firmaron un acuerdo de asociación estratégica en {M}.",
           "{A} suministró {N} proyectiles de artillería a {B}.",
           "El ministro de exteriores de {A} acusó a {B} de romper el alto el fuego.",
           "{P} se reunió en {L} con representantes de {B}."],
    "de": ["{P} sicherte {B} bei einem Treffen in {L} bedingungslose Unterstützung zu.",
           "{A} hat {N} Soldaten nach {B} geschickt, so Geheimdienstkreise.",
           "{A} und {B} unterzeichneten im {M} ein Abkommen über strategische Partnerschaft.",
           "{A} lieferte {N} Artilleriegranaten an {B}.",
           "Der Außenminister von {A} warf {B} vor, die Waffenruhe zu brechen.",
           "{P} traf in {L} Vertreter von {B}."],
}
FILLER = {
    "it": "Gli analisti seguono da vicino gli sviluppi della situazione nella regione.",
    "en": "Analysts are following developments in the region closely.",
    "fr": "Les analystes suivent de près l'évolution de la situation dans la région.",
    "es": "Los analistas siguen de cerca la evolución de la situación en la región.",
    "de": "Analysten verfolgen die Entwicklung in der Region genau.",
}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        return
    with open(path, encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def load_vocabulary(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """Per language: country names, people (name only), places and month names, from the data files."""
    gaz, lex = root / "data" / "gazetteer", root / "data" / "lexicons"
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in _rows(gaz / "countries.tsv"):
        names[(r["lang"], r["id"])].append(r["name"])
    vocab: dict[str, dict[str, list[str]]] = {lang: defaultdict(list) for lang in LANGS}  # type: ignore[misc]
    ids = sorted({i for _l, i in names})
    for lang in LANGS:
        for id_ in ids:
            forms = names.get((lang, id_)) or names.get(("*", id_)) or []
            forms = [f for f in forms if len(f) >= 4 and " " not in f.strip()] or forms
            if forms:
                vocab[lang]["country"].append(min(forms, key=lambda f: (len(f), f)))
        for r in _rows(gaz / "locations.tsv"):
            if r["lang"] in (lang, "*"):
                vocab[lang]["place"].append(r["name"])
        for r in _rows(lex / "calendar.tsv"):
            if r["lang"] == lang and r["kind"] == "month":
                vocab[lang]["month"].append(r["word"].capitalize() if lang == "de" else r["word"])
    people = [r["name"] for r in _rows(gaz / "people.tsv") if r.get("name")]
    for lang in LANGS:
        vocab[lang]["person"] = people
        for kind, fallback in (("country", ["Russia"]), ("place", ["Wonsan"]), ("month", ["2025"]),
                               ("person", ["Kim Jong Un"])):
            vocab[lang][kind] = sorted(set(vocab[lang][kind])) or fallback
    return vocab


def article(i: int, rng: random.Random, vocab: dict[str, dict[str, list[str]]]) -> dict[str, str]:
    """One synthetic article as a JSONL record of the extraction contract's input."""
    lang = LANGS[i % len(LANGS)]
    v = vocab[lang]
    sentences = []
    for _ in range(rng.randint(4, 9)):
        a, b = rng.sample(v["country"], 2)
        frame = rng.choice(FRAMES[lang])
        sentences.append(frame.format(A=a, B=b, P=rng.choice(v["person"]), L=rng.choice(v["place"]),
                                      N=f"{rng.choice([1, 2, 5, 6, 11, 12, 30]) * 1000:,}".replace(",", "."),
                                      M=rng.choice(v["month"])))
        if rng.random() < 0.5:
            sentences.append(FILLER[lang])
    paragraphs = [" ".join(sentences[k:k + 3]) for k in range(0, len(sentences), 3)]
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"doc": f"synthetic-{i:07d}", "lang": lang, "published": day,
            "title": sentences[0][:80], "text": "\n\n".join(paragraphs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="folder to write .txt files into (1000 per sub-folder)")
    group.add_argument("--jsonl", type=Path, help="JSONL file to write (.gz to compress)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    vocab = load_vocabulary()
    if args.jsonl:
        args.jsonl.parent.mkdir(parents=True, exist_ok=True)
        opener = gzip.open if args.jsonl.name.endswith(".gz") else open
        with opener(args.jsonl, "wt", encoding="utf-8") as f:  # type: ignore[operator]
            out: IO[str] = f
            for i in range(args.n):
                out.write(json.dumps(article(i, rng, vocab), ensure_ascii=False) + "\n")
    else:
        for i in range(args.n):
            a = article(i, rng, vocab)
            folder = args.out / f"{i // 1000:04d}"
            if i % 1000 == 0:
                folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{a['doc']}.txt").write_text(
                f"---\nid: {a['doc']}\nlang: {a['lang']}\npublished: {a['published']}\n---\n{a['text']}\n",
                encoding="utf-8")
    print(f"wrote {args.n} articles to {args.jsonl or args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
