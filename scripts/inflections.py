"""Write data/lexicons/inflections.tsv: the inflected forms of the lexicons' words that their stems miss.

    pip install simplemma==2.0.0 && python scripts/inflections.py

The lexicons (triggers.tsv, objects.tsv) list word stems matched at the start of a word. Irregular stems
and other forms escape them: "sosterranno" (sostenere), "recevait" (recevoir), "destinaba" (destinar),
"patrulleros" (patrullero). simplemma's dictionaries (MIT licence, shipped in its wheel) map a form to its
lemma; this keeps every form whose lemma a trigger or object entry matches and the form itself does not,
so the extractor needs neither simplemma nor its dictionaries (loading them takes seconds a language) at
run time. Rerun it after editing triggers.tsv or objects.tsv; the rows it writes are sorted.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.lexicon import load  # noqa: E402

# English is left out: its stems already match its regular forms, and its irregular lemmas would turn
# function words into triggers ("according" is a form of "accord", "given" of "give")
LANGS = ("de", "es", "fr", "it")
MIN_LENGTH = 4  # shorter forms are function words or abbreviations more often than inflections
MIN_LEMMA = 5  # shorter lemmas are weapon designations and short stems ("Grad" is no "grade")
HEADER = """# Inflected forms the stems of triggers.tsv and objects.tsv miss, each with the lemma they are read as
# (written by scripts/inflections.py from simplemma's dictionaries; rows may be added or removed by hand).
lang\tform\tlemma
"""


def forms(lang: str) -> dict[str, str]:
    """simplemma's form -> lemma dictionary of `lang`."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    return {k.decode(): v.decode() for k, v in _load_dictionary_from_disk(lang).items()}


def rows(lang: str) -> list[tuple[str, str, str]]:
    lex = load(lang)
    lex.triggers.lemmas, lex.objects.lemmas = {}, {}  # the table being written is not read
    lex.triggers._cache.clear()
    lex.objects._cache.clear()
    out = []
    capitalised = lex.has("capitalised_nouns")
    for written, lemma in forms(lang).items():
        form, lemma = written.lower(), lemma.lower()
        if form == lemma or len(form) < MIN_LENGTH or len(lemma) < MIN_LEMMA or not form.isalpha():
            continue
        # where nouns have a capital, a form written without one is no noun: "abgekommen" is no "Abkommen"
        pos = ("n" if written[:1].isupper() else "v") if capitalised else None
        for index in (lex.triggers, lex.objects):
            if index.candidates(form):
                break  # matched as written (also as a compound's head)
            index.compounds = False  # the lemma must match an entry at its start: "empfänge" is "empfang",
            matched = [e for e in index.candidates(lemma) if len(e.words) == 1  # not every compound of it
                       and (pos is None or (e.pos if index is lex.triggers else "n") == pos)]
            index.compounds = lex.has("compound_nouns")
            index._cache.clear()
            if matched:
                out.append((lang, form, lemma))
                break
    return out


def main() -> int:
    found = sorted({r for lang in LANGS for r in rows(lang)})
    path = ROOT / "data" / "lexicons" / "inflections.tsv"
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in found), encoding="utf-8")
    print(f"{path}: {len(found)} forms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
