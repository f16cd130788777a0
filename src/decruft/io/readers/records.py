"""Crawl text records: one page per file (``.txt``, or any name that is not JSONL, HTML or
(W)ARC; optionally gzipped), or given as a string.

Crawl record format::

     date 2025-05-07 403      <- optional header: leading space optional, status optional
    <body: everything after the first newline, kept byte-for-byte (offsets index it)>
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from decruft.io.readers.streams import _binary_kind, _decode, _Failure, _load_record
from decruft.lazy import LazyPattern
from decruft.model import RawRecord, Reject

# HTTP status codes are three digits from 100 to 599 (RFC 9110); anything else is not one.
MIN_STATUS = 100
# Upper end of the HTTP status range (see MIN_STATUS).
MAX_STATUS = 599

FLAG_MALFORMED_HEADER = "malformed-header"

# "date" or " date" followed by whitespace or the end: the line is meant as a header.
_HEADER_LIKE = LazyPattern(r" ?date(?:\s|$)", re.ASCII)
# The whole header line; every part is a bounded class, so matching is linear.
_HEADER = LazyPattern(r" ?date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ \t]+([0-9]{3}))?\s*", re.ASCII)


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


def parse_record(text: str, record_id: str = "record", source: str = "<string>") -> RawRecord:
    """A crawl record given as a string: the optional header line, then the body."""
    return _parse_record(record_id, source, text.removeprefix("\ufeff"), ())


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
