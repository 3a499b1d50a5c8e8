"""`kg serve`: a real SPARQL 1.1 server on the store, and the HTML views of the output folder.

The server is Oxigraph's own (`oxigraph serve`, from the `oxigraph` package): the
SPARQL 1.1 Protocol at /query and /update, the Graph Store Protocol at /store and
its YASGUI query page at /, all in Rust. The union of the document graphs is the
default graph, so queries read as they do with `kg query`. Beside it a small
stdlib HTTP server hands out the HTML views (`graph.html`, ...) of the output folder.

Read-write serving takes the store's kg lock, so a `kg build` on the same folder
says the store is in use; point it at the server instead (`--store http://...`).
"""
from __future__ import annotations

import contextlib
import html
import ipaddress
import os
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
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import IO, Any

from .errors import StoreError
from .store import _acquire, mark_changed

VIEW_SUFFIXES = (".html", ".css", ".js", ".json", ".ttl", ".svg", ".png")


@dataclass
class Server:
    """A running SPARQL server and, if there is an output folder, its views server."""

    sparql: str
    process: subprocess.Popen[bytes]
    views: str | None = None
    read_only: bool = False
    _httpd: ThreadingHTTPServer | None = field(default=None, repr=False)
    _lock: IO[str] | None = field(default=None, repr=False)
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def query_url(self) -> str:
        return self.sparql + "/query"

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
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
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
          views_port: int | None = None, read_only: bool = False, wait: float = 0.0,
          timeout: float = 20.0) -> Server:
    """Start Oxigraph server on the store at `location`, and a views server on `views` if it exists.

    Args:
        location: the store folder (created if missing, unless read-only).
        host, port: where the SPARQL server listens; port 0 picks a free one.
        views: a folder whose HTML views are served too (the build's output folder).
        views_port: the views server's port (default: the next free one).
        read_only: refuse updates; does not take the store's lock.
        wait: seconds to wait for another kg process holding the store.
        timeout: seconds to wait for the server to accept connections.
    Raises:
        StoreError: the store is missing or locked, or the server would not start.
    """
    if read_only and not location.exists():
        raise StoreError(f"{location}: no store here; run `kg build` first or pass --store")
    lock = None
    if not read_only:
        location.mkdir(parents=True, exist_ok=True)
        lock = _acquire(location.with_name(location.name + ".lock"), wait)
        mark_changed(location)  # the server may write: what was written from the store may be out of date
    port = port or free_port(host)
    _check_free(host, port)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    log = tempfile.TemporaryFile()
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", bind, "--union-default-graph"]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://{bind}", process, read_only=read_only, _lock=lock, _log=log)
    try:
        _wait_listening(host, port, process, log, timeout)
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
