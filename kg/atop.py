"""Formal alliance commitments: map the ATOP member-level CSV into the alliance ontology.

Each alliance (`atopid`) becomes a `kg:Treaty` with its members, dates and
obligations (defense, offense, neutrality, non-aggression, consultation, from
the code list ontology/codes.ttl); each member row becomes a `kg:Membership`
with the member's own entry and exit dates and obligations (ATOP codes them
per member: obligations can be asymmetric). Members are Correlates of War state
codes, mapped to the contract's country ids by ontology/cow-states.tsv, so a
SPARQL query can set news-derived relations beside formal commitments.

The data is not shipped: users bring their own copy from http://www.atopdata.org/.
"""
from __future__ import annotations

import csv
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from .errors import AtopError
from .ontology import ATOP, ATOP_GRAPH, BASE, CAMEO, KG, SEM, bind_prefixes, entity_iri
from .paths import ONTOLOGY
from .resolve import Resolver

if TYPE_CHECKING:
    from .store import Store

# ATOP column -> obligation concept of ontology/codes.ttl
OBLIGATIONS = {"defense": ATOP.defense, "offense": ATOP.offense, "neutral": ATOP.neutrality,
               "nonagg": ATOP.nonaggression, "consul": ATOP.consultation}
REQUIRED = ("atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", *OBLIGATIONS)


@dataclass(frozen=True)
class CowState:
    """One period of a COW state code: the contract id it maps to from `start` to `end` (ISO dates)."""

    ccode: int
    id: str
    name: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class AtopReport:
    """What an import did: treaties and memberships mapped, rows skipped (with why)."""

    treaties: int
    memberships: int
    triples: int
    skipped: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def cow_states(path: Path | None = None) -> dict[int, tuple[CowState, ...]]:
    """The COW code table of ontology/cow-states.tsv: ccode -> its periods."""
    path = path or ONTOLOGY / "cow-states.tsv"
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    out: dict[int, list[CowState]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        c = int(row["ccode"])
        out.setdefault(c, []).append(CowState(c, row["id"], row["name"], row.get("from") or None,
                                              row.get("to") or None))
    return {k: tuple(v) for k, v in out.items()}


def country_of(ccode: int, date: str | None = None) -> CowState | None:
    """The country a COW code stands for at `date` (ISO, any precision), or None if the code is unknown.

    Example:
        >>> [country_of(365, d).id for d in ("1914", "1955-05-14", "2002")]
        ['RUS', 'SUN', 'RUS']
        >>> country_of(731).id, country_of(8152)
        ('PRK', None)
    """
    periods = cow_states().get(ccode, ())
    for p in periods:
        if date is None or ((p.start or "0000") <= date[:10] and date[:len(p.end or "9999")] <= (p.end or "9999")):
            return p
    return periods[-1] if periods else None


def atop_date(year: str, month: str, day: str) -> Literal | None:
    """An ATOP date (0 for unknown parts) as xsd:date, xsd:gYearMonth or xsd:gYear; None if no year.

    Example:
        >>> str(atop_date("1949", "4", "4")), str(atop_date("1949", "0", "0")), atop_date("0", "0", "0")
        ('1949-04-04', '1949', None)
    """
    y, m, d = (int(x or 0) for x in (year, month, day))
    if not y:
        return None
    if not m:
        return Literal(f"{y:04d}", datatype=XSD.gYear)
    if not d:
        return Literal(f"{y:04d}-{m:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{y:04d}-{m:02d}-{d:02d}", datatype=XSD.date)


def treaty_iri(atopid: str) -> URIRef:
    """The IRI of an ATOP alliance."""
    return URIRef(f"{BASE}treaty/atop/{atopid}")


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of an ATOP member-level CSV.

    Raises:
        AtopError: the file is missing, unreadable, or lacks a needed column.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise AtopError(path, f"no column {', '.join(missing)}")
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except FileNotFoundError:
        raise AtopError(path, "no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise AtopError(path, f"cannot read ({e})") from None


def atop_graph(path: Path, *, resolver: Resolver | None = None) -> tuple[Graph, AtopReport]:
    """Map an ATOP member-level CSV to the graph `ATOP_GRAPH`.

    Args:
        path: the CSV (ATOP 4.x or 5.x member-level columns).
        resolver: gives country nodes the gazetteer's labels and Wikidata ids; kg.resolve.default() if None.
    Returns:
        The graph and a report; rows whose COW code is unknown are skipped and named in the report.
    Raises:
        AtopError: the file cannot be read.
    """
    from .resolve import default

    resolver = resolver or default()
    rows = read_rows(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    g = Graph(identifier=ATOP_GRAPH)
    bind_prefixes(g)
    source = URIRef(f"{BASE}source/atop/{digest[:16]}")
    g.add((source, RDF.type, KG.Dataset))
    g.add((source, RDFS.label, Literal(f"ATOP member-level data ({path.name})")))
    g.add((source, KG.contentHash, Literal(digest)))
    versions = {r.get("version") for r in rows if r.get("version")}
    for v in sorted(x for x in versions if x):
        g.add((source, URIRef("https://schema.org/version"), Literal(v)))

    skipped: list[str] = []
    by_treaty: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_treaty.setdefault(r["atopid"], []).append(r)
    memberships = 0
    for atopid, members in sorted(by_treaty.items()):
        t = treaty_iri(atopid)
        mapped = 0
        starts: list[Literal] = []
        ends: list[Literal | None] = []
        for r in members:
            entered = atop_date(r["yrent"], r["moent"], r["dayent"])
            state = country_of(int(r["member"] or 0), str(entered) if entered is not None else None)
            if state is None:
                skipped.append(f"atopid {atopid}: unknown COW state code {r['member']!r}")
                continue
            mapped += 1
            node = entity_iri(state.id)
            g.add((node, RDF.type, KG.Country))
            g.add((node, RDFS.label, Literal(resolver.label(state.id, state.name))))
            g.add((node, KG.code, Literal(state.id)))
            same = resolver.same_as(state.id)
            if same:
                g.add((node, URIRef("http://www.w3.org/2002/07/owl#sameAs"), URIRef(same)))
            key = f"{r['member']}-{r.get('phase') or '0'}-{r['yrent']}-{r['moent']}-{r['dayent']}"
            m = URIRef(f"{t}/membership/{key}")
            g.add((t, KG.member, node))
            g.add((t, KG.membership, m))
            g.add((m, RDF.type, KG.Membership))
            g.add((m, KG.party, node))
            g.add((m, KG.cowCode, Literal(int(r["member"]), datatype=XSD.integer)))
            exited = atop_date(r["yrexit"], r["moexit"], r["dayexit"])
            if entered is not None:
                g.add((m, KG.startDate, entered))
                starts.append(entered)
            if exited is not None:
                g.add((m, KG.endDate, exited))
            ends.append(exited)
            for column, concept in OBLIGATIONS.items():
                if r.get(column) == "1":
                    g.add((m, KG.obligation, concept))
                    g.add((t, KG.obligation, concept))
            g.add((m, PROV.wasDerivedFrom, source))
            memberships += 1
        if not mapped:
            continue
        first = members[0]
        g.add((t, RDF.type, KG.Treaty))
        g.add((t, RDFS.label, Literal(treaty_name(atopid, members, resolver, starts))))
        g.add((t, KG.atopId, Literal(atopid)))
        g.add((t, SEM.eventType, CAMEO["057"]))
        g.add((t, PROV.wasDerivedFrom, source))
        in_effect = any(r.get("ineffect") == "1" for r in members)
        g.add((t, KG.inEffect, Literal(in_effect)))
        if first.get("bilat") in ("0", "1"):
            g.add((t, KG.bilateral, Literal(first["bilat"] == "1")))
        if starts:
            g.add((t, KG.startDate, min(starts, key=str)))
        if not in_effect and ends and all(e is not None for e in ends):
            g.add((t, KG.endDate, max((e for e in ends if e is not None), key=str)))
    treaties = len(set(g.subjects(RDF.type, KG.Treaty)))
    return g, AtopReport(treaties, memberships, len(g), tuple(skipped))


NAME_COLUMNS = ("name", "treatyname", "treaty_name", "allname", "title")  # where a copy of ATOP names its treaties
KINDS = (("defense", "Defence pact"), ("offense", "Offensive alliance"), ("neutral", "Neutrality pact"),
         ("nonagg", "Non-aggression pact"), ("consul", "Consultation pact"))


def treaty_name(atopid: str, members: list[dict[str, str]], resolver: Resolver, starts: list[Literal]) -> str:
    """The name a reader knows a treaty by: ATOP's own where the file gives one, else what it is, who its
    members are and when it began ("Defence pact: North Korea, Russia (2024)"), with its ATOP id.

    Example:
        >>> from kg.resolve import Resolver
        >>> rows = [{"member": "731", "defense": "1"}, {"member": "365", "defense": "1"}]
        >>> treaty_name("9001", rows, Resolver(labels={"PRK": "North Korea", "RUS": "Russia"}),
        ...             [Literal("2024-06-19", datatype=XSD.date)])
        'Defence pact: North Korea, Russia (2024; ATOP 9001)'
    """
    for column in NAME_COLUMNS:
        given = next((r.get(column, "") for r in members if r.get(column, "").strip()), "")
        if given:
            return f"{given.strip()} (ATOP {atopid})"
    kind = next((name for column, name in KINDS if any(r.get(column) == "1" for r in members)), "Alliance")
    names: list[str] = []
    began = min(str(x) for x in starts) if starts else None
    for r in members:
        state = country_of(int(r.get("member") or 0), began)
        if state is not None:
            label = resolver.label(state.id, state.name)
            if label not in names:
                names.append(label)
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    year = f"{min(str(x) for x in starts)[:4]}; " if starts else ""
    return f"{kind}: {shown} ({year}ATOP {atopid})"


def import_atop(store: Store, path: Path, *, resolver: Resolver | None = None) -> AtopReport:
    """Replace the store's ATOP graph with the mapping of `path`, then recompute the derived facts.

    Args:
        store: the store; its graph `ATOP_GRAPH` is replaced.
        path: the ATOP member-level CSV.
    Returns:
        What was imported and what was skipped.
    Raises:
        AtopError: the file cannot be read.
    """
    from .ontology import derive

    g, report = atop_graph(path, resolver=resolver)
    store.replace_graph(g)
    derive(store)
    store.flush()
    return report


__all__ = ["AtopError", "AtopReport", "CowState", "atop_date", "atop_graph", "country_of", "cow_states",
           "import_atop", "treaty_iri", "treaty_name"]
