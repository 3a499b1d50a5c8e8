"""The dependency parser: load the shipped model and parse sentences of the project's own Doc.

What it decides:

- The model (kg/models/parser/, trained by training/parser/train.py on the UD treebanks) reads the
  tokens kg/extract/nlp.py makes: spaCy's blank tokenizer of each language. One multilingual model
  serves the five languages, unless a folder kg/models/parser/<lang> holds a model of that language
  (German does: trained alone it parses German better than the multilingual model).
  It is loaded on first use and kept (one per folder); a missing or unreadable model is a ModelError
  of one line naming the folder.
- `parse(doc, sentences)` runs the model's tok2vec and parser on a new Doc of each chosen sentence's
  words (piped in batches) and writes heads and labels back into `doc`: entities, the doc's own sentence boundaries and every
  other annotation stay as they were. Tokens of sentences not parsed keep no parse (`token.dep == 0`,
  head itself), so the rules can tell "no parse" from a parse, and parse only what can hold a relation.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterable

import numpy
import spacy
from spacy.attrs import DEP, HEAD, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelError

ROOT = Path(__file__).resolve().parent.parent / "models" / "parser"
LANGS = ("it", "en", "fr", "es", "de")
_LOADED: dict[Path, Language] = {}
_LOCK = threading.Lock()


def model_path(lang: str, root: Path = ROOT) -> Path:
    """The model folder for `lang`: its own if there is one, else the multilingual one."""
    own = root / lang
    return own if own.is_dir() else root / "multi"


def load_parser(lang: str, path: str | Path | None = None) -> Language | None:
    """The parser pipeline for `lang` (None for a language it was not trained on), loaded once.

    `path` overrides the shipped model folder. Raises ModelError if the model is missing or corrupt.
    """
    if lang not in LANGS and path is None:
        return None
    folder = Path(path) if path is not None else model_path(lang)
    with _LOCK:
        found = _LOADED.get(folder)
        if found is None:
            found = _LOADED[folder] = _load(folder)
    return found


def _load(folder: Path) -> Language:
    if not (folder / "config.cfg").is_file():
        raise ModelError(f"parser model {folder} is missing; reinstall kg, or rebuild it with "
                         "`python training/parser/train.py` (see README, 'Dependency parser')")
    try:
        nlp = spacy.load(folder)
    except Exception as e:  # noqa: BLE001 - msgpack, json, thinc and OS errors all mean "unreadable"
        reason = (str(e).splitlines() or [type(e).__name__])[0][:120]
        raise ModelError(f"parser model {folder} cannot be loaded ({type(e).__name__}: {reason}); "
                         "reinstall kg or rebuild it with `python training/parser/train.py`") from e
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"parser model {folder} has no parser component; rebuild it with "
                         "`python training/parser/train.py`")
    return nlp


def labels(nlp: Language) -> list[str]:
    """Every label string the parser's transitions use, also the projectivized ones ("obj||nmod")."""
    found = {"ROOT"}
    for move in nlp.get_pipe("parser").move_names:  # type: ignore[attr-defined]
        if "-" in move:
            label = move.split("-", 1)[1]
            found.add(label)
            found.update(label.split("||"))
    return sorted(found)


def _sentence_docs(doc: Doc, spans: list[Span]) -> tuple[numpy.ndarray, list[Doc]]:
    """Each span as a new Doc of its words, with the rows of `doc` they come from, made from the doc's
    arrays: Span.as_doc copies much more (vectors, entities, user data) and costs as much as the parse.
    One Doc a sentence, not one for all: the parser steps a batch of docs together, matrix by matrix."""
    rows = numpy.concatenate([numpy.arange(s.start, s.end) for s in spans])
    table = doc.to_array([ORTH, SPACY])[rows]
    strings = doc.vocab.strings
    words = [strings[x] for x in table[:, 0].tolist()]
    spaces = [bool(x) for x in table[:, 1].tolist()]
    docs, k = [], 0
    for s in spans:
        docs.append(Doc(doc.vocab, words=words[k:k + len(s)], spaces=spaces[k:k + len(s)]))
        k += len(s)
    return rows, docs


def parse(doc: Doc, sentences: Iterable[Span] | None = None, parser: Language | None = None) -> Doc:
    """Parse `sentences` (spans of `doc`; all its sentences if None) and write the trees into `doc`.

    Returns `doc`. Afterwards `token.head` and `token.dep_` hold the parse of every token of those
    sentences; trees never cross a sentence of `doc`. Earlier parses of other sentences are kept.
    """
    nlp = parser if parser is not None else load_parser(doc.lang_)
    if nlp is None or not len(doc):
        return doc
    spans = list(doc.sents) if sentences is None else [s for s in sentences if len(s)]
    if not spans:
        return doc
    strings = doc.vocab.strings
    for label in labels(nlp):  # the parser writes them as hashes; the doc's vocab must know them
        strings.add(label)
    rows, subdocs = _sentence_docs(doc, spans)
    subdocs = list(nlp.pipe(subdocs, batch_size=256))
    table: Any
    if doc.has_annotation("DEP"):
        table = doc.to_array([HEAD, DEP])
    else:
        table = numpy.zeros((len(doc), 2), dtype="uint64")
    table[rows] = numpy.concatenate([d.to_array([HEAD, DEP]) for d in subdocs])  # HEAD is relative: it fits
    starts: Any = doc.to_array([SENT_START])
    doc.from_array([HEAD, DEP], table)
    doc.from_array([SENT_START], starts)  # setting heads re-derives sentences from the trees: undo that
    return doc
