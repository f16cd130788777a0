"""Split the inputs into shards: contiguous runs of records, in input order, that one worker
cleans into one set of part files.

The plan depends only on the inputs and the shard size, never on the number of workers, so
the part files and their concatenation are the same for any ``--workers``. Single-record
files (text records, HTML pages) are grouped; an uncompressed JSONL file is cut into line
ranges (each starting at a byte offset found by counting newlines, without parsing); a
gzipped JSONL or WARC file, which cannot be entered in the middle, is one shard, and so is
a pipe (a FIFO, standard input), which can be read only once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from decruft.io.readers import (
    expand_inputs,
    is_splittable_jsonl,
    is_stream,
    jsonl_line_starts,
    read_file,
    read_jsonl_lines,
    unique_stems,
)
from decruft.model import RawRecord, Reject
from decruft.run.defaults import SHARD_RECORDS

# Files whose record count is unknown until read (gzipped JSONL, WARC): each is a shard.
_UNCOUNTED_SUFFIXES = (".jsonl.gz", ".ndjson.gz", ".warc", ".warc.gz")


class FilePart(NamedTuple):
    """A file, or lines ``first_line`` .. ``stop_line - 1`` of an uncompressed JSONL file."""

    path: str
    first_line: int = 1
    offset: int = 0  # the byte where ``first_line`` starts
    stop_line: int | None = None  # None: to the end of the file
    stem: str | None = None  # its records' id stem, unique over the run (``unique_stems``)


ShardItem = FilePart | Reject


@dataclass(frozen=True, slots=True)
class Shard:
    """Items in input order; ``expected`` records, or None when a file's count is unknown."""

    index: int
    items: tuple[ShardItem, ...]
    expected: int | None


def plan_shards(inputs: Iterable[str | Path], shard_records: int = SHARD_RECORDS) -> list[Shard]:
    """The shards of ``inputs``, in the order ``read_inputs`` reads their records."""
    shards: list[Shard] = []
    group: list[ShardItem] = []
    count = 0
    for item, n in _sized_items(inputs, shard_records):
        if group and (n is None or count + n > shard_records):
            shards.append(Shard(len(shards), tuple(group), count))
            group, count = [], 0
        if n is None or n >= shard_records:  # a file or line range big enough on its own
            shards.append(Shard(len(shards), (item,), n))
            continue
        group.append(item)
        count += n
    if group:
        shards.append(Shard(len(shards), tuple(group), count))
    return shards


def _sized_items(
    inputs: Iterable[str | Path], shard_records: int
) -> Iterator[tuple[ShardItem, int | None]]:
    """Each item with its expected record count (None: unknown until read); big JSONL files
    come out as line ranges of ``shard_records`` lines."""
    items = list(expand_inputs(inputs))
    stems = iter(unique_stems([item for item in items if isinstance(item, Path)]))
    for item in items:
        if isinstance(item, Reject):
            yield item, 1
            continue
        stem = next(stems)
        if is_splittable_jsonl(item):
            yield from _jsonl_ranges(item, shard_records, stem)
        elif item.name.lower().endswith(_UNCOUNTED_SUFFIXES) or is_stream(item):
            yield FilePart(str(item), stem=stem), None
        else:
            yield FilePart(str(item), stem=stem), 1


def _jsonl_ranges(path: Path, shard_records: int, stem: str) -> Iterator[tuple[FilePart, int]]:
    counted = jsonl_line_starts(path, shard_records)
    if counted is None:  # unreadable or binary: the reader reports it, as one item
        yield FilePart(str(path), stem=stem), 1
        return
    records, starts = counted
    if len(starts) == 1:
        yield FilePart(str(path), stem=stem), max(records, 1)
        return
    for i, (first, offset) in enumerate(starts):
        last_range = i + 1 == len(starts)
        stop = None if last_range else starts[i + 1][0]
        left = records - i * shard_records
        part = FilePart(str(path), first, offset, stop, stem)
        yield part, left if last_range else shard_records


def read_shard(shard: Shard) -> Iterator[RawRecord | Reject]:
    """The shard's records and rejects, exactly as ``read_inputs`` yields them."""
    for item in shard.items:
        if isinstance(item, Reject):
            yield item
        elif item.first_line == 1 and item.stop_line is None:
            yield from read_file(Path(item.path), item.stem)
        else:
            yield from read_jsonl_lines(
                Path(item.path), item.first_line, item.offset, item.stop_line, item.stem
            )
