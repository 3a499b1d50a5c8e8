"""`kg serve`: a real SPARQL 1.1 server on the store plus the HTML views, started and stopped cleanly."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import StoreError, StoreLocked
from kg.serve import free_port, is_loopback, start
from kg.store import Store
from test_query import load_corpus

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def sparql(url: str, query: str) -> dict:  # type: ignore[type-arg]
    """POST a query the way any SPARQL 1.1 client does."""
    request = urllib.request.Request(url + "/query", data=query.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    with NO_PROXY.open(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """An output folder as `kg build` leaves it: a store and a view."""
    out = tmp_path / "out"
    with Store(out / "store") as st:
        load_corpus(st)
    (out / "graph.html").write_text("<html><body>alliance graph</body></html>", encoding="utf-8")
    return out


def test_serve_answers_sparql_over_http_and_serves_the_views(built: Path) -> None:
    server = start(built / "store", port=0, views=built)
    try:
        port = urllib.parse.urlsplit(server.sparql).port
        answer = sparql(server.sparql, "PREFIX kg: <https://w3id.org/kg-alliances#> "
                                       "SELECT (MAX(?q) AS ?troops) WHERE { ?e a kg:MilitaryDeployment ; kg:quantity ?q }")
        assert answer["results"]["bindings"][0]["troops"]["value"] == "12000"
        page = NO_PROXY.open(server.sparql + "/", timeout=10).read().decode()
        assert "<html" in page.lower()  # Oxigraph's query page
        assert server.views is not None
        assert b"alliance graph" in NO_PROXY.open(server.views + "/graph.html", timeout=10).read()
        assert b"graph.html" in NO_PROXY.open(server.views + "/", timeout=10).read()
        with pytest.raises(urllib.error.HTTPError):
            NO_PROXY.open(server.views + "/store/CURRENT", timeout=10)
    finally:
        server.stop()
    assert server.process.poll() is not None
    assert port is not None and not listening(port)


def test_serve_holds_the_store_lock_while_it_writes(built: Path) -> None:
    with start(built / "store", port=0, writable=True):
        with pytest.raises(StoreLocked):
            Store(built / "store")
    Store(built / "store").close()  # released on stop


def test_serve_read_only_refuses_updates(built: Path) -> None:
    with start(built / "store", port=0) as server:
        request = urllib.request.Request(server.sparql + "/update", data=b"DROP ALL", method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            NO_PROXY.open(request, timeout=10)
        assert sparql(server.sparql, "ASK { ?s ?p ?o }")["boolean"] is True


def test_serve_says_why_it_cannot_start(built: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(StoreError, match="did not start"):
            start(built / "store", port=busy.getsockname()[1])


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                            ("0.0.0.0", False), ("192.168.1.2", False)])
def test_serve_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_cli_prints_urls_and_stops_on_ctrl_c(built: Path) -> None:
    port = free_port()
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", str(built), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].split() == ["SPARQL", "query", "page", f"http://127.0.0.1:{port}/"]
        assert lines[2].startswith("views")
        answer = sparql(f"http://127.0.0.1:{port}", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(answer["results"]["bindings"][0]["n"]["value"]) > 0
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
    assert not listening(port)


# -- issue 22, item 15: read-only by default; writes need the token and the server's own origin -------------------

def _update(url: str, query: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url + "/update", data=urllib.parse.urlencode({"update": query}).encode(),
                                     method="POST", headers={"Content-Type": "application/x-www-form-urlencoded",
                                                             **(headers or {})})
    try:
        with NO_PROXY.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def _triples(url: str) -> int:
    return int(sparql(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")["results"]["bindings"][0]["n"]["value"])


def test_serve_is_read_only_by_default(built: Path) -> None:
    with start(built / "store", port=0) as server:
        before = _triples(server.sparql)
        assert _update(server.sparql, "DROP ALL") == 403
        assert _triples(server.sparql) == before > 0
    Store(built / "store").close()  # a read-only server takes no lock


def test_serve_writable_takes_updates_only_with_the_token_and_its_own_origin(built: Path) -> None:
    import base64

    with start(built / "store", port=0, writable=True) as server:
        before = _triples(server.sparql)
        auth = {"Authorization": "Basic " + base64.b64encode(f"kg:{server.token}".encode()).decode()}
        assert _update(server.sparql, "DROP ALL") == 401
        assert _update(server.sparql, "DROP ALL", {"Authorization": "Bearer wrong"}) == 401
        assert _update(server.sparql, "DROP ALL", {**auth, "Origin": "http://evil.example"}) == 403
        assert _update(server.sparql, "DROP ALL", {**auth, "Origin": "null"}) == 403
        assert _triples(server.sparql) == before
        assert _update(server.sparql, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", {**auth, "Origin": server.sparql}) == 204
        assert _triples(server.sparql) == before + 1
        assert Store(server.store_url).query("ASK { <urn:a> <urn:b> <urn:c> }").boolean is True


def test_serve_query_page_declares_the_prefixes_kg_prints(built: Path) -> None:
    from kg.store import PREFIXES

    with start(built / "store", port=0) as server:
        page = NO_PROXY.open(server.sparql + "/", timeout=10).read().decode()
    for prefix, iri in PREFIXES.items():
        assert f"PREFIX {prefix}: &lt;{iri}&gt;" in page


def test_serve_build_on_a_served_store_says_how_to_build_into_it(built: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    (tmp_path / "a.txt").write_text("North Korea sent troops to Russia.\n", encoding="utf-8")
    with start(built / "store", port=0, writable=True) as server:
        result = CliRunner().invoke(app, ["build", str(tmp_path / "a.txt"), "--out", str(built), "--jobs", "1"])
        assert result.exit_code == 1
        assert f"--store {server.store_url}" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        result = CliRunner().invoke(app, ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"),
                                          "--store", server.store_url, "--jobs", "1"])
        assert result.exit_code == 0, result.output


@pytest.mark.browser
def test_serve_a_cross_origin_form_post_changes_nothing(built: Path) -> None:
    """A page of another origin (here the views server's port) posts `update=DROP ALL` as any web page can."""
    from browser import Browser, chromium

    if chromium() is None:
        pytest.skip("chromium is not installed")
    with start(built / "store", port=0, writable=True, views=built) as server:
        before = _triples(server.sparql)
        (built / "attack.html").write_text(
            f'<!doctype html><form id=f method=POST action="{server.sparql}/update">'
            '<input name=update value="DROP ALL"></form><script>document.getElementById("f").submit()</script>',
            encoding="utf-8")
        with Browser() as browser:
            browser.open(f"{server.views}/attack.html", until="true")
            browser.wait(f"location.href.startsWith({json.dumps(server.sparql)})", timeout=20)
            browser.pump(1.0)
            answer = browser.evaluate("document.body.innerText")
        assert "another origin" in answer
        assert _triples(server.sparql) == before > 0
