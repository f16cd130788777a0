"""``decruft filter OUT --preset P``: keep the pages of a finished run that a signals preset
passes (``decruft.signals.presets``).

Reads ``OUT/pages.jsonl`` once and writes, in the destination folder (``-o``, default
``OUT/filtered-P``)::

    pages.jsonl     the kept pages' lines, as they were (with their signals added when
                    the run had none: an older run, or one with Config.signals off)
    rejects.jsonl   one {"id", "source", "reason"} per dropped page; the reason names the
                    preset, the first signal it failed, its value and the threshold
                    ("gopher words: 12 < 50"); a line that is no page record is a reject too
    run.json        the ledger: pages read = kept + dropped, dropped per reason, checked
                    against the lines written

Each file is written beside its name and renamed into place, so a filter stopped half-way
leaves the destination as it was. Pages keep their stored signals when they hold every
signal the preset reads; otherwise the signals are computed from the page's text.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import orjson

from decruft.io.writers import PAGES_FILE, REJECTS_FILE, reason_key, record_line_bytes
from decruft.run.files import count_lines, write_json_atomic
from decruft.run.ledger import LedgerError, versions
from decruft.signals.presets import PRESETS, Preset, failing
from decruft.version import __version__

RUN_FILE = "run.json"
# The destination when none is given: this folder inside the run's.
DEFAULT_DIR = "filtered-{preset}"
# The reason of a line that holds no page record.
REASON_NOT_A_PAGE = "not a page record"


def default_dest(out: Path, preset: str) -> Path:
    return out / DEFAULT_DIR.format(preset=preset)


def run_filter(out: Path, dest: Path, preset_name: str) -> dict[str, object]:
    """Filter the pages of the run in ``out`` into ``dest`` with the preset; returns the
    ledger (also ``dest/run.json``). Raises FileNotFoundError when ``out`` holds no
    pages.jsonl, ValueError for an unknown preset or a destination that is the run's own
    folder, LedgerError (after writing run.json) when the counts disagree."""
    started = time.perf_counter()
    preset = PRESETS.get(preset_name)
    if preset is None:
        raise ValueError(f"unknown preset {preset_name!r} (one of {', '.join(PRESETS)})")
    src = out / PAGES_FILE
    if not src.is_file():
        raise FileNotFoundError(f"{out} holds no finished run: {src} does not exist")
    if dest.resolve() == out.resolve():
        raise ValueError(f"the destination {dest} is the run's own folder: give another")
    dest.mkdir(parents=True, exist_ok=True)
    read = kept = computed = 0
    dropped: Counter[str] = Counter()
    with _atomic(dest / PAGES_FILE) as pages, _atomic(dest / REJECTS_FILE) as rejects:
        for line in _lines(src):
            read += 1
            verdict = _filter_line(line, preset)
            if verdict.computed:
                computed += 1
            if verdict.reason is None:
                pages.write(verdict.line)
                kept += 1
            else:
                rejects.write(verdict.line)
                dropped[reason_key(verdict.reason)] += 1
    counted = {
        PAGES_FILE: count_lines(dest / PAGES_FILE),
        REJECTS_FILE: count_lines(dest / REJECTS_FILE),
    }
    problems = _imbalances(read, kept, sum(dropped.values()), counted)
    summary: dict[str, object] = {
        "version": __version__,
        "command": "filter",
        "input": str(src),
        "preset": preset.name,
        "source": preset.source,
        "rules": [f"{r.signal} {r.op} {r.threshold:g}" for r in preset.rules],
        "pages_read": read,
        "pages_kept": kept,
        "pages_dropped": sum(dropped.values()),
        "dropped_by_reason": dict(sorted(dropped.items())),
        "signals_computed": computed,
        "conserved": not problems,
        **({"ledger_errors": problems} if problems else {}),
        "outputs": counted,
        "seconds": round(time.perf_counter() - started, 3),
        "versions": versions(),
    }
    write_json_atomic(dest / RUN_FILE, summary, indent=1)
    if problems:
        raise LedgerError("; ".join(problems))
    return summary


class _Verdict:
    """One line's fate: the line to write (the page's, or its reject's), why it was dropped
    (None: kept) and whether its signals had to be computed."""

    __slots__ = ("computed", "line", "reason")

    def __init__(self, line: bytes, reason: str | None, computed: bool) -> None:
        self.line, self.reason, self.computed = line, reason, computed


def _filter_line(line: bytes, preset: Preset) -> _Verdict:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:  # a lone surrogate escape, which the writer's json fallback may write
            record = json.loads(line)
        except ValueError as e:
            return _reject({}, f"{REASON_NOT_A_PAGE}: invalid JSON ({e})")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return _reject(record if isinstance(record, dict) else {}, f"{REASON_NOT_A_PAGE}: no text")
    stored = record.get("signals")
    computed = not (isinstance(stored, dict) and preset.signals <= stored.keys())
    if computed:
        from decruft.signals.compute import text_signals  # numpy and the kernels

        found = text_signals(
            record["text"],
            verdict=_str(record.get("verdict")),
            page_type=_str(record.get("page_type")),
        )
        record["signals"] = stored = found.as_dict()
        line = record_line_bytes(record)
    assert isinstance(stored, dict)
    reason = failing(preset, stored)
    if reason is not None:
        return _reject(record, reason, computed)
    return _Verdict(line if line.endswith(b"\n") else line + b"\n", None, computed)


def _reject(record: dict[str, object], reason: str, computed: bool = False) -> _Verdict:
    obj: dict[str, object] = {
        "id": _str(record.get("id")),
        "source": _str(record.get("source")),
        "reason": reason,
    }
    return _Verdict(record_line_bytes(obj), reason, computed)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _lines(path: Path) -> Iterator[bytes]:
    """The non-blank lines of ``path``."""
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                yield line


def _imbalances(read: int, kept: int, dropped: int, counted: dict[str, int]) -> list[str]:
    problems = []
    if read != kept + dropped:
        problems.append(f"{read} pages read but {kept} kept + {dropped} dropped")
    if counted[PAGES_FILE] != kept:
        problems.append(f"{kept} pages kept but {counted[PAGES_FILE]} lines in {PAGES_FILE}")
    if counted[REJECTS_FILE] != dropped:
        problems.append(
            f"{dropped} pages dropped but {counted[REJECTS_FILE]} lines in {REJECTS_FILE}"
        )
    return problems


@contextmanager
def _atomic(path: Path) -> Iterator[IO[bytes]]:
    """``path`` written beside its name, fsynced and renamed into place when done."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
