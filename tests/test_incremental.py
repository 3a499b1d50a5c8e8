"""Incremental builds: add, change, remove, skip unchanged; always the same graph as a build from scratch."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import ingest_into, remove_document
from kg.extract import Extractor
from kg.model import Document, Extraction
from kg.ontology import BUILDS_GRAPH, DERIVED_GRAPH, KG, document_iri, entity_iri
from kg.store import Store
from kg.validate import validate

A = "On 3 March 2025 France sent 500 soldiers to Estonia. Germany condemned Iran.\n"
B = "On 5 June 2024 Poland and Lithuania signed a mutual defence pact. Poland pledged support to Ukraine.\n"
B2 = "On 5 June 2024 Poland pledged support to Ukraine.\n"
C = "On 1 June 2025 Japan sent 200 soldiers to the Philippines.\n"


class CountingExtractor(Extractor):
    """The real extractor, counting the documents it is asked to extract."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def extract(self, document: Document) -> Extraction:
        self.seen.append(document.id)
        return super().extract(document)


@pytest.fixture(scope="module")
def counting() -> CountingExtractor:
    return CountingExtractor()


def write(folder: Path, files: dict[str, str]) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def snapshot(store: Store) -> dict[str, Graph]:
    """Every graph but the build log (which records when, so differs between runs by design)."""
    out: dict[str, Graph] = {}
    for r in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", union=False).rows:
        if r["g"] != BUILDS_GRAPH:
            out.setdefault(str(r["g"]), Graph()).add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
    return out


def same(a: dict[str, Graph], b: dict[str, Graph]) -> bool:
    return sorted(a) == sorted(b) and all(isomorphic(a[k], b[k]) for k in a)


def doc_ids(folder: Path, names: list[str]) -> list[str]:
    return [str(folder / n) for n in names]


def test_incremental_unchanged_files_cost_no_extraction(tmp_path: Path, counting: CountingExtractor) -> None:
    folder = write(tmp_path / "in", {"a.txt": A, "b.txt": B})
    st = Store()
    first = ingest_into(st, [folder], extractor=counting)
    assert len(first.added) == 2
    counting.seen.clear()
    again = ingest_into(st, [folder], extractor=counting)
    assert counting.seen == []
    assert sorted(again.unchanged) == sorted(first.added) and not again.added and not again.replaced


def test_incremental_add_change_remove_equals_a_build_from_scratch(tmp_path: Path,
                                                                   counting: CountingExtractor) -> None:
    folder = tmp_path / "in"
    st = Store()
    ingest_into(st, [write(folder, {"a.txt": A, "b.txt": B})], extractor=counting)
    # a new file is added, a changed file replaces its graph, the unchanged one is not extracted again
    counting.seen.clear()
    report = ingest_into(st, [write(folder, {"a.txt": A, "b.txt": B2, "c.txt": C})], extractor=counting)
    assert sorted(counting.seen) == doc_ids(folder, ["b.txt", "c.txt"])
    assert report.added == doc_ids(folder, ["c.txt"]) and report.replaced == doc_ids(folder, ["b.txt"])
    # ... and a document is retracted
    assert remove_document(st, str(folder / "a.txt"))
    assert not remove_document(st, str(folder / "a.txt"))

    scratch = Store()
    ingest_into(scratch, [write(tmp_path / "scratch", {"b.txt": B2, "c.txt": C})], extractor=counting)
    # the scratch build read the same texts from another folder: compare with its ids renamed
    renamed = {k.replace("scratch", "in"): v for k, v in snapshot(scratch).items()}
    ours = snapshot(st)
    assert sorted(ours) == sorted(renamed)
    for name in (str(DERIVED_GRAPH), "https://w3id.org/kg-alliances/graph/ontology"):
        assert isomorphic(ours[name], renamed[name]), name
    for st_ in (st, scratch):
        report_ = validate(st_)
        assert report_.conforms, "\n".join(map(str, report_.violations))


def test_incremental_same_folder_rebuilt_from_scratch_is_isomorphic(tmp_path: Path,
                                                                    counting: CountingExtractor) -> None:
    folder = tmp_path / "in"
    st = Store()
    ingest_into(st, [write(folder, {"a.txt": A, "b.txt": B})], extractor=counting)
    ingest_into(st, [write(folder, {"a.txt": A, "b.txt": B2, "c.txt": C})], extractor=counting)
    remove_document(st, str(folder / "a.txt"))
    scratch = Store()
    ingest_into(scratch, [write(folder, {"b.txt": B2, "c.txt": C})], extractor=counting)
    assert same(snapshot(st), snapshot(scratch))


SUPPORTED = """
SELECT ?s ?o ?e WHERE {
  GRAPH <https://w3id.org/kg-alliances/graph/ontology> { ?cls kg:directEdge ?p }
  GRAPH ?g { ?e a ?cls ; kg:source ?x ; kg:target ?y }
  FILTER((?x = ?s && ?y = ?o) || (?x = ?o && ?y = ?s))
}"""


def test_incremental_remove_leaves_no_dangling_events_or_derived_facts(tmp_path: Path,
                                                                        counting: CountingExtractor) -> None:
    folder = write(tmp_path / "in", {"a.txt": A, "b.txt": B})
    st = Store()
    ingest_into(st, [folder], extractor=counting)
    gone = document_iri(str(folder / "b.txt"))
    assert st.query(f"ASK {{ ?e kg:article <{gone}> }}").boolean
    edges_before = st.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}", union=False).rows
    remove_document(st, str(folder / "b.txt"))
    assert not st.query(f"ASK {{ ?e kg:article <{gone}> }}").boolean
    assert not st.query(f"ASK {{ GRAPH <{gone}> {{ ?s ?p ?o }} }}").boolean
    edges = st.query(f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }}
                         GRAPH <https://w3id.org/kg-alliances/graph/ontology> {{ ?cls kg:directEdge ?p }} }}""",
                     union=False).rows
    assert 0 < len(edges) < len(edges_before)
    for r in edges:  # every direct edge left still rests on an event of a remaining article
        assert st.query(SUPPORTED, {"s": r["s"], "o": r["o"]}).rows, r  # type: ignore[dict-item]
    assert (entity_iri("FRA"), KG.deploysTroopsTo, entity_iri("EST")) in {(r["s"], r["p"], r["o"]) for r in edges}


def test_incremental_each_build_that_changes_something_is_recorded(tmp_path: Path,
                                                                   counting: CountingExtractor) -> None:
    folder = write(tmp_path / "in", {"a.txt": A})
    st = Store()
    ingest_into(st, [folder], extractor=counting)
    ingest_into(st, [folder], extractor=counting)   # changes nothing: no new record, the graph stays identical
    remove_document(st, str(folder / "a.txt"))
    rows = st.query("""
        SELECT ?b ?version ?pipeline ?start (COUNT(?doc) AS ?made) WHERE {
          ?b a kg:Build ; kg:toolVersion ?version ; kg:pipeline ?pipeline ; prov:startedAtTime ?start .
          OPTIONAL { ?b prov:generated ?doc }
        } GROUP BY ?b ?version ?pipeline ?start ORDER BY ?start""").rows
    assert len(rows) == 2
    assert [int(r["made"]) for r in rows] == [1, 0]  # type: ignore[arg-type]
    assert "spaCy" in str(rows[0]["pipeline"]) and str(rows[0]["version"])
    assert st.query(f"ASK {{ ?b kg:removed <{document_iri(str(folder / 'a.txt'))}> }}").boolean


def test_incremental_documents_sharing_an_id_are_all_kept_across_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import kg.build

    # one store write per document, so each version of "twice" lands in a load of its own, and the
    # content hash of a version is pending (it goes with the next load) when the next version comes
    monkeypatch.setattr(kg.build, "WRITE_BYTES", 1)

    def jsonl(name: str, docs: list[tuple[str, str]]) -> Path:
        p = tmp_path / name
        p.write_text("".join(json.dumps({"doc": d, "text": t, "lang": "en"}) + "\n" for d, t in docs))
        return p

    both = jsonl("both.jsonl", [("twice", A), ("other", C), ("twice", B), ("twice", B2)])
    # issue 22: the later ones were silently replacing the first; now each is kept under an id of its own
    renamed = jsonl("renamed.jsonl", [("twice", A), ("other", C), ("twice~2", B), ("twice~3", B2)])
    with Store(tmp_path / "s1") as st, Store(tmp_path / "s2") as ref:
        report = ingest_into(st, [both])
        ingest_into(ref, [renamed])
        assert same(snapshot(st), snapshot(ref))  # one graph and one content hash for each version
        assert [line.split(";")[1].strip() for line in report.renamed] == ["the second is stored as twice~2",
                                                                          "the second is stored as twice~3"]
