"""kg: a knowledge graph of geopolitical alliances, built from news articles.

The public verbs are imported on first use (PEP 562), not with the package: `kg query` or `kg --help`
must not pay for spaCy, which `kg.extract` imports, nor `kg extract` for rdflib, which `kg.ontology` does.
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import extract as extract  # a text or a Document
    from .api import open as open
    from .extract import Extractor as Extractor
    from .ingest import read as read
    from .model import Document as Document
    from .model import Entity as Entity
    from .model import Extraction as Extraction
    from .model import Relation as Relation
    from .ontology import to_graph as to_graph

# public name -> the module that defines it
_LAZY = {"Extractor": ".extract", "open": ".api", "read": ".ingest", "Document": ".model",
         "Entity": ".model", "Extraction": ".model", "Relation": ".model", "to_graph": ".ontology"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, "extract"])


class _Package(types.ModuleType):
    """`kg.extract` is the function of the Python API (`kg.api.extract`), as it was when this module
    imported it eagerly: importing the subpackage kg.extract sets the attribute of that name on its
    parent, which this ignores (the subpackage stays in sys.modules, where `from kg.extract import ...`
    finds it)."""

    @property
    def extract(self) -> Any:
        return importlib.import_module(".api", __name__).extract

    @extract.setter
    def extract(self, value: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package

__all__ = ["Document", "Entity", "Extraction", "Extractor", "Relation", "__version__", "extract", "open", "read",
           "to_graph"]
