"""Entity resolution: one node per actor, whatever the spelling or the language of the article.

The extractor already gives gazetteer entries their canonical contract id
(ISO alpha-3, acronym, slug), so one IRI per id is one node per actor. What is
left to resolve are people outside the gazetteer, whose ids are slugs of how
an article spelt them: those are normalized (accents, case, spaces, hyphens)
and mapped onto a gazetteer person when the slug of one of its aliases matches.
Gazetteer entries with a Wikidata id get `owl:sameAs` to it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .extract.gazetteer import Gazetteer, slug

WIKIDATA = "http://www.wikidata.org/entity/"
# Countries, organizations and historical states: upper-case codes with digits and hyphens.
_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")


@dataclass(frozen=True)
class Resolver:
    """Maps any id an extraction or record gives to the canonical id of its node.

    Args:
        aliases: slug of a known spelling -> canonical id (people and places of the gazetteer).
        labels: canonical id -> the one label the node carries.
        wikidata: canonical id -> Wikidata Q-id.
        types: canonical id -> contract entity type, for ids a relation names but the entity list lacks.
    """

    aliases: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    wikidata: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)

    def resolve(self, entity_id: str) -> str:
        """The canonical id of `entity_id`: codes kept as they are, names normalized and unaliased.

        Example:
            >>> r = Resolver(aliases={"serguei-lavrov": "sergei-lavrov"})
            >>> [r.resolve(x) for x in ("RUS", " Sergueï Lavrov", "Jean-Noël  Barrot", "NATO")]
            ['RUS', 'sergei-lavrov', 'jean-noel-barrot', 'NATO']
        """
        stripped = entity_id.strip()
        if _CODE.fullmatch(stripped):
            return stripped
        key = slug(stripped)
        return self.aliases.get(key, key) or stripped

    def label(self, entity_id: str, fallback: str) -> str:
        """The label of a node: the gazetteer's (English) label, else `fallback` (the article's form)."""
        return self.labels.get(entity_id, fallback)

    def same_as(self, entity_id: str) -> str | None:
        """The Wikidata entity IRI of `entity_id`, if the gazetteer gives one.

        Example:
            >>> Resolver(wikidata={"NATO": "Q7184"}).same_as("NATO")
            'http://www.wikidata.org/entity/Q7184'
        """
        q = self.wikidata.get(entity_id)
        return WIKIDATA + q if q else None


def from_gazetteer(g: Gazetteer) -> Resolver:
    """A resolver over the gazetteer's ids, labels, Wikidata ids and person and place spellings."""
    aliases: dict[str, str] = {}
    for _lang, label, id_, text in g.names:
        if label in ("Person", "Location"):
            # first spelling wins, so an alias two people share keeps its first owner
            aliases.setdefault(slug(text), id_)
    for id_ in g.labels:
        if not _CODE.fullmatch(id_):
            aliases[slug(id_)] = id_
    return Resolver(aliases=aliases, labels=dict(g.labels), wikidata=dict(g.wikidata), types=dict(g.types))


@functools.lru_cache(maxsize=1)
def default() -> Resolver:
    """The resolver of the default gazetteer (data/gazetteer), built once per process."""
    from .extract import gazetteer

    return from_gazetteer(gazetteer.default())


__all__ = ["Resolver", "WIKIDATA", "default", "from_gazetteer"]
