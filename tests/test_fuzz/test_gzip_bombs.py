"""Gzip bombs: a small .gz that expands past the record cap is a reject with a reason, read
in bounded memory (never the whole expansion)."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest
from warc_builders import html_http, response, warc_file

from decruft.io.readers import MAX_RECORD_BYTES, read_inputs, streams
from decruft.model import Reject

MIB = 1024**2
# Memory the reader may use beyond the cap itself (a chunk, the decompressor's buffers).
READ_SLACK_BYTES = 16 * MIB
# A cap small enough to bomb every input kind quickly, and the expansion that passes it.
SMALL_CAP = 4 * MIB
SMALL_BOMB = 5 * SMALL_CAP


def _bomb(path: Path, expanded: int, byte: bytes = b"\x00", prefix: bytes = b"") -> None:
    """Write ``path`` gzipped, expanding to ``expanded`` bytes, a MiB at a time."""
    block = byte * MIB
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(prefix)
        for _ in range(expanded // MIB):
            fh.write(block)


def test_a_bomb_past_the_real_cap_is_rejected_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    _bomb(path, MAX_RECORD_BYTES + 8 * MIB)
    assert path.stat().st_size < MIB  # a small file...
    tracemalloc.start()
    try:
        items = list(read_inputs([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert items == [Reject("bomb", str(path), "record exceeds 256 MiB limit")]
    assert peak < MAX_RECORD_BYTES + READ_SLACK_BYTES  # ...never held past the cap


@pytest.mark.parametrize("name", ["page.txt.gz", "page.html.gz", "lines.jsonl.gz"])
def test_bombs_of_text_are_rejected(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streams, "MAX_RECORD_BYTES", SMALL_CAP)
    path = tmp_path / name
    prefix = b'{"id": "a", "text": "' if name.endswith(".jsonl.gz") else b" date 2025-05-07 200\n"
    _bomb(path, SMALL_BOMB, b"a", prefix)
    items = list(read_inputs([path]))
    assert len(items) == 1 and isinstance(items[0], Reject)
    assert "exceeds" in items[0].reason or "longer than" in items[0].reason


def test_a_warc_response_bomb_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "MAX_RECORD_BYTES", SMALL_CAP)
    path = tmp_path / "crawl.warc.gz"
    ok = response(html_http(b"<p>A short page.</p>"), "https://news.test/ok")
    big = response(html_http(b"<p>" + b"a" * SMALL_BOMB), "https://news.test/big")
    path.write_bytes(warc_file([ok, big]))
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["RawRecord", "Reject"]
    assert isinstance(items[1], Reject) and items[1].reason
