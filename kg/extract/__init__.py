"""Extraction: spaCy pipeline, gazetteer, quantities, dates and relation rules."""
from __future__ import annotations

from ..native import use_compiled

use_compiled(__path__)  # the rule modules compiled by `scripts/native.py build`, when built from these sources

from .pipeline import Extractor as Extractor  # noqa: E402
from .pipeline import extract as extract  # noqa: E402

__all__ = ["Extractor", "extract"]
