"""Recall of (type, source, target) on the PLOVER gold-standard records (English CAMEO-manual sentences).

    .venv/bin/python benchmarks/plover_recall.py [--show-misses]

Reads ../shared/data/plover/PLOVER_GSR_CAMEO.json (CC BY-SA 4.0, not copied into this repository) and the
category mapping in benchmarks/plover_mapping.tsv. Persons are lifted to their state through the ROLE
relations of the same sentence, as the contract's scorer does.

Precision is measured on the records whose coding is complete: a record of a mapped event with both sides
coded by two different actors. Each of those sentences was written for the manual to show one event, so every
relation extracted from it (ROLE aside) that is not the coded event is counted false. `--show-misses` also
lists them, as EXTRA.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from kg.extract import Extractor
from kg.model import SYMMETRIC, Document, Relation

HERE = Path(__file__).resolve().parent
GSR = HERE.parent.parent / "shared" / "data" / "plover" / "PLOVER_GSR_CAMEO.json"
ALIASES = {"JAP": "JPN", "VTN": "VNM"}


def mapping() -> dict[str, set[str]]:
    with open(HERE / "plover_mapping.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["plover"]: set(r["contract_types"].split(",")) for r in rows}


def codes(actors: object) -> set[str]:
    out: set[str] = set()
    for a in actors or []:  # type: ignore[attr-defined]
        for b in (a if isinstance(a, list) else [a]):
            code = b.get("code") or ""
            out.add(ALIASES.get(code, code))
    return out


def matches(code: str, actor: str, org_ids: set[str]) -> bool:
    if code in ("IGO", "NGO", "IMG"):
        return actor in org_ids
    return actor == code


def is_coded(rel: Relation, types: set[str], lift: dict[str, str], src: set[str], tgt: set[str], both: bool,
             orgs: set[str]) -> bool:
    """Is `rel` the record's event: one of its contract types, between its coded actors (persons lifted to
    their state; either order where the type is symmetric or the record codes both sides SRC/TAR)?"""
    if rel.type not in types:
        return False
    s, t = lift.get(rel.source, rel.source), lift.get(rel.target, rel.target)
    pairs = [(s, t), (t, s)] if rel.type in SYMMETRIC or both else [(s, t)]
    if both:
        allc = src | tgt
        return any(any(matches(c, a, orgs) for c in allc) and any(matches(c, b, orgs) for c in allc) for a, b in pairs)
    return any(any(matches(c, a, orgs) for c in src) and any(matches(c, b, orgs) for c in tgt) for a, b in pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    if not GSR.exists():
        sys.exit(f"{GSR}: not found; the PLOVER records live in ../shared beside the checkout")
    table = mapping()
    # A relation joins two different actors: domestic events (one code on both sides) and records missing
    # a side have no (type, source, target) in the contract, whose scorer drops them too.
    records = [r for r in json.loads(GSR.read_text(encoding="utf-8")) if r.get("event") in table
               and codes(r.get("source")) and codes(r.get("target")) and codes(r.get("source")) != codes(r.get("target"))]
    extractor = Extractor()
    orgs = {i for i, t in extractor.gazetteer.types.items() if t == "Organization"}
    found, per_event = 0, Counter()
    right, extra = 0, 0
    totals = Counter(r["event"] for r in records)
    for r in records:
        ex = extractor.extract(Document(r["id"], r["text"], "en"))
        lift = {x.source: x.target for x in ex.relations if x.type == "ROLE"}
        src, tgt = codes(r.get("source")), codes(r.get("target"))
        both = "SRC/TAR" in r.get("textInfo", {}).get("markup", "")
        hits = [rel for rel in ex.relations if rel.type != "ROLE" and
                is_coded(rel, table[r["event"]], lift, src, tgt, both, orgs)]
        others = [rel for rel in ex.relations if rel.type != "ROLE" and rel not in hits]
        right, extra = right + len(hits), extra + len(others)
        if hits:
            found += 1
            per_event[r["event"]] += 1
        elif args.show_misses:
            print(f"MISS {r['event']:10} {sorted(src)}->{sorted(tgt)} | {r['text'][:150]}")
            for rel in ex.relations:
                print(f"      got {rel.type} {rel.source} {rel.target}")
        if others and args.show_misses:
            for rel in others:
                print(f"EXTRA {rel.type} {rel.source} {rel.target} (coded {r['event']} {sorted(src)}->{sorted(tgt)})"
                      f" | {r['text'][:150]}")
    print(f"{'event':12}{'found':>7}{'total':>7}{'recall':>8}")
    for ev in sorted(totals):
        print(f"{ev:12}{per_event[ev]:7}{totals[ev]:7}{per_event[ev] / totals[ev]:8.3f}")
    print(f"{'all':12}{found:7}{len(records):7}{found / len(records):8.3f}")
    judged = right + extra
    print(f"precision on these {len(records)} records: {right} of {judged} relations are the coded event "
          f"({right / judged if judged else 0.0:.3f})")


if __name__ == "__main__":
    main()
