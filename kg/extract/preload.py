"""Imported by the process pool's fork server, so that every worker starts with the heavy parts loaded.

spaCy compiles its French tokenizer exceptions at import (seconds), and the gazetteer reads CLDR and
GeoNames; done once here, workers forked from the server share them instead of each paying again.
Frozen at the end, so that the workers' garbage collector never walks (nor copies, by touching their
reference counts) these long-lived objects: that halves the collector's share of a worker's time.
"""
from __future__ import annotations

import gc
import importlib

from . import gazetteer

for _lang in ("it", "en", "fr", "es", "de"):  # the languages data/lexicons holds rows for
    importlib.import_module(f"spacy.lang.{_lang}")
gazetteer.default()
gc.freeze()
