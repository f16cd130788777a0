"""Run ../shared/bench/score.py on a prediction folder and return its JSON summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

# Keys of score.py's summary that name the folders it read.
SCORED_FOLDERS = ("pred", "truth")


def score_dir(
    bench: Path,
    pred: Path,
    all_types: bool = False,
    per_doc: Path | None = None,
    truth: Path | None = None,
) -> dict[str, Any]:
    """score.py's JSON summary against ``truth`` (default: the dev folder); with ``per_doc``,
    its per-document metrics go to that file."""
    truth_dir = truth if truth is not None else bench / "dev"
    cmd = [sys.executable, str(bench / "score.py"), "--truth", str(truth_dir)]
    cmd += ["--pred", str(pred), "--json"] + (["--all-types"] if all_types else [])
    cmd += ["--per-doc", str(per_doc)] if per_doc is not None else []
    result: dict[str, Any] = json.loads(
        subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    )
    for folder in SCORED_FOLDERS:  # this machine's (often temporary) paths: not for reports
        result.pop(folder, None)
    return result


def truth_subset(bench: Path, ids: Collection[str], out: Path) -> Path:
    """A truth folder at ``out`` holding only these pages (links to dev's truth and metadata
    files, and their manifest rows), so score.py scores those pages and no others."""
    dev = bench / "dev"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for doc_id in ids:
        for suffix in (".truth.txt", ".meta.json"):
            if (dev / f"{doc_id}{suffix}").exists():
                (out / f"{doc_id}{suffix}").symlink_to((dev / f"{doc_id}{suffix}").resolve())
    wanted = set(ids)
    rows = (dev / "manifest.jsonl").read_text("utf-8").splitlines()
    kept = [row for row in rows if json.loads(row)["id"] in wanted]
    (out / "manifest.jsonl").write_text("\n".join(kept) + "\n", "utf-8")
    return out
