"""The ontology: Turtle and Python in sync, bilingual labels, code lists, entity resolution, derivation rules."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.claims import CLAIMS_GRAPH
from kg.model import Document, Entity, Extraction, Relation
from kg.ontology import (
    ACTORS_GRAPH, CAMEO, CAMEO_CODE, DERIVED_GRAPH, EDGE, EVENT_CLASS, KG, PLOVER, PLOVER_CATEGORY, SEM, derive, document_graph,
    entity_iri, ontology_graph, to_graph,
)
from kg.resolve import Resolver
from kg.store import Store
from kg.validate import validate

NS = str(KG._NS)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def declared(g: Graph) -> set[str]:
    return {str(s)[len(NS):] for s in g.subjects(RDF.type, None) if str(s).startswith(NS)}


def test_ontology_namespace_matches_the_turtle_file(onto: Graph) -> None:
    assert declared(onto) == set(KG.__annotations__)


def test_ontology_every_term_has_english_and_italian_labels_and_comments(onto: Graph) -> None:
    for name in sorted(declared(onto)):
        term = KG[name]
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(term, prop) if isinstance(o, Literal)}
            assert {"en", "it"} <= langs, f"kg:{name} lacks {prop} in {({'en', 'it'} - langs)}"


@pytest.mark.parametrize("rel_type", sorted(EVENT_CLASS))
def test_ontology_event_class_annotations_match_the_python_tables(onto: Graph, rel_type: str) -> None:
    cls = EVENT_CLASS[rel_type]
    assert onto.value(cls, KG.directEdge) == EDGE[rel_type]
    assert str(onto.value(cls, KG.relationType)) == rel_type
    if rel_type in CAMEO_CODE:
        assert onto.value(cls, KG.cameo) == CAMEO[CAMEO_CODE[rel_type]]
        assert onto.value(cls, KG.plover) == PLOVER[PLOVER_CATEGORY[rel_type]]


@pytest.mark.parametrize("code, weight", [
    ("04", "1.0"), ("05", "3.5"), ("051", "3.4"), ("057", "8.0"), ("07", "7.0"), ("072", "8.3"), ("074", "8.5"),
    ("112", "-2.0"), ("19", "-10.0"),
])
def test_ontology_cameo_codes_carry_their_goldstein_weight(onto: Graph, code: str, weight: str) -> None:
    concept = CAMEO[code]
    assert (concept, RDF.type, SKOS.Concept) in onto
    assert Decimal(str(onto.value(concept, KG.goldstein))) == Decimal(weight)
    assert str(onto.value(concept, SKOS.notation)) == code


def test_ontology_every_concept_is_in_a_scheme_with_bilingual_labels(onto: Graph) -> None:
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 20
    for c in concepts:
        assert onto.value(c, SKOS.inScheme) is not None, c
        assert {o.language for o in onto.objects(c, SKOS.prefLabel)} >= {"en", "it"}, c


def test_ontology_reuses_sem_prov_and_schema(onto: Graph) -> None:
    assert (KG.Event, RDFS.subClassOf, SEM.Event) in onto
    assert (KG.Actor, RDFS.subClassOf, SEM.Actor) in onto
    assert (KG.Article, RDFS.subClassOf, URIRef("https://schema.org/NewsArticle")) in onto
    assert (KG.Build, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")) in onto


# -- entity resolution ------------------------------------------------------------------------

RESOLVER = Resolver(aliases={"serguei-lavrov": "sergei-lavrov", "sergej-lawrow": "sergei-lavrov"},
                    labels={"sergei-lavrov": "Sergei Lavrov", "RUS": "Russia", "NATO": "NATO"},
                    wikidata={"sergei-lavrov": "Q157553", "NATO": "Q7184"})


def extraction(doc_id: str, text: str, lang: str, entities: list[Entity], relations: list[Relation],
               published: str | None = "2025-07-13") -> Extraction:
    return Extraction(Document(doc_id, text, lang, published), lang, tuple(entities), tuple(relations))


@pytest.mark.parametrize("spelling, lang", [
    ("sergei-lavrov", "en"), ("serguei-lavrov", "fr"), ("Sergej Lawrow", "de"), ("Sergueï Lavrov", "fr"),
])
def test_ontology_one_node_per_person_whatever_the_spelling(spelling: str, lang: str) -> None:
    ex = extraction("d", "x", lang, [Entity(spelling, "Person", spelling)],
                    [Relation("ROLE", spelling, "RUS", role="foreign_minister")])
    g = document_graph(ex, resolver=RESOLVER)
    node = entity_iri("sergei-lavrov")
    assert (node, RDF.type, KG.Person) in g
    assert set(g.objects(node, RDFS.label)) == {Literal("Sergei Lavrov")}
    assert (node, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q157553")) in g
    assert set(g.subjects(KG.source, None)) and set(g.objects(None, KG.source)) == {node}


def test_ontology_people_outside_the_gazetteer_merge_by_normalized_name() -> None:
    a = extraction("a", "x", "fr", [Entity("Jean-Noël Barrot", "Person", "Jean-Noël Barrot")], [])
    b = extraction("b", "x", "en", [Entity("jean-noel-barrot", "Person", "Jean Noel Barrot")], [])
    nodes = {s for g in (document_graph(a, resolver=RESOLVER), document_graph(b, resolver=RESOLVER))
             for s in g.subjects(RDF.type, KG.Person)}
    assert nodes == {entity_iri("jean-noel-barrot")}


def test_ontology_article_spellings_become_language_tagged_alt_labels() -> None:
    ex = extraction("it-doc", "Mosca, la Federazione Russa.", "it",
                    [Entity("RUS", "Country", "Russia", ((10, 27),))], [])
    g = document_graph(ex, resolver=RESOLVER)
    assert set(g.objects(entity_iri("RUS"), RDFS.label)) == {Literal("Russia")}
    assert set(g.objects(entity_iri("RUS"), SKOS.altLabel)) == {Literal("Federazione Russa", lang="it")}


def test_ontology_real_gazetteer_gives_wikidata_same_as() -> None:
    from kg.resolve import default

    r = default()
    some = next(iter(sorted(r.wikidata)))
    ex = extraction("d", "x", "en", [Entity(some, "Organization" if some.isupper() else "Person", some)], [])
    g = document_graph(ex, resolver=r)
    assert (entity_iri(some), OWL.sameAs, URIRef("http://www.wikidata.org/entity/" + r.wikidata[some])) in g


# -- derivation rules ---------------------------------------------------------------------------

PACT = extraction("pact", "Poland and Lithuania signed a mutual defence pact. They met.", "en",
                  [Entity("POL", "Country", "Poland"), Entity("LTU", "Country", "Lithuania"),
                   Entity("UKR", "Country", "Ukraine"), Entity("RUS", "Country", "Russia")],
                  [Relation("AGREEMENT", "POL", "LTU", subtype="mutual_defence", date="2024-05-05", evidence=(0, 50)),
                   Relation("MEET", "POL", "LTU", date="2024-05-05", evidence=(51, 60)),
                   Relation("SUPPORT", "POL", "UKR", evidence=(51, 60)),
                   Relation("CONFLICT", "RUS", "UKR", date="2023", evidence=(0, 50)),
                   Relation("ACCUSE", "UKR", "RUS", date="2023-02", evidence=(0, 50))])


@pytest.fixture
def pact_store() -> Store:
    st = Store()
    st.replace_graph(document_graph(PACT, resolver=RESOLVER))
    derive(st)
    return st


def derived(st: Store) -> set[tuple[str, str, str]]:
    rows = st.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}", union=False).rows
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows}


@pytest.mark.parametrize("s, p, o", [
    ("POL", KG.hasAgreementWith, "LTU"), ("LTU", KG.hasAgreementWith, "POL"), ("POL", KG.meetsWith, "LTU"),
    ("LTU", KG.meetsWith, "POL"), ("POL", KG.supports, "UKR"), ("RUS", KG.inConflictWith, "UKR"),
    ("UKR", KG.accuses, "RUS"), ("POL", KG.alliedWith, "LTU"), ("LTU", KG.alliedWith, "POL"),
])
def test_ontology_rules_derive_direct_edges_and_alliances(pact_store: Store, s: str, p: URIRef, o: str) -> None:
    assert (str(entity_iri(s)), str(p), str(entity_iri(o))) in derived(pact_store)


def test_ontology_rules_do_not_invert_directed_edges(pact_store: Store) -> None:
    facts = derived(pact_store)
    assert (str(entity_iri("UKR")), str(KG.supports), str(entity_iri("POL"))) not in facts
    assert not any(p == str(KG.alliedWith) and "UKR" in s for s, p, _o in facts)


@pytest.mark.parametrize("a, b, year, score, count", [
    ("LTU", "POL", "2024", Decimal("9.0"), 2),      # 057 (8.0) + 04 (1.0)
    ("POL", "UKR", "2025", Decimal("3.5"), 1),      # 05 support, dated by the article
    ("RUS", "UKR", "2023", Decimal("-12.0"), 2),    # 19 fight (-10) + 112 accuse (-2)
])
def test_ontology_dyad_year_scores_sum_goldstein_weights(pact_store: Store, a: str, b: str, year: str,
                                                         score: Decimal, count: int) -> None:
    rows = pact_store.query("""
        SELECT ?a ?b ?y ?score ?n WHERE { ?d a kg:DyadYear ; kg:dyadMember ?a , ?b ; kg:year ?y ; kg:score ?score ;
                                             kg:eventCount ?n }""",
                            {"a": entity_iri(a), "b": entity_iri(b), "y": Literal(year, datatype=XSD.gYear)}).rows
    assert [(Decimal(str(r["score"])), int(r["n"])) for r in rows] == [(score, count)]  # type: ignore[arg-type]


def test_ontology_derive_recomputes_from_scratch(pact_store: Store) -> None:
    before = derived(pact_store)
    derive(pact_store)
    assert derived(pact_store) == before
    pact_store.remove_graph("https://w3id.org/kg-alliances/doc/pact")
    derive(pact_store)
    assert derived(pact_store) == set()


def test_ontology_hand_built_graph_validates(pact_store: Store) -> None:
    report = validate(pact_store)
    assert report.conforms, "\n".join(map(str, report.violations))


def test_ontology_to_graph_has_document_and_derived_graphs() -> None:
    ds = to_graph([PACT])
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {"https://w3id.org/kg-alliances/doc/pact", str(DERIVED_GRAPH), str(ACTORS_GRAPH), str(CLAIMS_GRAPH)}
    assert (entity_iri("POL"), KG.supports, entity_iri("UKR")) in ds.graph(DERIVED_GRAPH)


def test_ontology_an_inferred_event_names_its_rule_and_a_stated_one_none() -> None:
    ex = extraction("inf", "Germany sent tanks to Ukraine. Italy will also contribute.", "en",
                    [Entity("DEU", "Country", "Germany"), Entity("ITA", "Country", "Italy"),
                     Entity("UKR", "Country", "Ukraine")],
                    [Relation("ARMS_TRANSFER", "DEU", "UKR", evidence=(0, 30)),
                     Relation("ARMS_TRANSFER", "ITA", "UKR", evidence=(31, 58), inferred="contribute")])
    g = document_graph(ex)
    rules = {(str(g.value(e, KG.source)).rsplit("/", 1)[-1], str(r)) for e, r in g.subject_objects(KG.inferredBy)}
    assert rules == {("ITA", "contribute")}
