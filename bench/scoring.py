"""Run ../shared/bench/score.py on a prediction folder and return its JSON summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def score_dir(bench: Path, pred: Path, all_types: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, str(bench / "score.py"), "--truth", str(bench / "dev")]
    cmd += ["--pred", str(pred), "--json"] + (["--all-types"] if all_types else [])
    result: dict[str, Any] = json.loads(
        subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    )
    return result
