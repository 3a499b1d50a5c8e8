"""kg: a knowledge graph of geopolitical alliances, built from news articles."""
from __future__ import annotations

__version__ = "0.1.0"

from .extract import Extractor as Extractor  # noqa: E402
from .api import extract as extract  # noqa: E402  (a text or a Document)
from .api import open as open  # noqa: E402
from .ingest import read as read  # noqa: E402
from .model import Document as Document  # noqa: E402
from .model import Entity as Entity  # noqa: E402
from .model import Extraction as Extraction  # noqa: E402
from .model import Relation as Relation  # noqa: E402
from .ontology import to_graph as to_graph  # noqa: E402

__all__ = ["Document", "Entity", "Extraction", "Extractor", "Relation", "__version__", "extract", "open", "read",
           "to_graph"]
