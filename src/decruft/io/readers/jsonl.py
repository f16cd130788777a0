"""JSON Lines files (``.jsonl``/``.ndjson``, optionally gzipped): one record per line, with a
``text`` or an ``html`` field and optional ``id``, ``url``, ``date`` and ``status``.

Lines are cut from bounded chunks, so a file of any size keeps memory flat; a line over the
cap, a line that is not a JSON object and a record with neither field become ``Reject``s
and reading goes on. An uncompressed file can also be read in ranges of lines
(``jsonl_line_starts``, ``read_jsonl_lines``), which is how executors split one big file
into shards.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from decruft.io.readers import streams
from decruft.io.readers.paths import _is_special, _Kind, _kind, file_stem
from decruft.io.readers.records import MAX_STATUS, MIN_STATUS, _is_calendar_date
from decruft.io.readers.streams import (
    FLAG_INVALID_UTF8,
    _binary_kind,
    _chunks,
    _decode,
    _detail,
    _Failure,
    _is_gzip,
    _open_stream,
    _os_reason,
    _too_big_reason,
)

# The cap is looked up as streams.MAX_RECORD_BYTES when a file is read: one setting for all.
from decruft.lazy import LazyPattern
from decruft.model import RawRecord, Reject

FLAG_MALFORMED_METADATA = "malformed-metadata"

REASON_NO_TEXT = "JSON record has neither a string 'text' nor a string 'html' field"

# Bytes that leave a JSONL line blank (those ``bytes.strip`` drops), as a lookup table.
_BLANK_BYTES = np.zeros(256, dtype=bool)
_BLANK_BYTES[list(b" \t\n\r\x0b\x0c")] = True
_NEWLINE_BYTE = ord("\n")

# A record's ``date`` and ``status`` fields, in the forms a crawl record's header takes.
_DATE = LazyPattern(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_STATUS = LazyPattern(r"[0-9]{3}", re.ASCII)
# A UTF-16 surrogate on its own: JSON "\ud800" escapes decode to these, and they cannot be
# written back out as UTF-8.
_LONE_SURROGATE = LazyPattern("[\ud800-\udfff]")
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


@dataclass(frozen=True, slots=True)
class _TooLong:
    """Stands in for a JSONL line longer than MAX_RECORD_BYTES."""


_TOO_LONG = _TooLong()


@dataclass(frozen=True, slots=True)
class _Blanks:
    """Stands in for ``count`` blank JSONL lines in a row."""

    count: int


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
    gigabyte of them in a megabyte of gzip) costs a count per chunk, not a step per line.
    A line is its bytes wherever the chunks cut it, whitespace it starts with included (a
    reader starting at another offset, a shard's, cuts it elsewhere: the same line must
    give the same record, or the same reason to reject it)."""
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
                rest = chunk[chunk.rfind(b"\n") + 1 :]  # the next line's start
                partial, size = [rest], len(rest)
            else:
                size += len(chunk)
                if size <= streams.MAX_RECORD_BYTES:
                    partial.append(chunk)
                else:
                    partial.clear()
            continue
        pieces = chunk.split(b"\n")
        for piece in pieces[:-1]:
            yield _join_line(partial, size + len(piece), piece)
            partial, size = [], 0
        size += len(pieces[-1])
        blank = (blank or len(pieces) > 1) and not pieces[-1].strip()
        if size <= streams.MAX_RECORD_BYTES:
            partial.append(pieces[-1])
        else:
            partial.clear()
    if size and not blank:
        yield _join_line(partial, size, b"")


def _join_line(partial: list[bytes], size: int, last: bytes) -> bytes | _TooLong:
    if size > streams.MAX_RECORD_BYTES:
        return _TOO_LONG
    return b"".join([*partial, last]) if partial else last


def is_splittable_jsonl(path: Path) -> bool:
    """True for an uncompressed JSON Lines file: one a reader can start at any line's offset.
    Not a pipe, socket or device, which can be read only once, from its start."""
    return _kind(path) is _Kind.JSONL and not _is_gzip(path) and not _is_special(path)


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
