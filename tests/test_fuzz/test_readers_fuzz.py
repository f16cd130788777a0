"""The readers on random and damaged files of every kind: never raise, yield records or
rejects with a reason (exactly one item for a single-record file; an empty JSONL file holds
no records), and the shard reader
yields the same as ``read_inputs``."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from fuzzing import budget
from hypothesis import example, given, strategies as st
from warc_builders import html_http, response, warc_file

from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.io.writers import page_line
from decruft.model import RawRecord, Reject
from decruft.pipeline import clean_batch
from decruft.run.shards import plan_shards, read_shard

SINGLE_RECORD = (".txt", ".txt.gz", ".html", ".html.gz")
SUFFIXES = (*SINGLE_RECORD, ".jsonl", ".jsonl.gz", ".warc", ".warc.gz")
# Lines up to this long: past the reader's chunk (1 MiB), so lines span chunks.
MAX_LINE = 1_500_000
# Blank lines in a flood: over a chunk's worth, so floods span chunks and line ranges.
BLANK_FLOOD_LINES = 1_200_000
# Records per shard in the shard check: small, so a JSONL file spans line ranges.
SHARD_RECORDS = 3

_NOISE = st.sampled_from(
    [b"\x00", b"\xff\xfe", b"\xc3(", b"\xed\xa0\x80", b"\r", b"\x1b[0m", b"\xef\xbb\xbf",
     b"\n", b"<meta charset=shift_jis>", b"<meta charset=nonsense>", b"\\u0000", b"\x85"]
)  # fmt: skip
_HEADERS = st.sampled_from(
    [b" date 2025-05-07 200\n", b"date 2025-02-30 999\n", b" date 2025-05-07\n",
     b" date xx 200\n", b" date 2025-05-07 200 extra\n", b"", b"\n", b" date\n"]
)  # fmt: skip
_CHUNK = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=100).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _NOISE,
    st.builds(lambda b, n: b * n, st.sampled_from([b"a", b" ", b"\x00", b"\xe9"]),
              st.integers(0, MAX_LINE)),
    st.builds(lambda b, n: b * n, st.sampled_from([b"\n", b" \n", b"\r\n", b"\n\t"]),
              st.integers(0, BLANK_FLOOD_LINES)),  # blank-line floods across chunks
)  # fmt: skip
_TEXTISH = st.builds(lambda h, parts: h + b"".join(parts), _HEADERS, st.lists(_CHUNK, max_size=8))
_JSON_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=60),
    st.lists(st.integers(), max_size=3),
)  # fmt: skip
_JSON_LINE = st.one_of(
    st.dictionaries(
        st.sampled_from(["id", "text", "html", "url", "date", "status", "x"]),
        st.one_of(_JSON_VALUE, st.text(max_size=300)),
        max_size=5,
    ).map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    _TEXTISH,
)
_JSONL = st.lists(_JSON_LINE, max_size=8).map(b"\n".join)
_WARC = st.lists(
    st.builds(lambda body, st_: response(html_http(body, st_)), _TEXTISH,
              st.sampled_from(["200 OK", "404 Not Found", "abc", ""])),
    max_size=3,
).map(lambda rs: warc_file(rs, gzipped=False))  # fmt: skip


@st.composite
def _file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A suffix and the file's bytes: random, or well-formed then damaged."""
    suffix = draw(st.sampled_from(SUFFIXES))
    kind = suffix.removesuffix(".gz")
    content = {".jsonl": _JSONL, ".warc": _WARC}.get(kind, _TEXTISH)
    data = draw(st.one_of(content, st.binary(max_size=300)))
    if suffix.endswith(".gz") and draw(st.booleans()):
        data = gzip.compress(data, compresslevel=1)
        if draw(st.booleans()):  # truncated somewhere, or a byte flipped
            cut = draw(st.integers(0, len(data)))
            data = data[:cut] if draw(st.booleans()) else _flip(data, cut)
    return suffix, data


def _flip(data: bytes, at: int) -> bytes:
    if at >= len(data):
        return data
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


def _check_item(item: RawRecord | Reject) -> None:
    if isinstance(item, Reject):
        assert item.reason
        return
    assert isinstance(item, RawRecord)
    (item.html or item.body).encode("utf-8")  # no lone surrogates reach the pipeline


@given(_file())
@budget(200)
# a line starting with a chunk's worth of spaces: its leading chunk was dropped when it held
# no newline, so a shard (whose chunks are cut elsewhere) gave another column in the reason
@example((".jsonl", b"{}\n{}\n date 2025-05-07 200\n" + b" " * (1 << 20) + b"\x00"))
@example((".jsonl", b"{}\n" + b" " * ((1 << 20) - 3) + b"\n " + b" " * (1 << 20) + b'{"text": 1'))
def test_any_file_reads_into_records_or_rejects(file: tuple[str, bytes]) -> None:
    suffix, data = file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([path]))
        for item in items:
            _check_item(item)
        if suffix in SINGLE_RECORD:  # (a JSONL or WARC file may hold no records at all)
            assert len(items) == 1
        shards = plan_shards([path], SHARD_RECORDS)
        assert [x for s in shards for x in read_shard(s)] == items


@given(_file())
@budget(60)
def test_every_record_read_is_cleaned_into_a_page(file: tuple[str, bytes]) -> None:
    suffix, data = file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        records = [r for r in read_inputs([path]) if isinstance(r, RawRecord)]
        pages = clean_batch(records, Config()) if records else []
    assert [p.id for p in pages] == [r.id for r in records]
    for page in pages:
        page_line(page).encode("utf-8")
