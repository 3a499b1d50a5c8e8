"""Imported by the process pool's fork server, so that every worker starts with the heavy parts loaded.

spaCy's import (a second) and the gazetteer (from the disk cache, `kg.extract.cached`) are loaded once
here; workers forked from the server share them instead of each paying again, and each worker reads
the pipelines of the languages it meets from the disk cache. Frozen at the end, so that the workers'
garbage collector never walks (nor copies, by touching their reference counts) these long-lived
objects: that halves the collector's share of a worker's time.
"""
from __future__ import annotations

import gc

import spacy  # noqa: F401 - imported for the workers

from . import gazetteer, pipeline  # noqa: F401 - the rule modules, for the workers

gazetteer.default()
gc.freeze()
