"""Extraction: spaCy pipeline, gazetteer, quantities, dates and relation rules.

`Extractor` and `extract` are imported on first use: the gazetteer (`kg.extract.gazetteer`, which the
mapping's resolver reads) needs no spaCy.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..native import use_compiled

use_compiled(__path__)  # the rule modules compiled by `scripts/native.py build`, when built from these sources

if TYPE_CHECKING:
    from .pipeline import Extractor as Extractor
    from .pipeline import extract as extract


def __getattr__(name: str) -> Any:
    if name in ("Extractor", "extract"):
        from . import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")


__all__ = ["Extractor", "extract"]
