"""CoNLL-U treebanks -> spaCy DocBins, on the tokens the project's tokenizer gives.

What it decides:

- A multi-word token (it "della" = di + la, fr "au" = à + le, de "zum" = zu + dem, es "dárselo")
  becomes what the project's tokenizer sees: spaCy's blank tokenizer of the language keeps "della",
  "au", "zum" and "dárselo" whole, so the MWT's syntactic words are collapsed into one token. Its head
  and label are those of its syntactic head word: the first of its words whose head lies outside the
  MWT ("della" -> the `case` of "di", "dárselo" -> the verb). Words whose forms spell the surface
  exactly (en "don't" = do + n't, "I'm") are kept apart, as spaCy's English tokenizer splits them.
- The sentence is then tokenized by `spacy.blank(lang)` (the tokenizer kg/extract/nlp.py uses) and the
  annotation is projected onto those tokens by character offsets: one to one is copied; a spaCy token
  covering several UD tokens takes the head and label of the one whose head lies outside the group; a
  UD token split by spaCy gives its head and label to its first alphanumeric piece, the other pieces
  are left unannotated (spaCy treats that as missing, in training and in scoring).
- Labels keep the subtypes the relation rules read (acl:relcl, nmod:poss, nsubj:pass, obl:agent,
  aux:pass, csubj:pass, compound:prt); every other subtype is cut to its universal label, so the
  treebanks' own subtypes (obl:arg, det:poss, flat:name...) do not split the label set across languages.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import spacy
from spacy.tokens import Doc, DocBin

KEEP = frozenset({"acl:relcl", "nmod:poss", "nsubj:pass", "obl:agent", "aux:pass", "csubj:pass", "compound:prt"})
LANGS = ("it", "en", "fr", "es", "de")


def label(deprel: str) -> str:
    """The label the model learns for a UD deprel."""
    return deprel if deprel in KEEP else deprel.split(":")[0]


@dataclass
class Entry:
    """One file of the manifest."""
    lang: str
    treebank: str
    path: Path
    license: str
    held_out: bool

    @property
    def non_commercial(self) -> bool:
        return "NC" in self.license


def manifest(ud: Path) -> list[Entry]:
    with open(ud / "manifest.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [Entry(r["lang"], r["treebank"], ud / r["lang"] / r["file"], r["license"], r["role"].startswith("eval"))
            for r in rows]


@dataclass
class Sentence:
    """UD surface tokens (MWTs collapsed as described above): text, trailing space, head index, label."""
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U file, with multi-word tokens resolved (see the module docstring)."""
    block: list[list[str]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if block:
                    yield _sentence(block)
                block = []
            elif not line.startswith("#"):
                block.append(line.split("\t"))
    if block:
        yield _sentence(block)


def _sentence(rows: list[list[str]]) -> Sentence:
    words = {r[0]: r for r in rows if r[0].isdigit()}
    # groups of word ids, one per surface token, with its form and whether a space follows
    groups: list[tuple[list[int], str, bool]] = []
    covered: set[int] = set()
    for r in rows:
        if "-" in r[0]:
            a, b = (int(x) for x in r[0].split("-"))
            ids = list(range(a, b + 1))
            covered.update(ids)
            space = "SpaceAfter=No" not in r[9]
            forms = [words[str(i)][1] for i in ids]
            if "".join(forms) == r[1]:  # en "don't" = do + n't: kept apart
                groups += [([i], f, space and k == len(ids) - 1) for k, (i, f) in enumerate(zip(ids, forms))]
            else:
                groups.append((ids, r[1], space))
        elif r[0].isdigit() and int(r[0]) not in covered:
            groups.append(([int(r[0])], r[1], "SpaceAfter=No" not in r[9]))
    token_of = {i: t for t, (ids, _, _) in enumerate(groups) for i in ids}
    s = Sentence()
    for t, (ids, form, space) in enumerate(groups):
        inside = set(ids)
        head_word = next((i for i in ids if int(words[str(i)][6]) not in inside), ids[0])
        head = int(words[str(head_word)][6])
        s.words.append(form)
        s.spaces.append(space)
        s.heads.append(t if head == 0 else token_of[head])
        s.deps.append("ROOT" if head == 0 else label(words[str(head_word)][7]))
    return s


@functools.lru_cache(maxsize=None)
def tokenizer(lang: str) -> spacy.language.Language:
    return spacy.blank(lang)


def _offsets(words: list[str], spaces: list[bool]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for w, sp in zip(words, spaces):
        out.append((pos, pos + len(w)))
        pos += len(w) + sp
    return out


def project(s: Sentence, lang: str) -> Doc | None:
    """The sentence as a Doc of spaCy's tokens with the UD tree projected onto them.

    None if it has no tokens, or if merging tokens made a cycle (rare: it is left out).
    """
    text = "".join(w + " " * sp for w, sp in zip(s.words, s.spaces)).strip()
    nlp = tokenizer(lang)
    tokens = nlp.make_doc(text)
    if not len(tokens):
        return None
    gold = _offsets(s.words, s.spaces)
    # which spaCy tokens each UD token overlaps, and which UD tokens each spaCy token overlaps
    of_gold: list[list[int]] = [[] for _ in gold]
    of_tok: list[list[int]] = [[] for _ in tokens]
    g = 0
    for t in tokens:
        a, b = t.idx, t.idx + len(t.text)
        while g < len(gold) and gold[g][1] <= a:
            g += 1
        k = g
        while k < len(gold) and gold[k][0] < b:
            if gold[k][1] > a:
                of_gold[k].append(t.i)
                of_tok[t.i].append(k)
            k += 1
    # the spaCy token standing for each UD token, and the UD token giving each spaCy token its arc
    rep: list[int | None] = [None] * len(gold)
    source: list[int | None] = [None] * len(tokens)
    for t in range(len(tokens)):
        group = of_tok[t]
        if not group or any(of_gold[k] != [t] for k in group if len(of_gold[k]) != 1):
            continue
        if all(of_gold[k] == [t] for k in group):  # one or several whole UD tokens
            inside = set(group)
            source[t] = next((k for k in group if s.heads[k] not in inside or s.deps[k] == "ROOT"), group[0])
            for k in group:
                rep[k] = t
    for k, toks in enumerate(of_gold):
        if len(toks) > 1 and all(of_tok[t] == [k] for t in toks):  # one UD token split by spaCy
            first = next((t for t in toks if any(c.isalnum() for c in tokens[t].text)), toks[0])
            source[first] = k
            rep[k] = first
    heads: list[int] = []
    deps: list[str | None] = []
    for t in range(len(tokens)):
        k = source[t]
        h = None if k is None else rep[s.heads[k]] if s.deps[k] != "ROOT" else t
        if k is None or h is None or (h == t and s.deps[k] != "ROOT"):
            heads.append(t)
            deps.append(None)
        else:
            heads.append(h)
            deps.append(s.deps[k])
    if _cyclic(heads, deps):  # merged tokens can close a cycle (a head word inside the dependent's group)
        return None
    words = [t.text for t in tokens]
    spaces = [bool(t.whitespace_) for t in tokens]
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps)


def _cyclic(heads: list[int], deps: list[str | None]) -> bool:
    for i in range(len(heads)):
        seen, k = set(), i
        while deps[k] is not None and heads[k] != k:
            if k in seen:
                return True
            seen.add(k)
            k = heads[k]
    return False


def docs(paths: list[tuple[Path, str]], limit: int | None = None) -> Iterator[Doc]:
    """The converted sentences of `paths` ((file, lang) pairs), at most `limit` of them."""
    n = 0
    for path, lang in paths:
        for s in read_conllu(path):
            if limit is not None and n >= limit:
                return
            doc = project(s, lang)
            if doc is not None:
                n += 1
                yield doc


def docbin(paths: list[tuple[Path, str]], limit: int | None = None) -> tuple[DocBin, dict[str, int]]:
    """A DocBin of the sentences of `paths`, with counts: sentences, tokens, tokens left unannotated."""
    db = DocBin(store_user_data=False)
    stats = {"sentences": 0, "tokens": 0, "missing": 0}
    for doc in docs(paths, limit):
        db.add(doc)
        stats["sentences"] += 1
        stats["tokens"] += len(doc)
        stats["missing"] += sum(1 for t in doc if t.dep == 0)
    return db, stats
