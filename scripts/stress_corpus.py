#!/usr/bin/env python3
"""Write a stress corpus: sentences of unusual but well-formed structure in it/en/fr/es/de.

The sentences that break a rule engine are not noise but grammar it meets rarely: six subjects joined by
"and", a verb at the end of its clause, a passive with its agent, a relative clause inside a list, a quote
in parentheses. This generator composes them from the project's own data, so every gazetteer name and
lexicon word gets exercised: actors from data/gazetteer/ (countries, organizations, people, titles,
demonyms), function words from data/lexicons/markers.tsv (prepositions, "and", auxiliaries, relative
pronouns, negation, modal and reporting words), and every trigger and object of data/lexicons/
(a stem completed with a few endings). The syntactic shapes are language-independent templates in
SHAPES below; the few words no data file holds (a purpose conjunction, quote marks) are in EXTRA.

It is a corpus for robustness checks (scripts/stress.py, tests/test_stress.py), not for evaluation:
many sentences are ungrammatical in detail. The output is deterministic for a given --seed.

    python scripts/stress_corpus.py 100000 --jsonl /tmp/stress.jsonl      # 100,000 sentences
"""
from __future__ import annotations

import argparse
import functools
import gzip
import importlib.util
import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("it", "en", "fr", "es", "de")
PER_DOC = 8  # sentences per generated document, so that rules reading across sentences are exercised too

# what no data file holds: a purpose conjunction, endings that complete a trigger stem into a word, quotes
EXTRA: dict[str, dict[str, list[str]]] = {
    "it": {"purpose": ["per", "al fine di"], "ending": ["", "ato", "a", "ano", "are", "erà", "i"],
           "quotes": ["«»", '""'], "year": ["nel 2024", "a marzo", "lunedì"]},
    "en": {"purpose": ["to", "in order to"], "ending": ["", "ed", "s", "ing", "e"],
           "quotes": ['""', "“”"], "year": ["in 2024", "in March", "on Monday"]},
    "fr": {"purpose": ["pour", "afin de"], "ending": ["", "é", "e", "ent", "er", "era"],
           "quotes": ["«»", '""'], "year": ["en 2024", "en mars", "lundi"]},
    "es": {"purpose": ["para", "con el fin de"], "ending": ["", "ó", "a", "an", "ar", "ado"],
           "quotes": ["«»", '""'], "year": ["en 2024", "en marzo", "el lunes"]},
    "de": {"purpose": ["um", "damit"], "ending": ["", "t", "te", "en", "ten", "ung"],
           "quotes": ["„“", '""'], "year": ["im Jahr 2024", "im März", "am Montag"]},
}
ODD = ["\u200b", "\u00a0", "\u200f", "—", "…", ";;", " ,", "«", "»", "(", ")", "[", "]", "/", "&", "·", "\t",
       "Москва", "北京", "طهران", "서울", "🇷🇺", "🤝", "№ 5", "3/4", "1.000.000", "12,5", "-", "–", "\n"]


@functools.lru_cache(maxsize=1)
def _generate_corpus():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "scripts" / "generate_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a data file, read as scripts/generate_corpus.py reads them."""
    return _generate_corpus()._rows(path)  # type: ignore[no-any-return]


def _word(entry: str) -> str:
    return entry.rstrip("$").strip()


def load_words(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """Per language and kind, the words the generator draws from, all read from the data files."""
    gaz, lex = root / "data" / "gazetteer", root / "data" / "lexicons"
    words: dict[str, dict[str, list[str]]] = {lang: defaultdict(list) for lang in LANGS}

    def add(lang: str, kind: str, word: str) -> None:
        for target in (LANGS if lang == "*" else (lang,) if lang in words else ()):
            if word:
                words[target][kind].append(word)

    for r in _rows(gaz / "countries.tsv"):
        add(r["lang"], "actor", r["name"])
    for r in _rows(gaz / "organizations.tsv"):
        add(r["lang"], "actor", r["name"])
    for r in _rows(gaz / "capitals.tsv"):
        add(r.get("lang", "*"), "actor", r.get("name", ""))
    for r in _rows(gaz / "locations.tsv"):
        add(r["lang"], "place", r["name"])
    for r in _rows(gaz / "titles.tsv"):
        add(r["lang"], "title", r["title"])
    for r in _rows(gaz / "demonyms.tsv"):
        for form in r["forms"].split(","):
            add(r["lang"], "demonym", form.strip())
    for r in _rows(gaz / "people.tsv"):
        names = [r["name"]] + [a.strip() for a in (r.get("aliases") or "").split(",")]
        for name in names:
            add("*", "person", name)
    for r in _rows(lex / "markers.tsv"):
        add(r["lang"], r["kind"], r["word"])
    for r in _rows(lex / "triggers.tsv"):
        add(r["lang"], "verb" if r["pos"] == "v" else "noun", r["trigger"])
    for r in _rows(lex / "objects.tsv"):
        add(r.get("lang", "*"), "object", r.get("word", ""))
    for r in _rows(lex / "numbers.tsv"):
        add(r.get("lang", "*"), "number", r.get("word", ""))
    for lang in LANGS:
        for kind in words[lang]:
            words[lang][kind] = sorted(set(words[lang][kind]))
    return words


class Composer:
    """Builds the pieces of a sentence in one language from its word lists."""

    def __init__(self, lang: str, words: dict[str, list[str]], rng: random.Random) -> None:
        self.lang, self.w, self.rng, self.x = lang, words, rng, EXTRA[lang]

    def pick(self, kind: str, default: str = "") -> str:
        options = self.w.get(kind) or self.x.get(kind) or [default]
        return self.rng.choice(options)

    def lexical(self, kind: str) -> str:
        """A trigger or object: its stem completed with an ending ("invi" + "ato"), or the whole word."""
        entry = self.pick(kind, "x")
        return _word(entry) if entry.endswith("$") or " " in entry else entry + self.rng.choice(self.x["ending"])

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return f"{self.rng.choice([2, 11, 600, 6000, 11000, 12_000_000]):,}".replace(",", self.rng.choice([",", ".", " "]))
        if r < 0.6:
            return self.pick("number", "12")
        return str(self.rng.randint(1, 99_999))

    def actor(self) -> str:
        """One actor as news writes it: a name, a person with a title, a title alone, an apposition."""
        r = self.rng.random()
        if r < 0.45:
            return self.pick("actor", "Russia")
        if r < 0.6:
            return self.pick("person", "Kim Jong Un")
        if r < 0.7:
            return f"{self.pick('article')} {self.pick('title')} {self.pick('demonym')}"  # a title, no name
        if r < 0.8:
            return f"{self.pick('article')} {self.pick('demonym')} {self.pick('title')}, {self.pick('person')},"
        if r < 0.9:
            return f"{self.pick('actor')} ({self.pick('actor')})"
        return f"{self.pick('title')} {self.pick('person')}"

    def actors(self, low: int = 1, high: int = 6) -> str:
        """A list of `low` to `high` actors joined by commas and the language's "and"."""
        items = [self.actor() for _ in range(self.rng.randint(low, high))]
        if len(items) == 1:
            return items[0]
        joiner = self.rng.choice([w for w in self.w.get("and", []) if w != ","] or ["and"])
        return ", ".join(items[:-1]) + f" {joiner} " + items[-1]

    def recipient(self) -> str:
        return f"{self.pick('target')} {self.actors(1, 4)}"

    def thing(self) -> str:
        return f"{self.number()} {self.lexical('object')}" if self.rng.random() < 0.7 else self.lexical("object")

    def clause(self) -> str:
        """One clause in one of the shapes; shapes may nest a clause inside."""
        return self.rng.choice(SHAPES)(self)


Shape = Callable[[Composer], str]


def _active(c: Composer) -> str:  # "A, B and C sent 6,000 troops to D and E"
    return f"{c.actors()} {c.pick('aux')} {c.lexical('verb')} {c.thing()} {c.recipient()}"


def _verb_final(c: Composer) -> str:  # "Die USA und Großbritannien haben ... Stellungen der Huthi angegriffen"
    return (f"{c.actors(2, 6)} {c.pick('aux')} {c.pick('year')} {c.pick('with')} {c.actors(1, 3)} "
            f"{c.pick('article')} {c.lexical('noun')} {c.pick('source')} {c.actor()} {c.lexical('verb')}")


def _separable(c: Composer) -> str:  # "Scholz sicherte der Ukraine Unterstützung zu"
    return f"{c.actor()} {c.lexical('verb')} {c.actors(1, 3)} {c.lexical('noun')} {c.rng.choice(['zu', 'an', 'ab', 'vor', 'aus'])}"


def _passive(c: Composer) -> str:  # "6,000 shells were supplied to D by A and B"
    return f"{c.thing()} {c.pick('passive_aux')} {c.lexical('verb')} {c.recipient()} {c.pick('source')} {c.actors()}"


def _relative(c: Composer) -> str:  # "A, which had signed a pact with B, sent troops to C"
    return f"{c.actors(1, 3)}, {c.pick('clause')} {c.lexical('verb')} {c.actors(1, 3)}, {_active(c)}"


def _purpose(c: Composer) -> str:  # "A sent soldiers to the front of B to help C"
    return f"{_active(c)} {c.pick('purpose')} {c.lexical('verb')} {c.actors(1, 3)}"


def _coordinated(c: Composer) -> str:  # two clauses, with "and" or a contrast
    joiner = c.rng.choice([c.pick("and", "and"), f", {c.pick('contrast', 'but')}", ";"])
    return f"{c.clause()} {joiner} {c.clause()}"


def _nominal(c: Composer) -> str:  # "the support of A to B against C between D and E"
    return (f"{c.pick('article')} {c.lexical('noun')} {c.pick('source')} {c.actors(1, 3)} {c.recipient()} "
            f"{c.pick('against')} {c.actor()} {c.pick('between')} {c.actors(2, 2)}")


def _quoted(c: Composer) -> str:  # "“A will send troops to B,” the minister said"
    o, e = c.rng.choice(c.x["quotes"])
    return f"{o}{c.clause()}{e}, {c.pick('reporting')} {c.actor()}"


def _parenthesis(c: Composer) -> str:  # "A (which B accused of ...) met C"
    return f"{c.actor()} ({c.clause()}) {c.lexical('verb')} {c.recipient()}"


def _modal(c: Composer) -> str:  # negation, hypotheticals, denials, appeals, reported speech
    cue = c.pick(c.rng.choice(["negation", "hypothetical", "denial", "appeal", "reported", "aux"]))
    return f"{c.actors(1, 3)} {cue} {c.lexical('verb')} {c.thing()} {c.recipient()}"


def _long(c: Composer) -> str:  # very long: many actors, numbers, places and clauses
    parts = [c.clause() for _ in range(c.rng.randint(3, 6))]
    places = ", ".join(f"{c.pick('locative')} {c.pick('place', 'Kursk')}" for _ in range(3))
    return ", ".join(parts) + f" {places} {c.pick('year')} {c.number()}"


def _fragment(c: Composer) -> str:  # a heading, a caption, a dangling preposition
    return c.rng.choice([c.actor(), f"{c.lexical('noun')}: {c.actors()}", f"{c.actors()} {c.pick('target')}",
                         f"{c.pick('source')} {c.lexical('verb')}", c.lexical("verb")])


def _odd(c: Composer) -> str:  # mixed scripts and odd punctuation inside an ordinary clause
    words = c.clause().split(" ")
    for _ in range(c.rng.randint(1, 4)):
        words.insert(c.rng.randint(0, len(words)), c.rng.choice(ODD))
    return " ".join(words)


SHAPES: list[Shape] = [_active, _verb_final, _separable, _passive, _relative, _purpose, _coordinated, _nominal,
                       _quoted, _parenthesis, _modal, _long, _fragment, _odd]


def sentence(c: Composer) -> str:
    text = c.clause()
    ending = c.rng.choice([".", ".", ".", "!", "?", "...", "", ";", ".”", ")."])
    return text[:1].upper() + text[1:] + ending


def documents(n: int, seed: int = 13, root: Path = ROOT) -> Iterator[dict[str, str]]:
    """`n` sentences in the five languages in turn, as JSONL records of PER_DOC sentences each."""
    rng = random.Random(seed)
    words = load_words(root)
    composers = {lang: Composer(lang, words[lang], rng) for lang in LANGS}
    buffers: dict[str, list[str]] = {lang: [] for lang in LANGS}
    count = 0
    for i in range(n):
        lang = LANGS[i % len(LANGS)]
        buffers[lang].append(sentence(composers[lang]))
        if len(buffers[lang]) == PER_DOC or i >= n - len(LANGS):
            sep = rng.choice([" ", " ", "\n", "\n\n"])
            yield {"doc": f"stress-{lang}-{count:06d}", "lang": lang,
                   "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   "text": sep.join(buffers[lang])}
            buffers[lang] = []
            count += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of sentences")
    ap.add_argument("--jsonl", type=Path, required=True, help="JSONL file to write (.gz to compress)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    opener = gzip.open if args.jsonl.name.endswith(".gz") else open
    with opener(args.jsonl, "wt", encoding="utf-8") as f:  # type: ignore[operator]
        for record in documents(args.n, args.seed):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} sentences to {args.jsonl}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
