"""Read articles from files, folders and JSON Lines into `Document`s.

A problem with one input never stops the batch: `read` yields an `InputError`
in its place and goes on, and the caller reports it.
"""
from __future__ import annotations

import codecs
import dataclasses
import gzip
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from .errors import InputError
from .model import Document

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".pdf", ".docx")
# document formats found in analysts' folders that are not read: named as skipped, never passed over in silence
UNREAD = {".doc": "a Word 97-2003 .doc is not read; save it as .docx or PDF",
          ".odt": "an OpenDocument text is not read; save it as .docx or PDF",
          ".rtf": "RTF is not read; save it as .docx, PDF or text",
          ".pages": "a Pages document is not read; export it as .docx or PDF",
          ".epub": "EPUB is not read; convert it to text",
          ".ppt": "a presentation is not read", ".pptx": "a presentation is not read",
          ".xls": "a spreadsheet is not read; export its text as CSV or JSONL",
          ".xlsx": "a spreadsheet is not read; export its text as JSONL"}
BINARY_DOCUMENTS = (".pdf", ".docx")  # their text is read with pypdf and python-docx
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # a PDF or DOCX holds images and fonts beside its text
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)
META_KEYS = {"title", "published", "lang", "url", "id", "source_url", "date"}
# One article (a file, or a JSONL line) larger than this is surely not an article; extraction runs at
# about 0.1 MB/s, so a bigger one would hold the whole batch up for minutes.
MAX_BYTES = 8 * 1024 * 1024
LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
# C0 controls other than tab, newline, carriage return and form feed: their presence marks binary data
CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


def read(paths: Iterable[str | Path], *, lang: str | None = None) -> Iterator[Document | InputError]:
    """Yield each document found under `paths`, or an `InputError` for what cannot be read.

    Args:
        paths: files (.txt, .md, .html, .jsonl, each optionally .gz) and folders, walked recursively.
        lang: the language of the documents that do not give theirs (front matter `lang`, JSONL `lang`).
            Without it, a short text's language is read from its words (kg.language), `xx` if they do
            not tell; a longer one's is left to the extractor's detection.
    """
    for item in _read(paths):
        if isinstance(item, Document) and item.lang is None:
            found = lang or _short_text_language(item.text)
            if found is not None:
                item = dataclasses.replace(item, lang=found)
        yield item


def _short_text_language(text: str) -> str | None:
    from .language import SHORT, guess

    return guess(text) if len(text) < SHORT else None


def _read(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
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
    for p in walk(folder):
        if isinstance(p, InputError):
            yield p
        else:
            yield from _read_file(p)


def walk(folder: Path) -> Iterator[Path | InputError]:
    """Yield the article files under `folder` in a stable order, one folder listing at a time.

    Sub-folders are sorted in place as `os.walk` descends, so a folder of 100k files costs one
    listing in memory, not the whole tree. Hidden files and folders are skipped.
    """
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:
            e = errors.pop()
            yield InputError(e.filename or root, f"cannot list folder ({e.strerror})")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root) / name
            if name.startswith("."):
                continue
            if _kind(p) is not None:
                yield p
            elif p.suffix.lower() in UNREAD:
                yield InputError(p, UNREAD[p.suffix.lower()])
    for e in errors:
        yield InputError(e.filename or folder, f"cannot list folder ({e.strerror})")


def count(paths: Iterable[str | Path]) -> int:
    """Count the documents under `paths` without parsing them (files, plus lines of JSONL files).

    Used for the progress bar's ETA, so it is a cheap estimate: blank or broken JSONL lines count.
    """
    n = 0
    for path in paths:
        p = Path(path)
        files: Iterable[Path | InputError] = walk(p) if p.is_dir() else [p]
        for f in files:
            if isinstance(f, InputError):
                continue
            if _kind(f) != ".jsonl":
                n += 1
                continue
            try:
                with _open(f) as stream:
                    last = b"\n"
                    for chunk in iter(lambda: stream.read(1 << 20), b""):
                        n += chunk.count(b"\n")
                        last = chunk[-1:]
                    n += last != b"\n"  # a last line without its newline
            except (OSError, EOFError):
                n += 1
    return n


def _kind(p: Path) -> str | None:
    name = p.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return None


def _open(p: Path) -> IO[bytes]:
    """Open a regular file (gunzipped on the fly); refuse FIFOs and devices, which could block forever."""
    mode = os.stat(p).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder", str(p))
    if not stat.S_ISREG(mode):
        raise OSError(0, "not a regular file", str(p))
    if p.name.lower().endswith(".gz"):
        return gzip.open(p, "rb")
    return open(p, "rb")


def _read_bytes(p: Path, limit: int = MAX_BYTES) -> bytes:
    # read one byte more than the limit: whether it came tells if the file (or gunzipped stream) is too big
    with _open(p) as f:
        return f.read(limit + 1)


def clean(text: str) -> str:
    """Replace what cannot be UTF-8 (lone surrogates from JSON escapes) and NULs, keeping every offset.

    Example:
        >>> clean("Kiev\\ud800\\x00")
        'Kiev\\ufffd\\ufffd'
    """
    if text.isascii() and "\x00" not in text:
        return text
    return UNENCODABLE.sub("\ufffd", text)  # in C: a character loop in Python cost 0.5 ms an article


UNENCODABLE = re.compile("[\ud800-\udfff\x00]")


def language(value: str | None) -> str | None:
    """A language tag as given, or None when it is not one (then the extractor detects the language).

    Example:
        >>> language("it-IT"), language("../etc"), language("")
        ('it-IT', None, None)
    """
    return value if value and LANG.fullmatch(value) else None


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
    head = data[:8192]
    if b"\x00" in head:
        utf16 = _bare_utf16(head)
        if utf16:
            try:
                return data.decode(utf16)
            except UnicodeDecodeError:
                raise InputError(source, "broken UTF-16 text") from None
        raise InputError(source, "binary file, not text")
    if sum(head.count(c) for c in CONTROL) > len(head) // 100:
        raise InputError(source, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # most non-UTF-8 news text is Windows-1252 / Latin-1; each byte maps to one character
        return data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _bare_utf16(head: bytes) -> str | None:
    """utf-16-le/-be for UTF-16 text without a byte order mark (a NUL beside every ASCII letter)."""
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if len(head) >= 4 and even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _read_file(p: Path) -> Iterator[Document | InputError]:
    kind = _kind(p)
    if kind is None and p.suffix.lower() in UNREAD:
        yield InputError(p, UNREAD[p.suffix.lower()])
        return
    kind = kind or ".txt"
    if kind == ".jsonl":
        yield from _read_jsonl(p)
        return
    limit = MAX_DOCUMENT_BYTES if kind in BINARY_DOCUMENTS else MAX_BYTES
    try:
        data = _read_bytes(p, limit)
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield _unreadable(p, e)
        return
    if len(data) > limit:
        yield InputError(p, f"larger than {limit // 2**20} MB; split it into articles")
        return
    meta: dict[str, str] = {}
    try:
        if kind in BINARY_DOCUMENTS:
            text, meta = (pdf_text if kind == ".pdf" else docx_text)(data, p)
            text = clean(text)
        else:
            text = clean(decode(data, p))
    except InputError as e:
        yield e
        return
    if not text.strip():
        yield InputError(p, "empty file")
        return
    if kind in (".html", ".htm"):
        text, meta = html_to_text(text)
    elif kind not in BINARY_DOCUMENTS:
        text, meta = split_front_matter(text)
    if not text.strip():
        yield InputError(p, "no text in file")
        return
    yield Document(
        id=meta.get("id") or file_id(p), text=text, lang=language(meta.get("lang")),
        published=meta.get("published") or meta.get("date") or None,
        title=meta.get("title") or None, url=meta.get("url") or meta.get("source_url") or None,
        source=str(p),
    )


def pdf_text(data: bytes, source: str | Path) -> tuple[str, dict[str, str]]:
    """The text of a PDF, page after page (pypdf), and its title; a PDF without text is an InputError.

    Raises:
        InputError: not a PDF pypdf can read, encrypted, or no text layer (a scanned PDF wants OCR first).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(source, "encrypted PDF; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = str(info.title).strip() if info is not None and info.title else ""
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        raise InputError(source, f"not a PDF pypdf can read ({type(e).__name__})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise InputError(source, "PDF without a text layer (a scan?); run OCR first")
    return text, {"title": title} if title else {}


def docx_text(data: bytes, source: str | Path) -> tuple[str, dict[str, str]]:
    """The paragraphs (and table cells) of a Word .docx (python-docx), and its title.

    Raises:
        InputError: not a .docx python-docx can read.
    """
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        d = docx.Document(io.BytesIO(data))
        parts = [p.text for p in d.paragraphs]
        for table in d.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        title = (d.core_properties.title or "").strip()
    except (zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError) as e:
        raise InputError(source, f"not a .docx python-docx can read ({type(e).__name__})") from None
    return "\n".join(parts), {"title": title} if title else {}


def file_id(p: Path) -> str:
    """A file's document id: its path from the current folder when it lies below it, else its absolute path.

    However the path is typed (`arts/a.txt`, `./arts/a.txt`, `/home/me/arts/a.txt`, `arts/../arts/a.txt`),
    one file is one document, so building it again never stores it twice.
    """
    full = p.resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return full.as_posix()


def _lines(p: Path) -> Iterator[tuple[int, str | InputError]]:
    """Yield (line number, line) of a JSONL file one at a time, decoded; an over-long line is an error."""
    with _open(p) as raw:
        head = raw.peek(4)[:4] if isinstance(raw, io.BufferedReader | gzip.GzipFile) else b""
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            wide = io.TextIOWrapper(raw, encoding="utf-32" if head == codecs.BOM_UTF32_LE else "utf-16")
            for n, text in enumerate(wide, 1):
                yield n, text if len(text) <= MAX_BYTES else InputError(f"{p}:{n}", "line too long")
            return
        n = 0
        while True:
            line = raw.readline(MAX_BYTES + 1)
            if not line:
                return
            n += 1
            if n == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[3:]
            if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):
                    line = raw.readline(1 << 20)
                yield n, InputError(f"{p}:{n}", f"line longer than {MAX_BYTES // 2**20} MB; split it into articles")
                continue
            try:
                yield n, line.decode("utf-8")
            except UnicodeDecodeError as e:
                yield n, InputError(f"{p}:{n}", f"not UTF-8 (invalid byte at column {e.start + 1})")


def _read_jsonl(p: Path) -> Iterator[Document | InputError]:
    seen = blank = lines = 0
    try:
        for n, line in _lines(p):
            lines = n
            if isinstance(line, InputError):
                yield line
                continue
            if not line.strip():
                blank += 1
                continue
            item = _record(f"{p}:{n}", line)
            seen += isinstance(item, Document)
            yield item
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as e:
        yield _unreadable(p, e)
        return
    if seen == 0 and blank == lines:
        yield InputError(p, "empty file")


def _record(where: str, line: str) -> Document | InputError:
    """One JSONL line as a Document, or the error that names its file and line."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return InputError(where, f"not JSON ({e.msg} at column {e.colno})")
    except RecursionError:
        return InputError(where, "JSON nested too deeply")
    if not isinstance(obj, dict):
        return InputError(where, "not a JSON object")
    doc_id, body = obj.get("doc"), obj.get("text")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or str(doc_id).strip() == "":
        return InputError(where, "no 'doc' id")
    if not isinstance(body, str) or not body.strip():
        return InputError(where, f"document {clean(str(doc_id))!r} has no 'text'")

    def field(name: str) -> str | None:
        value = obj.get(name)
        return clean(str(value)) if isinstance(value, (str, int)) and str(value) else None

    return Document(id=clean(str(doc_id)), text=clean(body), lang=language(field("lang")),
                    published=field("published"), title=field("title"),
                    url=field("source_url") or field("url"), source=where)


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


def _unreadable(p: Path, e: BaseException) -> InputError:
    """The one-line error for a file that could not be read."""
    if isinstance(e, PermissionError):
        return InputError(p, "permission denied")
    if isinstance(e, FileNotFoundError):
        return InputError(p, "cannot read (a broken link, or the file went away)")
    return InputError(p, f"cannot read ({getattr(e, 'strerror', None) or e})")
