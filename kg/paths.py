"""Where the project's data files live (gazetteer, lexicons, ontology, named queries).

The package is installed editable (`make run`), so the files are read in place
from the checkout and users extend them without touching code; `KG_DATA` and
`KG_ONTOLOGY` point elsewhere when needed.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("KG_DATA", ROOT / "data"))
GAZETTEER = DATA / "gazetteer"
LEXICONS = DATA / "lexicons"
ONTOLOGY = Path(os.environ.get("KG_ONTOLOGY", ROOT / "ontology"))
QUERIES = Path(__file__).resolve().parent / "queries"
