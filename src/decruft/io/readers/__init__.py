"""Read crawl records (files, directories, globs, JSON Lines, HTML, WARC) into ``RawRecord``s.

Nothing here raises for bad input: an input that cannot be used becomes a ``Reject`` with a
reason a person can act on, and reading goes on with the next one. Everything streams: files
are read in bounded chunks, so a JSONL file of any size keeps memory flat, and no single
record may grow past ``MAX_RECORD_BYTES``.

The flow, module by module::

    read_inputs(paths)
      paths     the paths -> the files, in a fixed order (globs, sorted tree walks), each
                file's kind from its name and a run-unique stem its records' ids start from
      read_file(path, stem), by kind:
        records   a crawl text record (``.txt``): optional ``date`` header line, then body
        jsonl     JSON Lines: one record per line (``text`` or ``html`` field)
        html      an HTML page, and the charset decoding every HTML input shares
        warc      the HTML responses of a WARC file (parsed by ``decruft.io.warc``)
      streams   under all of them: opening and gunzipping, chunked and capped reads,
                binary sniffing, UTF-8 decoding, and the reasons of read failures
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from decruft.io.readers.html import (
    CHARSET_SNIFF_BYTES as CHARSET_SNIFF_BYTES,
    FLAG_INVALID_ENCODING as FLAG_INVALID_ENCODING,
    FLAG_UNKNOWN_CHARSET as FLAG_UNKNOWN_CHARSET,
    _read_html_file,
    decode_html as decode_html,
)
from decruft.io.readers.jsonl import (
    FLAG_MALFORMED_METADATA as FLAG_MALFORMED_METADATA,
    REASON_NO_TEXT as REASON_NO_TEXT,
    _parse_json_object as _parse_json_object,
    _read_jsonl,
    is_splittable_jsonl as is_splittable_jsonl,
    jsonl_line_starts as jsonl_line_starts,
    read_jsonl_lines as read_jsonl_lines,
)
from decruft.io.readers.paths import (
    REASON_MISSING as REASON_MISSING,
    _Kind,
    _kind,
    expand_inputs as expand_inputs,
    file_stem as file_stem,
    is_stream as is_stream,
    unique_stems as unique_stems,
)
from decruft.io.readers.records import (
    FLAG_MALFORMED_HEADER as FLAG_MALFORMED_HEADER,
    MAX_STATUS as MAX_STATUS,
    MIN_STATUS as MIN_STATUS,
    _read_text_record,
    parse_record as parse_record,
)

# The caps as they were at import; to change one (tests lower them), set it in ``streams``.
from decruft.io.readers.streams import (
    FLAG_INVALID_UTF8 as FLAG_INVALID_UTF8,
    MAX_CONTROL_RATIO as MAX_CONTROL_RATIO,
    MAX_RECORD_BYTES as MAX_RECORD_BYTES,
    MIB as MIB,
    READ_CHUNK_BYTES as READ_CHUNK_BYTES,
    REASON_EMPTY as REASON_EMPTY,
    SNIFF_BYTES as SNIFF_BYTES,
)
from decruft.io.readers.warc import _read_warc_file
from decruft.model import RawRecord, Reject

REASON_ARC = "ARC files are not supported (only WARC)"


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
