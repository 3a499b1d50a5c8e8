"""The Python API for notebooks: extract a text, open a built graph, query it, draw it.

    import kg
    ex = kg.extract("Russia supports Iran.", lang="en")   # an Extraction (ex.relations, ex.to_json())
    g = kg.open("output")                                  # a build's folder, a store folder or an endpoint URL
    rows = g.query("supporters-of", actor="Russia")        # Rows: a list of dicts, ids and labels
    rows.df()                                              # a pandas DataFrame, when pandas is installed
    g.view("ego", focus="Russia")                          # a View: Jupyter draws it inline; .save("v.html")

Nothing here imports spaCy, pandas or networkx before it is used.
"""
from __future__ import annotations

import builtins
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import KgError
from .model import Document, Extraction

if TYPE_CHECKING:
    from .store import QueryResult, Store
    from .viz import View


def extract(text: str | Document, *, lang: str | None = None, doc: str = "text", model: str | None = None,
            published: str | None = None, title: str | None = None) -> Extraction:
    """Extract the contract's entities and relations from a text (or a Document).

    Args:
        text: the article's text, or a Document.
        lang: it, en, fr, es or de; default: read from a short text's words, detected in a longer one.
        doc, published, title: the document's id, date and title, when `text` is a string.
        model: an installed spaCy pipeline to add NER and parse.
    """
    from .extract import pipeline

    if isinstance(text, Document):
        document = text
    else:
        if lang is None:
            from .language import guess
            lang = guess(text)
        document = Document(doc, text, lang, published, title)
    return pipeline.extract(document, model=model)


class Rows(builtins.list):  # type: ignore[type-arg]
    """Query results as a list of dicts (ids for actors and documents, Python numbers and dates), with the
    query's variables in `.variables`; `.df()` gives a pandas DataFrame."""

    variables: list[str]

    def __init__(self, rows: builtins.list[dict[str, Any]], variables: builtins.list[str]) -> None:
        super().__init__(rows)
        self.variables = variables

    def df(self) -> Any:
        """The rows as a pandas DataFrame (columns in the query's order).

        Raises:
            KgError: pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError:
            raise KgError("pandas is not installed; `pip install pandas`, or use the rows as a list of dicts") from None
        return pd.DataFrame(builtins.list(self), columns=self.variables)


def rows_of(result: QueryResult) -> Rows:
    """A store's result as Rows: actor and document IRIs as ids, literals as Python values."""
    from decimal import Decimal

    from rdflib import Literal, URIRef

    from .query import _short

    def value(t: object) -> Any:
        if t is None:
            return None
        if isinstance(t, URIRef):
            return _short(t)
        if isinstance(t, Literal):
            v = t.toPython()
            if isinstance(v, Decimal):
                return float(v)  # a confidence is a number to a DataFrame, not a Decimal object
            return v if not isinstance(v, Literal) else str(v)
        return str(t)

    if result.boolean is not None:
        return Rows([{"boolean": result.boolean}], ["boolean"])
    return Rows([{n: value(r.get(n)) for n in result.variables} for r in result.rows], builtins.list(result.variables))


class Graph:
    """A built graph opened for reading: `query` it, `view` it. Close it (or use `with`) to release the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def query(self, text: str, **params: str) -> Rows:
        """Run a named query (`"supporters-of"`, parameters as keywords: `actor="Russia"`) or SPARQL text,
        with a `NAME_label` column beside each column of actors."""
        from .query import actor_labels, is_query_name, labelled, prepare

        sparql, bindings = prepare(text, params, named=is_query_name(text), store=self.store)
        return rows_of(labelled(self.store.query(sparql, bindings), actor_labels(self.store)))

    def view(self, kind: str = "alliance", *, focus: str | None = None, depth: int = 2, limit: int = 150,
             title: str | None = None) -> View:
        """An interactive view (alliance, events or ego around `focus`), drawn inline by Jupyter."""
        from .viz import alliance_graph, ego_graph, event_graph, to_view

        if focus is not None and kind == "alliance":
            kind = "ego"
        if kind == "events":
            G = event_graph(self.store, limit=limit)
        else:
            G = alliance_graph(self.store)
            if kind == "ego":
                if focus is None:
                    raise KgError("an ego view needs focus=ACTOR")
                from .actors import resolve_actor
                from .errors import UnknownActor
                try:
                    focus = resolve_actor(focus, self.store)
                except UnknownActor:
                    pass  # ego_graph says what is near, from the graph itself
                G = ego_graph(G, focus, depth)
        return to_view(G, title=title or {"alliance": "Alliance view", "events": "Event view"}.get(kind, f"Ego view: {focus}"))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(location: str | Path = "output") -> Graph:  # noqa: A001 (kg.open, as the README shows it)
    """Open a built graph for reading: a build's output folder (its `store/`), a store folder, or the URL
    of a SPARQL endpoint (`kg serve`).

    Raises:
        KgError: there is no store there.
    """
    from .store import Store, is_remote

    if is_remote(str(location)):
        return Graph(Store(str(location), read_only=True))
    path = Path(location)
    if (path / "store").is_dir():
        path = path / "store"
    if not path.is_dir():
        raise KgError(f"{location}: no store here; run `kg build` first")
    return Graph(Store(path, read_only=True))


__all__ = ["Graph", "Rows", "extract", "open", "rows_of"]
