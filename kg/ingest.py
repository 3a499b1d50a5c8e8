"""Read articles from files, folders and JSON Lines into `Document`s.

A problem with one input never stops the batch: `read` yields an `InputError`
in its place and goes on, and the caller reports it.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError
from .model import Document

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)
META_KEYS = {"title", "published", "lang", "url", "id", "source_url", "date"}
MAX_BYTES = 200 * 1024 * 1024  # one article larger than this is surely not an article


def read(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """Yield each document found under `paths`, or an `InputError` for what cannot be read.

    Args:
        paths: files (.txt, .md, .html, .jsonl, each optionally .gz) and folders, walked recursively.
    """
    for path in paths:
        p = Path(path)
        if p.is_dir():
            yield from _read_folder(p)
        elif p.exists():
            yield from _read_file(p)
        else:
            yield InputError(p, "no such file or folder")


def documents(paths: Iterable[str | Path], errors: list[InputError]) -> Iterator[Document]:
    """Like `read`, but collect the errors in `errors` and yield only documents."""
    for item in read(paths):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            yield item


def _read_folder(folder: Path) -> Iterator[Document | InputError]:
    def on_error(e: OSError) -> None:
        raise e

    try:
        walk = sorted(os.walk(folder, onerror=on_error))
    except OSError as e:
        yield InputError(folder, f"cannot list folder ({e.strerror})")
        return
    for root, _dirs, files in walk:
        for name in sorted(files):
            p = Path(root) / name
            if _kind(p) is not None and not name.startswith("."):
                yield from _read_file(p)


def _kind(p: Path) -> str | None:
    name = p.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return None


def _read_bytes(p: Path) -> bytes:
    if p.name.lower().endswith(".gz"):
        with gzip.open(p, "rb") as f:
            return f.read(MAX_BYTES + 1)
    with open(p, "rb") as f:
        return f.read(MAX_BYTES + 1)


def decode(data: bytes, source: str | Path) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16/32) text; raise `InputError` for anything else.

    Example:
        >>> decode("Mosca".encode("utf-16"), "a.txt")
        'Mosca'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-32" if data.startswith(b"\xff\xfe\x00\x00") else "utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "broken UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not UTF-8 (invalid byte at {e.start}); convert it, e.g. iconv -f latin1 -t utf-8") from None


def _read_file(p: Path) -> Iterator[Document | InputError]:
    kind = _kind(p) or ".txt"
    try:
        data = _read_bytes(p)
    except PermissionError:
        yield InputError(p, "permission denied")
        return
    except (OSError, EOFError) as e:
        yield InputError(p, f"cannot read ({getattr(e, 'strerror', None) or e})")
        return
    if len(data) > MAX_BYTES:
        yield InputError(p, f"larger than {MAX_BYTES // 2**20} MB; split it into articles")
        return
    try:
        text = decode(data, p)
    except InputError as e:
        yield e
        return
    if kind == ".jsonl":
        yield from _read_jsonl(p, text)
        return
    if not text.strip():
        yield InputError(p, "empty file")
        return
    meta: dict[str, str] = {}
    if kind in (".html", ".htm"):
        text, meta = html_to_text(text)
    else:
        text, meta = split_front_matter(text)
    if not text.strip():
        yield InputError(p, "no text in file")
        return
    yield Document(
        id=meta.get("id") or str(p), text=text, lang=meta.get("lang") or None,
        published=meta.get("published") or meta.get("date") or None,
        title=meta.get("title") or None, url=meta.get("url") or meta.get("source_url") or None,
    )


def _read_jsonl(p: Path, text: str) -> Iterator[Document | InputError]:
    seen = 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, f"not JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, "not a JSON object")
            continue
        doc_id, body = obj.get("doc"), obj.get("text")
        if not isinstance(doc_id, (str, int)) or str(doc_id) == "":
            yield InputError(where, "no 'doc' id")
            continue
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, f"document {doc_id!s} has no 'text'")
            continue
        seen += 1

        def field(name: str) -> str | None:
            value = obj.get(name)
            return str(value) if isinstance(value, (str, int)) and str(value) else None

        yield Document(id=str(doc_id), text=body, lang=field("lang"), published=field("published"),
                       title=field("title"), url=field("source_url") or field("url"))
    if seen == 0 and not text.strip():
        yield InputError(p, "empty file")


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split a leading `---` block of `key: value` lines from the article text.

    Example:
        >>> split_front_matter("---\\ntitle: Kim e Lavrov\\npublished: 2025-07-13\\n---\\nTesto")
        ('Testo', {'title': 'Kim e Lavrov', 'published': '2025-07-13'})
    """
    m = FRONT_MATTER.match(text)
    if not m:
        return text, {}
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in META_KEYS:
            meta[key.strip().lower()] = value.strip().strip('"').strip("'")
    return text[m.end():], meta


class _HTMLText(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "iframe"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
             "blockquote", "header", "main", "figcaption", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.skipping = 0
        self.in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.meta["lang"] = a["lang"].split("-")[0].lower()
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            value = a.get("content", "").strip()
            target = {"article:published_time": "published", "og:title": "title", "og:url": "url",
                      "date": "published", "dc.date": "published", "og:locale": "lang"}.get(key)
            if target and value and target not in self.meta:
                self.meta[target] = value[:10] if target == "published" else (
                    value.split("_")[0].lower() if target == "lang" else value)
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Return the visible text of an HTML page (paragraphs on their own lines) and its metadata.

    Example:
        >>> html_to_text("<html lang='it'><title>T</title><p>Kim <b>incontra</b> Lavrov</p><script>x()</script></html>")
        ('Kim incontra Lavrov', {'lang': 'it', 'title': 'T'})
    """
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title).split())
    if title and "title" not in meta:
        meta["title"] = title
    return out, meta
