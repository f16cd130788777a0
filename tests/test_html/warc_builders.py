"""Build small WARC files byte by byte for the tests (no writer library involved)."""

from __future__ import annotations

import gzip
import zlib

WARC_DATE = "2024-05-07T10:11:12Z"


def warc_record(
    kind: str, uri: str, block: bytes, extra: str = "", content_type: str | None = None
) -> bytes:
    content_type = content_type or f"application/http; msgtype={kind}"
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: {WARC_DATE}\r\n"
        f"WARC-Record-ID: <urn:test:{zlib.crc32(kind.encode() + uri.encode() + block)}>\r\n"
        f"WARC-Target-URI: {uri}\r\n{extra}"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def html_http(body: bytes, status: str = "200 OK", headers: str = "") -> bytes:
    head = f"HTTP/1.1 {status}\r\n{headers or 'Content-Type: text/html; charset=utf-8'}\r\n"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def response(http: bytes, uri: str = "https://news.test/a", extra: str = "") -> bytes:
    return warc_record("response", uri, http, extra)


def warc_file(records: list[bytes], gzipped: bool = True) -> bytes:
    """A WARC with the usual warcinfo first; gzipped one member per record, as crawlers do."""
    info = warc_record("warcinfo", "", b"software: decruft-tests\r\n")
    all_records = [info, *records]
    return b"".join(gzip.compress(r) for r in all_records) if gzipped else b"".join(all_records)
