"""WARC files -> the HTML responses in them, streamed record by record (via FastWARC).

FastWARC frames the records and parses and decodes the HTTP messages (chunked transfer
encoding, gzip/deflate/brotli content encoding). Two things it does not do are done here:

- it stops without a word at a truncated record or a damaged tail, so every block is read
  to its declared length, and after the last record the stream must hold nothing but
  whitespace: the stream it reads is wrapped to keep its last bytes;
- gzip is decompressed by Python's ``gzip`` (one member after another, as a WARC.gz is
  written), whose errors FastWARC passes through, so a damaged gzip member ends the file
  with the exact error after the records before it.

Records that are not pages (warcinfo, request, metadata, revisit, resources that are not
HTML, ...) and responses that are not HTTP (DNS lookups) are skipped silently; a
``resource`` record whose Content-Type is HTML is a page (its block is the document). An
HTTP response that cannot be a page (an image, an empty body, a body over the size cap)
becomes a ``WarcSkip`` with a reason;
damage that ends the file becomes one ``WarcBroken``, always the last item.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

# Payload types that are HTML pages.
HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FLAG_BAD_CONTENT_ENCODING = "invalid-content-encoding"
# The crawler cut the body short (WARC-Truncated): the page is usable but incomplete.
FLAG_TRUNCATED_PAYLOAD = "truncated-payload"

# Bytes read from the file at a time (FastWARC asks for this much too).
READ_CHUNK_BYTES = 64 * 1024
# The stream's last bytes kept to check its end: longer than any block suffix compared.
TAIL_BYTES = 4096
# A record's last non-space bytes the stream must end with when it is the last record:
# long enough that bytes after it cannot match by chance.
SUFFIX_BYTES = 64
# FastWARC's limit on one header block; longer means the record is damaged.
MAX_HEADER_BYTES = 64 * 1024

_GZIP_MAGIC = b"\x1f\x8b"
_WHITESPACE = b" \t\r\n\f\v"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# HTTP status codes are three digits from 100 to 599 (RFC 9110).
_MIN_STATUS, _MAX_STATUS = 100, 599


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """One HTML page from a WARC file: the HTTP body (decoded) and what describes it."""

    ordinal: int  # the response record's number in the file, from 0
    offset: int  # where the record starts in the (uncompressed) stream
    url: str | None
    crawl_date: str | None  # YYYY-MM-DD of WARC-Date
    http_status: int | None
    content_type: str | None
    charset: str | None  # from the HTTP Content-Type
    payload: bytes
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WarcSkip:
    """A response record that is not a usable page, and why."""

    ordinal: int
    offset: int
    reason: str


@dataclass(frozen=True, slots=True)
class WarcTooBig:
    """A response record whose block or body is over the size cap."""

    ordinal: int
    offset: int


@dataclass(frozen=True, slots=True)
class WarcBroken:
    """The file could not be read past this point; nothing follows it."""

    reason: str


WarcItem = WarcResponse | WarcSkip | WarcTooBig | WarcBroken


class _Stream:
    """The file's (gunzipped) bytes for FastWARC, counted, with the last ones kept.

    ``read1`` returns what one read gives, so the records before a damaged gzip member
    reach FastWARC before the error does.
    """

    def __init__(self, raw: io.BufferedReader) -> None:
        self.gzipped = raw.peek(len(_GZIP_MAGIC))[: len(_GZIP_MAGIC)] == _GZIP_MAGIC
        self._source: io.BufferedIOBase = gzip.GzipFile(fileobj=raw) if self.gzipped else raw
        self.position = 0
        self.tail = b""  # the last bytes of chunks that were not all whitespace

    def read(self, size: int = -1) -> bytes:
        data = self._source.read1(size if size > 0 else READ_CHUNK_BYTES)
        self.position += len(data)
        if data.strip(_WHITESPACE):
            self.tail = (self.tail + data)[-TAIL_BYTES:]
        return data

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Only "where am I": the stream goes forward once."""
        if (offset, whence) in ((0, io.SEEK_CUR), (self.position, io.SEEK_SET)):
            return self.position
        raise io.UnsupportedOperation("the WARC stream cannot seek")

    def close(self) -> None:
        """The file is closed by whoever opened it."""

    def has_more(self) -> bool:
        """Whether anything but whitespace is left to read."""
        while data := self.read(READ_CHUNK_BYTES):
            if data.strip(_WHITESPACE):
                return True
        return False


@dataclass(slots=True)
class _Progress:
    """Where reading is, to say where a file broke and to check how it ends."""

    complete: int = 0  # records read to the end of their block
    responses: int = 0  # response records met (the next one's ordinal)
    last_offset: int = 0  # where the last complete record starts
    current: int | None = None  # where the record being read starts, if one is
    last_suffix: bytes = b""  # the last non-space bytes of the last complete block


def read_warc(path: Path, max_bytes: int) -> Iterator[WarcItem]:
    """Every HTTP response in the WARC file at ``path``, in order; damage ends it.

    ``max_bytes`` caps a record's block and its decoded body. Opening errors propagate
    (the caller reports them like any other file's).
    """
    with open(path, "rb") as raw:
        stream = _Stream(raw)
        progress = _Progress()
        try:
            records = ArchiveIterator(
                stream,
                record_types=WarcRecordType.any_type,
                parse_http=False,
                stream_detect=False,
                quirks_mode=False,  # quirks mode invents a Content-Length for a cut header
                max_header_len=MAX_HEADER_BYTES,
            )
            failure = yield from _records(records, progress, max_bytes)
        except BaseException as exc:  # FastWARC reports a Rust panic as a BaseException
            if not _is_input_error(exc):
                raise
            failure = _error_detail(exc, stream)
        if failure is None:
            failure = _end_problem(stream, progress)
        if failure is not None:
            yield WarcBroken(_broken_reason(failure, stream, progress))


def _records(
    records: ArchiveIterator, progress: _Progress, max_bytes: int
) -> Generator[WarcItem, None, str | None]:
    """The items of all records; returns why reading stopped early, or None at the end."""
    for record in records:
        progress.current = record.stream_pos
        failure = _header_problem(record)
        if failure is not None:
            return failure
        is_response = record.record_type == WarcRecordType.response
        is_page = (is_response and record.is_http) or _is_html_resource(record)
        ordinal = progress.responses
        progress.responses += is_response or is_page
        if not is_page:
            failure = _skip_block(record, progress)
        else:
            item, failure = _response(record, ordinal, progress, max_bytes)
            if item is not None and failure is None:
                yield item
        if failure is not None:
            return failure
        progress.complete += 1
        progress.last_offset, progress.current = record.stream_pos, None
    return None


def _header_problem(record: WarcRecord) -> str | None:
    """Why a record's header cannot be one (FastWARC makes records of cut-off headers)."""
    length = record.headers.get("Content-Length")
    if length is None or not length.strip().isdigit():
        return "record header has no valid Content-Length (cut off?)"
    if not record.headers.get("WARC-Type"):
        return "record header has no WARC-Type (cut off?)"
    return None


def _skip_block(record: WarcRecord, progress: _Progress) -> str | None:
    """Read past a record that is not a page; a short block means the file ends early."""
    declared = record.content_length
    kept = b""
    total = 0
    while chunk := record.reader.read(READ_CHUNK_BYTES):
        total += len(chunk)
        kept = (kept + chunk)[-TAIL_BYTES:]
    progress.last_suffix = _suffix(kept)
    return _short_block(total, declared)


def _response(
    record: WarcRecord, ordinal: int, progress: _Progress, max_bytes: int
) -> tuple[WarcItem | None, str | None]:
    """(the page or why it is skipped, why the file cannot be read further)."""
    declared = record.content_length
    offset = record.stream_pos
    if declared > max_bytes:
        consumed = record.reader.consume()
        progress.last_suffix = b""  # not kept: the end check cannot use this block
        return WarcTooBig(ordinal, offset), _short_block(consumed, declared)
    block = _read_exactly(record, declared)
    progress.last_suffix = _suffix(block)
    failure = _short_block(len(block), declared)
    if failure is not None:
        return None, failure
    if record.record_type == WarcRecordType.resource:
        return _resource_page(record, block, ordinal), None
    return _page(record, block, ordinal, max_bytes), None


def _is_html_resource(record: WarcRecord) -> bool:
    """A ``resource`` record holding an HTML document (a page saved without its HTTP
    exchange, as browser-based archivers write them)."""
    if record.record_type != WarcRecordType.resource:
        return False
    content_type = (record.headers.get("Content-Type") or "").split(";", 1)[0].strip()
    return content_type.lower() in HTML_CONTENT_TYPES


def _resource_page(record: WarcRecord, block: bytes, ordinal: int) -> WarcItem:
    """The page of an HTML ``resource`` record: the block is the document itself."""
    offset = record.stream_pos
    if not block.strip():
        return WarcSkip(ordinal, offset, "empty resource record")
    declared = record.headers.get("Content-Type") or ""
    charset = declared.partition("charset=")[2].strip().strip('"') or None
    return WarcResponse(
        ordinal=ordinal,
        offset=offset,
        url=_url(record),
        crawl_date=_warc_date(record),
        http_status=None,
        content_type=declared.split(";", 1)[0].strip().lower(),
        charset=charset,
        payload=block,
    )


def _read_exactly(record: WarcRecord, size: int) -> bytes:
    """Up to ``size`` bytes of the record's block: fewer only if the stream ends first."""
    parts: list[bytes] = []
    total = 0
    while total < size:
        chunk = record.reader.read(min(size - total, READ_CHUNK_BYTES * 16))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _suffix(block: bytes) -> bytes:
    return block.rstrip(_WHITESPACE)[-SUFFIX_BYTES:]


def _short_block(got: int, declared: int) -> str | None:
    if got >= declared:
        return None
    return f"record ends after {got} of its {declared} bytes"


# --- one HTTP response -------------------------------------------------------------------


def _page(record: WarcRecord, block: bytes, ordinal: int, max_bytes: int) -> WarcItem:
    """The HTML page in a response block, or why there is none."""
    offset = record.stream_pos
    http = _parse_http(block, "all")
    undecodable = None
    if isinstance(http, str):  # FastWARC starts decoding the body while parsing the head
        undecodable, http = http, _parse_http(block, "transfer")
        if isinstance(http, str):
            return WarcSkip(ordinal, offset, f"invalid HTTP response: {http}")
    content_type = http.http_content_type
    if content_type is not None and content_type.lower() not in HTML_CONTENT_TYPES:
        return WarcSkip(ordinal, offset, f"not an HTML page: Content-Type {content_type}")
    payload, flags = _payload(http, block, undecodable, max_bytes)
    if payload is None:
        return WarcTooBig(ordinal, offset)
    if isinstance(payload, str):
        return WarcSkip(ordinal, offset, payload)
    status = _status(http)
    if not payload.strip():
        return WarcSkip(ordinal, offset, f"empty HTTP body (status {status})")
    if content_type is None and payload.lstrip()[:1] != b"<":
        return WarcSkip(ordinal, offset, "no Content-Type and the body does not look like HTML")
    return WarcResponse(
        ordinal=ordinal,
        offset=offset,
        url=_url(record),
        crawl_date=_warc_date(record),
        http_status=status,
        content_type=content_type.lower() if content_type else None,
        charset=http.http_charset,
        payload=payload,
        flags=(*flags, FLAG_TRUNCATED_PAYLOAD) if record.headers.get("WARC-Truncated") else flags,
    )


def _parse_http(block: bytes, decode: Literal["all", "transfer"]) -> WarcRecord | str:
    """The block as an HTTP message whose body reads ``decode``-d, or why it is not one."""
    http = WarcRecord()
    http.set_bytes_content(block)
    http.is_http = True
    try:
        http.parse_http(auto_decode=decode, quirks_mode=True)
    except OSError as exc:
        return _detail(exc)
    return http


def _payload(
    http: WarcRecord, block: bytes, undecodable: str | None, max_bytes: int
) -> tuple[bytes | str | None, tuple[str, ...]]:
    """(body, flags): decoded body, None if over ``max_bytes``, or why it cannot be had.

    ``http`` reads the decoded body, or the body as sent if ``undecodable`` says why its
    Content-Encoding did not decode. Such a body was often sent unencoded by a
    misconfigured server: it is taken as sent if it looks like HTML, and flagged.
    """
    if undecodable is None:
        try:
            return _read_capped(http, max_bytes), ()
        except OSError as exc:
            undecodable = _detail(exc)
        raw = _parse_http(block, "transfer")
        if isinstance(raw, str):
            return f"invalid HTTP response: {raw}", ()
        http = raw
    reason = f"cannot decode Content-Encoding: {undecodable}"
    try:
        body = _read_capped(http, max_bytes)
    except OSError:
        return reason, ()
    if body is None or body.lstrip()[:1] != b"<":
        return reason, ()
    return body, (FLAG_BAD_CONTENT_ENCODING,)


def _read_capped(http: WarcRecord, max_bytes: int) -> bytes | None:
    parts: list[bytes] = []
    total = 0
    while chunk := http.reader.read(READ_CHUNK_BYTES * 16):
        total += len(chunk)
        if total > max_bytes:
            return None
        parts.append(chunk)
    return b"".join(parts)


def _status(http: WarcRecord) -> int | None:
    status = http.http_headers.status_code
    return status if status is not None and _MIN_STATUS <= status <= _MAX_STATUS else None


def _url(record: WarcRecord) -> str | None:
    uri = record.headers.get("WARC-Target-URI")
    uri = uri.strip().removeprefix("<").removesuffix(">") if uri else None
    return uri or None


def _warc_date(record: WarcRecord) -> str | None:
    value = (record.headers.get("WARC-Date") or "").strip()[:10]
    if not _DATE.fullmatch(value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


# --- where a file broke ------------------------------------------------------------------


def _is_input_error(exc: BaseException) -> bool:
    """Errors that mean the input is damaged: any Exception, and a panic inside FastWARC."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _error_detail(exc: BaseException, stream: _Stream) -> str:
    if isinstance(exc, EOFError):
        return "gzip stream ends inside a member (truncated)"
    if isinstance(exc, zlib.error | gzip.BadGzipFile) and stream.gzipped:
        return f"corrupt gzip: {_detail(exc)}"
    if isinstance(exc, OSError) and exc.strerror is None and exc.args:
        return str(exc.args[0])  # FastWARC's own message, e.g. "Invalid WARC header"
    return _detail(exc)


def _end_problem(stream: _Stream, progress: _Progress) -> str | None:
    """Why the stream does not end right after the last record, or None if it does."""
    try:
        more = stream.has_more()
    except (EOFError, zlib.error, OSError) as exc:
        return _error_detail(exc, stream)
    if progress.complete == 0:
        return "no WARC record found"
    tail = stream.tail.rstrip(_WHITESPACE)
    if more or not tail.endswith(progress.last_suffix):
        return "the bytes after it are not a complete WARC record"
    return None


def _broken_reason(detail: str, stream: _Stream, progress: _Progress) -> str:
    where = "uncompressed byte" if stream.gzipped else "byte"
    if progress.complete == 0 and not progress.current:
        return f"not a WARC file, or damaged at its start: {detail}"
    head = f"truncated or corrupt WARC after {progress.complete} complete records"
    if progress.current is not None:
        return f"{head}, in the record at {where} {progress.current}: {detail}"
    return f"{head} (the last starts at {where} {progress.last_offset}): {detail}"


def _detail(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
