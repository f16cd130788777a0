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
# The pages.jsonl record (Page.to_dict) as Arrow types, fields in the same order.
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
    ]
)


# ... and with the markdown format, the record's Markdown after those fields.
MARKDOWN_SCHEMA = SCHEMA.append(pa.field("markdown", pa.string()))


def jsonl_to_parquet(src: Path, dst: Path, markdown: bool = False) -> int:
    """Write the pages of ``src`` (pages.jsonl lines) to ``dst`` atomically; returns rows.
    ``markdown``: the records hold a ``markdown`` field, written as a column too."""
    schema = MARKDOWN_SCHEMA if markdown else SCHEMA
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
