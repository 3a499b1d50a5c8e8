"""Project the store onto networkx and answer an analyst's questions: blocs, brokers, dyads, paths.

The projection is plain data: `load_events` reads every relation of the store
once (with its evidence, date, article and confidence) into `Event` records;
`to_networkx` aggregates them into one edge per dyad and relation type. The
analyses are plain functions over that graph, seeded where randomness enters
so that two runs give the same answer.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from .errors import UnknownActor
from .model import SYMMETRIC
from .ontology import id_of
from .store import Store

COOPERATION: frozenset[str] = frozenset(
    {"SUPPORT", "MEET", "AGREEMENT", "MILITARY_DEPLOYMENT", "ARMS_TRANSFER", "AID", "PRAISE"})
CONFLICT: frozenset[str] = frozenset({"CONFLICT", "ACCUSE"})
STATES: frozenset[str] = frozenset({"Country", "Organization"})
Period = Literal["year", "quarter", "month"]

# One row per event: SAMPLE keeps it one even if an event carries two labels or dates.
EVENTS = """
SELECT ?e (SAMPLE(?type) AS ?t) (SAMPLE(?s) AS ?src) (SAMPLE(?o) AS ?tgt) (SAMPLE(?q) AS ?qty)
       (SAMPLE(?d) AS ?date) (SAMPLE(?pub) AS ?published) (SAMPLE(?conf) AS ?confidence)
       (SAMPLE(?text) AS ?evidence) (SAMPLE(?title) AS ?headline) (SAMPLE(?url) AS ?link) (SAMPLE(?doc) AS ?article)
       (SAMPLE(?loc) AS ?location) (SAMPLE(?mod) AS ?modality) WHERE {
  ?e kg:relationType ?type ; kg:source ?s ; kg:target ?o ; kg:article ?doc .
  OPTIONAL { ?e kg:confidence ?conf } OPTIONAL { ?e kg:quantity ?q } OPTIONAL { ?e kg:date ?d }
  OPTIONAL { ?e kg:modality ?mod }
  OPTIONAL { ?e kg:location ?loc } OPTIONAL { ?e kg:evidence/prov:value ?text }
  OPTIONAL { ?doc schema:headline ?title } OPTIONAL { ?doc schema:url ?url }
  OPTIONAL { ?doc schema:datePublished ?pub }
} GROUP BY ?e"""
# Actors are described once, in graph:actors (ontology/rules/00-actors.rq). Over the union of all graphs
# a store whose article graphs still carried their descriptions (not yet derived) gave one row per
# (type, label) pair of graphs: rows grew with the square of the articles naming an actor (10,000
# generated articles: more than 15 min and 13.5 GB), so the union is read only when graph:actors is empty.
ACTORS = """
SELECT ?a ?kind ?label WHERE {
  GRAPH <https://w3id.org/kg-alliances/graph/actors> {
    ?a a ?kind . FILTER(?kind IN (kg:Country, kg:Organization, kg:Person, kg:Location, kg:Conflict))
    OPTIONAL { ?a rdfs:label ?label }
  }
}"""
ACTORS_ANYWHERE = """
SELECT DISTINCT ?a ?kind ?label WHERE {
  GRAPH ?g { ?a a ?kind . FILTER(?kind IN (kg:Country, kg:Organization, kg:Person, kg:Location, kg:Conflict)) }
  OPTIONAL { GRAPH ?g { ?a rdfs:label ?label } }
}"""
# When an id is typed twice (a capital that is also a Location), the more specific actor kind wins.
KIND_RANK = {"Country": 0, "Organization": 1, "Person": 2, "Conflict": 3, "Location": 4}


@dataclass(frozen=True)
class Actor:
    """A node of the graph: contract id, label, and kind (Country, Organization, Person, ...)."""

    id: str
    label: str
    kind: str


@dataclass(frozen=True)
class Event:
    """One relation of one article, with what an analyst needs to check it."""

    id: str
    type: str
    source: str
    target: str
    confidence: float
    doc: str
    date: str | None = None
    quantity: int | None = None
    location: str | None = None
    text: str = ""
    title: str = ""
    url: str = ""
    modality: str = "asserted"  # or "reported": what the article only attributes to others
    published: str | None = None  # the article's date
    # a claim (kg/claims.py) stands for the events of many articles: their ids, and one line per source
    articles: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def docs(self) -> tuple[str, ...]:
        """The articles this record rests on: a claim's sources, an event's own article."""
        return self.articles or (self.doc,)

    @property
    def tone(self) -> Literal["cooperation", "conflict", "other"]:
        return "cooperation" if self.type in COOPERATION else "conflict" if self.type in CONFLICT else "other"


@dataclass(frozen=True)
class Filter:
    """Which events a view or analysis keeps.

    Args:
        types: relation types to keep (None keeps all but ROLE).
        since, until: ISO dates or prefixes (2024, 2024-06); an event without any date is dropped
            when either is set. An event's date is its own, else its article's publication date.
        min_confidence: drop events below this extraction confidence.
    """

    types: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float = 0.0

    def keeps(self, e: Event) -> bool:
        """Whether `e` passes the filter.

        Example:
            >>> e = Event("e1", "SUPPORT", "PRK", "RUS", 0.9, "d", date="2024-06")
            >>> Filter(since="2024-06-19").keeps(e), Filter(until="2024-05").keeps(e)
            (True, False)
        """
        if (e.type not in self.types) if self.types is not None else e.type == "ROLE":
            return False
        if e.confidence < self.min_confidence:
            return False
        if self.since or self.until:
            if not e.date:
                return False
            # compare at the coarser of the two precisions: "2024-06" overlaps "2024-06-19"
            if self.since and e.date < self.since[:len(e.date)]:
                return False
            if self.until and e.date[:len(self.until)] > self.until:
                return False
        return True


def load_actors(store: Store) -> dict[str, Actor]:
    """Every actor of the store by contract id."""
    best: dict[str, Actor] = {}
    rows = store.query(ACTORS, union=False).rows or store.query(ACTORS_ANYWHERE, union=False).rows
    for r in rows:
        a, kind = id_of(str(r["a"])), str(r["kind"]).rsplit("#", 1)[-1]
        label = str(r["label"]) if r["label"] is not None else a
        old = best.get(a)
        if old is None or KIND_RANK.get(kind, 9) < KIND_RANK.get(old.kind, 9):
            best[a] = Actor(a, label, kind)
    return best


def load_events(store: Store, flt: Filter = Filter()) -> list[Event]:
    """The events of the store that pass `flt`, sorted by date then id (so outputs are stable)."""
    out = []
    # as text (query_strings, "" where unbound): rdflib terms for every value of 85k events (their evidence
    # sentences, headlines, URLs) were most of the report's events view at 10,000 generated articles
    for r in store.query_strings(EVENTS):
        def s(k: str) -> str:
            return r[k]
        e = Event(id=s("e").rsplit("/", 1)[-1], type=s("t"), source=id_of(s("src")), target=id_of(s("tgt")),
                  confidence=float(s("confidence") or 1.0), doc=id_of(s("article")),
                  date=s("date") or s("published") or None, quantity=int(s("qty")) if s("qty") else None,
                  location=id_of(s("location")) if s("location") else None,
                  text=s("evidence"), title=s("headline"), url=s("link"), modality=s("modality") or "asserted",
                  published=s("published") or None)
        if flt.keeps(e):
            out.append(e)
    return sorted(out, key=lambda e: (e.date or "", e.id))


def _column(prop: str, var: str, subject: str = "c") -> str:
    return f"{{ SELECT ?{subject} ?{var} WHERE {{ GRAPH {_CLAIMS_GRAPH} {{ ?{subject} {prop} ?{var} }} }} }}"


_CLAIMS_GRAPH = "<https://w3id.org/kg-alliances/graph/claims>"
# One row per claim, then one per citation (a claim's sources), joined in Python. Each property is read as
# a column of its own, joined by hash: a look-up per claim and property cost 7 s on 10,000 generated
# articles (34k claims), the columns 3 s. The sources are not folded into the claims' rows in SPARQL: an
# OPTIONAL on the event dates there multiplied each claim's rows by its dates (the alliance view of
# 10,000 articles took 69 s, 18 times that of 2,000), and building the strings read every IRI's text.
CLAIMS = f"""
SELECT ?c ?type ?src ?tgt ?n ?conf ?period ?date ?first ?latest ?disagree ?outlets ?sources WHERE {{
  {_column("kg:claimType", "type")} {_column("kg:claimSource", "src")} {_column("kg:claimTarget", "tgt")}
  {_column("kg:articleCount", "n")} {_column("kg:claimConfidence", "conf")}
  OPTIONAL {_column("kg:claimPeriod", "period")} OPTIONAL {_column("kg:firstReported", "first")}
  OPTIONAL {_column("kg:latestQuantity", "latest")} OPTIONAL {_column("kg:figuresDisagree", "disagree")}
  OPTIONAL {_column("kg:outletCount", "outlets")} OPTIONAL {_column("kg:sourceList", "sources")}
  OPTIONAL {{ SELECT ?c (MIN(?d) AS ?date) WHERE {{ GRAPH {_CLAIMS_GRAPH} {{ ?c kg:eventDate ?d }} }} GROUP BY ?c }}
}}"""
CITATIONS = f"""
SELECT ?c ?doc ?pub ?q ?mod WHERE {{
  {_column("kg:citation", "cit")} {_column("kg:citedArticle", "doc", "cit")} {_column("kg:citedModality", "mod", "cit")}
  OPTIONAL {_column("kg:citedDate", "pub", "cit")} OPTIONAL {_column("kg:citedQuantity", "q", "cit")}
}}"""
SOURCES_SHOWN = 8  # source lines a claim keeps for tooltips: the latest


def load_claims(store: Store, flt: Filter = Filter()) -> list[Event]:
    """The claims of the store that pass `flt`, one record each (as `Event`s, sorted by date then id).

    A claim's record carries its articles (`docs`), its aggregated confidence, the latest figure, its
    earliest date (an event's, else the first report's) and one line per source, latest first. A store
    without claims (one written by hand, not by `kg build`) gives its events instead.
    """
    from urllib.parse import unquote

    from .claims import has_claims

    if not has_claims(store):
        return load_events(store, flt)
    # a claim's sources: (article's date, article id, figure, modality), one per citation and figure: from
    # each claim's kg:sourceList, one text per claim, where reading the citations decoded two IRIs for each
    # of them (85k citations at 10,000 generated articles: 2.7 s of analyze's 9.5 s). Read as text
    # (query_strings), not as rdflib terms (5 s more). An unbound value reads as "", as every use below
    # treats it. A store derived before claims had a source list reads the citations
    sources: dict[str, set[tuple[str, str, str, str]]] = defaultdict(set)
    listed = store.query(f"ASK {{ GRAPH {_CLAIMS_GRAPH} {{ ?c kg:sourceList ?l }} }}", union=False).boolean
    if not listed:
        for r in store.query_strings(CITATIONS, union=False):
            sources[r["c"]].add((r["pub"], r["doc"].split("/doc/", 1)[-1], r["q"], r["mod"]))
    out = []
    for r in store.query_strings(CLAIMS, union=False):
        def s(k: str) -> str:
            return r.get(k, "")
        if listed:
            sources[s("c")] = {tuple(line.split("\t")) for line in s("sources").split("\n") if line}  # type: ignore[misc]
        cites = sorted(sources[s("c")], reverse=True)
        docs = tuple(sorted({unquote(c[1]) for c in cites}))
        lines = []
        for when, doc, qty, mod in cites[:SOURCES_SHOWN]:
            figure = f" · {int(qty):,}" if qty else ""
            lines.append(f"{when or 'undated'} · {unquote(doc)}{figure}" + (" · reported" if mod == "reported" else ""))
        if len(cites) > SOURCES_SHOWN:
            lines.append(f"… and {len(cites) - SOURCES_SHOWN} more")
        n, outlets = len(docs), s("outlets") or str(len(docs))
        summary = (f"{n} article{'s' if n != 1 else ''}, {outlets} outlet{'s' if outlets != '1' else ''}"
                   + ("; the figures disagree" if s("disagree") == "true" else ""))
        modality = "asserted" if any(c[3] == "asserted" for c in cites) else "reported"
        e = Event(id=s("c").split("/claim/", 1)[-1], type=s("type"), source=id_of(s("src")), target=id_of(s("tgt")),
                  confidence=float(s("conf") or 1.0), doc=docs[0] if docs else "",
                  date=s("date") or s("period").replace("undated", "") or s("first") or None,
                  quantity=int(s("latest")) if s("latest") else None, text=summary, modality=modality,
                  published=s("first") or None, articles=docs, sources=tuple(lines))
        if flt.keeps(e):
            out.append(e)
    return sorted(out, key=lambda e: (e.date or "", e.id))


TREATIES = """
SELECT ?t (SAMPLE(?l) AS ?label) (SAMPLE(?s) AS ?start) (SAMPLE(?x) AS ?end) (SAMPLE(?eff) AS ?effect)
       (GROUP_CONCAT(DISTINCT STRAFTER(STR(?m), "/id/"); separator=" ") AS ?members)
       (GROUP_CONCAT(DISTINCT STRAFTER(STR(?o), "/atop/"); separator=" ") AS ?obligations) WHERE {
  ?t a kg:Treaty ; kg:member ?m .
  OPTIONAL { ?t rdfs:label ?l } OPTIONAL { ?t kg:startDate ?s } OPTIONAL { ?t kg:endDate ?x }
  OPTIONAL { ?t kg:inEffect ?eff } OPTIONAL { ?t kg:obligation ?o }
} GROUP BY ?t"""


@dataclass(frozen=True)
class Treaty:
    """A formal alliance commitment (ATOP): its members, obligations and dates."""

    id: str
    label: str
    members: tuple[str, ...]
    obligations: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    in_effect: bool = False

    def describe(self) -> str:
        """One line: name, obligations, years.

        Example:
            >>> Treaty("9001", "Defence pact", ("PRK", "RUS"), ("defense",), "2024-06-19", None, True).describe()
            'Defence pact · defense · since 2024, in effect'
        """
        years = f"since {self.start[:4]}" if self.start else ""
        if self.end:
            years += f" until {self.end[:4]}"
        return " · ".join(x for x in (self.label, ", ".join(self.obligations), years
                                      + (", in effect" if self.in_effect else "")) if x)


def load_treaties(store: Store) -> list[Treaty]:
    """The formal commitments `kg import atop` loaded (none if it was not run), sorted by start then id."""
    out = []
    for r in store.query(TREATIES).rows:
        def s(k: str) -> str:
            return "" if r.get(k) is None else str(r[k])
        out.append(Treaty(s("t").rsplit("/", 1)[-1], s("label") or s("t"), tuple(sorted(s("members").split())),
                          tuple(sorted(s("obligations").split())), s("start") or None, s("end") or None,
                          s("effect") == "true"))
    return sorted(out, key=lambda t: (t.start or "", t.id))


def add_treaties(G: nx.MultiDiGraph, treaties: list[Treaty]) -> nx.MultiDiGraph:
    """Add to `G` one `TREATY` edge per pair of its actors bound by formal commitments, with those treaties.

    Only actors already in `G` are joined (a 30-member treaty does not add 30 nodes to a news graph).
    """
    pairs: dict[tuple[str, str], list[Treaty]] = defaultdict(list)
    for t in treaties:
        present = [m for m in t.members if m in G]
        for i, a in enumerate(present):
            for b in present[i + 1:]:
                pairs[tuple(sorted((a, b)))].append(t)  # type: ignore[index]
    for (a, b), ts in sorted(pairs.items()):
        G.add_edge(a, b, key="TREATY", type="TREATY", tone="commitment", count=len(ts), symmetric=True,
                   treaties=ts, quantity=None)
    return G


def dyad(e: Event) -> tuple[str, str]:
    """The edge key of an event: ordered for directed relations, sorted for symmetric ones."""
    return tuple(sorted((e.source, e.target))) if e.type in SYMMETRIC else (e.source, e.target)  # type: ignore[return-value]


def to_networkx(events: Iterable[Event], actors: dict[str, Actor], *,
                kinds: frozenset[str] | None = STATES) -> nx.MultiDiGraph:
    """Aggregate events or claims into one edge per (dyad, relation type), keyed by the type.

    Nodes carry `label` and `kind`; edges carry `type`, `tone`, `count` (the distinct articles),
    `quantity` (the sum, or None), `symmetric` and `events` (the Event or claim records, for tooltips
    and drill-down).

    Args:
        kinds: actor kinds to keep (default states and organizations); None keeps every actor.
    """
    G = nx.MultiDiGraph()
    groups: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for e in events:
        ends = [actors.get(x, Actor(x, x, "Country")) for x in (e.source, e.target)]
        if kinds is not None and any(a.kind not in kinds for a in ends):
            continue
        for a in ends:
            G.add_node(a.id, label=a.label, kind=a.kind)
        s, t = dyad(e)
        groups[(s, t, e.type)].append(e)
    for (s, t, typ), evs in sorted(groups.items()):
        qs = [e.quantity for e in evs if e.quantity is not None]
        # the width of an edge: independent articles, not mentions (a long article repeating a claim counts once)
        articles = len({d for e in evs for d in e.docs})
        G.add_edge(s, t, key=typ, type=typ, tone=evs[0].tone, count=articles, quantity=sum(qs) if qs else None,
                   symmetric=typ in SYMMETRIC, events=evs)
    return G


def check_actor(G: nx.Graph, actor: str) -> str:
    """Return `actor` if it is a node of `G`, else raise UnknownActor with close matches."""
    import difflib

    if actor in G:
        return actor
    by_label = {str(d.get("label", n)).lower(): n for n, d in G.nodes(data=True)}
    by_label.update({str(n).lower(): n for n in G})
    if actor.lower() in by_label:
        return str(by_label[actor.lower()])
    names = [str(n) for n in G] + list(by_label)
    raise UnknownActor(actor, difflib.get_close_matches(actor, names, n=3))


def cooperation_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of cooperation: weight = number of cooperative reports."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for s, t, d in G.edges(data=True):
        if d["tone"] == "cooperation" and s != t:
            w = H.get_edge_data(s, t, {"weight": 0})["weight"] + d["count"]
            H.add_edge(s, t, weight=w)
    return H


def blocs(G: nx.MultiDiGraph, *, seed: int = 7, resolution: float = 1.0) -> list[list[str]]:
    """Blocs of actors that cooperate with each other (Louvain communities on cooperation edges).

    Actors linked only by conflict stay alone. Seeded: the same graph gives the same blocs.

    Returns:
        Blocs as sorted id lists, largest first.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> for s, t in [("A", "B"), ("B", "C"), ("X", "Y")]:
        ...     _ = G.add_edge(s, t, key="SUPPORT", tone="cooperation", count=1)
        >>> _ = G.add_edge("C", "X", key="CONFLICT", tone="conflict", count=5)
        >>> blocs(G)
        [['A', 'B', 'C'], ['X', 'Y']]
    """
    H = cooperation_graph(G)
    found = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(map(str, c)) for c in found), key=lambda c: (-len(c), c))


def brokers(G: nx.MultiDiGraph, *, top: int = 10) -> list[tuple[str, float]]:
    """Actors that sit on the most shortest paths between others (betweenness, all relations, undirected).

    Example:
        >>> G = nx.MultiDiGraph([("A", "B"), ("B", "C")])
        >>> brokers(G, top=1)
        [('B', 1.0)]
    """
    H = nx.Graph(G.to_undirected(as_view=True))
    H.remove_edges_from(nx.selfloop_edges(H))
    score = nx.betweenness_centrality(H, normalized=True)
    return sorted(((str(n), round(v, 4)) for n, v in score.items()), key=lambda x: (-x[1], x[0]))[:top]


def period_of(date: str, period: Period = "year") -> str:
    """The period an ISO date (or prefix) falls in; a date too coarse for `period` keeps its precision.

    Example:
        >>> period_of("2024-06-19", "quarter"), period_of("2024-06-19", "month"), period_of("2024", "month")
        ('2024-Q2', '2024-06', '2024')
    """
    if period == "year" or len(date) < 7:
        return date[:4]
    if period == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    return date[:7]


@dataclass(frozen=True)
class DyadScore:
    """Cooperation against conflict between two actors in one period: score in [-1, 1]."""

    period: str
    a: str
    b: str
    cooperation: int
    conflict: int

    @property
    def score(self) -> float:
        n = self.cooperation + self.conflict
        return round((self.cooperation - self.conflict) / n, 3) if n else 0.0


def dyad_scores(events: Iterable[Event], *, period: Period = "year",
                by: Literal["reports", "articles"] = "reports") -> list[DyadScore]:
    """Per unordered pair of actors and period, count cooperative and conflictual reports (or articles:
    an article counts once for each tone it reports, however often it repeats a claim).

    Example:
        >>> evs = [Event("1", "SUPPORT", "PRK", "RUS", 1, "d", "2024-06"),
        ...        Event("2", "CONFLICT", "UKR", "RUS", 1, "d", "2024-07"),
        ...        Event("3", "AID", "RUS", "PRK", 1, "d", "2024-09")]
        >>> [(d.period, d.a, d.b, d.score) for d in dyad_scores(evs)]
        [('2024', 'PRK', 'RUS', 1.0), ('2024', 'RUS', 'UKR', -1.0)]
    """
    coop: Counter[tuple[str, str, str]] = Counter()
    conf: Counter[tuple[str, str, str]] = Counter()
    seen: set[tuple[str, str, str, str, str]] = set()
    for e in events:
        if e.tone == "other" or not e.date or e.source == e.target:
            continue
        a, b = sorted((e.source, e.target))
        key = (period_of(e.date, period), a, b)
        if by == "articles":
            if (*key, e.tone, e.doc) in seen:
                continue
            seen.add((*key, e.tone, e.doc))
        (coop if e.tone == "cooperation" else conf)[key] += 1
    keys = sorted(set(coop) | set(conf))
    return [DyadScore(p, a, b, coop[(p, a, b)], conf[(p, a, b)]) for p, a, b in keys]


def shortest_paths(G: nx.MultiDiGraph, a: str, b: str, *, limit: int = 5) -> list[list[str]]:
    """Up to `limit` shortest paths between two actors, over any relation, in either direction.

    Raises:
        UnknownActor: `a` or `b` is not in the graph.

    Example:
        >>> G = nx.MultiDiGraph([("PRK", "RUS"), ("UKR", "RUS")])
        >>> shortest_paths(G, "PRK", "UKR")
        [['PRK', 'RUS', 'UKR']]
    """
    a, b = check_actor(G, a), check_actor(G, b)
    H = G.to_undirected(as_view=True)
    try:
        found = nx.all_shortest_paths(H, a, b)
        return sorted([list(map(str, p)) for _, p in zip(range(limit), found)])
    except nx.NetworkXNoPath:
        return []


def describe_path(G: nx.MultiDiGraph, path: list[str]) -> str:
    """A path as text with the relation types of each hop: `PRK -[SUPPORT]-> RUS <-[CONFLICT]- UKR`."""
    out = [path[0]]
    for u, v in zip(path, path[1:]):
        fwd, back = G.get_edge_data(u, v, default={}), G.get_edge_data(v, u, default={})
        types = ", ".join(sorted(set(fwd) | set(back)))
        right = any(not d.get("symmetric") for d in fwd.values())
        left = any(not d.get("symmetric") for d in back.values())
        out.append(f"-[{types}]-> {v}" if right and not left else f"<-[{types}]- {v}" if left and not right
                   else f"-[{types}]- {v}")
    return " ".join(out)


def top_actors(events: Iterable[Event], types: Iterable[str], *,
               by: Literal["count", "quantity", "articles"] = "count", top: int = 10) -> list[tuple[str, int]]:
    """The sources of the most events of `types` (top supporters, suppliers), by reports or summed quantity.

    Example:
        >>> evs = [Event("1", "ARMS_TRANSFER", "PRK", "RUS", 1, "d", quantity=500),
        ...        Event("2", "ARMS_TRANSFER", "IRN", "RUS", 1, "d", quantity=90),
        ...        Event("3", "ARMS_TRANSFER", "IRN", "RUS", 1, "d")]
        >>> top_actors(evs, ["ARMS_TRANSFER"]), top_actors(evs, ["ARMS_TRANSFER"], by="quantity")
        ([('IRN', 2), ('PRK', 1)], [('PRK', 500), ('IRN', 90)])
    """
    kinds = set(types)
    n: Counter[str] = Counter()
    docs: set[tuple[str, str]] = set()
    for e in events:
        if e.type in kinds:
            if by == "articles":
                if (e.source, e.doc) in docs:
                    continue
                docs.add((e.source, e.doc))
            n[e.source] += (e.quantity or 0) if by == "quantity" else 1
    return sorted(((a, c) for a, c in n.items() if c), key=lambda x: (-x[1], x[0]))[:top]


Table = list[dict[str, object]]


def analysis(G: nx.MultiDiGraph, events: list[Event], *, seed: int = 7, period: Period = "year", top: int = 10,
             path: tuple[str, str] | None = None, treaties: list[Treaty] | None = None) -> dict[str, Table]:
    """The analyst's tables: blocs, brokers, the most active dyads per period, optionally paths, and the
    formal commitments (ATOP treaties) binding actors of `G` to each other, beside the news.

    Returns:
        Table name -> rows (plain dicts, in display order).
    """
    label = {str(n): str(d.get("label", n)) for n, d in G.nodes(data=True)}
    tables: dict[str, Table] = {
        "blocs": [{"bloc": i + 1, "size": len(b), "members": ", ".join(label.get(a, a) for a in b)}
                  for i, b in enumerate(blocs(G, seed=seed)) if len(b) > 1],
        "brokers": [{"actor": a, "label": label.get(a, a), "betweenness": v} for a, v in brokers(G, top=top) if v > 0],
    }
    scores = dyad_scores([e for e in events if e.source in G and e.target in G], period=period)
    volume: Counter[tuple[str, str]] = Counter()
    for d in scores:
        volume[(d.a, d.b)] += d.cooperation + d.conflict
    active = {k for k, _ in sorted(volume.items(), key=lambda x: (-x[1], x[0]))[:top]}
    tables["dyads"] = [{"period": d.period, "a": d.a, "b": d.b, "cooperation": d.cooperation, "conflict": d.conflict,
                        "score": d.score} for d in scores if (d.a, d.b) in active]
    if path is not None:
        tables["paths"] = [{"hops": len(p) - 1, "path": describe_path(G, p)} for p in shortest_paths(G, *path)]
    if treaties:
        rows: Table = []
        for t in treaties:
            present = [m for m in t.members if m in G]
            if len(present) >= 2:
                rows.append({"treaty": t.label, "members in the news": ", ".join(label.get(m, m) for m in present),
                             "obligations": ", ".join(t.obligations), "start": t.start or "",
                             "in effect": "yes" if t.in_effect else "no"})
        tables["treaties"] = rows
    return tables
