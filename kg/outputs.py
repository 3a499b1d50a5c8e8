"""What a build writes beside its store (OUT/graph.ttl, OUT/graph.html), and whether they are current.

Apart from `kg.build`, which imports rdflib and the ontology, so that a command that only reads these
files (`kg export` of the Turtle a build wrote) imports neither.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Store

OUTPUTS = ("graph.ttl", "graph.html")
STATE = ".graph-state"  # in OUT: the state token of the store the outputs were written from


def outputs_current(store: Store, out: Path) -> bool:
    """Were out/graph.ttl and out/graph.html written from the store as it is (its state token unchanged
    since), by a build, which derived its facts first? A remote store's state is not known: never."""
    from .store import state

    if store.location is None or not all((out / name).exists() for name in OUTPUTS):
        return False
    token = state(store.location)
    try:
        return token is not None and (out / STATE).read_text(encoding="utf-8").strip() == token
    except OSError:
        return False


__all__ = ["OUTPUTS", "STATE", "outputs_current"]
