"""Run ../shared/bench/score.py on a prediction folder and return its JSON summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


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
    return result
