"""Map extractions to RDF with the alliance ontology (ontology/alliance.ttl, codes.ttl, rules/).

Each document gets one named graph. Each relation becomes an n-ary event
(source, target, quantity, location, date, subtype, its CAMEO and PLOVER codes)
with PROV-O provenance (the article, the evidence sentence and its offsets, the
confidence). Facts derived from the events live in a graph of their own,
recomputed by `derive` with the SPARQL rules of ontology/rules/: the direct
edge between two actors (`kg:supports`, `kg:deploysTroopsTo`, ...) so that
simple SPARQL stays simple, `kg:alliedWith`, and Goldstein scores per dyad-year.

Graphs of a store: one per document (`document_iri`), `ONTOLOGY_GRAPH` (the
ontology and code lists, loaded by `load_ontology`), `DERIVED_GRAPH`,
`BUILDS_GRAPH` (one `kg:Build` per build that changed something),
`ATOP_GRAPH` (formal treaties, kg/atop.py), `CLAIMS_GRAPH` (one claim per fact across articles,
kg/claims.py), `ACTORS_GRAPH`: one description per actor (classes,
one label, code, Wikidata id), which `derive` moves there out of the graphs that brought it, and
`PENDING_GRAPH`: the documents written, changed or removed since the last `derive` (`mark_pending`).
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DefinedNamespace, OWL, PROV, SKOS
from rdflib.plugins.stores.memory import SimpleMemory

from .model import Extraction, Relation
from .paths import ONTOLOGY

if TYPE_CHECKING:
    from .resolve import Resolver
    from .store import Store

BASE = "https://w3id.org/kg-alliances/"
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
CAMEO = Namespace(BASE + "code/cameo/")
PLOVER = Namespace(BASE + "code/plover/")
ATOP = Namespace(BASE + "code/atop/")
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
DERIVED_GRAPH = URIRef(BASE + "graph/derived")
BUILDS_GRAPH = URIRef(BASE + "graph/builds")
ATOP_GRAPH = URIRef(BASE + "graph/atop")
ACTORS_GRAPH = URIRef(BASE + "graph/actors")
PENDING_GRAPH = URIRef(BASE + "graph/pending")
ONTOLOGY_FILES = ("alliance.ttl", "codes.ttl")


class KG(DefinedNamespace):
    """Terms declared in ontology/alliance.ttl; tests/test_ontology.py keeps the two in sync."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg-alliances#")

    # actors and places
    Actor: URIRef
    Country: URIRef
    Organization: URIRef
    Person: URIRef
    Location: URIRef
    Conflict: URIRef
    # events, one class per relation type of the contract
    Event: URIRef
    Support: URIRef
    Meeting: URIRef
    Agreement: URIRef
    MilitaryDeployment: URIRef
    ArmsTransfer: URIRef
    Aid: URIRef
    Hostility: URIRef
    Praise: URIRef
    Accusation: URIRef
    RoleAssignment: URIRef
    # formal commitments (ATOP)
    Treaty: URIRef
    Membership: URIRef
    Dataset: URIRef
    member: URIRef
    membership: URIRef
    party: URIRef
    obligation: URIRef
    startDate: URIRef
    endDate: URIRef
    atopId: URIRef
    cowCode: URIRef
    inEffect: URIRef
    bilateral: URIRef
    # provenance
    Article: URIRef
    Evidence: URIRef
    Build: URIRef
    # event properties
    relationType: URIRef
    source: URIRef
    target: URIRef
    quantity: URIRef
    location: URIRef
    date: URIRef
    subtype: URIRef
    role: URIRef
    confidence: URIRef
    modality: URIRef
    inferredBy: URIRef
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    article: URIRef
    code: URIRef
    cameo: URIRef
    plover: URIRef
    contentHash: URIRef
    directEdge: URIRef
    # direct actor-to-actor edges
    supports: URIRef
    meetsWith: URIRef
    hasAgreementWith: URIRef
    deploysTroopsTo: URIRef
    transfersArmsTo: URIRef
    sendsAidTo: URIRef
    inConflictWith: URIRef
    praises: URIRef
    accuses: URIRef
    holdsOfficeIn: URIRef
    # build provenance
    toolVersion: URIRef
    pipeline: URIRef
    removed: URIRef
    derivationPending: URIRef
    # code lists and derived facts
    goldstein: URIRef
    alliedWith: URIRef
    DyadYear: URIRef
    dyadMember: URIRef
    year: URIRef
    score: URIRef
    eventCount: URIRef
    # claims: one per real-world fact across articles (kg/claims.py)
    Claim: URIRef
    Citation: URIRef
    articleCount: URIRef
    certaintyDiffers: URIRef
    citation: URIRef
    citedArticle: URIRef
    citedConfidence: URIRef
    citedDate: URIRef
    citedEvent: URIRef
    citedModality: URIRef
    citedQuantity: URIRef
    claimConfidence: URIRef
    claimPeriod: URIRef
    claimSource: URIRef
    claimTarget: URIRef
    claimType: URIRef
    contradicted: URIRef
    earliestDate: URIRef
    eventDate: URIRef
    figuresDisagree: URIRef
    firstDate: URIRef
    firstReported: URIRef
    lastReported: URIRef
    latestDate: URIRef
    latestQuantity: URIRef
    maxQuantity: URIRef
    minQuantity: URIRef
    outletCount: URIRef
    pairArticleCount: URIRef
    relationArticleCount: URIRef
    relationCertaintyDiffers: URIRef
    relationFigureArticleCount: URIRef
    reportCount: URIRef
    sourceList: URIRef


EVENT_CLASS: dict[str, URIRef] = {
    "SUPPORT": KG.Support, "MEET": KG.Meeting, "AGREEMENT": KG.Agreement,
    "MILITARY_DEPLOYMENT": KG.MilitaryDeployment, "ARMS_TRANSFER": KG.ArmsTransfer, "AID": KG.Aid,
    "CONFLICT": KG.Hostility, "PRAISE": KG.Praise, "ACCUSE": KG.Accusation, "ROLE": KG.RoleAssignment,
}
EDGE: dict[str, URIRef] = {
    "SUPPORT": KG.supports, "MEET": KG.meetsWith, "AGREEMENT": KG.hasAgreementWith,
    "MILITARY_DEPLOYMENT": KG.deploysTroopsTo, "ARMS_TRANSFER": KG.transfersArmsTo, "AID": KG.sendsAidTo,
    "CONFLICT": KG.inConflictWith, "PRAISE": KG.praises, "ACCUSE": KG.accuses, "ROLE": KG.holdsOfficeIn,
}
# The contract's CAMEO code and PLOVER category of each relation type (ROLE has none).
CAMEO_CODE: dict[str, str] = {
    "SUPPORT": "05", "MEET": "04", "AGREEMENT": "057", "MILITARY_DEPLOYMENT": "074", "ARMS_TRANSFER": "072",
    "AID": "07", "CONFLICT": "19", "PRAISE": "051", "ACCUSE": "112",
}
PLOVER_CATEGORY: dict[str, str] = {
    "SUPPORT": "SUPPORT", "MEET": "CONSULT", "AGREEMENT": "AGREE", "MILITARY_DEPLOYMENT": "AID",
    "ARMS_TRANSFER": "AID", "AID": "AID", "CONFLICT": "FIGHT", "PRAISE": "SUPPORT", "ACCUSE": "ACCUSE",
}
ACTOR_CLASS: dict[str, URIRef] = {
    "Country": KG.Country, "Organization": KG.Organization, "Person": KG.Person,
    "Location": KG.Location, "Conflict": KG.Conflict,
}


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of an entity id of the contract (`RUS` -> .../id/RUS).

    Example:
        >>> entity_iri("kim-jong-un")
        rdflib.term.URIRef('https://w3id.org/kg-alliances/id/kim-jong-un')
    """
    return URIRef(BASE + "id/" + quote(entity_id, safe=""))


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a source document; it also names the document's graph."""
    return URIRef(BASE + "doc/" + quote(doc_id, safe=""))


def id_of(iri: str) -> str:
    """The contract id (or document id) an IRI of ours stands for."""
    from urllib.parse import unquote

    return unquote(re.sub(r"^.*/(id|doc)/", "", str(iri)))


def event_iri(doc_id: str, rel: Relation) -> URIRef:
    """A stable IRI per (document, relation): building twice mints the same events."""
    key = "|".join(str(x) for x in (doc_id, rel.type, rel.source, rel.target, rel.quantity, rel.location,
                                    rel.date, rel.subtype, rel.role, rel.evidence))
    return URIRef(BASE + "event/" + hashlib.sha1(key.encode()).hexdigest()[:20])


def date_literal(value: str) -> Literal:
    """An ISO date at the precision the text gave: xsd:date, xsd:gYearMonth or xsd:gYear."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def bind_prefixes(g: Graph) -> None:
    g.bind("kg", KG._NS)
    g.bind("prov", PROV)
    g.bind("schema", SCHEMA)
    g.bind("sem", SEM)
    g.bind("owl", OWL)
    g.bind("skos", SKOS)
    g.bind("cameo", CAMEO)
    g.bind("plover", PLOVER)


def document_graph(extraction: Extraction, *, content_hash: str | None = None,
                   resolver: Resolver | None = None) -> Graph:
    """The named graph of one document: its article, actors, events and evidence.

    Entity ids go through `resolver` (the gazetteer's by default), so each actor is one node
    across documents and languages: its label is the gazetteer's, the article's own spellings
    are `skos:altLabel`s in the article's language, and a Wikidata id gives `owl:sameAs`.

    Args:
        extraction: what the extractor found in the document.
        content_hash: the hash of the document's text and metadata (see kg.build.content_hash).
        resolver: maps ids to canonical ids; kg.resolve.default() if None.
    Returns:
        A graph whose identifier is the document's IRI.
    """
    from .resolve import default

    resolver = resolver or default()
    d = extraction.document
    doc = document_iri(d.id)
    # SimpleMemory: a graph of one context needs none of the default store's context indexes and events,
    # which cost more than extraction itself in a build's workers (it is half the time of each add)
    g = Graph(store=SimpleMemory(), identifier=doc)
    bind_prefixes(g)
    g.add((doc, RDF.type, KG.Article))
    g.add((doc, RDF.type, SCHEMA.NewsArticle))
    g.add((doc, SCHEMA.identifier, Literal(d.id)))
    g.add((doc, SCHEMA.inLanguage, Literal(extraction.lang)))
    if d.title:
        g.add((doc, SCHEMA.headline, Literal(d.title)))
    if d.published:
        g.add((doc, SCHEMA.datePublished, date_literal(d.published)))
    if d.url:
        g.add((doc, SCHEMA.url, Literal(d.url, datatype=XSD.anyURI)))
    if content_hash:
        g.add((doc, KG.contentHash, Literal(content_hash)))
    described: set[str] = set()
    for e in extraction.entities:
        id_ = resolver.resolve(e.id)
        node = entity_iri(id_)
        _describe(g, doc, id_, e.type, resolver.label(id_, e.label), resolver)
        described.add(id_)
        for start, end in e.mentions:
            surface = " ".join(d.text[start:end].split())
            if surface and surface != resolver.label(id_, e.label):
                g.add((node, SKOS.altLabel, Literal(surface, lang=extraction.lang or None)))
    relations = [_resolved(rel, resolver) for rel in extraction.relations]
    # an endpoint the entity list lacks (a ROLE's country, say) is still a typed node, never a dangling IRI
    for id_ in sorted({x for r in relations for x in (r.source, r.target, r.location) if x} - described):
        type_ = resolver.types.get(id_)
        if type_ in ACTOR_CLASS:
            _describe(g, doc, id_, type_, resolver.label(id_, id_), resolver)
    for rel in relations:
        add_relation(g, d.id, rel, d.text)
    return g


def _describe(g: Graph, doc: URIRef, id_: str, type_: str, label: str, resolver: Resolver) -> None:
    node = entity_iri(id_)
    g.add((node, RDF.type, ACTOR_CLASS[type_]))
    g.add((node, RDFS.label, Literal(label)))
    g.add((node, KG.code, Literal(id_)))
    g.add((node, PROV.wasDerivedFrom, doc))
    g.add((doc, SCHEMA.mentions, node))
    same = resolver.same_as(id_)
    if same:
        g.add((node, OWL.sameAs, URIRef(same)))


def _resolved(rel: Relation, resolver: Resolver) -> Relation:
    return dataclasses.replace(rel, source=resolver.resolve(rel.source), target=resolver.resolve(rel.target),
                               location=resolver.resolve(rel.location) if rel.location else None)


def add_relation(g: Graph, doc_id: str, rel: Relation, text: str = "", *, direct_edge: bool = False) -> URIRef:
    """Add one relation as an event with its codes and provenance; return the event's IRI.

    The direct actor-to-actor edge is derived by ontology/rules/10-direct-edges.rq; pass
    `direct_edge=True` to also write it here, for a graph that never meets the rules.
    """
    ev = event_iri(doc_id, rel)
    src, tgt = entity_iri(rel.source), entity_iri(rel.target)
    g.add((ev, RDF.type, EVENT_CLASS[rel.type]))
    g.add((ev, RDF.type, KG.Event))  # `?e a kg:Event` finds every event without a reasoner
    g.add((ev, KG.relationType, Literal(rel.type)))
    g.add((ev, KG.source, src))
    g.add((ev, KG.target, tgt))
    g.add((ev, KG.article, document_iri(doc_id)))
    g.add((ev, PROV.wasDerivedFrom, document_iri(doc_id)))
    g.add((ev, KG.confidence, Literal(round(rel.confidence, 2), datatype=XSD.decimal)))
    g.add((ev, KG.modality, Literal(rel.modality)))
    if rel.inferred:
        g.add((ev, KG.inferredBy, Literal(rel.inferred)))
    if rel.type in CAMEO_CODE:
        g.add((ev, SEM.eventType, CAMEO[CAMEO_CODE[rel.type]]))
        g.add((ev, SEM.eventType, PLOVER[PLOVER_CATEGORY[rel.type]]))
    if rel.quantity is not None:
        g.add((ev, KG.quantity, Literal(int(rel.quantity), datatype=XSD.integer)))
    if rel.location:
        g.add((ev, KG.location, entity_iri(rel.location)))
    if rel.date:
        g.add((ev, KG.date, date_literal(rel.date)))
    if rel.subtype:
        g.add((ev, KG.subtype, Literal(rel.subtype)))
    if rel.role:
        g.add((ev, KG.role, Literal(rel.role)))
    if rel.evidence is not None:
        evidence = URIRef(f"{ev}/evidence")
        g.add((ev, KG.evidence, evidence))
        g.add((evidence, RDF.type, KG.Evidence))
        g.add((evidence, KG.startOffset, Literal(rel.evidence[0], datatype=XSD.integer)))
        g.add((evidence, KG.endOffset, Literal(rel.evidence[1], datatype=XSD.integer)))
        if text:
            g.add((evidence, PROV.value, Literal(text[rel.evidence[0]:rel.evidence[1]].strip())))
        g.add((evidence, PROV.wasDerivedFrom, document_iri(doc_id)))
    if direct_edge:
        g.add((src, EDGE[rel.type], tgt))
    return ev


def to_graph(extractions: Iterable[Extraction], *, derived: bool = True) -> Dataset:
    """Map extractions to a dataset with one named graph per document, plus the derived graph.

    Args:
        extractions: the documents' extractions.
        derived: also run the rules of ontology/rules/ and add their graph (direct edges, alliedWith, scores).
    Returns:
        An rdflib Dataset (the ontology itself is not included; see `ontology_graph`).
    """
    from .store import Store

    store = Store()
    for ex in extractions:
        store.replace_graph(document_graph(ex))
    if derived:
        derive(store)
    ds = Dataset()
    bind_prefixes(ds)
    rows = store.query(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}",
                       union=False).rows
    for r in rows:
        ds.graph(r["g"]).add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
    return ds


def build_record(*, started: datetime, ended: datetime, version: str, pipeline: str,
                 generated: Iterable[str] = (), removed: Iterable[str] = ()) -> Graph:
    """One build as a PROV-O activity: tool version, pipeline, times, documents it (re)made or removed.

    Example:
        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 7, 13, 12, 0, tzinfo=timezone.utc)
        >>> g = build_record(started=t, ended=t, version="0.1.0", pipeline="test", generated=["a.txt"])
        >>> sorted(str(o) for o in g.objects(None, PROV.generated))
        ['https://w3id.org/kg-alliances/doc/a.txt']
    """
    generated, removed = sorted(generated), sorted(removed)
    key = "|".join([started.isoformat(), *generated, "-", *removed])
    build = URIRef(BASE + "build/" + started.strftime("%Y%m%dT%H%M%S") + "-"
                   + hashlib.sha1(key.encode()).hexdigest()[:8])
    g = Graph(identifier=BUILDS_GRAPH)
    bind_prefixes(g)
    g.add((build, RDF.type, KG.Build))
    g.add((build, RDF.type, PROV.Activity))
    g.add((build, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    g.add((build, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    g.add((build, KG.toolVersion, Literal(version)))
    g.add((build, KG.pipeline, Literal(pipeline)))
    g.add((build, PROV.wasAssociatedWith, URIRef(BASE + "software/kg")))
    g.add((URIRef(BASE + "software/kg"), RDF.type, PROV.SoftwareAgent))
    g.add((URIRef(BASE + "software/kg"), RDFS.label, Literal("kg")))
    for doc_id in generated:
        g.add((build, PROV.generated, document_iri(doc_id)))
    for doc_id in removed:
        g.add((build, KG.removed, document_iri(doc_id)))
    return g


def ontology_graph(folder: Path | None = None) -> Graph:
    """The ontology and its code lists (ontology/alliance.ttl and codes.ttl) as the graph `ONTOLOGY_GRAPH`."""
    folder = folder or ONTOLOGY
    g = Graph(identifier=ONTOLOGY_GRAPH)
    bind_prefixes(g)
    for name in ONTOLOGY_FILES:
        g.parse(folder / name, format="turtle")
    return g


def load_ontology(store: Store, folder: Path | None = None) -> None:
    """Put the ontology and code lists in the store's graph `ONTOLOGY_GRAPH` (replacing an older copy).

    The files are parsed by the store (Oxigraph, in Rust: a tenth of the time rdflib takes, which every
    build that changes something paid), each load one transaction.
    """
    folder = folder or ONTOLOGY
    store.remove_graph(str(ONTOLOGY_GRAPH))
    for name in ONTOLOGY_FILES:
        store.load(io.BytesIO((folder / name).read_bytes()), "turtle", graph=str(ONTOLOGY_GRAPH))


def rule_files(folder: Path | None = None) -> list[Path]:
    """The derivation rules (SPARQL updates) of ontology/rules/, in the order they run."""
    return sorted((folder or ONTOLOGY / "rules").glob("*.rq"))


def pending_quads(iris: Iterable[str]) -> bytes:
    """N-Quads saying that `derive` has not read the documents `iris` as they now are (see `mark_pending`).

    Example:
        >>> pending_quads(["https://w3id.org/kg-alliances/doc/a"]).decode().split()[:2]
        ['<https://w3id.org/kg-alliances/doc/a>', '<https://w3id.org/kg-alliances#derivationPending>']
    """
    return "".join(f'<{iri}> <{KG.derivationPending}> "true"^^<{XSD.boolean}> <{PENDING_GRAPH}> .\n'
                   for iri in iris).encode("utf-8")


def mark_pending(store: Store, doc_ids: Iterable[str]) -> None:
    """Record that the documents' graphs are about to change and `derive` has yet to read them.

    A document's content hash says its graph is whole, not that the facts derived from it (its claims,
    its actors moved to `ACTORS_GRAPH`) are: a build killed after writing the hash and before deriving
    would leave them undone for good, since the next build does not extract the document again.
    So the mark goes in before (or with) the graph, and `derive` removes it once it has run.
    """
    store.load(io.BytesIO(pending_quads(str(document_iri(d)) for d in doc_ids)), "nquads")


def pending(store: Store) -> list[str]:
    """The ids of the documents written, changed or removed since the last `derive`."""
    rows = store.query(f"SELECT ?d WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?d kg:derivationPending ?x }} }}",
                       union=False).rows
    return sorted(id_of(str(r["d"])) for r in rows if r["d"] is not None)


def derive(store: Store, documents: Iterable[str] | None = None) -> int:
    """Bring the claims up to date, then recompute the derived graph from scratch with the rules of ontology/rules/.

    Run after every change to the store (build, remove, import), so derived facts never
    outlive the events they come from. Loads the ontology first: the rules read its
    direct-edge annotations and Goldstein weights.

    Args:
        documents: the ids of the documents added, changed or removed since the last derive: only
            the claims they touch are recomputed (kg/claims.py), and those of the documents a process
            killed before its derive left in `PENDING_GRAPH`; None recomputes every claim.
    Returns:
        The number of triples in the derived graph.
    """
    from .claims import update_claims

    if documents is not None:
        # the documents of a build killed between writing them and deriving: their claims were never
        # computed, and this build, which did not write them, would not name them
        documents = sorted({*documents, *pending(store)})
    update_claims(store, documents)
    load_ontology(store)
    store.remove_graph(str(DERIVED_GRAPH))
    for rule in rule_files():
        store.update(rule.read_text(encoding="utf-8"))
    # last: a derive killed before here is redone for the same documents by the next build
    store.remove_graph(str(PENDING_GRAPH))
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}",
                       union=False).rows
    n = rows[0]["n"]
    return int(n) if n is not None else 0  # type: ignore[arg-type]
