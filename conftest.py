"""Collection rules for the whole tree (tests/conftest.py holds the fixtures)."""
from __future__ import annotations

from pathlib import Path

from kg import native


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    # A compiled module has no source for pytest's doctest collector to match; tests/test_native.py runs
    # the doctests of these modules from their sources instead.
    if collection_path.parent == native.EXTRACT and collection_path.stem in native.MODULES and native.active():
        return True
    return None
