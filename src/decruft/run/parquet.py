"""Parquet output: a shard's pages.jsonl part turned into a Parquet part with the same
fields (``removed`` a list of structs), row group by row group.

Converting the finished JSONL part keeps Parquet out of the resume logic (a Parquet file
cannot be appended to after a crash; the JSONL part can, and the conversion is simply done
again) and keeps memory to one row group. The conversion runs in the worker, in parallel.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from decruft.signals.compute import SIGNAL_TYPES

# A row group holds at most this many pages: readers can skip and stream by group.
ROW_GROUP_PAGES = 1000
# ... and at most this many bytes of JSON: memory stays bounded when pages are huge (and a
# string column stays far below Arrow's 2 GiB per-array limit).
ROW_GROUP_BYTES = 64 * 1024 * 1024

_REMOVAL = pa.struct(
    [
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("rule", pa.string()),
        ("evidence", pa.string()),
        ("block", pa.int64()),
        ("blocks", pa.int64()),
    ]
)
# The quality signals (decruft.signals: one field each, in their order), a struct column
# that is null where a record has none (Config.signals off).
_ARROW_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
_SIGNALS = pa.struct([(name, _ARROW_TYPES[kind]) for name, kind in SIGNAL_TYPES.items()])
# The pages.jsonl record (Page.to_dict, then the signals) as Arrow types, in the same order.
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("crawl_date", pa.string()),
        ("http_status", pa.int64()),
        ("verdict", pa.string()),
        ("verdict_reasons", pa.list_(pa.string())),
        ("page_type", pa.string()),
        ("title", pa.string()),
        ("publisher", pa.string()),
        ("author", pa.string()),
        ("date", pa.string()),
        ("language", pa.string()),
        ("flags", pa.list_(pa.string())),
        ("text", pa.string()),
        ("removed", pa.list_(_REMOVAL)),
        ("signals", _SIGNALS),
    ]
)


# ... and with the markdown format, the record's Markdown after those fields.
MARKDOWN_SCHEMA = SCHEMA.append(pa.field("markdown", pa.string()))
# ... and with --keep-body (records holding a body), the page's body last.
BODY_FIELD = pa.field("body", pa.string())


def jsonl_to_parquet(src: Path, dst: Path, markdown: bool = False) -> int:
    """Write the pages of ``src`` (pages.jsonl lines) to ``dst`` atomically; returns rows.
    ``markdown``: the records hold a ``markdown`` field, written as a column too; a ``body``
    column is written when the first record holds one (a run's records all do, or none)."""
    schema = MARKDOWN_SCHEMA if markdown else SCHEMA
    with open(src, "rb") as fh:
        first = fh.readline()
    if first.strip() and "body" in json.loads(first):
        schema = schema.append(BODY_FIELD)
    tmp = dst.with_name(dst.name + ".tmp")
    rows: list[dict[str, object]] = []
    size = total = 0
    with open(src, "rb") as fh, pq.ParquetWriter(tmp, schema) as writer:
        for line in fh:
            rows.append(json.loads(line))
            size += len(line)
            if len(rows) >= ROW_GROUP_PAGES or size >= ROW_GROUP_BYTES:
                writer.write_table(pa.Table.from_pylist(rows, schema))
                total += len(rows)
                rows, size = [], 0
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema))
            total += len(rows)
    os.replace(tmp, dst)
    return total


def parquet_rows(path: Path) -> int:
    """Rows of a Parquet file, from its footer (nothing else is read)."""
    return int(pq.ParquetFile(path).metadata.num_rows)
