"""Extraction: spaCy pipeline, gazetteer, quantities, dates and relation rules."""
from __future__ import annotations

from .pipeline import Extractor as Extractor
from .pipeline import extract as extract

__all__ = ["Extractor", "extract"]
