"""Read crawl records (files, directories, globs, JSON Lines, HTML, WARC) into ``RawRecord``s.

Nothing here raises for bad input: an input that cannot be used becomes a ``Reject`` with a
reason a person can act on, and reading goes on with the next one. Everything streams: files
are read in bounded chunks, so a JSONL file of any size keeps memory flat, and no single
record may grow past ``MAX_RECORD_BYTES``.

Crawl record format (``.txt``, optionally gzipped)::

     date 2025-05-07 403      <- optional header: leading space optional, status optional
    <body: everything after the first newline, kept byte-for-byte (offsets index it)>

HTML inputs (``.html``/``.htm`` files, optionally gzipped; JSONL records with an ``html``
field; the HTML responses of ``.warc``/``.warc.gz`` files, see ``decruft.io.warc``) become
records whose ``html`` holds the decoded page and whose ``body`` is empty until the page is
segmented. Bytes are decoded as UTF-8 when they are valid UTF-8; otherwise by the byte-order
mark, the HTTP charset or the ``<meta>`` charset, in that order.
"""

from __future__ import annotations

import codecs
import datetime as dt
import glob
import gzip
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import orjson

from decruft.model import RawRecord, Reject

if TYPE_CHECKING:
    from decruft.io.warc import WarcItem

MIB = 1024**2
# A real page is at most a few MiB; past this it is a gzip bomb or not a page, and holding
# it in memory would put the whole run at risk.
MAX_RECORD_BYTES = 256 * MIB
# Binary sniffing looks only at a file's start: enough to tell text from binary, and cheap.
SNIFF_BYTES = 64 * 1024
# Text has almost no control characters; a share above this means the file is binary.
MAX_CONTROL_RATIO = 0.30
# Files are read in chunks of this size, so memory stays flat however large a file is.
READ_CHUNK_BYTES = 1 * MIB
# HTTP status codes are three digits from 100 to 599 (RFC 9110); anything else is not one.
MIN_STATUS = 100
# Upper end of the HTTP status range (see MIN_STATUS).
MAX_STATUS = 599
# Where a <meta> charset is looked for: the HTML standard's pre-scan reads 1024 bytes, but
# pages with long heads (inline styles, many meta tags) declare it later.
CHARSET_SNIFF_BYTES = 4096

FLAG_INVALID_UTF8 = "invalid-utf8"
FLAG_MALFORMED_HEADER = "malformed-header"
FLAG_MALFORMED_METADATA = "malformed-metadata"
# The page declares a charset no decoder knows; it was decoded as UTF-8.
FLAG_UNKNOWN_CHARSET = "unknown-charset"
# Bytes invalid in the page's declared (non-UTF-8) charset were replaced by U+FFFD.
FLAG_INVALID_ENCODING = "invalid-encoding"

REASON_MISSING = "no such file or directory"
REASON_EMPTY = "empty file"
REASON_NO_TEXT = "JSON record has neither a string 'text' nor a string 'html' field"
REASON_ARC = "ARC files are not supported (only WARC)"

# Benchmark answers and metadata that sit next to pages but are never pages themselves.
_SKIP_SUFFIXES = (".truth.txt", ".meta.json")
_SKIP_NAMES = frozenset({"manifest.jsonl"})
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_WARC_SUFFIXES = (".warc",)
_ARC_SUFFIXES = (".arc",)
# Byte-order marks win over any declared charset (HTML standard, "BOM sniff").
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BOM_CODECS = ((_UTF8_BOM, "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]{1,40})""", re.IGNORECASE
)
# Labels browsers decode with a superset of the codec Python has under that name (WHATWG
# Encoding standard): decoding with the narrower one would reject real pages' bytes.
_WEB_CODECS = {
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"),
        "cp1252",
    ),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5"), "cp1254"),
    **dict.fromkeys(("iso-8859-11", "iso8859-11", "tis-620"), "cp874"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "gb-2312", "chinese", "csgb2312"), "gb18030"),
    **dict.fromkeys(("shift-jis", "shift_jis", "sjis", "x-sjis", "ms-kanji", "ms932"), "cp932"),
    **dict.fromkeys(("euc-kr", "ks-c-5601-1987", "ks_c_5601-1987", "korean"), "cp949"),
    "big5": "big5hkscs",
    **dict.fromkeys(("macintosh", "x-mac-roman", "mac"), "mac-roman"),
}
# Python codecs that are not web encodings: a page naming one is not decoded with it.
_NOT_WEB_CODECS = frozenset(
    {"utf-7", "idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined"}
)
# Control bytes that never occur in text (tab, newline, carriage return, form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
# Bytes that leave a JSONL line blank (those ``bytes.strip`` drops), as a lookup table.
_BLANK_BYTES = np.zeros(256, dtype=bool)
_BLANK_BYTES[list(b" \t\n\r\x0b\x0c")] = True
_NEWLINE_BYTE = ord("\n")

# "date" or " date" followed by whitespace or the end: the line is meant as a header.
_HEADER_LIKE = re.compile(r" ?date(?:\s|$)", re.ASCII)
# The whole header line; every part is a bounded class, so matching is linear.
_HEADER = re.compile(r" ?date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ \t]+([0-9]{3}))?\s*", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_STATUS = re.compile(r"[0-9]{3}", re.ASCII)
# A UTF-16 surrogate on its own: JSON "\ud800" escapes decode to these, and they cannot be
# written back out as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The JSONL fields a RawRecord keeps as text.
_KEPT_FIELDS = frozenset({"id", "text", "html", "url"})
# The fields of a JSONL record the reader looks at.
_READ_FIELDS = ("id", "text", "html", "url", "date", "status")
_JSON_TYPE_NAMES: dict[type, str] = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
}


class _Kind(Enum):
    """How a file is read, decided from its name."""

    TEXT = "text"
    JSONL = "jsonl"
    HTML = "html"
    WARC = "warc"
    ARC = "arc"  # the WARC predecessor: rejected


@dataclass(frozen=True, slots=True)
class _Failure:
    """Why reading stopped: becomes the reason of a Reject."""

    reason: str


@dataclass(frozen=True, slots=True)
class _TooLong:
    """Stands in for a JSONL line longer than MAX_RECORD_BYTES."""


_TOO_LONG = _TooLong()


@dataclass(frozen=True, slots=True)
class _Blanks:
    """Stands in for ``count`` blank JSONL lines in a row."""

    count: int


# --- entry point and path expansion ------------------------------------------------------


def read_inputs(paths: Iterable[str | Path]) -> Iterator[RawRecord | Reject]:
    """Yield a RawRecord or a Reject for every record found in ``paths``, in a fixed order.

    Each path is a file (read whatever its extension), a directory (walked recursively in
    sorted order, taking only record files) or, if it does not exist, a glob pattern.
    """
    items = list(expand_inputs(paths))
    stems = iter(unique_stems([item for item in items if isinstance(item, Path)]))
    for item in items:
        if isinstance(item, Reject):
            yield item
        else:
            yield from read_file(item, next(stems))


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path | Reject]:
    """The files ``read_inputs`` reads, in its order, and a Reject for each path that names
    nothing readable: executors split this list into shards without reading a record."""
    for arg in paths:
        yield from _expand_arg(arg)


def _expand_arg(arg: str | Path) -> Iterator[Path | Reject]:
    name = str(arg)
    if not name:
        yield Reject(name, name, REASON_MISSING)
        return
    path = Path(arg)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        yield from _expand_glob(name)
        return
    except OSError as exc:
        yield Reject(name, name, _os_reason(exc))
        return
    if stat.S_ISDIR(mode):
        yield from _expand_tree(path)
    else:
        yield path


def _expand_glob(pattern: str) -> Iterator[Path | Reject]:
    """Expand a pattern; its matches are filtered like a directory walk, except that a
    pattern that itself ends like an HTML file (``dev/*.html.gz``) takes the HTML files."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield Reject(pattern, pattern, REASON_MISSING)
    names_html = _kind(Path(pattern)) is _Kind.HTML
    for match in matches:
        path = Path(match)
        if _is_dir(path):
            yield from _expand_tree(path)
        elif _wanted_in_walk(path) or (names_html and _kind(path) is _Kind.HTML):
            yield path


def _expand_tree(root: Path) -> Iterator[Path | Reject]:
    files, errors = _walk(root)
    yield from errors
    yield from files


def _walk(root: Path) -> tuple[list[Path], list[Reject]]:
    """Record files under ``root`` sorted by path, and a Reject per unreadable directory."""
    failures: list[OSError] = []
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failures.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        candidates = [Path(dirpath, name) for name in filenames]
        texts = {file_stem(p).lower() for p in candidates if _kind(p) is _Kind.TEXT}
        for path in candidates:
            lone_html = (
                _kind(path) is _Kind.HTML
                and not path.name.startswith(".")
                and file_stem(path).lower() not in texts
            )
            if (_wanted_in_walk(path) or lone_html) and not _is_special(path):
                files.append(path)
    files.sort(key=str)
    rejects = [
        Reject(str(e.filename or root), str(e.filename or root), _os_reason(e)) for e in failures
    ]
    rejects.sort(key=lambda r: r.source)
    return files, rejects


def _wanted_in_walk(path: Path) -> bool:
    """True for the record files a walk takes whatever sits beside them; skips hidden files
    and benchmark answers. HTML files are taken by ``_walk`` unless a text record of the same
    name sits beside them: benchmark and crawl folders keep each page's HTML next to its
    text record (page.txt + page.html.gz), and a walk taking both would read every page
    twice."""
    name = path.name.lower()
    inner = _strip_suffix(name, ".gz")
    if name.startswith(".") or inner in _SKIP_NAMES or inner.endswith(_SKIP_SUFFIXES):
        return False
    kind = _kind(path)
    if kind is _Kind.WARC:
        return True
    if kind in (_Kind.HTML, _Kind.ARC):
        return False
    return name.endswith(".gz") or inner.endswith((".txt", *_JSONL_SUFFIXES))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_special(path: Path) -> bool:
    """True for FIFOs, sockets and devices: a walk must not block on or read them."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False  # let the reader report it


# --- one file ----------------------------------------------------------------------------


def read_file(path: Path, stem: str | None = None) -> Iterator[RawRecord | Reject]:
    """The records of one file, read by the kind its name says (text record, JSONL, HTML,
    WARC); ``stem``: what its records' ids start from (default ``file_stem(path)``)."""
    kind = _kind(path)
    stem = stem if stem is not None else file_stem(path)
    if kind is _Kind.JSONL:
        yield from _read_jsonl(path, None, stem)
    elif kind is _Kind.HTML:
        yield _read_html_file(path, stem)
    elif kind is _Kind.WARC:
        yield from _read_warc_file(path, stem)
    elif kind is _Kind.ARC:
        yield Reject(stem, str(path), REASON_ARC)
    else:
        yield _read_text_record(path, stem)


def file_stem(path: Path) -> str:
    """A file's name without ``.gz`` and its kind's suffix: its records' ids start from it
    (``page.txt`` is ``page``, ``crawl.warc.gz`` gives ``crawl-0``, ``crawl-1``...)."""
    suffixes = {
        _Kind.JSONL: _JSONL_SUFFIXES,
        _Kind.HTML: _HTML_SUFFIXES,
        _Kind.WARC: _WARC_SUFFIXES,
        _Kind.ARC: _ARC_SUFFIXES,
    }.get(_kind(path), (".txt",))
    return _record_id(path, suffixes)


def unique_stems(paths: Sequence[Path]) -> list[str]:
    """Each file's stem, made unique over the run: a stem an earlier file took (any case;
    ``a.txt`` beside ``a.html.gz``, ``x.warc`` beside ``x.warc.gz``, ``d1/a.txt`` beside
    ``d2/a.txt``) becomes ``stem~2``, ``stem~3``... in input order, so no two files give
    their records the same ids."""
    taken: set[str] = set()
    out: list[str] = []
    for path in paths:
        stem = candidate = file_stem(path)
        n = 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}~{n}"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _kind(path: Path) -> _Kind:
    inner = _strip_suffix(path.name.lower(), ".gz")
    if inner.endswith(_JSONL_SUFFIXES):
        return _Kind.JSONL
    if inner.endswith(_HTML_SUFFIXES):
        return _Kind.HTML
    if inner.endswith(_WARC_SUFFIXES):
        return _Kind.WARC
    if inner.endswith(_ARC_SUFFIXES):
        return _Kind.ARC
    return _Kind.TEXT


def _record_id(path: Path, suffixes: tuple[str, ...] = (".txt",)) -> str:
    """The file name without ``.gz`` and then the first of ``suffixes`` it ends with."""
    name = _strip_suffix(path.name, ".gz")
    for suffix in suffixes:
        stripped = _strip_suffix(name, suffix)
        if stripped != name:
            return stripped
    return name


def _strip_suffix(name: str, suffix: str) -> str:
    """``name`` without ``suffix`` (any case), unless nothing would be left."""
    if len(name) > len(suffix) and name.lower().endswith(suffix):
        return name[: -len(suffix)]
    return name


def _is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


# --- byte streams ------------------------------------------------------------------------


def _open_stream(path: Path) -> io.BufferedIOBase:
    """The file's bytes, gunzipped on the fly if the name ends in ``.gz``."""
    if _is_gzip(path):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _chunks(stream: io.BufferedIOBase, gzipped: bool) -> Iterator[bytes | _Failure]:
    """The stream's bytes in bounded chunks; a read error ends it with a _Failure.

    ``read1`` returns what is available, so a pipe yields its first line without waiting
    for the writer to finish.
    """
    while True:
        try:
            chunk = stream.read1(READ_CHUNK_BYTES)
        except (EOFError, zlib.error, OSError) as exc:
            yield _Failure(_gzip_reason(exc) if gzipped else _os_reason(exc))
            return
        if not chunk:
            return
        yield chunk


def _read_capped(chunks: Iterator[bytes | _Failure]) -> bytes | _Failure:
    """All the chunks joined, or a _Failure once they pass MAX_RECORD_BYTES."""
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        if isinstance(chunk, _Failure):
            return chunk
        total += len(chunk)
        if total > MAX_RECORD_BYTES:
            return _Failure(_too_big_reason())
        parts.append(chunk)
    return b"".join(parts) if total else _Failure(REASON_EMPTY)


def _binary_kind(data: bytes) -> str | None:
    """What makes the start of ``data`` binary (NUL bytes, control characters), or None."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return "NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > MAX_CONTROL_RATIO:
        return "control characters"
    return None


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 text, with bad bytes replaced by U+FFFD and flagged."""
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), (FLAG_INVALID_UTF8,)


# --- crawl text records ------------------------------------------------------------------


def _read_text_record(path: Path, record_id: str) -> RawRecord | Reject:
    source = str(path)
    data = _load_record(path)
    if isinstance(data, _Failure):
        return Reject(record_id, source, data.reason)
    binary = _binary_kind(data)
    if binary is not None:
        return Reject(record_id, source, f"binary content ({binary}) — not a text record")
    text, flags = _decode(data)
    return _parse_record(record_id, source, text.removeprefix("\ufeff"), flags)


def _load_record(path: Path) -> bytes | _Failure:
    """The record's bytes (gunzipped if needed), or why they cannot be had."""
    try:
        info = path.stat()
    except OSError as exc:
        return _Failure(_os_reason(exc))
    if stat.S_ISREG(info.st_mode):
        if info.st_size == 0:
            return _Failure(REASON_EMPTY)
        if info.st_size > MAX_RECORD_BYTES and not _is_gzip(path):
            return _Failure(_too_big_reason())
    try:
        stream = _open_stream(path)
    except OSError as exc:
        return _Failure(_os_reason(exc))
    with stream:
        return _read_capped(_chunks(stream, _is_gzip(path)))


def _parse_record(record_id: str, source: str, text: str, flags: tuple[str, ...]) -> RawRecord:
    """Split the optional ``date YYYY-MM-DD STATUS`` header line from the body."""
    if not _HEADER_LIKE.match(text):
        return RawRecord(record_id, source, text, flags=flags)
    first, _, body = text.partition("\n")
    header = _parse_header(first)
    if header is None:
        return RawRecord(record_id, source, body, flags=(*flags, FLAG_MALFORMED_HEADER))
    crawl_date, status = header
    return RawRecord(
        record_id, source, body, crawl_date=crawl_date, http_status=status, flags=flags
    )


def _parse_header(line: str) -> tuple[str, int | None] | None:
    """(crawl date, status) from a header line, or None if it is not a valid header."""
    match = _HEADER.fullmatch(line)
    if match is None or not _is_calendar_date(match.group(1)):
        return None
    status = int(match.group(2)) if match.group(2) else None
    if status is not None and not MIN_STATUS <= status <= MAX_STATUS:
        return None
    return match.group(1), status


def _is_calendar_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- JSON Lines --------------------------------------------------------------------------


def _read_jsonl(
    path: Path, stop_line: int | None = None, stem: str | None = None
) -> Iterator[RawRecord | Reject]:
    stem = stem if stem is not None else file_stem(path)
    try:
        stream = _open_stream(path)
    except OSError as exc:
        yield Reject(stem, str(path), _os_reason(exc))
        return
    with stream:
        chunks = _sniffed(_chunks(stream, _is_gzip(path)))
        lines = _lines_before(_split_lines(chunks), 1, stop_line)
        yield from _jsonl_items(lines, str(path), stem)


def _sniffed(chunks: Iterator[bytes | _Failure]) -> Iterator[bytes | _Failure]:
    """The chunks unchanged, unless the first one shows the file is binary."""
    first = next(chunks, None)
    if isinstance(first, bytes) and (binary := _binary_kind(first)) is not None:
        yield _Failure(f"binary content ({binary}) — not a JSON Lines file")
        return
    if first is not None:
        yield first
        yield from chunks


def _split_lines(
    chunks: Iterator[bytes | _Failure],
) -> Iterator[bytes | _TooLong | _Failure | _Blanks]:
    """Cut chunks into lines (newline dropped); a line over the cap comes out as _TOO_LONG.
    A chunk of nothing but blank lines comes out as one _Blanks: a flood of newlines (a
    gigabyte of them in a megabyte of gzip) costs a count per chunk, not a step per line."""
    partial: list[bytes] = []  # pieces of the line being read
    size = 0  # its length so far; its bytes are dropped once it passes the cap
    blank = True  # the line being read is blank so far
    for chunk in chunks:
        if isinstance(chunk, _Failure):
            yield chunk  # the unfinished line is part of what could not be read
            return
        if blank and not chunk.strip():
            newlines = chunk.count(b"\n")
            if newlines:
                yield _Blanks(newlines)
                partial, size = [], len(chunk) - chunk.rfind(b"\n") - 1
            else:
                size += len(chunk)
            continue
        pieces = chunk.split(b"\n")
        for piece in pieces[:-1]:
            yield _join_line(partial, size + len(piece), piece)
            partial, size = [], 0
        size += len(pieces[-1])
        blank = (blank or len(pieces) > 1) and not pieces[-1].strip()
        if size <= MAX_RECORD_BYTES:
            partial.append(pieces[-1])
        else:
            partial.clear()
    if size and not blank:
        yield _join_line(partial, size, b"")


def _join_line(partial: list[bytes], size: int, last: bytes) -> bytes | _TooLong:
    if size > MAX_RECORD_BYTES:
        return _TOO_LONG
    return b"".join([*partial, last]) if partial else last


def is_splittable_jsonl(path: Path) -> bool:
    """True for an uncompressed JSON Lines file: one a reader can start at any line's offset.
    Not a pipe, socket or device, which can be read only once, from its start."""
    return _kind(path) is _Kind.JSONL and not _is_gzip(path) and not _is_special(path)


def is_stream(path: Path) -> bool:
    """True for a pipe, socket or device (``-`` or a FIFO): readable once, in one go."""
    return _is_special(path)


def jsonl_line_starts(path: Path, every: int) -> tuple[int, list[tuple[int, int]]] | None:
    """(records, [(line, byte offset)] where the ranges of ``every`` records start) of an
    uncompressed JSONL file, counted without parsing; None if it cannot be split (unreadable,
    binary). A record is a line that is not blank, as the reader takes them: a flood of blank
    lines is no records and no ranges, not thousands of empty ones."""
    try:
        stream = _open_stream(path)
    except OSError:
        return None
    starts: list[tuple[int, int]] = [(1, 0)]
    records = lines = size = 0
    open_line = False  # the line running into the next chunk has a non-blank byte so far
    with stream:
        for chunk in _sniffed(_chunks(stream, False)):
            if isinstance(chunk, _Failure):
                return None
            data = np.frombuffer(chunk, np.uint8)
            ends = np.flatnonzero(data == _NEWLINE_BYTE)
            filled = np.cumsum(~_BLANK_BYTES[data])  # non-blank bytes up to each byte
            at_end = filled[ends]
            nonblank = np.diff(at_end, prepend=0) > 0
            if ends.size:
                nonblank[0] |= open_line
                numbers = records + np.cumsum(nonblank)
                cuts = np.flatnonzero(nonblank & (numbers % every == 0))
                starts.extend((lines + int(k) + 2, size + int(ends[k]) + 1) for k in cuts)
                records = int(numbers[-1])
                lines += int(ends.size)
                open_line = bool(filled[-1] > at_end[-1])
            else:
                open_line = open_line or bool(filled[-1] > 0)
            size += len(chunk)
    records += open_line  # a last line without a newline
    if len(starts) > 1 and records % every == 0:
        starts.pop()  # nothing but blank lines after the last cut: no range there
    return records, starts


def read_jsonl_lines(
    path: Path, first_line: int, offset: int, stop_line: int | None, stem: str | None = None
) -> Iterator[RawRecord | Reject]:
    """The records of lines ``first_line`` .. ``stop_line - 1`` of an uncompressed JSONL file,
    whose line ``first_line`` starts at byte ``offset``: exactly what reading the whole file
    yields for those lines."""
    if first_line == 1:
        yield from _read_jsonl(path, stop_line, stem)
        return
    stem = stem if stem is not None else file_stem(path)
    try:
        stream = _open_stream(path)
    except OSError as exc:
        yield Reject(f"{stem}:{first_line}", f"{path}:{first_line}", _os_reason(exc))
        return
    with stream:
        stream.seek(offset)
        lines = _split_lines(_chunks(stream, False))
        yield from _jsonl_items(
            _lines_before(lines, first_line, stop_line), str(path), stem, first_line
        )


def _lines_before(
    lines: Iterator[bytes | _TooLong | _Failure | _Blanks], first_line: int, stop_line: int | None
) -> Iterator[bytes | _TooLong | _Failure | _Blanks]:
    """The lines up to ``stop_line`` (not included), a run of blank lines counting as its
    number of lines."""
    if stop_line is None:
        yield from lines
        return
    left = stop_line - first_line
    for line in lines:
        if left <= 0:
            return
        if isinstance(line, _Blanks):
            line = _Blanks(min(line.count, left))
            left -= line.count
        else:
            left -= 1
        yield line


def _jsonl_items(
    lines: Iterator[bytes | _TooLong | _Failure | _Blanks],
    path: str,
    stem: str,
    first_line: int = 1,
) -> Iterator[RawRecord | Reject]:
    lineno = first_line - 1
    for line in lines:
        if isinstance(line, _Blanks):
            lineno += line.count
            continue
        lineno += 1
        if isinstance(line, _Failure):
            yield Reject(f"{stem}:{lineno}", f"{path}:{lineno}", line.reason)
            return
        if isinstance(line, _TooLong):
            yield Reject(f"{stem}:{lineno}", f"{path}:{lineno}", _too_big_reason())
        elif line.strip():
            yield _jsonl_record(line, lineno, path, stem)


def _jsonl_record(line: bytes, lineno: int, path: str, stem: str) -> RawRecord | Reject:
    source, fallback_id = f"{path}:{lineno}", f"{stem}:{lineno}"
    # orjson reads the bytes themselves when they are valid UTF-8 (it checks): no decoded
    # copy of the line, and no UTF-8 copy of that made back inside orjson
    obj: dict[str, object] | _Failure | None = _orjson_record(line)
    flags: tuple[str, ...] = ()
    if obj is not None:
        escaped = False  # orjson refuses lone surrogates, escaped or not: none came through
    else:
        text, flags = _decode(line)
        obj = _parse_json_object(text.removeprefix("\ufeff") if lineno == 1 else text, lineno)
        escaped = "\\u" in text
    if isinstance(obj, _Failure):
        return Reject(fallback_id, source, obj.reason)
    if escaped:  # only \u escapes can produce lone surrogates
        obj, flags = _without_lone_surrogates(obj, flags)
    record_id = _json_id(obj.get("id"), fallback_id)
    body, html = obj.get("text"), obj.get("html")
    if not isinstance(body, str) and not isinstance(html, str):
        return Reject(record_id, source, REASON_NO_TEXT)
    url, crawl_date, status, meta_flags = _json_metadata(obj)
    if html is not None and not isinstance(html, str) and not meta_flags:
        meta_flags = (FLAG_MALFORMED_METADATA,)  # a non-string html beside the text
    return RawRecord(
        record_id,
        source,
        body if isinstance(body, str) else "",
        url=url,
        crawl_date=crawl_date,
        http_status=status,
        flags=(*flags, *meta_flags),
        html=html if isinstance(html, str) else None,
    )


def _parse_json_object(text: str, lineno: int) -> dict[str, object] | _Failure:
    value: object = _orjson_record(text)
    if value is None:
        value = _json_loads(text, lineno)
    if isinstance(value, _Failure):
        return value
    if not isinstance(value, dict):
        kind = _JSON_TYPE_NAMES.get(type(value), "null")
        return _Failure(f"JSON record is not an object (got {kind})")
    return value


def _orjson_record(text: str | bytes) -> dict[str, object] | None:
    """The record as orjson reads it (~1.5x faster than json), or None where json must read
    it: JSON that orjson refuses (lone surrogates, NaN, errors json words its own way), a
    value that is not an object, and a float in a field the reader looks at (orjson reads
    an integer beyond 64 bits as a float, json as an int)."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(value, dict) or any(isinstance(value.get(k), float) for k in _READ_FIELDS):
        return None
    return value


def _json_loads(text: str, lineno: int) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return _Failure(f"invalid JSON: {exc.msg} at line {lineno}, column {exc.colno}")
    except (ValueError, RecursionError) as exc:  # e.g. a 5000-digit number, [[[[...]]]]
        return _Failure(f"invalid JSON: {_detail(exc)} at line {lineno}")


def _json_id(value: object, fallback: str) -> str:
    if value is None or value == "":
        return fallback
    return value if isinstance(value, str) else str(value)


def _json_metadata(
    obj: dict[str, object],
) -> tuple[str | None, str | None, int | None, tuple[str, ...]]:
    """url, crawl date, status and flags from a JSONL record's optional fields.

    A field of the wrong type or form is dropped and the record flagged, never rejected.
    """
    url = obj.get("url")
    url_ok = url is None or isinstance(url, str)
    crawl_date, date_ok = _json_date(obj.get("date"))
    status, status_ok = _json_status(obj.get("status"))
    flags = () if url_ok and date_ok and status_ok else (FLAG_MALFORMED_METADATA,)
    return (url if isinstance(url, str) and url else None), crawl_date, status, flags


def _json_date(value: object) -> tuple[str | None, bool]:
    """(date, ok): a YYYY-MM-DD calendar date; anything else is dropped and not ok."""
    if value is None or value == "":
        return None, True
    if isinstance(value, str) and _DATE.fullmatch(value) and _is_calendar_date(value):
        return value, True
    return None, False


def _json_status(value: object) -> tuple[int | None, bool]:
    """(status, ok): an int or numeric string in the HTTP range; anything else is not ok."""
    if value is None or value == "":
        return None, True
    if isinstance(value, str) and _STATUS.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        return None, False
    return (value, True) if MIN_STATUS <= value <= MAX_STATUS else (None, False)


def _without_lone_surrogates(
    obj: dict[str, object], flags: tuple[str, ...]
) -> tuple[dict[str, object], tuple[str, ...]]:
    """The record with lone surrogates in its kept strings replaced by U+FFFD, and flagged.

    JSON escapes like "\\ud800" decode to them, and they cannot be written out as UTF-8.
    """
    kept = {k: v for k, v in obj.items() if k in _KEPT_FIELDS and isinstance(v, str)}
    cleaned = {key: _LONE_SURROGATE.sub("\ufffd", value) for key, value in kept.items()}
    if cleaned == kept:
        return obj, flags
    new_flags = flags if FLAG_INVALID_UTF8 in flags else (*flags, FLAG_INVALID_UTF8)
    return {**obj, **cleaned}, new_flags


# --- HTML --------------------------------------------------------------------------------


def _read_html_file(path: Path, record_id: str) -> RawRecord | Reject:
    """One HTML page: its decoded text in ``html``; ``body`` stays empty until segmented."""
    source = str(path)
    data = _load_record(path)
    if isinstance(data, _Failure):
        return Reject(record_id, source, data.reason)
    decoded = _decode_html_bytes(data, None)
    if isinstance(decoded, _Failure):
        return Reject(record_id, source, decoded.reason)
    html, flags = decoded
    return RawRecord(record_id, source, "", flags=flags, html=html)


def _decode_html_bytes(data: bytes, declared: str | None) -> tuple[str, tuple[str, ...]] | _Failure:
    """Decoded HTML with its flags, or a _Failure if the bytes are not text at all."""
    if not data.startswith(_UTF16_BOMS):
        binary = _binary_kind(data)
        if binary is not None:
            return _Failure(f"binary content ({binary}) — not an HTML page")
    return decode_html(data, declared)


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """HTML bytes as text, and flags for what had to be repaired.

    A byte-order mark decides first. Bytes that are valid UTF-8 are UTF-8 (a page
    declaring Latin-1 but sent as UTF-8 is common; the reverse cannot decode). Otherwise
    the ``declared`` (HTTP) charset, then a ``<meta>`` charset in the first
    CHARSET_SNIFF_BYTES, then UTF-8; undecodable bytes become U+FFFD and are flagged.
    """
    for bom, bom_codec in _BOM_CODECS:
        if data.startswith(bom):
            return _decode_with(data[len(bom) :], bom_codec)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    flags: tuple[str, ...] = ()
    for label, from_meta in ((declared, False), (_meta_charset(data), True)):
        if not label:
            continue
        codec = _web_codec(label, from_meta)
        if codec is not None:
            text, decode_flags = _decode_with(data, codec)
            return text, (*flags, *decode_flags)
        if FLAG_UNKNOWN_CHARSET not in flags:
            flags = (*flags, FLAG_UNKNOWN_CHARSET)
    text, decode_flags = _decode_with(data, "utf-8")
    return text, (*flags, *decode_flags)


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data, 0, CHARSET_SNIFF_BYTES)
    return match.group(1).decode("ascii") if match else None


@lru_cache(maxsize=256)
def _web_codec(label: str, from_meta: bool) -> str | None:
    """The Python codec for a charset label, or None if no web decoder goes by it.

    A ``<meta>`` cannot be read in UTF-16, so a meta naming it means UTF-8 (HTML standard).
    """
    name = label.strip().lower()
    name = _WEB_CODECS.get(name) or _WEB_CODECS.get(name.replace("_", "-")) or name
    try:
        codec = codecs.lookup(name).name
        b"".decode(codec)  # LookupError for codecs that are not text encodings (rot13, ...)
    except LookupError:
        return None
    if codec in _NOT_WEB_CODECS:
        return None
    if from_meta and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def _decode_with(data: bytes, codec: str) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode(codec), ()
    except UnicodeDecodeError:
        flag = FLAG_INVALID_UTF8 if codec == "utf-8" else FLAG_INVALID_ENCODING
        return data.decode(codec, errors="replace"), (flag,)


# --- WARC --------------------------------------------------------------------------------


def _read_warc_file(path: Path, stem: str) -> Iterator[RawRecord | Reject]:
    """The HTML pages of a WARC file, one record each, streamed; see ``decruft.io.warc``."""
    from decruft.io.warc import read_warc  # FastWARC loads when a WARC file is read

    source = str(path)
    try:
        if path.stat().st_size == 0:
            yield Reject(stem, source, REASON_EMPTY)
            return
        items = read_warc(path, MAX_RECORD_BYTES)
        for item in items:
            yield _warc_item(item, stem, source)
    except OSError as exc:
        yield Reject(stem, source, _os_reason(exc))


def _warc_item(item: WarcItem, stem: str, source: str) -> RawRecord | Reject:
    from decruft.io.warc import WarcBroken, WarcResponse, WarcSkip

    if isinstance(item, WarcBroken):
        return Reject(stem, source, item.reason)
    record_id, record_source = f"{stem}-{item.ordinal}", f"{source}@{item.offset}"
    if isinstance(item, WarcSkip):
        return Reject(record_id, record_source, item.reason)
    if not isinstance(item, WarcResponse):
        return Reject(record_id, record_source, _too_big_reason())
    decoded = _decode_html_bytes(item.payload, item.charset)
    if isinstance(decoded, _Failure):
        return Reject(record_id, record_source, decoded.reason)
    html, flags = decoded
    return RawRecord(
        record_id,
        record_source,
        "",
        url=item.url,
        crawl_date=item.crawl_date,
        http_status=item.http_status,
        flags=(*item.flags, *flags),
        html=html,
        content_type=item.content_type,
    )


# --- reasons -----------------------------------------------------------------------------


def _too_big_reason() -> str:
    cap = MAX_RECORD_BYTES
    size = f"{cap // MIB} MiB" if cap % MIB == 0 else f"{cap} bytes"
    return f"record exceeds {size} limit"


def _gzip_reason(exc: BaseException) -> str:
    return f"truncated or corrupt gzip: {_detail(exc)}"


def _os_reason(exc: BaseException) -> str:
    strerror = exc.strerror if isinstance(exc, OSError) else None
    return f"cannot read file: {strerror or _detail(exc)}"


def _detail(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def parse_record(text: str, record_id: str = "record", source: str = "<string>") -> RawRecord:
    """A crawl record given as a string: the optional header line, then the body."""
    return _parse_record(record_id, source, text.removeprefix("\ufeff"), ())
