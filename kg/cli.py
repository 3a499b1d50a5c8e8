"""The `kg` command line: thin typer commands over the stages.

Exit codes: 0 all done; 1 an error stopped the command (one line on stderr);
2 bad usage; 3 done, but some inputs were skipped (each named on stderr).
"""
# no `from __future__ import annotations` here: typer reads each parameter's annotation, and given as text
# it compiles and evaluates each one twice, for all 15 commands, whichever runs (0.1 s of every command)

import functools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Optional

import typer

from . import __version__, clivalues
from .atomic import check_writable
from .errors import InputError, KgError
from .model import Document

EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 1, 2, 3
clivalues.install()  # plain values parsed without pydantic: 0.2-0.3 s of every command
DEFAULT_OUT = Path("output")

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Build a knowledge graph of geopolitical alliances from news articles.")


@contextmanager
def user_errors() -> Iterator[None]:
    """The only place a KgError becomes an exit code; other exceptions are bugs."""
    try:
        yield
    except KgError as e:
        typer.secho(f"error: {e}", err=True, fg="red")
        raise typer.Exit(code=EXIT_ERROR) from None


def _report_skipped(errors: list[InputError]) -> None:
    for e in errors:
        typer.secho(f"skipped: {e}", err=True, fg="yellow")


STORE_HELP = "Store folder (default OUT/store), or the http(s) URL of a SPARQL 1.1 endpoint."
# options most commands share, written once (typer reads the metadata of an Annotated alias)
# one meaning per option in every command: --out is the build's folder, -o/--output the file a command writes
OutOption = Annotated[Path, typer.Option("--out", help="Output folder of the build (its store, views, exports).")]
StoreOption = Annotated[Optional[str], typer.Option(help=STORE_HELP)]
WaitOption = Annotated[float, typer.Option(help="Seconds to wait if another kg process holds the store.")]


def _store_path(out: Path, store: Optional[str]) -> str:
    return store or str(out / "store")


def _existing_store(out: Path, store: Optional[str]) -> str:
    """The store to read: a folder that must exist, or an endpoint URL (checked by its first request)."""
    from .store import is_remote

    location = _store_path(out, store)
    if not is_remote(location) and not Path(location).exists():
        raise KgError(f"{location}: no store here; run `kg build` first or pass --store")
    return location


def _params(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, value = v.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"{v!r} is not NAME=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                               help="Print the version and exit.")] = False) -> None:
    """Build a knowledge graph of geopolitical alliances from news articles."""


LangOption = Annotated[Optional[str], typer.Option(
    "--lang", help="Language (it, en, fr, es, de; xx: unknown, every language's rules) of the documents that do "
    "not give theirs; default: read from a short text's words, detected in a longer one.")]


def _check_lang(lang: Optional[str]) -> Optional[str]:
    if lang is not None and lang.lower() not in ("it", "en", "fr", "es", "de", "xx"):
        raise typer.BadParameter(f"{lang!r}: use it, en, fr, es, de or xx (unknown)", param_hint="--lang")
    return lang.lower() if lang else None


def _use_parse(parse: bool) -> None:
    """`--parse` turns the parse on in this process and in the workers it starts (they read $KG_PARSE)."""
    if parse:
        import os

        os.environ["KG_PARSE"] = "1"


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt .md .html .jsonl, optionally .gz) or folders.")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl (the extraction contract) or table.")] = "jsonl",
    lang: LangOption = None,
    model: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to add NER and parse.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")] = None,
    dask: Annotated[Optional[str], typer.Option(help="Extract on a Dask cluster: its scheduler, tcp://HOST:8786.")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: if a terminal).")] = None,
    parse: Annotated[bool, typer.Option("--parse/--no-parse", help="Read the dependency parse of the sentences that can hold a relation (slower; README, 'Dependency parser'). Default: $KG_PARSE=1.")] = False,
) -> None:
    """Extract entities and relations and print them, one JSON line per document."""
    _use_parse(parse)
    from . import progress as bar
    from .ingest import read
    from .parallel import Failed, batched, default_jobs, extract_batch, run

    if format not in ("jsonl", "table"):
        raise typer.BadParameter("use jsonl or table", param_hint="--format")
    lang = _check_lang(lang)
    errors: list[InputError] = []

    def documents() -> Iterator[Document]:
        for item in read(paths, lang=lang):
            if isinstance(item, InputError):
                errors.append(item)
                typer.secho(f"skipped: {item}", err=True, fg="yellow")
                tick(item.source)
            else:
                yield item

    with user_errors(), bar.documents(paths, enabled=progress) as tick:
        if model:
            from .extract.nlp import check_model
            check_model(model)  # one clear error before any work, not one per document
        n = jobs or default_jobs()
        # this process extracts too: it has nothing else to do, and works while the workers start (its
        # Extractor is built at the first document, its pipelines as each language comes)
        for ex in run(extract_batch, batched(documents(), 4), jobs=n, dask=dask, model=model, share=True):
            tick(ex.id if isinstance(ex, Failed) else ex.doc)
            if isinstance(ex, Failed):
                errors.append(InputError(ex.id, ex.error))
                typer.secho(f"skipped: {ex.id}: {ex.error}", err=True, fg="yellow")
                continue
            for note in ex.failure_notes():  # one sentence's rules failed; the rest of the article is below
                errors.append(InputError(ex.doc, note))
                typer.secho(f"skipped: {ex.doc}: {note}", err=True, fg="yellow")
            if format == "jsonl":
                sys.stdout.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(_table(ex))
            sys.stdout.flush()
    if errors:
        raise typer.Exit(code=EXIT_SKIPPED)


@app.command()
def explain(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="An article (or files of them); or use --text.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Explain this text instead of a file.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="The language of --text (default: guessed).")] = None,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Only the document with this id.")] = None,
    sentence: Annotated[Optional[int], typer.Option("--sentence", "-s", min=0, help="Only sentence N (as numbered in the output).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    parse: Annotated[bool, typer.Option("--parse/--no-parse", help="Read the dependency parse, as `kg extract --parse` does. Default: $KG_PARSE=1.")] = False,
) -> None:
    """Why the graph says what it says: each sentence's actors, triggers, the relations the rules made (with the
    rule) and the candidates they dropped (with the reason)."""
    _use_parse(parse)
    from .extract import Extractor
    from .extract.explain import explain as run, to_text
    from .ingest import read

    if format not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    if (text is None) == (not paths):
        raise typer.BadParameter("give an article's path or --text, not both", param_hint="PATHS / --text")
    with user_errors():
        docs: list[Document] = []
        if text is not None:
            docs.append(Document("text", text, lang))
        for item in read(paths or []):
            if isinstance(item, InputError):
                raise item
            if doc is None or item.id == doc:
                docs.append(item)
        if not docs:
            raise KgError(f"no document {doc!r} in {', '.join(map(str, paths or []))}")
        extractor = Extractor()
        for d in docs:
            explanation = run(d, extractor)
            if sentence is not None and sentence >= len(explanation.sentences):
                raise KgError(f"{d.id} has {len(explanation.sentences)} sentences (0 to "
                              f"{len(explanation.sentences) - 1}); there is no sentence {sentence}")
            if format == "json":
                obj = explanation.to_json()
                if sentence is not None:
                    obj["sentences"] = [s for s in obj["sentences"] if s["sentence"] == sentence]  # type: ignore[index, union-attr]
                sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(to_text(explanation, sentence))

def _table(ex: object) -> str:
    from .model import Extraction

    assert isinstance(ex, Extraction)
    lines = [f"== {ex.doc} ({ex.lang}): {len(ex.entities)} entities, {len(ex.relations)} relations"]
    rows = [("type", "source", "target", "qty", "location", "date", "conf", "evidence")]
    for r in ex.relations:
        ev = ex.document.text[r.evidence[0]:r.evidence[1]].strip().replace("\n", " ") if r.evidence else ""
        rows.append((r.type, r.source, r.target, "" if r.quantity is None else str(r.quantity), r.location or "",
                     r.date or "", f"{r.confidence:.2f}", ev[:70] + ("…" if len(ev) > 70 else "")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1])
    return "\n".join(lines) + "\n\n"


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles.")],
    out: OutOption = DEFAULT_OUT,
    store: StoreOption = None,
    lang: LangOption = None,
    model: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to add NER and parse.")] = None,
    wait: WaitOption = 0.0,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")] = None,
    dask: Annotated[Optional[str], typer.Option(help="Extract on a Dask cluster: its scheduler, tcp://HOST:8786.")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: if a terminal).")] = None,
    parse: Annotated[bool, typer.Option("--parse/--no-parse", help="Read the dependency parse of the sentences that can hold a relation (slower; README, 'Dependency parser'). Default: $KG_PARSE=1.")] = False,
) -> None:
    """Extract, map to RDF, load the store, and write OUT/graph.ttl and OUT/graph.html."""
    _use_parse(parse)
    from . import progress as bar
    from .build import ingest_into, write_outputs
    from .outputs import OUTPUTS, outputs_current
    from .parallel import default_jobs
    from .store import Store

    lang = _check_lang(lang)
    with user_errors():
        check_writable(out)  # one line before any work, not a traceback after it
        if model:
            from .extract.nlp import check_model
            check_model(model)  # before the store is opened or anything is extracted
        with Store(_store_path(out, store), wait=wait) as st, bar.documents(paths, enabled=progress) as tick:
            n = jobs or default_jobs()
            # no Extractor here: a build with nothing new to extract imports no spaCy
            current = functools.partial(outputs_current, st, out)
            report = ingest_into(st, paths, model=model, jobs=n, dask=dask, progress=tick, lang=lang,
                                 derived=current)
            # nothing added or replaced, and the outputs were written from the store as it is: kept
            unchanged = not (report.added or report.replaced) and current()
            files = [] if unchanged else write_outputs(st, out)
            triples = len(st)
    _report_skipped(report.errors)
    for line in report.renamed:
        typer.secho(f"warning: {line}", err=True, fg="yellow")
    typer.echo(f"{report.documents} documents ({len(report.added)} added, {len(report.replaced)} replaced, "
               f"{len(report.unchanged)} unchanged), {report.relations} new relations, {triples} triples", err=True)
    for f in files:
        typer.echo(f"wrote {f}", err=True)
    if unchanged:
        typer.echo(f"{', '.join(str(out / name) for name in OUTPUTS)}: up to date", err=True)
    if report.errors:
        raise typer.Exit(code=EXIT_SKIPPED)


@app.command()
def query(
    text: Annotated[Optional[str], typer.Argument(help="SPARQL text, a named query, or - for stdin.")] = None,
    file: Annotated[Optional[Path], typer.Option("--query-file", "-q", help="A .rq file.")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="NAME=VALUE, bound as an RDF term.")] = [],
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    width: Annotated[Optional[int], typer.Option(min=4, help="Cut table cells to this many characters "
                                                 "(default: never).")] = None,
    iris: Annotated[bool, typer.Option("--iris", help="Full IRIs and no label columns: the W3C results "
                                       "formats as the store writes them (fastest on large results).")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write the results to "
                                                   "(default stdout).")] = None,
    out: OutOption = DEFAULT_OUT,
    store: StoreOption = None,
) -> None:
    """Run SPARQL against the store: inline text, -q FILE, - (stdin), or a named query with --param.

    Parameters are bound to the query's variables as RDF terms, never pasted into its text.
    Every column of actors gets a NAME_label column beside it (their English labels); CSV and TSV cells
    hold ids (RUS, doc:a1), not IRIs. --iris gives the W3C formats as the store writes them.
    """
    if format not in ("table", "csv", "tsv", "json"):
        raise typer.BadParameter("use table, csv, tsv or json", param_hint="--format")
    with user_errors():
        if list_:  # the library alone: no RDF library, no store
            from .library import library

            for q in library().values():
                typer.echo(f"{q.name}: {q.summary}")
                for p in q.params:
                    default = f", default {p.default}" if p.default is not None else ""
                    typer.echo(f"    --param {p.name}=...  ({p.kind}{default}) {p.doc}")
            return
        from .query import actor_labels, format_result, is_query_name, labelled, prepare, write_result
        from .store import Store

        params = _params(param)
        if file is not None:
            try:
                sparql = file.read_text(encoding="utf-8")
            except OSError as e:
                raise KgError(f"{file}: cannot read ({e.strerror})") from None
        elif text == "-":
            sparql = sys.stdin.read()
        elif text is None:
            raise typer.BadParameter("give SPARQL text, -q FILE, - or a named query (kg query --list)")
        else:
            sparql = text
        named = file is None and text != "-" and is_query_name(sparql)  # an unknown name: "did you mean"
        with Store(_existing_store(out, store), read_only=True) as st, _output(output) as sink:
            if format == "table" or not iris:
                result = st.query(*prepare(sparql, params, named=named, store=st))
                if not iris:
                    result = labelled(result, actor_labels(st))
                text_out = format_result(result, format, width=width, iris=iris)  # type: ignore[arg-type]
                sink.write((text_out + ("\n" if format == "table" else "")).encode("utf-8"))
            else:
                write_result(st, sink, sparql, params, format, named=named)  # type: ignore[arg-type]
    if output is not None:
        typer.echo(f"wrote {output}", err=True)


@contextmanager
def _output(path: Optional[Path]) -> Iterator[IO[bytes]]:
    """A binary stream to write a command's result to: the file `path` (written whole or not at all), or stdout."""
    if path is None:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    from .atomic import replacing

    with replacing(path) as f:
        yield f


@app.command()
def export(
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="turtle (ttl), trig, nquads (nq), jsonld, "
                                                  "ntriples (nt), xml, graphml, gexf (Gephi) or csv (one row per "
                                                  "event); default: from the suffix of -o, else turtle.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="GraphML/GEXF: every actor (people, places) and one edge per "
                                       "event, not the alliance graph.")] = False,
    out: OutOption = DEFAULT_OUT,
    store: StoreOption = None,
) -> None:
    """Export the graph: Turtle, TriG/N-Quads/JSON-LD (named graphs kept), GraphML or GEXF (the alliance graph
    for Gephi: one edge per dyad and type weighted by articles, with time intervals), or a CSV of events."""
    from .export import export as export_graph, export_format
    from .store import Store

    try:
        fmt = export_format(format, output)
    except KgError as e:
        raise typer.BadParameter(str(e), param_hint="--format") from None
    with user_errors():
        with Store(_existing_store(out, store), read_only=True) as st, _output(output) as sink:
            export_graph(st, fmt, sink, full=all_, built=out)
    if output is not None:
        typer.echo(f"wrote {output} ({fmt})", err=True)


@app.command()
def validate(
    file: Annotated[Optional[Path], typer.Argument(help="An RDF file to check (.ttl .trig .nq .nt .jsonld); "
                                                 "default: the store.")] = None,
    out: OutOption = DEFAULT_OUT,
    store: StoreOption = None,
    shapes: Annotated[Optional[Path], typer.Option(help="SHACL shapes (default ontology/shapes.ttl).")] = None,
) -> None:
    """Check the graph against the SHACL shapes: exit 0 if it conforms, 1 on violations (printed), 2 on error."""
    from .validate import shapes_graph, validate as validate_store, validate_graph

    try:
        shape_graph = shapes_graph(shapes)
        if file is not None:
            report = validate_graph(_read_rdf(file), shapes=shape_graph)
        else:
            from .store import Store

            with Store(_existing_store(out, store), read_only=True) as st:
                report = validate_store(st, shapes=shape_graph)
    except KgError as e:
        typer.secho(f"error: {e}", err=True, fg="red")
        raise typer.Exit(code=EXIT_USAGE) from None
    for v in report.violations:
        typer.echo(str(v))
    if not report.conforms:
        typer.secho(f"{len(report.violations)} violations", err=True, fg="red")
        raise typer.Exit(code=EXIT_ERROR)
    typer.echo("conforms", err=True)


def _read_rdf(path: Path) -> object:
    """An RDF file as an rdflib Dataset (quad formats) or Graph, its format guessed from the suffix."""
    import rdflib

    fmt = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
           ".rdf": "xml", ".xml": "xml"}.get(path.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: unknown RDF format; use .ttl, .trig, .nq, .nt, .jsonld or .rdf")
    ds = rdflib.Dataset()
    try:
        ds.parse(path, format=fmt)
    except FileNotFoundError:
        raise KgError(f"{path}: no such file") from None
    except Exception as e:  # rdflib's parsers raise many types
        raise KgError(f"{path}: not valid {fmt} ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from e
    return ds


import_app = typer.Typer(no_args_is_help=True, help="Import structured records into the graph.")
app.add_typer(import_app, name="import")


@import_app.command("atop")
def import_atop_cmd(
    file: Annotated[Path, typer.Argument(help="The ATOP member-level CSV (atop-member-level.csv).")],
    out: OutOption = DEFAULT_OUT,
    store: StoreOption = None,
    wait: WaitOption = 0.0,
) -> None:
    """Map ATOP alliance treaties (members, dates, obligations) into the graph beside the news."""
    from .atop import import_atop
    from .store import Store

    with user_errors():
        with Store(_store_path(out, store), wait=wait) as st:
            report = import_atop(st, file)
        del st  # the open store must not outlive the command (a traceback of typer.Exit would keep it)
    for reason in report.skipped:
        typer.secho(f"skipped: {reason}", err=True, fg="yellow")
    typer.echo(f"{report.treaties} treaties, {report.memberships} memberships, {report.triples} triples", err=True)
    if report.skipped:
        raise typer.Exit(code=EXIT_SKIPPED)


@import_app.command("rdf")
def import_rdf_cmd(
    file: Annotated[Path, typer.Argument(help="An RDF file kg exported (.ttl .trig .nq .nt .jsonld .rdf).")],
    out: OutOption = DEFAULT_OUT,
    store: StoreOption = None,
    wait: WaitOption = 0.0,
) -> None:
    """Load an RDF export into the store (quad formats keep their graphs), then recompute derived facts."""
    from .export import import_rdf
    from .store import Store

    with user_errors():
        with Store(_store_path(out, store), wait=wait) as st:
            n = import_rdf(st, file)
    typer.echo(f"loaded {file}: the store holds {n} triples", err=True)


@app.command()
def serve(
    out: Annotated[Path, typer.Option("--out", help="Output folder of the build; its HTML views are served.")] = DEFAULT_OUT,
    store: Annotated[Optional[str], typer.Option(help="Store folder (default OUT/store).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback exposes the store.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="SPARQL server port (0: any free port).")] = 7878,
    views_port: Annotated[Optional[int], typer.Option(help="Port of the views (default: any free port).")] = None,
    writable: Annotated[bool, typer.Option("--writable", help="Take SPARQL updates and Graph Store writes "
                                           "(/update, /store) carrying the token printed at start-up, from no "
                                           "other origin. Default: read-only.")] = False,
    read_only: Annotated[bool, typer.Option("--read-only", hidden=True, help="The default; kept for old scripts.")] = False,
    wait: WaitOption = 0.0,
) -> None:
    """Serve the store over SPARQL 1.1 (query page with kg's prefixes, /query; with --writable /update and
    /store behind a token) and OUT's views.

    Read-only by default: any web page the analyst visits could otherwise post `update=DROP ALL` to it.
    Runs until Ctrl-C. While it runs, other kg commands use the store through it: --store URL.
    """
    from .serve import is_loopback, run_until_interrupted, start
    from .store import is_remote

    with user_errors():
        location = _store_path(out, store)
        if is_remote(location):
            raise KgError(f"{location} is already a server; `kg serve` serves a store folder")
        if writable and read_only:
            raise typer.BadParameter("--writable and --read-only contradict each other", param_hint="--writable")
        server = start(Path(location), host=host, port=port, views=out, views_port=views_port,
                       writable=writable, wait=wait)

    def announce() -> None:
        typer.echo(f"SPARQL query page  {server.sparql}/")
        typer.echo(f"SPARQL endpoint    {server.sparql}/query" + ("  (read-only)" if not writable else
                   f"  (update: {server.sparql}/update, graph store: {server.sparql}/store, "
                   f"token {server.token})"))
        if server.views:
            typer.echo(f"views              {server.views}/")
        if not is_loopback(host):
            typer.secho(f"warning: listening on {host}: anyone who can reach it can query"
                        + ("" if not writable else ", and anyone with the token change,") + " the store",
                        err=True, fg="yellow")
        typer.echo(f"other commands: --store {server.store_url}; Ctrl-C stops", err=True)

    code = run_until_interrupted(server, announce)
    if code is not None:
        typer.secho(f"error: the SPARQL server stopped (exit code {code})", err=True, fg="red")
        raise typer.Exit(code=EXIT_ERROR)
    typer.echo("stopped", err=True)


def _filter(types: Optional[str], since: Optional[str], until: Optional[str], min_confidence: float) -> object:
    """The --types/--since/--until/--min-confidence options as an analytics.Filter."""
    import re

    from .analytics import Filter
    from .model import RELATION_TYPES

    wanted = None
    if types:
        wanted = frozenset(t.strip().upper().replace("-", "_").replace(" ", "_") for t in types.split(",") if t.strip())
        bad = sorted(wanted - set(RELATION_TYPES))
        if bad:
            raise typer.BadParameter(f"unknown relation type(s) {', '.join(bad)}; use {', '.join(RELATION_TYPES)}",
                                     param_hint="--types")
    for name, value in (("--since", since), ("--until", until)):
        if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise typer.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint=name)
    return Filter(types=wanted, since=since, until=until, min_confidence=min_confidence)


TypesOpt = Annotated[Optional[str], typer.Option("--types", help="Relation types to keep, comma-separated "
                                                 "(SUPPORT,ARMS_TRANSFER,...); default all but ROLE.")]
SinceOpt = Annotated[Optional[str], typer.Option(help="Keep events dated on or after YYYY[-MM[-DD]] "
                                                 "(an undated event takes its article's date).")]
UntilOpt = Annotated[Optional[str], typer.Option(help="Keep events dated on or before YYYY[-MM[-DD]].")]
ConfOpt = Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Drop events below this confidence.")]


@app.command()
def viz(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="HTML file to write "
                                                   "(default OUT/graph.html).")] = None,
    view: Annotated[str, typer.Option(help="alliance (states and organizations), events (events as nodes) "
                                      "or ego (around --focus).")] = "alliance",
    focus: Annotated[Optional[str], typer.Option(help="Actor id or name at the centre of an ego view.")] = None,
    depth: Annotated[int, typer.Option(min=1, help="Hops around --focus.")] = 2,
    types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None, min_confidence: ConfOpt = 0.0,
    width: Annotated[str, typer.Option(help="Edge width by count (independent articles) or quantity.")] = "count",
    limit: Annotated[int, typer.Option(min=0, help="Events view: draw the N latest events (0: all).")] = 150,
    title: Annotated[Optional[str], typer.Option(help="Page title.")] = None,
    out: OutOption = DEFAULT_OUT,
    store: Annotated[Optional[str], typer.Option(help="Store folder (default OUT/store).")] = None,
) -> None:
    """Write an interactive HTML view of the graph that works offline (--focus RUS --depth 2 for an ego view)."""
    from .store import Store
    from .viz import alliance_graph, ego_graph, event_graph, to_view

    if focus and view == "alliance":
        view = "ego"
    if view not in ("alliance", "events", "ego"):
        raise typer.BadParameter("use alliance, events or ego", param_hint="--view")
    if view == "ego" and not focus:
        raise typer.BadParameter("an ego view needs --focus ACTOR", param_hint="--focus")
    if width not in ("count", "quantity"):
        raise typer.BadParameter("use count or quantity", param_hint="--width")
    flt = _filter(types, since, until, min_confidence)
    with user_errors():
        output = output or out / "graph.html"
        check_writable(output.parent)
        with Store(_existing_store(out, store), read_only=True) as st:
            G = event_graph(st, flt, limit=limit) if view == "events" else alliance_graph(st, flt)  # type: ignore[arg-type]
        if view == "ego":
            G = ego_graph(G, str(focus), depth)
        name = title or {"alliance": "Alliance view", "events": "Event view",
                         "ego": f"Ego view: {focus}, {depth} hop{'s' if depth > 1 else ''}"}[view]
        to_view(G, title=name, width=width).save(output)  # type: ignore[arg-type]
        typer.echo(f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", err=True)
        if G.graph.get("shown", 0) < G.graph.get("total", 0):
            typer.echo(f"the {G.graph['shown']} latest of {G.graph['total']} events; --limit 0 draws them all", err=True)


@app.command()
def analyze(
    path: Annotated[Optional[list[str]], typer.Option("--path", help="Shortest paths between two actors: "
                                                      "--path PRK --path USA.")] = None,
    period: Annotated[str, typer.Option(help="Dyad scores per year, quarter or month.")] = "year",
    top: Annotated[int, typer.Option(min=1, help="Rows per table.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the community detection (same seed, same blocs).")] = 7,
    types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None, min_confidence: ConfOpt = 0.0,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    out: OutOption = DEFAULT_OUT,
    store: Annotated[Optional[str], typer.Option(help="Store folder (default OUT/store).")] = None,
) -> None:
    """Print blocs (communities), brokers (betweenness), dyad cooperation-conflict scores and paths."""
    from .analytics import analysis, load_actors, load_claims, load_treaties, to_networkx
    from .report import text_table
    from .store import Store

    if format not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    if period not in ("year", "quarter", "month"):
        raise typer.BadParameter("use year, quarter or month", param_hint="--period")
    if path and len(path) != 2:
        raise typer.BadParameter("give exactly two actors: --path A --path B", param_hint="--path")
    flt = _filter(types, since, until, min_confidence)
    with user_errors():
        with Store(_existing_store(out, store), read_only=True) as st:
            events = load_claims(st, flt)  # type: ignore[arg-type]
            G = to_networkx(events, load_actors(st))
            treaties = load_treaties(st)
        tables = analysis(G, events, seed=seed, period=period, top=top,  # type: ignore[arg-type]
                          path=(path[0], path[1]) if path else None, treaties=treaties)
    if format == "json":
        typer.echo(json.dumps(tables, ensure_ascii=False, indent=2))
        return
    for name, rows in tables.items():
        typer.echo(f"== {name}\n{text_table(rows)}\n")


@app.command()
def report(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="The report's HTML file; its views "
                                                   "are written beside it (default OUT/report/report.html).")] = None,
    period: Annotated[str, typer.Option(help="Dyad timelines per year, quarter or month.")] = "year",
    top: Annotated[int, typer.Option(min=1, help="Rows per table and bars per chart.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the community detection and layouts.")] = 7,
    types: TypesOpt = None, since: SinceOpt = None, until: UntilOpt = None, min_confidence: ConfOpt = 0.0,
    out: OutOption = DEFAULT_OUT,
    store: Annotated[Optional[str], typer.Option(help="Store folder (default OUT/store).")] = None,
) -> None:
    """Write one HTML report (blocs, brokers, dyad timelines, top supporters and suppliers) linking to the views."""
    from .report import report as write_report
    from .store import Store

    if period not in ("year", "quarter", "month"):
        raise typer.BadParameter("use year, quarter or month", param_hint="--period")
    flt = _filter(types, since, until, min_confidence)
    with user_errors():
        output = output or out / "report" / "report.html"
        check_writable(output.parent if output.suffix.lower() in (".html", ".htm") else output)
        with Store(_existing_store(out, store), read_only=True) as st:
            path = write_report(st, output, flt=flt, period=period, seed=seed, top=top)  # type: ignore[arg-type]
    typer.echo(f"wrote {path}", err=True)


@app.command()
def remove(
    docs: Annotated[list[str], typer.Argument(help="Document ids (a file's id is its path from the current folder, else its absolute path; `kg query articles` lists them).")],
    out: OutOption = DEFAULT_OUT,
    store: Annotated[Optional[str], typer.Option(help="Store folder (default OUT/store).")] = None,
) -> None:
    """Retract documents from the graph, then rewrite OUT/graph.ttl and OUT/graph.html."""
    from .build import remove_document, write_outputs
    from .store import Store

    missing = []
    with user_errors():
        check_writable(out)
        with Store(_store_path(out, store)) as st:
            for d in docs:
                if remove_document(st, d):
                    typer.echo(f"removed {d}", err=True)
                else:
                    missing.append(d)
            write_outputs(st, out)
    for d in missing:
        typer.secho(f"skipped: {d}: no such document in the store", err=True, fg="yellow")
    if missing:
        raise typer.Exit(code=EXIT_SKIPPED)
