"""HTML pages: ``.html``/``.htm`` files (optionally gzipped), and the charset decoding every
HTML input shares (JSONL ``html`` fields, WARC responses).

An HTML record's ``html`` holds the decoded page and its ``body`` is empty until the page is
segmented. Bytes are decoded as UTF-8 when they are valid UTF-8; otherwise by the byte-order
mark, the HTTP charset or the ``<meta>`` charset, in that order.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

from decruft.io.readers.streams import FLAG_INVALID_UTF8, _binary_kind, _Failure, _load_record
from decruft.lazy import LazyPattern
from decruft.model import RawRecord, Reject

# Where a <meta> charset is looked for: the HTML standard's pre-scan reads 1024 bytes, but
# pages with long heads (inline styles, many meta tags) declare it later.
CHARSET_SNIFF_BYTES = 4096

# The page declares a charset no decoder knows; it was decoded as UTF-8.
FLAG_UNKNOWN_CHARSET = "unknown-charset"
# Bytes invalid in the page's declared (non-UTF-8) charset were replaced by U+FFFD.
FLAG_INVALID_ENCODING = "invalid-encoding"

# Byte-order marks win over any declared charset (HTML standard, "BOM sniff").
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BOM_CODECS = ((_UTF8_BOM, "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = LazyPattern(
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
