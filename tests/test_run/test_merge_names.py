"""The txt names a run took survive a resume whatever characters the page ids hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decruft.io.writers import PAGES_FILE, REJECTS_FILE, safe_file_name
from decruft.run.merge import Merger
from decruft.run.tally import Tally
from decruft.run.worker import ShardResult, part_dir

FORMATS = frozenset({"jsonl", "txt"})
# Characters str.splitlines() breaks a line at, beside "\n".
LINE_BREAKERS = ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r")


def _merge_one(out: Path, index: int, page_id: str, text: str, resume: bool) -> None:
    """A Merger (fresh or resumed) merges shard ``index`` holding one page."""
    with Merger(out, FORMATS, "fingerprint", resume=resume) as merger:
        where = part_dir(merger.parts_dir, index)
        where.mkdir(parents=True)
        page = {"id": page_id, "text": text, "title": None, "author": None, "date": None}
        (where / PAGES_FILE).write_text(json.dumps(page) + "\n", "utf-8")
        (where / REJECTS_FILE).write_text("", "utf-8")
        merger.merge(ShardResult(index, Tally(), 0, 0.0))


@pytest.mark.parametrize("breaker", LINE_BREAKERS)
def test_resumed_run_keeps_pages_whose_ids_hold_line_breakers(tmp_path: Path, breaker: str) -> None:
    page_id = f"ls{breaker}y"
    _merge_one(tmp_path, 0, page_id, "first page", resume=False)
    _merge_one(tmp_path, 1, page_id, "second page", resume=True)
    texts = sorted(p.read_text("utf-8") for p in (tmp_path / "txt").glob("*.txt"))
    assert texts == ["first page\n", "second page\n"]


@pytest.mark.parametrize("breaker", LINE_BREAKERS)
def test_file_names_hold_no_line_breakers(breaker: str) -> None:
    name = safe_file_name(f"a{breaker}b")
    assert name.splitlines() == [name]
