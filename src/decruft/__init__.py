"""decruft: clean, deduplicated, explained article text from raw scraped pages.

    >>> import decruft
    >>> page = decruft.clean_record(open("seed-menafn.txt").read())
    >>> page.verdict.kind, page.meta.publisher, page.text.splitlines()[0]

``clean`` takes page text, ``clean_html`` an HTML page, ``clean_record`` a crawl record
(optional ` date YYYY-MM-DD STATUS` header line, then the text), ``clean_records`` a stream
of records (see ``decruft.io.read_inputs``). Each returns ``Page`` objects: kept text,
metadata, verdict and every removal with its rule and evidence. The cascade is described in
``decruft.pipeline``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from decruft.lazy import lazy_names
from decruft.version import __version__

if TYPE_CHECKING:
    from decruft.config import PRESETS, Config
    from decruft.io.readers import read_inputs
    from decruft.model import (
        Block,
        Meta,
        Page,
        RawRecord,
        Reject,
        Removal,
        Verdict,
        VerdictKind,
    )
    from decruft.pipeline import clean_records, warm_up

# The API's names and where they live: imported on first use (PEP 562), so that importing
# any part of decruft (the command line's ``--help``) does not load numpy and the models.
_LAZY = {
    "PRESETS": "decruft.config",
    "Config": "decruft.config",
    "read_inputs": "decruft.io.readers",
    **dict.fromkeys(
        ("Block", "Meta", "Page", "RawRecord", "Reject", "Removal", "Verdict", "VerdictKind"),
        "decruft.model",
    ),
    "clean_records": "decruft.pipeline",
    "warm_up": "decruft.pipeline",
}


__getattr__ = lazy_names("decruft", _LAZY, globals())


def clean(text: str, config: Config | None = None, *, id: str = "text") -> Page:
    """Clean one page of text (no header line expected)."""
    from decruft.model import RawRecord

    record = RawRecord(id=id, source="<string>", body=text)
    return _clean_one(record, config)


def clean_html(
    html: str | bytes,
    config: Config | None = None,
    *,
    id: str = "html",
    url: str | None = None,
    http_status: int | None = None,
) -> Page:
    """Clean one HTML page: its visible text is segmented into blocks (``Page.body``), then
    cleaned as text is; metadata the HTML declares (og:title, author, date) is used. Bytes
    are decoded as files are: UTF-8 if valid, else the byte-order mark or ``<meta>`` charset
    (the page is flagged when bytes had to be replaced)."""
    from decruft.io.readers import decode_html
    from decruft.model import RawRecord

    flags: tuple[str, ...] = ()
    if isinstance(html, bytes):
        html, flags = decode_html(html)
    record = RawRecord(
        id=id,
        source="<string>",
        body="",
        url=url,
        http_status=http_status,
        html=html,
        flags=flags,
    )
    return _clean_one(record, config)


def clean_record(raw: str, config: Config | None = None, *, id: str = "record") -> Page:
    """Clean one crawl record: a ` date YYYY-MM-DD STATUS` header line (optional), then text."""
    from decruft.io.readers import parse_record

    return _clean_one(parse_record(raw, record_id=id), config)


def _clean_one(record: RawRecord, config: Config | None) -> Page:
    from decruft.config import Config
    from decruft.pipeline import clean_batch

    return clean_batch([record], config if config is not None else Config())[0]


__all__ = [
    "PRESETS",
    "Block",
    "Config",
    "Meta",
    "Page",
    "RawRecord",
    "Reject",
    "Removal",
    "Verdict",
    "VerdictKind",
    "__version__",
    "clean",
    "clean_html",
    "clean_record",
    "clean_records",
    "read_inputs",
    "warm_up",
]
