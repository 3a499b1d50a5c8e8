"""The spaCy pipeline: a blank language, a sentencizer and the gazetteer's entity rulers.

An installed spaCy model given by name adds its own NER and parse; the
gazetteer's rulers then run after it and only add what it missed.
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from . import gazetteer as gaz

BLANK = {"it", "en", "fr", "es", "de"}
MAX_CHARS = 2_000_000


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: titles and captions carry no full stop."""
    for token in doc[:-1]:
        if "\n" in token.text or token.text_with_ws.endswith("\n"):
            doc[token.i + 1].is_sent_start = True
    return doc


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
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
        nlp.add_pipe("line_breaks", after="sentencizer")
    exact, lower = g.patterns(lang)
    where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    # Lower-cased words first: conflict names ("guerra in Ucraina") must win over the country inside them.
    words = nlp.add_pipe("entity_ruler", name="gazetteer_words",
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False}, **where)
    names = nlp.add_pipe("entity_ruler", name="gazetteer_names",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False}, after="gazetteer_words")
    with nlp.select_pipes(enable=[]):
        words.add_patterns(lower)  # type: ignore[attr-defined]
        names.add_patterns(exact)  # type: ignore[attr-defined]
    return nlp
