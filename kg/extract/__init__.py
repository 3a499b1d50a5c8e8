"""Extraction: spaCy pipeline, gazetteer, quantities, dates and relation rules."""
from __future__ import annotations

import sys
from typing import Any

from ..native import use_compiled


def _import_spacy() -> None:
    """Import spaCy without its command line, which `import spacy` imports for one name, `spacy.info`.

    spaCy's CLI is every `spacy` command, weasel, jinja2 and a config file read at import: 0.3-0.4 s of
    the 1-1.3 s spaCy takes to import, and nothing kg runs. While spaCy is imported, `spacy.cli` and
    `spacy.cli.info` are stand-ins (the package's own folder, so its modules import as ever), and
    `spacy.info` imports the real one when called. A later `import spacy.cli` gets the real package.
    """
    if "spacy" in sys.modules:
        return
    import importlib.util
    import os
    import types

    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return  # spaCy missing: its import says so
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [os.path.join(os.path.dirname(spec.origin), "cli")]
    info = types.ModuleType("spacy.cli.info")

    def info_(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = info_  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["spacy.cli"], sys.modules["spacy.cli.info"]


_import_spacy()
use_compiled(__path__)  # the rule modules compiled by `scripts/native.py build`, when built from these sources

from .pipeline import Extractor as Extractor  # noqa: E402
from .pipeline import extract as extract  # noqa: E402

__all__ = ["Extractor", "extract"]
