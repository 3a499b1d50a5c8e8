"""`kg serve`: a real SPARQL 1.1 server on the store, and the HTML views of the output folder.

The SPARQL server is Oxigraph's own (`oxigraph serve`, from the `oxigraph` package), on a
private loopback port: the SPARQL 1.1 Protocol at /query and /update and the Graph Store
Protocol at /store, all in Rust. The union of the document graphs is the default graph, so
queries read as they do with `kg query`. In front of it, on the port the user asked for, a
small gate forwards what may pass and serves a query page with kg's prefixes declared.

Serving is read-only by default: on loopback, any web page the analyst visits can still post
a form (`update=DROP ALL`, a simple cross-origin request, no preflight) to 127.0.0.1. With
`writable=True` the gate lets updates and Graph Store writes through only with the token it
printed at start-up (HTTP basic auth, any user name, or a Bearer token) and only when a
request's Origin, if it has one, is the server's own. A writable server takes the store's kg
lock and leaves its address beside it, so a `kg build` on the same folder says how to build
into the served store instead (`--store http://kg:TOKEN@127.0.0.1:PORT`).

Beside it a small stdlib HTTP server hands out the HTML views (`graph.html`, ...) of the output folder.
"""
from __future__ import annotations

import base64
import contextlib
import hmac
import html
import http.client
import ipaddress
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import IO, Any

from .errors import StoreError
from .store import _acquire, mark_changed

VIEW_SUFFIXES = (".html", ".css", ".js", ".json", ".ttl", ".svg", ".png")


@dataclass
class Server:
    """A running SPARQL server (behind its gate) and, if there is an output folder, its views server."""

    sparql: str
    process: subprocess.Popen[bytes]
    views: str | None = None
    read_only: bool = True
    token: str | None = None
    _httpd: ThreadingHTTPServer | None = field(default=None, repr=False)
    _gate: ThreadingHTTPServer | None = field(default=None, repr=False)
    _lock: IO[str] | None = field(default=None, repr=False)
    _log: IO[bytes] | None = field(default=None, repr=False)
    _address: Path | None = field(default=None, repr=False)

    @property
    def query_url(self) -> str:
        return self.sparql + "/query"

    @property
    def store_url(self) -> str:
        """What other kg commands take as --store: the server, with its token where it takes writes."""
        if self.token is None:
            return self.sparql
        scheme, rest = self.sparql.split("://", 1)
        return f"{scheme}://kg:{self.token}@{rest}"

    def wait(self) -> int:
        """Block until the SPARQL server exits; return its exit code."""
        return self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop both servers and release the store (SIGTERM, then SIGKILL after `timeout` seconds)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for httpd in (self._httpd, self._gate):
            if httpd is not None:
                httpd.shutdown()
                httpd.server_close()
        self._httpd = self._gate = None
        if self._address is not None:
            with contextlib.suppress(OSError):
                self._address.unlink()
            self._address = None
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.close()
            self._lock = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def oxigraph_binary() -> str:
    """The `oxigraph` executable: beside this Python first (the venv), then on PATH."""
    here = str(Path(sys.executable).parent)
    found = shutil.which("oxigraph", path=here + os.pathsep + os.environ.get("PATH", ""))
    if not found:
        raise StoreError("the Oxigraph server is not installed; run `pip install oxigraph`")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (for tests and `--port 0`)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine.

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
        (True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def start(location: Path, *, host: str = "127.0.0.1", port: int = 7878, views: Path | None = None,
          views_port: int | None = None, writable: bool = False, wait: float = 0.0,
          timeout: float = 20.0, token: str | None = None) -> Server:
    """Start Oxigraph server on the store at `location` behind its gate, and a views server on `views`.

    Args:
        location: the store folder (created if missing, when writable).
        host, port: where the SPARQL server listens; port 0 picks a free one.
        views: a folder whose HTML views are served too (the build's output folder).
        views_port: the views server's port (default: the next free one).
        writable: take SPARQL updates and Graph Store writes carrying the token, from no other origin;
            takes the store's lock. Read-only (the default) refuses every write and takes no lock.
        wait: seconds to wait for another kg process holding the store.
        timeout: seconds to wait for the server to accept connections.
        token: the token writes need (default: a new random one); ignored when read-only.
    Raises:
        StoreError: the store is missing or locked, or the server would not start.
    """
    read_only = not writable
    if read_only and not location.exists():
        raise StoreError(f"{location}: no store here; run `kg build` first or pass --store")
    lock = None
    if not read_only:
        location.mkdir(parents=True, exist_ok=True)
        lock = _acquire(location.with_name(location.name + ".lock"), wait)
        mark_changed(location)  # the server may write: what was written from the store may be out of date
    port = port or free_port(host)
    try:
        _check_free(host, port)
    except BaseException:
        if lock is not None:
            lock.close()
        raise
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    inner = free_port("127.0.0.1")
    log = tempfile.TemporaryFile()
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{inner}", "--union-default-graph"]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    token = None if read_only else (token or secrets.token_hex(16))
    server = Server(f"http://{bind}", process, read_only=read_only, token=token, _lock=lock, _log=log)
    try:
        _wait_listening("127.0.0.1", inner, process, log, timeout)
        server._gate = _gate_server(host, port, f"http://127.0.0.1:{inner}", server.sparql, token)
        if token is not None:
            server._address = served_address_file(location)
            write_private(server._address, json.dumps({"url": server.sparql, "token": token}))
        if views is not None and views.is_dir():
            server._httpd = _views_server(views, host, views_port or free_port(host), server.sparql)
            vhost, vport = server._httpd.server_address[:2]
            server.views = f"http://{'[' + str(vhost) + ']' if ':' in str(vhost) else vhost}:{vport}"
    except BaseException:
        server.stop()
        raise
    return server


def _check_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        try:
            s.bind((host, port))
        except OSError as e:
            raise StoreError(f"the SPARQL server did not start: {host}:{port} is not available ({e.strerror}); "
                             "pass another --port (0 picks a free one)") from None


def _wait_listening(host: str, port: int, process: subprocess.Popen[bytes], log: IO[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"the SPARQL server did not start on {host}:{port}: "
                             + (lines[-1] if lines else f"exit code {process.returncode}"))
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise StoreError(f"the SPARQL server did not answer on {host}:{port} within {timeout:.0f} s")


def served_address_file(location: Path) -> Path:
    """Where a writable `kg serve` leaves its address and token, beside the store's lock."""
    return location.with_name(location.name + ".served")


def served_address(location: Path) -> str | None:
    """The --store URL (with its token) of the writable `kg serve` holding the store at `location`, if any."""
    try:
        info = json.loads(served_address_file(location).read_text(encoding="utf-8"))
        scheme, rest = str(info["url"]).split("://", 1)
        return f"{scheme}://kg:{info['token']}@{rest}"
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_private(path: Path, text: str) -> None:
    """Write `text` to a file only its owner can read (it holds a token)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "content-length"}


class _GateHandler(BaseHTTPRequestHandler):
    """Forward reads to Oxigraph; writes only with the token and from no other origin; kg's query page at /."""

    upstream = ""
    origin = ""
    token: str | None = None
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", query_page().encode("utf-8"),
                       {"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'"})
        elif path == "/kg-query.js":
            self._send(200, "text/javascript; charset=utf-8", QUERY_JS.encode("utf-8"))
        else:
            self._forward()

    def do_HEAD(self) -> None:  # noqa: N802
        self._forward()

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path.rstrip("/") == "/query" or path.rstrip("/") == "":
            self._forward()  # a query over POST reads
        else:
            self._write()

    def do_PUT(self) -> None:  # noqa: N802
        self._write()

    def do_DELETE(self) -> None:  # noqa: N802
        self._write()

    def do_PATCH(self) -> None:  # noqa: N802
        self._write()

    def _write(self) -> None:
        self._drain()
        if self.token is None:
            self._refuse(403, "this server is read-only; restart it with `kg serve --writable` to take updates")
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin != self.origin:
            self._refuse(403, f"updates from another origin ({origin}) are refused")
            return
        if not self._authorized():
            self._refuse(401, "updates need the token `kg serve --writable` printed", {"WWW-Authenticate": 'Basic realm="kg"'})
            return
        self._forward(body=self._body)

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization", "")
        kind, _, value = given.partition(" ")
        if kind.lower() == "bearer":
            secret = value.strip()
        elif kind.lower() == "basic":
            try:
                secret = base64.b64decode(value.strip()).decode("utf-8").partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return False
        else:
            return False
        return self.token is not None and hmac.compare_digest(secret.encode(), self.token.encode())

    _body: bytes | None = None

    def _drain(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._body = self.rfile.read(length) if length > 0 else b""

    def _forward(self, body: bytes | None = None) -> None:
        if body is None and self.command in ("POST", "PUT"):
            self._drain()
            body = self._body
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"authorization"}}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection(self.upstream.split("://", 1)[1], timeout=600)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except OSError as e:
            self._refuse(502, f"the SPARQL server did not answer ({e})")
            return
        finally:
            connection.close()
        extra = {k: v for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP | {"content-type"}}
        self._send(answer.status, answer.getheader("Content-Type") or "application/octet-stream", data, extra)

    def _refuse(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)

    def _send(self, status: int, media: str, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _gate_server(host: str, port: int, upstream: str, origin: str, token: str | None) -> ThreadingHTTPServer:
    handler = type("Gate", (_GateHandler,), {"upstream": upstream, "origin": origin, "token": token})
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("GateServer", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})
    httpd: ThreadingHTTPServer = server_class((host, port), handler)
    threading.Thread(target=httpd.serve_forever, name="kg-gate", daemon=True).start()
    return httpd


def query_page() -> str:
    """kg's SPARQL query page: every prefix kg prints declared, an example query, results as a table."""
    from .store import PREFIXES

    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    example = (prefixes + "\nSELECT ?source ?label (COUNT(?e) AS ?events) WHERE {\n  ?e a kg:Support ; kg:source ?source .\n"
               "  ?source rdfs:label ?label .\n} GROUP BY ?source ?label ORDER BY DESC(?events) LIMIT 20\n")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL</title>
<style>body {{ font: 14px system-ui, sans-serif; margin: 1em; }} textarea {{ width: 100%; height: 22em; font: 13px monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }} td, th {{ border-bottom: 1px solid #ddd; padding: .2em .6em; text-align: left; }}
#error {{ color: #b00; white-space: pre-wrap; }}</style></head>
<body><h1>kg SPARQL</h1><p>Endpoint <code>/query</code>; kg's prefixes are declared below (README: "The vocabulary in one page").</p>
<textarea id="query" spellcheck="false">{html.escape(example)}</textarea><br><button id="run">Run</button>
<div id="error"></div><div id="results"></div><script src="/kg-query.js"></script></body></html>
"""


QUERY_JS = """
document.getElementById("run").addEventListener("click", async () => {
  const out = document.getElementById("results"), err = document.getElementById("error");
  out.textContent = ""; err.textContent = "";
  const answer = await fetch("/query", {method: "POST", headers: {"Content-Type": "application/sparql-query",
    "Accept": "application/sparql-results+json"}, body: document.getElementById("query").value});
  if (!answer.ok) { err.textContent = await answer.text(); return; }
  const data = await answer.json();
  if (data.boolean !== undefined) { out.textContent = String(data.boolean); return; }
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = b[v] ? b[v].value : "";
  }
  out.appendChild(table);
});
"""


class _ViewsHandler(SimpleHTTPRequestHandler):
    """Files of the output folder with view suffixes only (never the store's own files), and an index."""

    sparql = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html") and not (Path(self.directory) / "index.html").exists():
            self._index()
            return
        name = path.lstrip("/")
        if "/" in name or not name.endswith(VIEW_SUFFIXES):
            self.send_error(404, "not a view")
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def _index(self) -> None:
        files = sorted(p.name for p in Path(self.directory).iterdir() if p.is_file() and p.suffix == ".html")
        items = "".join(f'<li><a href="{html.escape(f)}">{html.escape(f)}</a></li>' for f in files)
        page = (f"<!doctype html><meta charset=utf-8><title>kg</title><h1>kg</h1>"
                f'<p>SPARQL: <a href="{self.sparql}/">query page</a>, endpoint <code>{self.sparql}/query</code></p>'
                f"<h2>Views</h2><ul>{items or '<li>none yet: run kg build</li>'}</ul>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _views_server(folder: Path, host: str, port: int, sparql: str) -> ThreadingHTTPServer:
    handler = type("Handler", (_ViewsHandler,), {"sparql": sparql})
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("ViewsServer", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})
    httpd = server_class((host, port), partial(handler, directory=str(folder.resolve())))
    threading.Thread(target=httpd.serve_forever, name="kg-views", daemon=True).start()
    return httpd


def run_until_interrupted(server: Server, announce: Callable[[], None] | None = None) -> int | None:
    """Call `announce` (print the URLs), wait for Ctrl-C (or SIGTERM), then stop the servers; return the
    server's exit code if it died first. A Ctrl-C that comes while the URLs are printed stops cleanly too."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        if announce is not None:
            announce()
        code = server.wait()
        return code
    except KeyboardInterrupt:
        return None
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
