"""End-to-end: the analyst's path (issue 22): questions by name, labels, files and options, as a user types them."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "seed-article-it.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a build of the seed article (only read by the tests)."""
    base = tmp_path_factory.mktemp("built")
    (base / "articles").mkdir()
    shutil.copy(SEED, base / "articles" / SEED.name)
    out = base / "out"
    result = runner.invoke(app, ["build", str(base / "articles"), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def query(built: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", *args, "--out", str(built)])
    return result.exit_code, result.stdout, result.stderr


# -- item 1: named-query parameters by name ----------------------------------------------------------------

@pytest.mark.parametrize("value", ["RUS", "rus", "Russia", "russia", "Russie", "Russland", "Rusia", "id:RUS",
                                   "https://w3id.org/kg-alliances/id/RUS"])
def test_cli_query_param_accepts_any_name_of_an_actor(built: Path, value: str) -> None:
    code, out, err = query(built, "supporters-of", "-p", f"actor={value}", "--format", "json")
    assert code == 0, err
    bindings = json.loads(out)["results"]["bindings"]
    assert [b["supporter"]["value"].rsplit("/", 1)[-1] for b in bindings] == ["PRK"]


def test_cli_query_param_accepts_a_person_by_name(built: Path) -> None:
    code, out, err = query(built, "evidence-for", "-p", "source=Kim Jong Un", "-p", "target=Corea del Nord",
                           "-p", "type=ROLE", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["results"]["bindings"]


def test_cli_query_unknown_actor_is_one_line_with_close_matches(built: Path) -> None:
    code, out, err = query(built, "supporters-of", "-p", "actor=Rusia-x")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "'Rusia-x'" in err and "RUS (Russia)" in err


def test_cli_query_document_param_takes_the_printed_doc_id(built: Path) -> None:
    for value in ("seed-it-2025-07-13", "doc:seed-it-2025-07-13"):
        code, out, err = query(built, "by-article", "-p", f"article={value}", "--format", "json")
        assert code == 0, err
        assert len(json.loads(out)["results"]["bindings"]) > 5
    code, out, err = query(built, "by-article", "-p", "article=doc:seed-it-2025-07-31")
    assert code == 1 and "seed-it-2025-07-13" in err and len(err.strip().splitlines()) == 1


def test_cli_query_misspelled_name_says_did_you_mean(built: Path) -> None:
    code, out, err = query(built, "suporters-of", "-p", "actor=RUS")
    assert code == 1
    assert "no named query 'suporters-of'; did you mean supporters-of?" in err
    assert "syntax" not in err.lower()


# -- item 2: labelled results, whole sentences, ids in CSV ---------------------------------------------------

def test_cli_query_table_labels_every_actor_and_keeps_the_whole_sentence(built: Path) -> None:
    code, out, err = query(built, "evidence-for", "-p", "source=PRK", "-p", "target=RUS", "-p", "type=MEET")
    assert code == 0, err
    header = out.splitlines()[0].split()
    assert header[:4] == ["source", "source_label", "target", "target_label"]
    assert out.splitlines()[2].split()[:6] == ["PRK", "North", "Korea", "RUS", "Russia", "MEET"]
    assert "nella città nordcoreana di Wonsan." in out and "…" not in out


def test_cli_query_width_cuts_table_cells(built: Path) -> None:
    code, out, err = query(built, "evidence-for", "-p", "source=PRK", "-p", "target=RUS", "--width", "20")
    assert code == 0, err
    assert "…" in out and max(len(c.strip()) for line in out.splitlines()[2:-1] for c in line.split("  ")) <= 20


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_cli_query_csv_holds_ids_and_labels_not_iris(built: Path, fmt: str) -> None:
    code, out, err = query(built, "supporters-of", "-p", "actor=RUS", "--format", fmt)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    assert [c.lstrip("?") for c in rows[0]] == ["actor", "actor_label", "supporter", "supporter_label",
                                                "articles", "confidence"]
    assert rows[1][:4] == ["RUS", "Russia", "PRK", "North Korea"]
    assert "https://" not in out


def test_cli_query_json_carries_labels_and_iris_gives_the_w3c_csv(built: Path) -> None:
    code, out, err = query(built, "supporters-of", "-p", "actor=RUS", "--format", "json")
    (b,) = json.loads(out)["results"]["bindings"]
    assert b["supporter_label"] == {"type": "literal", "value": "North Korea"}
    assert b["supporter"]["value"] == "https://w3id.org/kg-alliances/id/PRK"
    code, out, err = query(built, "supporters-of", "-p", "actor=RUS", "--format", "csv", "--iris")
    assert code == 0, err
    assert out.splitlines()[1].startswith("https://w3id.org/kg-alliances/id/RUS,https://w3id.org/kg-alliances/id/PRK")


# -- item 4: canonical labels in what the analyst reads --------------------------------------------------------

def test_cli_query_shows_the_english_canonical_label_of_an_organization(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "nato.txt").write_text("---\nlang: it\n---\nLa Finlandia ha aderito alla Nato. "
                                             "La Russia ha criticato la Nato e l'ODKB.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(tmp_path / "a"), "--out", str(out), "--jobs", "1"]).exit_code == 0
    code, text, err = query(out, "SELECT DISTINCT ?x ?l WHERE { ?x kg:code ?c ; rdfs:label ?l } ORDER BY ?l",
                            "--format", "csv")
    assert code == 0, err
    rows = dict(line.split(",")[:2] for line in text.splitlines()[1:])
    assert rows.get("NATO") == "NATO"


# -- item 11: one meaning per option: --out the build's folder, -o the file written ---------------------------

def test_cli_query_o_writes_the_results_file(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "results.csv"
    code, out, err = query(built, "supporters-of", "-p", "actor=RUS", "-f", "csv", "-o", str(target))
    assert code == 0, err
    assert out == "" and target.read_text(encoding="utf-8").splitlines()[1].startswith("RUS,Russia,PRK")


def test_cli_viz_and_report_write_into_the_out_they_are_given(built: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing may land in ./output
    before = (built / "graph.html").stat().st_mtime_ns
    result = runner.invoke(app, ["viz", "--view", "events", "--out", str(built)])
    assert result.exit_code == 0, result.output
    assert (built / "graph.html").stat().st_mtime_ns > before
    result = runner.invoke(app, ["report", "--out", str(built)])
    assert result.exit_code == 0, result.output
    assert (built / "report" / "report.html").exists() and (built / "report" / "alliance.html").exists()
    result = runner.invoke(app, ["report", "--out", str(built), "-o", str(tmp_path / "r" / "mine.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "mine.html").exists() and (tmp_path / "r" / "events.html").exists()
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("name, check", [
    ("graph.gexf", lambda p: __import__("networkx").read_gexf(p).number_of_nodes() >= 3),
    ("graph.graphml", lambda p: __import__("networkx").read_graphml(p).number_of_nodes() >= 3),
    ("graph.nt", lambda p: __import__("rdflib").Graph().parse(p, format="nt").__len__() > 100),
    ("graph.ttl", lambda p: __import__("rdflib").Graph().parse(p, format="turtle").__len__() > 100),
    ("events.csv", lambda p: p.read_text(encoding="utf-8").startswith("event,type,source")),
])
def test_cli_export_infers_the_format_from_the_suffix(built: Path, tmp_path: Path, name: str, check) -> None:
    target = tmp_path / name
    result = runner.invoke(app, ["export", "--out", str(built), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert check(target)


@pytest.mark.parametrize("alias, fmt", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("nq", "nquads")])
def test_cli_export_accepts_short_format_names(built: Path, tmp_path: Path, alias: str, fmt: str) -> None:
    import rdflib

    target = tmp_path / "x.out"
    result = runner.invoke(app, ["export", "--format", alias, "--out", str(built), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert len(rdflib.Dataset().parse(target, format=fmt)) > 0 or len(rdflib.Graph().parse(target, format=fmt)) > 0


# -- item 12: a bad --out or -o is one line, exit 1, and nothing half-written -------------------------------

def _bad_outs(tmp_path: Path) -> list[str]:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    return [str(tmp_path / "a-file"), str(tmp_path / "a-file" / "sub"), "/proc/kg-out"]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_cli_build_with_a_bad_out_is_one_line(tmp_path: Path, which: int) -> None:
    bad = _bad_outs(tmp_path)[which]
    result = runner.invoke(app, ["build", str(SEED), "--out", bad, "--jobs", "1"])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output, result.output
    assert bad in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.parametrize("args", [["viz", "-o", "{bad}/view.html"], ["report", "-o", "{bad}/r.html"],
                                  ["report", "-o", "{bad}"], ["export", "-o", "{bad}/g.ttl"],
                                  ["query", "articles", "-o", "{bad}/r.csv"], ["remove", "x", "--store", "{bad}"]])
def test_cli_writers_with_a_bad_output_are_one_line(built: Path, tmp_path: Path, args: list[str]) -> None:
    for bad in _bad_outs(tmp_path):
        before = sorted(p.name for p in built.rglob("*"))
        argv = [a.format(bad=bad) for a in args] + ["--out", str(built)]
        result = runner.invoke(app, argv)
        assert result.exit_code == 1, (argv, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output, result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
        assert sorted(p.name for p in built.rglob("*")) == before


# -- item 3: SPARQL by hand: one label per actor, a class for every event, every printed prefix declared --------

@pytest.fixture(scope="module")
def two_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("two")
    (base / "a").mkdir()
    shutil.copy(SEED, base / "a" / SEED.name)
    (base / "a" / "other.txt").write_text("---\nid: other\nlang: en\ntitle: Other\n---\nNorth Korea sent troops to Russia. "
                                          "China supports Russia.\n", encoding="utf-8")
    out = base / "out"
    result = runner.invoke(app, ["build", str(base / "a"), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def test_cli_sparql_by_hand_one_label_per_actor(two_articles: Path) -> None:
    code, out, err = query(two_articles, "SELECT ?l WHERE { id:RUS rdfs:label ?l }", "-f", "csv")
    assert code == 0, err
    assert out.splitlines()[1:] == ["Russia"]
    code, out, err = query(two_articles, "SELECT ?a (COUNT(?l) AS ?n) WHERE { ?a kg:code ?c ; rdfs:label ?l } "
                                         "GROUP BY ?a HAVING (COUNT(?l) > 1)", "-f", "csv")
    assert code == 0 and out.splitlines()[1:] == [], out
    # the documents keep their mentions
    code, out, err = query(two_articles, "SELECT ?d WHERE { ?d schema:mentions id:RUS } ORDER BY ?d", "-f", "csv")
    assert out.splitlines()[1:] == ["doc:other", "doc:seed-it-2025-07-13"]


def test_cli_sparql_by_hand_every_event_is_a_kg_event(two_articles: Path) -> None:
    code, out, err = query(two_articles, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Event }", "-f", "csv")
    code2, out2, err2 = query(two_articles, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:relationType ?t ; kg:article ?d }", "-f", "csv")
    assert code == 0, err
    assert int(out.splitlines()[1]) == int(out2.splitlines()[1]) > 20


def test_cli_sparql_by_hand_prefixes_the_output_prints_are_declared(two_articles: Path) -> None:
    code, out, err = query(two_articles, "SELECT ?e WHERE { ?e kg:article doc:other ; a kg:MilitaryDeployment }",
                           "-f", "csv")
    assert code == 0, err
    (event,) = out.splitlines()[1:]
    assert event.startswith("event:")
    code, out, err = query(two_articles, f"SELECT ?g WHERE {{ GRAPH ?g {{ {event} kg:source id:PRK }} }}", "-f", "csv")
    assert code == 0, err
    assert out.splitlines()[1:] == ["doc:other"]
    code, out, err = query(two_articles, "ASK { GRAPH graph:actors { id:RUS a kg:Country } }")
    assert code == 0 and out.strip() == "true", err


def test_cli_removing_the_last_article_of_an_actor_drops_its_description(two_articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(two_articles, out)
    assert runner.invoke(app, ["remove", "other", "--out", str(out)]).exit_code == 0
    code, text, err = query(out, "ASK { id:CHN ?p ?o }")
    assert text.strip() == "false"
    code, text, err = query(out, "ASK { id:RUS rdfs:label ?l }")
    assert text.strip() == "true"


# -- item 5: a document's identity does not depend on how its path is typed; id clashes keep both ---------------

def _articles_count(out: Path) -> int:
    code, text, err = query(out, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Article }", "-f", "csv")
    assert code == 0, err
    return int(text.splitlines()[1])


def test_cli_build_the_same_file_through_another_path_stores_it_once(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "a.txt").write_text("North Korea sent troops to Russia. China supports Russia.\n",
                                             encoding="utf-8")
    for typed in ("arts/", str(tmp_path / "arts"), "./arts/../arts/a.txt"):
        result = runner.invoke(app, ["build", typed, "--out", "out", "--jobs", "1"])
        assert result.exit_code == 0, result.output
    assert "0 added, 0 replaced, 1 unchanged" in result.stderr
    assert _articles_count(Path("out")) == 1
    code, text, err = query(Path("out"), "supporters-of", "-p", "actor=RUS", "-f", "csv")
    assert text.splitlines()[1].split(",")[4] == "1"  # one article, not one per spelling of the path


def test_cli_build_keeps_both_documents_of_a_clashing_id(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("---\nid: same\n---\nNorth Korea sent troops to Russia.\n", encoding="utf-8")
    (tmp_path / "a" / "two.txt").write_text("---\nid: same\n---\nChina supports Iran.\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path / "a"), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("warning:")]
    assert "one.txt" in line and "two.txt" in line and "same~2" in line
    assert _articles_count(tmp_path / "out") == 2


# -- item 7: the language of short texts; --lang -------------------------------------------------------------

def _extract(path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["extract", str(path), "--jobs", "1", *args])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    return line


@pytest.mark.parametrize("text, lang, relation", [
    ("Russia supports Iran.", "en", ("SUPPORT", "RUS", "IRN")),
    ("China supports Iran.", "en", ("SUPPORT", "CHN", "IRN")),
    ("La Russia sostiene l'Iran.", "it", ("SUPPORT", "RUS", "IRN")),
    ("Nordkorea schickt Soldaten nach Russland.", "de", ("MILITARY_DEPLOYMENT", "PRK", "RUS")),
])
def test_cli_extract_reads_a_short_texts_language_from_its_words(tmp_path: Path, text: str, lang: str,
                                                                  relation: tuple[str, str, str]) -> None:
    (tmp_path / "short.txt").write_text(text + "\n", encoding="utf-8")
    line = _extract(tmp_path / "short.txt")
    assert line["lang"] == lang
    assert relation in {(r["type"], r["source"], r["target"]) for r in line["relations"]}


def test_cli_extract_says_unknown_rather_than_guess(tmp_path: Path) -> None:
    (tmp_path / "short.txt").write_text("Russia, Iran\n", encoding="utf-8")
    assert _extract(tmp_path / "short.txt")["lang"] == "xx"


def test_cli_lang_option_sets_the_language_front_matter_still_wins(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Russia, Iran\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("---\nlang: fr\n---\nRussia, Iran\n", encoding="utf-8")
    assert _extract(tmp_path / "a.txt", "--lang", "de")["lang"] == "de"
    assert _extract(tmp_path / "b.txt", "--lang", "de")["lang"] == "fr"
    result = runner.invoke(app, ["build", str(tmp_path / "a.txt"), "--lang", "es", "--out", str(tmp_path / "o"),
                                 "--jobs", "1"])
    assert result.exit_code == 0, result.output
    code, out, err = query(tmp_path / "o", "SELECT ?l WHERE { ?d schema:inLanguage ?l }", "-f", "csv")
    assert out.splitlines()[1:] == ["es"]
    assert runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--lang", "klingon"]).exit_code == 2


# -- item 6: PDF and DOCX are read; what is still not read is named, exit 3 -------------------------------------

def make_pdf(text: str, title: str = "") -> bytes:
    """A one-page PDF whose text layer holds `text` (Helvetica), written by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", f"<< /Title ({title}) >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_cli_extract_reads_pdf_and_docx_and_names_what_it_skips(tmp_path: Path) -> None:
    import docx

    folder = tmp_path / "analyst"
    folder.mkdir()
    (folder / "brief.pdf").write_bytes(make_pdf("North Korea sent troops to Russia.", title="A brief"))
    d = docx.Document()
    d.add_paragraph("China supports Iran.")
    d.core_properties.title = "A memo"
    d.save(str(folder / "memo.docx"))
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (folder / "scan.pdf").write_bytes(make_pdf(""))
    (folder / "broken.docx").write_bytes(b"PK not really")
    result = runner.invoke(app, ["extract", str(folder), "--jobs", "1"])
    assert result.exit_code == 3, result.output
    lines = {json.loads(x)["doc"].rsplit("/", 1)[-1]: json.loads(x) for x in result.stdout.splitlines()}
    assert ("MILITARY_DEPLOYMENT", "PRK", "RUS") in {(r["type"], r["source"], r["target"])
                                                     for r in lines["brief.pdf"]["relations"]}
    assert ("SUPPORT", "CHN", "IRN") in {(r["type"], r["source"], r["target"]) for r in lines["memo.docx"]["relations"]}
    skipped = sorted(x.split(": ", 2)[1].rsplit("/", 1)[-1] for x in result.stderr.splitlines()
                     if x.startswith("skipped:"))
    assert skipped == ["broken.docx", "old.doc", "scan.pdf"]
    assert "Traceback" not in result.output


def test_cli_build_keeps_the_title_of_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "brief.pdf").write_bytes(make_pdf("North Korea sent troops to Russia.", title="A brief"))
    result = runner.invoke(app, ["build", str(tmp_path / "brief.pdf"), "--out", str(tmp_path / "o"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    code, out, err = query(tmp_path / "o", "SELECT ?t WHERE { ?d schema:headline ?t }", "-f", "csv")
    assert out.splitlines()[1:] == ["A brief"]


# -- item 13: GEXF/GraphML for Gephi: the alliance graph, one edge per dyad and type, weight = articles ----------

def test_cli_export_gexf_is_the_alliance_graph_gephi_reads(two_articles: Path, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    import networkx as nx

    target = tmp_path / "g.gexf"
    result = runner.invoke(app, ["export", "--out", str(two_articles), "-o", str(target)])
    assert result.exit_code == 0, result.output
    G = nx.read_gexf(target)
    assert {d["kind"] for _n, d in G.nodes(data=True)} <= {"Country", "Organization"}
    assert "kim-jong-un" not in G and "kursk" not in G
    deploy = [d for u, v, d in G.edges(data=True) if (u, v) == ("PRK", "RUS") and d["relation"] == "MILITARY_DEPLOYMENT"]
    assert len(deploy) == 1 and deploy[0]["weight"] == 2  # two articles, not one edge per mention
    assert all(d["relation"] != "ROLE" for _u, _v, d in G.edges(data=True))
    root = ET.parse(target).getroot()
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    graph = root.find("g:graph", ns)
    assert graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    dated = [e for e in root.iter("{http://www.gexf.net/1.2draft}edge") if e.get("start")]
    assert dated and all(len(e.get("start", "")) == 10 <= len(e.get("end", "")) for e in dated)
    assert root.find(".//g:node/viz:color", ns) is not None


def test_cli_export_all_keeps_the_whole_network(two_articles: Path, tmp_path: Path) -> None:
    import networkx as nx

    target = tmp_path / "g.graphml"
    result = runner.invoke(app, ["export", "--all", "--out", str(two_articles), "-o", str(target)])
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(target)
    assert "kim-jong-un" in G
    alliance = tmp_path / "a.graphml"
    assert runner.invoke(app, ["export", "--out", str(two_articles), "-o", str(alliance)]).exit_code == 0
    A = nx.read_graphml(alliance)
    assert A.number_of_edges() < G.number_of_edges() and {d["kind"] for _n, d in A.nodes(data=True)} == {"Country"}


# -- item 8: every card names its source, date and modality; the events view starts readable ---------------------

@pytest.mark.browser
def test_browser_cards_show_source_date_and_modality_of_a_local_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from browser import Browser, chromium

    if chromium() is None:
        pytest.skip("chromium is not installed")
    monkeypatch.chdir(tmp_path)
    Path("notes").mkdir()
    Path("notes/local.txt").write_text("North Korea sent troops to Russia on 3 May 2025. China reportedly supplied "
                                       "drones to Russia, according to Ukrainian intelligence.\n", encoding="utf-8")
    assert runner.invoke(app, ["build", "notes", "--out", "out", "--jobs", "1"]).exit_code == 0
    result = runner.invoke(app, ["viz", "--out", "out", "-o", "view.html"])
    assert result.exit_code == 0, result.output
    with Browser(width=1280, height=800) as browser:
        browser.open((tmp_path / "view.html").as_uri(), timeout=30)
        browser.evaluate("""(() => { const s = document.getElementById('kg-search'); s.value = 'Russia';
                            s.dispatchEvent(new Event('change')); })()""")
        browser.pump(0.2)
        details = browser.evaluate("document.getElementById('kg-details').textContent")
        assert browser.errors == []
    assert details.count("source: notes/local.txt") == 2
    assert "2025-05-03 · asserted" in details
    assert "reported (attributed to others)" in details


def test_cli_viz_events_view_draws_a_readable_subset_and_says_how_to_widen(two_articles: Path, tmp_path: Path) -> None:
    page = tmp_path / "events.html"
    result = runner.invoke(app, ["viz", "--view", "events", "--limit", "5", "--out", str(two_articles), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "the 5 latest of" in result.stderr and "--limit 0" in result.stderr
    data = json.loads(page.read_text(encoding="utf-8").split('id="kg-data">', 1)[1].split("</script>", 1)[0])
    assert sum(1 for n in data["nodes"] if n["kind"] == "Event") == 5
    assert "kg viz --view events --limit 0" in data["legend"]["subset"]
    result = runner.invoke(app, ["viz", "--view", "events", "--limit", "0", "--out", str(two_articles), "-o", str(page)])
    data = json.loads(page.read_text(encoding="utf-8").split('id="kg-data">', 1)[1].split("</script>", 1)[0])
    assert sum(1 for n in data["nodes"] if n["kind"] == "Event") > 20 and "subset" not in data["legend"]


# -- item 9: ATOP treaties by name, beside the news: views, analyze, report, treaties-of ---------------------------

ATOP = ROOT / "tests" / "fixtures" / "atop" / "member-level.csv"


@pytest.fixture(scope="module")
def with_treaties(two_articles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("atop") / "out"
    shutil.copytree(two_articles, out)
    result = runner.invoke(app, ["import", "atop", str(ATOP), "--out", str(out)])
    assert result.exit_code in (0, 3), result.output
    return out


def test_cli_treaties_of_names_the_treaty_and_its_obligations(with_treaties: Path) -> None:
    code, out, err = query(with_treaties, "treaties-of", "-p", "actor=Russia", "-f", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["name"], r["partner"], sorted(r["obligations"].split(", ")), r["inEffect"]) for r in rows] == [
        ("Defence pact: North Korea, Russia (2024; ATOP 9001)", "PRK", ["consultation", "defense"], "true")]


def test_cli_views_analyze_and_report_show_treaties_beside_the_news(with_treaties: Path, tmp_path: Path) -> None:
    page = tmp_path / "v.html"
    assert runner.invoke(app, ["viz", "--out", str(with_treaties), "-o", str(page)]).exit_code == 0
    data = json.loads(page.read_text(encoding="utf-8").split('id="kg-data">', 1)[1].split("</script>", 1)[0])
    (treaty,) = [e for e in data["edges"] if e["type"] == "TREATY"]
    assert {treaty["from"], treaty["to"]} == {"PRK", "RUS"} and treaty["dashes"] is True
    assert treaty["color"] != [e for e in data["edges"] if e["type"] != "TREATY"][0]["color"]
    assert "Defence pact: North Korea, Russia" in treaty["lines"][0] and "defense" in treaty["lines"][0]
    assert "commitment" in data["legend"]["tones"]
    result = runner.invoke(app, ["analyze", "--out", str(with_treaties), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [r["treaty"] for r in json.loads(result.stdout)["treaties"]] == [
        "Defence pact: North Korea, Russia (2024; ATOP 9001)"]
    assert runner.invoke(app, ["report", "--out", str(with_treaties), "-o", str(tmp_path / "r.html")]).exit_code == 0
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Formal commitments" in text and "Defence pact: North Korea, Russia (2024; ATOP 9001)" in text
    assert "ATOP alliance 9001" not in text
