"""Map extractions to RDF with the alliance ontology (ontology/alliance.ttl).

Each document gets one named graph. Each relation becomes an n-ary event
(source, target, quantity, location, date, subtype) with PROV-O provenance
(the article, the evidence sentence and its offsets, the confidence), and a
direct edge between its two actors (`kg:supports`, `kg:deploysTroopsTo`, ...)
so that simple SPARQL stays simple.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DefinedNamespace, OWL, PROV

from .model import Extraction, Relation

BASE = "https://w3id.org/kg-alliances/"
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


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


def document_graph(extraction: Extraction, *, content_hash: str | None = None) -> Graph:
    """The named graph of one document: its article, actors, events, evidence and direct edges."""
    d = extraction.document
    doc = document_iri(d.id)
    g = Graph(identifier=doc)
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
    for e in extraction.entities:
        node = entity_iri(e.id)
        g.add((node, RDF.type, ACTOR_CLASS[e.type]))
        g.add((node, RDFS.label, Literal(e.label)))
        g.add((node, KG.code, Literal(e.id)))
        g.add((node, PROV.wasDerivedFrom, doc))
    for rel in extraction.relations:
        add_relation(g, d.id, rel, d.text)
    return g


def add_relation(g: Graph, doc_id: str, rel: Relation, text: str = "") -> URIRef:
    """Add one relation as an event with provenance and its direct edge."""
    ev = event_iri(doc_id, rel)
    src, tgt = entity_iri(rel.source), entity_iri(rel.target)
    g.add((ev, RDF.type, EVENT_CLASS[rel.type]))
    g.add((ev, KG.relationType, Literal(rel.type)))
    g.add((ev, KG.source, src))
    g.add((ev, KG.target, tgt))
    g.add((ev, KG.article, document_iri(doc_id)))
    g.add((ev, PROV.wasDerivedFrom, document_iri(doc_id)))
    g.add((ev, KG.confidence, Literal(round(rel.confidence, 2), datatype=XSD.decimal)))
    g.add((ev, KG.modality, Literal(rel.modality)))
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
    g.add((src, EDGE[rel.type], tgt))
    return ev


def to_graph(extractions: Iterable[Extraction]) -> Dataset:
    """Map extractions to a dataset with one named graph per document."""
    ds = Dataset()
    bind_prefixes(ds)
    for ex in extractions:
        g = document_graph(ex)
        target = ds.graph(g.identifier)
        for t in g:
            target.add(t)
    return ds
