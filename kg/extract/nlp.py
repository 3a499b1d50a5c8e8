"""The spaCy pipeline: a blank language, a sentencizer and the gazetteer's entity rulers.

An installed spaCy model given by name adds its own NER and parse; the
gazetteer's rulers then run after it and only add what it missed.
"""
from __future__ import annotations

import functools

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from . import gazetteer as gaz

BLANK = {"it", "en", "fr", "es", "de"}
MAX_CHARS = 2_000_000


ENDS = frozenset({".", "!", "?", "...", "…", "。", "!", "?", ";"})
CLOSERS = frozenset({'"', "'", "»", "”", "’", ")", "]", "»."})


@Language.component("sentences")
def sentences(doc: Doc) -> Doc:
    """Split sentences at end punctuation and at every line break (titles and captions carry no full stop).

    Does what spaCy's sentencizer does, on the doc's arrays instead of Token objects: five times faster.
    """
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    starts[0, 0] = 1
    after_end = False
    spaced = doc.to_array("SPACY").tolist()  # a quote after a space opens the next sentence
    for i, x in enumerate(doc.to_array("ORTH").tolist()):
        text = strings[x]
        closes = text in CLOSERS and not (i and spaced[i - 1])
        if after_end and text not in ENDS and not closes and not text.isspace():
            starts[i, 0] = 1
            after_end = False
        if text in ENDS or "\n" in text:
            after_end = True
    doc.from_array(["SENT_START"], starts.astype("uint64"))
    return doc


def check_model(model: str) -> None:
    """Raise ModelError unless `model` names an installed spaCy package or a pipeline folder."""
    from pathlib import Path

    if not (spacy.util.is_package(model) or (Path(model) / "config.cfg").exists()):
        raise ModelError(f"spaCy model {model!r} cannot be loaded (not an installed package nor a pipeline "
                         "folder); install it with pip or leave out --model")


@functools.lru_cache(maxsize=12)
def pipeline(lang: str, model: str | None = None) -> Language:
    """Build (once per process) the pipeline for `lang`, or on top of the installed `model`."""
    g = gaz.default()
    if model:
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError) as e:
            raise ModelError(f"spaCy model {model!r} cannot be loaded ({str(e).splitlines()[0][:120]}); "
                             "install it with pip or leave out --model") from e
    else:
        nlp = spacy.blank(lang if lang in BLANK else "xx")
    nlp.max_length = MAX_CHARS
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentences", first=True)
    exact, lower = g.patterns(lang)
    # The gazetteer goes before a model's NER: spaCy's NER keeps entities already set and only adds
    # what the gazetteer missed, so a model adds people and places without relabelling known actors.
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    # Lower-cased words first: conflict names ("guerra in Ucraina") must win over the country inside them.
    words = nlp.add_pipe("entity_ruler", name="gazetteer_words",
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False}, **where)
    names = nlp.add_pipe("entity_ruler", name="gazetteer_names",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False}, after="gazetteer_words")
    with nlp.select_pipes(enable=[]):
        words.add_patterns(lower)  # type: ignore[attr-defined]
        names.add_patterns(exact)  # type: ignore[attr-defined]
    for ruler in (words, names):
        # EntityRuler counts all its patterns on every call only to warn when there are none;
        # ours always have patterns, and the count cost a fifth of extraction time
        ruler._require_patterns = lambda: None  # type: ignore[attr-defined]
    return nlp


def lower_words(doc: Doc) -> list[str]:
    """The lower-cased words of `doc`, read from its arrays (no Token objects), apostrophes unified."""
    strings = doc.vocab.strings
    return [strings[x].replace("\u2019", "'") for x in doc.to_array("LOWER").tolist()]
