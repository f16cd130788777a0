"""Reading a run's output folder for the report: run.json, pages.jsonl, rejects.jsonl.

The files may come from anywhere (an old run, a hand-edited file, a hostile one), so every
field is read defensively: a value of the wrong type counts as missing, a line that is not
a JSON object is counted and skipped, and nothing read is ever trusted as markup.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import orjson

from decruft.io.writers import PAGES_FILE, REJECTS_FILE, reason_key
from decruft.run.executor import RUN_FILE

# A record as read from pages.jsonl.
Record = dict[str, object]


class ReportError(Exception):
    """The folder holds no run the report can read."""


class Span(NamedTuple):
    """One entry of a page's ``removed``: characters ``start``..``end`` of its body."""

    start: int
    end: int
    rule: str
    evidence: str
    block: int
    blocks: int


@dataclass(frozen=True, slots=True)
class RunFolder:
    """Where a run's files are; ``run`` is its run.json (None: not there or unreadable)."""

    pages: Path
    rejects: Path | None
    run: dict[str, object] | None


def open_run(where: Path) -> RunFolder:
    """The run in folder ``where`` (or the folder of a pages.jsonl file named directly, such
    as a dedup output's)."""
    pages = where if where.is_file() else where / PAGES_FILE
    if not pages.is_file():
        raise ReportError(f"no {PAGES_FILE} in {where}: give the output folder of a run")
    folder = pages.parent
    rejects = folder / REJECTS_FILE
    return RunFolder(pages, rejects if rejects.is_file() else None, _read_object(folder / RUN_FILE))


def _read_object(path: Path) -> dict[str, object] | None:
    try:
        data = _loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _loads(line: bytes) -> object:
    """One JSON value; orjson, else json (which takes a lone surrogate escape orjson refuses)."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def iter_records(path: Path) -> Iterator[Record | None]:
    """Every line of a JSON Lines file as an object (None: a line that is not one)."""
    with open(path, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                data = _loads(line)
            except (ValueError, UnicodeDecodeError):
                yield None
                continue
            yield data if isinstance(data, dict) else None


def count_rejects(path: Path | None) -> tuple[Counter[str], int]:
    """Rejects by kind of reason, and the number of lines of rejects.jsonl."""
    counts: Counter[str] = Counter()
    lines = 0
    if path is None:
        return counts, lines
    for record in iter_records(path):
        lines += 1
        if record is None:
            counts["(unreadable line)"] += 1
        else:
            counts[reason_key(text(record.get("reason"))) or "(no reason)"] += 1
    return counts, lines


def text(value: object) -> str:
    """A string field, or "" when it is missing or not a string."""
    return value if isinstance(value, str) else ""


def label(value: object, missing: str = "(none)") -> str:
    """A field counted in a table (verdict, page type, language): ``missing`` if absent."""
    return value if isinstance(value, str) and value else missing


def integer(value: object) -> int | None:
    """An int field (a JSON bool is not one)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number(value: object) -> float | None:
    """A finite number (a JSON bool is not one)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def strings(value: object) -> list[str]:
    """A list-of-strings field (verdict_reasons, flags), its non-strings dropped."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def spans(record: Record) -> list[Span]:
    """The record's removals whose offsets and rule are readable."""
    removed = record.get("removed")
    if not isinstance(removed, list):
        return []
    found = []
    for r in removed:
        if not isinstance(r, dict):
            continue
        start, end = integer(r.get("start")), integer(r.get("end"))
        if start is None or end is None:
            continue
        block, blocks = integer(r.get("block")), integer(r.get("blocks"))
        found.append(
            Span(
                start,
                end,
                label(r.get("rule"), "(no rule)"),
                text(r.get("evidence")),
                -1 if block is None else block,
                1 if blocks is None else blocks,
            )
        )
    return found


def signals(record: Record) -> dict[str, float | str]:
    """The record's ``signals``: numbers and strings by name (absent: empty)."""
    found = record.get("signals")
    if not isinstance(found, dict):
        return {}
    out: dict[str, float | str] = {}
    for key, value in found.items():
        if isinstance(value, str):
            out[str(key)] = value
        elif (x := number(value)) is not None:
            out[str(key)] = x
    return out
