"""Ingest: every kind of bad input is either read or reported in one line naming it; the rest lands."""
from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import MAX_BYTES, count, decode, read, walk
from kg.model import Document

GOOD = "La Russia ha firmato un accordo con la Corea del Nord a Mosca.\n"


def _items(*paths: Path) -> tuple[list[Document], list[InputError]]:
    docs, errors = [], []
    for item in read(paths):
        (errors if isinstance(item, InputError) else docs).append(item)
    return docs, errors


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


# Each case writes one input beside a good article and says whether it is read ("doc") or
# reported ("error", with a phrase of the one-line message).
BAD_FILES: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "empty": (lambda d: _write(d / "empty.txt", b""), "error", "empty file"),
    "blank lines only": (lambda d: _write(d / "blank.txt", b"\n \n\t\n"), "error", "empty file"),
    "binary": (lambda d: _write(d / "image.txt", bytes(range(256)) * 64), "error", "binary file"),
    "binary without NUL": (lambda d: _write(d / "ctl.txt", bytes([1, 2, 3, 4, 27, 65]) * 500), "error", "binary"),
    "latin-1": (lambda d: _write(d / "latin1.txt", "La Russia è qui, più forte.\n".encode("latin-1")), "doc", "più"),
    "cp1252 quotes": (lambda d: _write(d / "cp1252.txt", "“Mosca” – Kiev\n".encode("cp1252")), "doc", "“Mosca”"),
    "utf-16 with BOM": (lambda d: _write(d / "u16.txt", GOOD.encode("utf-16")), "doc", "Corea"),
    "utf-16-le no BOM": (lambda d: _write(d / "u16le.txt", GOOD.encode("utf-16-le")), "doc", "Corea"),
    "utf-16-be no BOM": (lambda d: _write(d / "u16be.txt", GOOD.encode("utf-16-be")), "doc", "Corea"),
    "utf-8 BOM": (lambda d: _write(d / "bom.txt", b"\xef\xbb\xbf" + GOOD.encode()), "doc", "Russia"),
    "broken utf-16": (lambda d: _write(d / "badu16.txt", b"\xff\xfe" + b"\x00\xd8\x41"), "error", "UTF-16"),
    "too large": (lambda d: _write(d / "huge.txt", b"Russia " * (50 * 2**20 // 7)), "error", "larger than"),
    "gzip": (lambda d: _write(d / "a.txt.gz", gzip.compress(GOOD.encode())), "doc", "Corea"),
    "gzip bomb": (lambda d: _write(d / "bomb.txt.gz", gzip.compress(b"a" * (MAX_BYTES + 10))), "error", "larger than"),
    "broken gzip": (lambda d: _write(d / "bad.txt.gz", b"\x1f\x8b\x08\x00garbage"), "error", "cannot read"),
    "not gzip at all": (lambda d: _write(d / "plain.txt.gz", GOOD.encode()), "error", "cannot read"),
    "deeply nested html": (lambda d: _write(d / "deep.html", ("<div>" * 100_000 + "<p>Mosca e Kiev</p>"
                                                               + "</div>" * 100_000).encode()), "doc", "Mosca e Kiev"),
    "unclosed html": (lambda d: _write(d / "open.html", b"<html><p>Mosca <b>Kiev <script>x("), "doc", "Mosca"),
    "html with only script": (lambda d: _write(d / "js.html", b"<script>alert(1)</script>"), "error", "no text"),
    "front matter only": (lambda d: _write(d / "fm.md", b"---\ntitle: x\n---\n"), "error", "no text"),
    "hostile front matter": (lambda d: _write(d / "fm2.md", b'---\nid: a"> } ; DROP ALL #\nlang: ../../etc\n---\nMosca\n'),
                             "doc", "Mosca"),
    "unknown language": (lambda d: _write(d / "zh.txt", "中国和俄罗斯签署了协议。\n".encode()), "doc", "中国"),
    "dangling symlink": (lambda d: (d / "gone.txt").symlink_to(d / "nowhere.txt") or d / "gone.txt", "error",
                         "broken link"),
    "fifo": (lambda d: os.mkfifo(d / "pipe.txt") or d / "pipe.txt", "error", "not a regular file"),
    "folder named like a file": (lambda d: (d / "dir.txt").mkdir() or d / "dir.txt", "doc", "Russia"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_ingest_bad_file_is_read_or_named_and_the_batch_goes_on(case: str, tmp_path: Path) -> None:
    make, outcome, phrase = BAD_FILES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "0-good.txt").write_text(GOOD, encoding="utf-8")
    bad = make(folder)
    (folder / "z-good.txt").write_text(GOOD, encoding="utf-8")
    docs, errors = _items(folder)
    good = [d for d in docs if d.id.endswith("-good.txt")]
    assert len(good) == 2, "the rest of the batch must land"
    if outcome == "error":
        (error,) = errors
        assert error.source == str(bad) and phrase in error.reason
        assert "\n" not in str(error)
    else:
        assert not errors, errors
        if bad.is_dir():  # a folder ending in .txt is walked, not read as a file
            return
        (doc,) = [d for d in docs if d.id not in {g.id for g in good}]
        assert phrase in doc.text
        assert "\x00" not in doc.text


JSONL_LINES = [
    ('{"doc": "ok-1", "text": "Mosca e Kiev", "lang": "it"}', "doc", ""),
    ('{"doc": "broken", "text": ', "error", "not JSON"),
    ('["doc", "text"]', "error", "not a JSON object"),
    ('{"text": "no id"}', "error", "no 'doc' id"),
    ('{"doc": "", "text": "empty id"}', "error", "no 'doc' id"),
    ('{"doc": true, "text": "a boolean id"}', "error", "no 'doc' id"),
    ('{"doc": "no-text"}', "error", "has no 'text'"),
    ('{"doc": "null-text", "text": null}', "error", "has no 'text'"),
    ('{"doc": "num-text", "text": 42}', "error", "has no 'text'"),
    ('{"doc": 7, "text": "a numeric id", "lang": 12}', "doc", ""),
    ('{"doc": "surrogate", "text": "Kiev \\ud800 Mosca \\u0000"}', "doc", ""),
    ('{"doc": "a\\"> } ; DROP ALL #", "text": "Mosca", "lang": "../x"}', "doc", ""),
    ('{"doc": "nested", "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}", "error", "nested too deeply"),
    ("", "skip", ""),
    ('{"doc": "ok-2", "text": "Kiev"}', "doc", ""),
]


def test_ingest_jsonl_names_each_bad_line_and_keeps_the_rest(tmp_path: Path) -> None:
    p = tmp_path / "corpus.jsonl"
    p.write_bytes(b"\n".join(line.encode() for line, _o, _p in JSONL_LINES) + b"\n\xff\xfe not utf-8\n")
    docs, errors = _items(p)
    expected_docs = [n for n, (_l, o, _p) in enumerate(JSONL_LINES, 1) if o == "doc"]
    expected_errors = [(n, ph) for n, (_l, o, ph) in enumerate(JSONL_LINES, 1) if o == "error"]
    assert len(docs) == len(expected_docs)
    assert [e.source for e in errors] == [f"{p}:{n}" for n, _ in expected_errors] + [f"{p}:{len(JSONL_LINES) + 1}"]
    for e, (_n, phrase) in zip(errors, expected_errors):
        assert phrase in e.reason
    assert "not UTF-8" in errors[-1].reason
    by_id = {d.id: d for d in docs}
    assert by_id["7"].lang == "xx"  # a number is no language tag: the text's words decide, and say "unknown"
    assert by_id["surrogate"].text == "Kiev \ufffd Mosca \ufffd"  # offsets kept, UTF-8-safe
    assert by_id['a"> } ; DROP ALL #'].lang == "xx"


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"), lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), lambda s: s.encode("utf-16"),
    lambda s: gzip.compress(s.encode("utf-8"))], ids=["utf-8", "utf-8-bom", "utf-16", "gzip"])
def test_ingest_jsonl_encodings(encode: Callable[[str], bytes], tmp_path: Path) -> None:
    body = "".join(json.dumps({"doc": f"d{i}", "text": f"Mosca {i} – più"}, ensure_ascii=False) + "\n"
                   for i in range(5))
    p = tmp_path / ("c.jsonl.gz" if encode(body)[:2] == b"\x1f\x8b" else "c.jsonl")
    p.write_bytes(encode(body))
    docs, errors = _items(p)
    assert not errors
    assert [d.id for d in docs] == [f"d{i}" for i in range(5)]
    assert docs[0].text == "Mosca 0 – più"


def test_ingest_jsonl_streams_an_overlong_line_without_losing_the_next(tmp_path: Path) -> None:
    p = tmp_path / "long.jsonl"
    with open(p, "wb") as f:
        f.write(b'{"doc": "big", "text": "' + b"a" * (MAX_BYTES + 100) + b'"}\n')
        f.write(b'{"doc": "after", "text": "Kiev"}\n')
    docs, errors = _items(p)
    assert [d.id for d in docs] == ["after"]
    assert [e.source for e in errors] == [f"{p}:1"] and "split it" in errors[0].reason


@pytest.mark.parametrize("content, reason", [(b"", "empty file"), (b"\n\n", "empty file")])
def test_ingest_empty_jsonl_is_reported(content: bytes, reason: str, tmp_path: Path) -> None:
    p = _write(tmp_path / "e.jsonl", content)
    assert [(e.source, e.reason) for e in _items(p)[1]] == [(str(p), reason)]


def test_ingest_walk_streams_in_a_stable_order_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b/2.txt", "b/1.txt", "a/z.md", "a/.hidden.txt", ".git/x.txt", "c.html", "d.pdf", "e.png",
                "a/sub/y.jsonl"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}")
    got = [str(p.relative_to(tmp_path)) for p in walk(tmp_path)]  # type: ignore[union-attr]
    assert got == ["c.html", "d.pdf", "a/z.md", "a/sub/y.jsonl", "b/1.txt", "b/2.txt"]  # PDFs are read (issue 22)
    assert count([tmp_path]) == 6


def test_ingest_missing_path_is_named(tmp_path: Path) -> None:
    assert [str(e) for e in _items(tmp_path / "nope")[1]] == [f"{tmp_path / 'nope'}: no such file or folder"]


@pytest.mark.parametrize("data, expected", [
    ("Mosca".encode("utf-16"), "Mosca"), ("Mosca".encode("utf-32"), "Mosca"), (b"plain", "plain"),
    ("più".encode("latin-1"), "più")])
def test_ingest_decode(data: bytes, expected: str) -> None:
    assert decode(data, "x") == expected
