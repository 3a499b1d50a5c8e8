"""Drive headless Chromium over the DevTools protocol on a pipe: no websocket, no port, no extra package.

Used by tests/test_browser.py and benchmarks/bench_viz.py. Chromium reads protocol
messages (JSON, each ended by a NUL byte) on fd 3 and writes its answers on fd 4
(`--remote-debugging-pipe`, as Puppeteer's `pipe: true` does).
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
         "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe"]


def chromium() -> str | None:
    """The Chromium binary on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """Chromium failed, answered with an error, or a wait timed out."""


class Browser:
    """One headless Chromium with one page; collects the page's JavaScript errors.

    Example (not run: needs Chromium):
        with Browser() as b:
            b.open(Path("view.html").as_uri(), until="window.kgInteractive")
            b.evaluate("document.title"); b.screenshot(Path("view.png")); assert not b.errors
    """

    def __init__(self, *, width: int = 1400, height: int = 900, binary: str | None = None) -> None:
        exe = binary or chromium()
        if exe is None:
            raise BrowserError("chromium is not installed (apt-get install chromium)")
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds() -> None:  # in the child: protocol in on fd 3, out on fd 4 (close_fds would close them
            # again; our other fds are not inheritable, PEP 446)
            high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)  # the pipe may itself sit on fd 3 or 4
            high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self._proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={self._profile}",
                                       f"--window-size={width},{height}", "about:blank"],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, preexec_fn=fds, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.errors: list[str] = []
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.call(f"{domain}.enable", session=True)
            self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                      deviceScaleFactor=1, mobile=False)
        except BaseException:
            self.close()
            raise

    # -- protocol ------------------------------------------------------------------------------------

    def call(self, method: str, *, session: bool = False, timeout: float = 60.0, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer, recording events that arrive meanwhile."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = self._session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply is None:
                raise BrowserError(f"{method}: no answer within {timeout} s")
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._record(reply)

    def _read(self, deadline: float) -> dict[str, Any] | None:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise BrowserError(f"chromium exited (code {self._proc.poll()})")
                self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\0")
        return json.loads(line)  # type: ignore[no-any-return]

    def _record(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        method, p = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console.error: " + " ".join(str(a.get("value", a.get("description")))
                                                            for a in p.get("args", [])))
        elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
            self.errors.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}".strip())

    def pump(self, seconds: float) -> None:
        """Read events for `seconds` (errors reported after the last command)."""
        deadline = time.monotonic() + seconds
        while (event := self._read(deadline)) is not None:
            self._record(event)

    # -- page --------------------------------------------------------------------------------------

    def open(self, url: str, *, until: str = "window.kgInteractive", timeout: float = 60.0) -> float:
        """Load `url` and wait until the JS expression `until` is truthy; return the seconds that took."""
        start = time.perf_counter()
        answer = self.call("Page.navigate", session=True, url=url)
        if answer.get("errorText"):
            raise BrowserError(f"{url}: {answer['errorText']}")
        self.wait(until, timeout=timeout)
        return time.perf_counter() - start

    def wait(self, expression: str, *, timeout: float = 30.0) -> Any:
        """Poll `expression` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except BrowserError:
                value = None  # the page is between documents
            if value:
                return value
            self.pump(0.02)
        raise BrowserError(f"{expression!r} still false after {timeout} s; errors: {self.errors}")

    def evaluate(self, expression: str) -> Any:
        """The value of a JS expression in the page (awaited if it is a promise)."""
        r = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True,
                      awaitPromise=True)
        if "exceptionDetails" in r:
            raise BrowserError(f"{expression!r}: {r['exceptionDetails'].get('exception', {}).get('description')}")
        return r.get("result", {}).get("value")

    def mouse(self, x: float, y: float, kind: str = "mouseMoved") -> None:
        """A real mouse event at page coordinates (mouseMoved, or a click as mousePressed + mouseReleased)."""
        if kind == "click":
            for t in ("mouseMoved", "mousePressed", "mouseReleased"):
                self.call("Input.dispatchMouseEvent", session=True, type=t, x=x, y=y, button="left", clickCount=1)
            return
        self.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y)

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the page."""
        png = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(png))
        return path

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                self.call("Browser.close", timeout=5)
            except (BrowserError, OSError):
                pass
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
