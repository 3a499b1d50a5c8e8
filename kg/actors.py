"""Find the actor a user means: an id in any case, or a name or alias in any of the five languages.

`kg query -p actor=Russia`, `actor=rus`, `actor=id:RUS` and `actor=Russie` all mean `RUS`. The
gazetteer knows the names; the store adds the actors it alone knows (people outside the gazetteer,
with the labels and spellings of their articles). A value that names nothing is an error that lists
the closest names, never an empty answer.
"""
from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .errors import UnknownActor

if TYPE_CHECKING:
    from .store import Store

ID_PREFIXES = ("https://w3id.org/kg-alliances/id/", "id:", "<https://w3id.org/kg-alliances/id/")
DOC_PREFIXES = ("https://w3id.org/kg-alliances/doc/", "doc:", "<https://w3id.org/kg-alliances/doc/")
ACTOR_KINDS = ("Country", "Organization", "Person", "Location", "Conflict")


def strip_prefix(value: str, prefixes: tuple[str, ...]) -> str:
    """`value` without an IRI or prefixed-name head (`id:RUS` -> `RUS`).

    Example:
        >>> strip_prefix("id:RUS", ID_PREFIXES), strip_prefix("<https://w3id.org/kg-alliances/id/NATO>", ID_PREFIXES)
        ('RUS', 'NATO')
    """
    value = value.strip()
    for p in prefixes:
        if value.startswith(p):
            return unquote(value[len(p):].rstrip(">"))
    return value


@functools.lru_cache(maxsize=1)
def _gazetteer_names() -> tuple[dict[str, set[str]], dict[str, str]]:
    """Lower-cased name or id -> the ids it names; id -> canonical label."""
    from .extract import gazetteer

    g = gazetteer.default()
    names: dict[str, set[str]] = defaultdict(set)
    for _lang, kind, id_, text in g.names:
        if kind in ACTOR_KINDS:
            names[text.lower()].add(id_)
        elif kind == gazetteer.CAPITAL:  # "Moscow" as a place; its state is a name of its own
            names[text.lower()].add(id_.split("|", 1)[1])
    for id_, label in g.labels.items():
        names[label.lower()].add(id_)
        names[id_.lower()].add(id_)
    return dict(names), dict(g.labels)


def _store_names(store: Store) -> tuple[dict[str, set[str]], dict[str, str]]:
    rows = store.query("SELECT ?s ?l ?alt WHERE { ?s kg:code ?c . OPTIONAL { ?s rdfs:label ?l } "
                       "OPTIONAL { ?s skos:altLabel ?alt } }").rows
    names: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in rows:
        id_ = strip_prefix(str(r["s"]), ID_PREFIXES)
        names[id_.lower()].add(id_)
        for key in ("l", "alt"):
            if r.get(key) is not None:
                names[str(r[key]).lower()].add(id_)
        if r.get("l") is not None:
            labels.setdefault(id_, str(r["l"]))
    return dict(names), labels


def _in_store(store: Store, id_: str) -> bool:
    from .ontology import entity_iri

    return bool(store.query("ASK { ?s kg:code ?c }", {"s": entity_iri(id_)}).boolean)


def resolve_actor(value: str, store: Store | None = None) -> str:
    """The id of the actor `value` names: an id (any case), a label or an alias in any language.

    An exact id the store holds is taken at once; anything else goes through the gazetteer and the
    store's labels.

    Raises:
        UnknownActor: nothing is called `value`, or it names several actors; the message lists the
            closest names with their ids.
    Example:
        >>> resolve_actor("Russie"), resolve_actor("nato"), resolve_actor("id:UKR")
        ('RUS', 'NATO', 'UKR')
    """
    raw = value
    value = strip_prefix(value, ID_PREFIXES)
    if store is not None and value and _in_store(store, value):
        return value
    names, labels = _gazetteer_names()
    if store is not None:
        extra, extra_labels = _store_names(store)
        names = {**names}
        for k, ids in extra.items():
            names[k] = names.get(k, set()) | ids
        labels = {**extra_labels, **labels}
    if value in labels:
        return value
    found = names.get(value.lower().strip(), set())
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise UnknownActor(raw, [f"{i} ({labels.get(i, i)})" for i in sorted(found)], ambiguous=True)
    close = difflib.get_close_matches(value.lower(), list(names), n=5, cutoff=0.6)
    hints: list[str] = []
    for c in close:
        for i in sorted(names[c]):
            hint = f"{i} ({labels.get(i, i)})"
            if hint not in hints:
                hints.append(hint)
    raise UnknownActor(raw, hints[:3])


def label_of(id_: str) -> str | None:
    """The canonical (English) label the gazetteer gives `id_`, if any."""
    return _gazetteer_names()[1].get(id_)
