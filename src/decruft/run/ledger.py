"""The conservation ledger: every page read is written or rejected, checked on disk.

The workers count what they read; the outputs are counted again from the files themselves
(lines of pages.jsonl and rejects.jsonl, rows in the Parquet parts), so a writer that
drops or doubles a line breaks the balance and the run fails instead of passing silently.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from decruft.io.writers import PAGES_FILE, REJECTS_FILE
from decruft.run.files import count_lines
from decruft.run.tally import Tally

# The packages whose versions change what a run writes (or how fast), named in run.json.
KEY_PACKAGES = ("numpy", "selectolax", "fastwarc", "orjson", "pycld2", "pyarrow")


class LedgerError(Exception):
    """Pages were lost or doubled between reading and the outputs."""


def count_outputs(out: Path, parquet_dir: Path | None) -> dict[str, int]:
    """Lines (and Parquet rows) actually in the run's output files."""
    counted = {
        PAGES_FILE: count_lines(out / PAGES_FILE),
        REJECTS_FILE: count_lines(out / REJECTS_FILE),
    }
    if parquet_dir is not None:
        from decruft.run.parquet import parquet_rows

        counted["parquet_rows"] = sum(
            parquet_rows(p) for p in sorted(parquet_dir.glob("*.parquet"))
        )
    return counted


def imbalances(tally: Tally, counted: dict[str, int]) -> list[str]:
    """Every way the counts disagree, in words; empty when the ledger balances."""
    pages, rejects = counted[PAGES_FILE], counted[REJECTS_FILE]
    rejected = tally.pages_rejected.total()
    problems = []
    if tally.pages_read != pages + rejects:
        problems.append(
            f"{tally.pages_read} pages read but {pages} written + {rejects} rejected "
            f"= {pages + rejects} in {PAGES_FILE} and {REJECTS_FILE}"
        )
    if tally.pages_written != pages:
        problems.append(f"{tally.pages_written} pages cleaned but {pages} lines in {PAGES_FILE}")
    if rejected != rejects:
        problems.append(f"{rejected} pages rejected but {rejects} lines in {REJECTS_FILE}")
    if "parquet_rows" in counted and counted["parquet_rows"] != pages:
        problems.append(f"{counted['parquet_rows']} Parquet rows but {pages} pages in {PAGES_FILE}")
    return problems


def versions() -> dict[str, str]:
    """decruft, Python and the key packages (those installed)."""
    installed = installed_versions()
    found = {"decruft": installed.get("decruft", "unknown"), "python": _python_version()}
    found.update((name, installed[name]) for name in KEY_PACKAGES if name in installed)
    return found


def _python_version() -> str:
    """``platform.python_version()`` (the version at the start of ``sys.version``, "3.11.7"
    or "3.13.0rc1") without importing platform: its regexes cost a one-page run ~2 ms."""
    return sys.version.split()[0]


def installed_versions() -> dict[str, str]:
    """Version of every distribution on ``sys.path``, read from its ``*.dist-info`` or
    ``*.egg-info`` directory's name, the first on the path winning as it does for imports.

    ``importlib.metadata`` finds the same directories but parses each one's METADATA file, and
    importing it costs a one-page run ~12 ms of its start.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info") or "-" not in stem:
                continue
            dist, version = stem.split("-")[:2]
            found.setdefault(dist.lower().replace("-", "_").replace(".", "_"), version)
    return found
