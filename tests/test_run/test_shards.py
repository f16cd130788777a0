"""Shards read exactly what read_inputs reads, in the same order, however they are cut."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from run_corpus import build

from decruft.io.readers import read_inputs
from decruft.run.shards import FilePart, plan_shards, read_shard


def _inputs(tmp_path: Path) -> list[str]:
    src = build(tmp_path, records=12, jsonl_lines=23)
    return [str(src), str(src / "page.html"), str(tmp_path / "missing-*.txt")]


@pytest.mark.parametrize("size", [1, 3, 5, 23, 1000])
def test_shards_read_like_read_inputs(tmp_path: Path, size: int) -> None:
    inputs = _inputs(tmp_path)
    shards = plan_shards(inputs, size)
    assert [s.index for s in shards] == list(range(len(shards)))
    assert [r for s in shards for r in read_shard(s)] == list(read_inputs(inputs))
    counted = [s for s in shards if s.expected is not None]
    assert all(s.expected <= size for s in counted if s.expected is not None)
    uncounted = [s.items for s in shards if s.expected is None]  # gzipped JSONL and WARC
    assert [Path(i.path).name for (i,) in uncounted] == ["crawl.warc.gz", "zipped.jsonl.gz"]  # type: ignore[union-attr]


def test_big_jsonl_is_cut_into_line_ranges(tmp_path: Path) -> None:
    shards = plan_shards(_inputs(tmp_path), 5)
    ranges = [i for s in shards for i in s.items if isinstance(i, FilePart) and i.first_line > 1]
    assert [r.first_line for r in ranges] == [6, 11, 16, 21]


@pytest.mark.parametrize("tail", ["", "\n", "\n\n", "   "])
@pytest.mark.parametrize("lines", [4, 6, 7])
def test_line_ranges_at_the_file_end(tmp_path: Path, lines: int, tail: str) -> None:
    path = tmp_path / "x.jsonl"
    rows = [json.dumps({"id": f"{i}", "text": f"line {i}"}) for i in range(lines)]
    path.write_text("\n".join(rows) + tail)
    for size in (1, 2, 3, 6):
        shards = plan_shards([path], size)
        assert [r for s in shards for r in read_shard(s)] == list(read_inputs([path]))


@pytest.mark.parametrize("size", [1, 2, 3, 1000])
def test_blank_lines_make_no_ranges_of_their_own(tmp_path: Path, size: int) -> None:
    path = tmp_path / "x.jsonl"
    rows = [json.dumps({"id": f"{i}", "text": f"line {i}"}) for i in range(5)]
    blank = "\n" * 3000 + " \t\r\n" * 10
    path.write_text(blank + f"\n{blank}".join(rows) + blank)
    shards = plan_shards([path], size)
    assert [r for s in shards for r in read_shard(s)] == list(read_inputs([path]))
    assert len(shards) == -(-5 // size)  # one range per `size` records, blanks or not
    assert sum(s.expected or 0 for s in shards) == 5


def test_a_file_of_blank_lines_is_one_shard(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"\n" * 100_000)
    (shard,) = plan_shards([path], 10)
    assert list(read_shard(shard)) == []


def test_a_fifo_is_read_once_as_one_shard(tmp_path: Path) -> None:
    fifo = tmp_path / "x.jsonl"
    os.mkfifo(fifo)
    rows = "".join(json.dumps({"id": f"{i}", "text": f"line {i}"}) + "\n" for i in range(3))
    writer = threading.Thread(target=lambda: fifo.write_text(rows), daemon=True)
    writer.start()
    (shard,) = plan_shards([fifo], 2)  # planning does not open the pipe
    assert shard.expected is None
    assert [r.id for r in read_shard(shard)] == ["0", "1", "2"]  # type: ignore[union-attr]
    writer.join(timeout=5)
