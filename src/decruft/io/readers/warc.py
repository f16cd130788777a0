"""WARC files (``.warc``, ``.warc.gz``): one record per HTML response, streamed. The WARC
parsing is ``decruft.io.warc``'s; this is the glue that turns its items into records and
rejects. FastWARC loads when a WARC file is read, not when the readers are imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

# The cap is looked up as streams.MAX_RECORD_BYTES when a file is read: one setting for all.
from decruft.io.readers import streams
from decruft.io.readers.html import _decode_html_bytes
from decruft.io.readers.streams import REASON_EMPTY, _Failure, _os_reason, _too_big_reason
from decruft.model import RawRecord, Reject

if TYPE_CHECKING:
    from decruft.io.warc import WarcItem


def _read_warc_file(path: Path, stem: str) -> Iterator[RawRecord | Reject]:
    """The HTML pages of a WARC file, one record each, streamed; see ``decruft.io.warc``."""
    from decruft.io.warc import read_warc  # FastWARC loads when a WARC file is read

    source = str(path)
    try:
        if path.stat().st_size == 0:
            yield Reject(stem, source, REASON_EMPTY)
            return
        items = read_warc(path, streams.MAX_RECORD_BYTES)
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
