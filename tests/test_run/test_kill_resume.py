"""kill -9 at random moments, then --resume: the outputs are byte-identical to a run that
was never interrupted, whatever the number of workers before and after the kill."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from run_corpus import build

from decruft.cli import main

# Kills per seed; with three seeds, 21 kills in all (the issue asks for at least 20).
KILLS_PER_SEED = 7
# Small shards, two-page batches, a checkpoint after every batch and a short pause after
# each, so the run's ~2 s of work hold many checkpoints and shard ends to be killed between.
OPTIONS = [
    "--format", "txt", "--format", "parquet",
    "--shard-records", "6", "--batch-pages", "2",
    "--checkpoint-seconds", "0", "--batch-pause", "0.02", "-q",
]  # fmt: skip
# How long after its first write a run may be killed: spans most of its work.
MAX_KILL_DELAY = 0.6
# Give up waiting for a run's first write after this long (it then runs to the end).
START_TIMEOUT = 30.0


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".decruft" not in p.parts and p.name != "run.json"
    }


def _written(out: Path) -> list[tuple[str, int]]:
    """A fingerprint of the checkpoints a run has written so far (shards' and the merger's):
    a new one means the run is past its start-up and into its work."""
    state = out / ".decruft"
    if not state.exists():
        return []
    names = ("checkpoint.json", "state.json")
    return sorted((str(p), p.stat().st_mtime_ns) for p in state.rglob("*.json") if p.name in names)


def _start(cmd: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_after_first_write(proc: subprocess.Popen[bytes], out: Path, delay: float) -> bool:
    """SIGKILL ``proc`` ``delay`` s after its first checkpoint; False if it finished first."""
    before = _written(out)
    deadline = time.monotonic() + START_TIMEOUT
    while proc.poll() is None and _written(out) == before and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    running = proc.poll() is None
    proc.kill()
    proc.wait()
    return running


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_and_resume_is_byte_identical(tmp_path: Path, seed: int) -> None:
    src = build(tmp_path, records=24, jsonl_lines=12, seed=seed)
    inputs = [str(src), str(src / "page.html")]
    assert main(["clean", *inputs, "-o", str(tmp_path / "ref"), *OPTIONS]) == 0
    expected = _outputs(tmp_path / "ref")
    rng = random.Random(seed)
    out = tmp_path / "out"
    base = [sys.executable, "-m", "decruft.cli", "clean", *inputs, "-o", str(out), *OPTIONS]
    killed = 0
    for kill in range(KILLS_PER_SEED):
        workers = rng.choice(("1", "1", "1", "2"))
        resume = ["--resume"] if kill else []
        proc = _start([*base, "--workers", workers, *resume])
        killed += _kill_after_first_write(proc, out, rng.uniform(0, MAX_KILL_DELAY))
    done = subprocess.run([*base, "--resume"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _outputs(out) == expected
    run = json.loads((out / "run.json").read_text())
    ref = json.loads((tmp_path / "ref" / "run.json").read_text())
    assert run["pages_read"] == ref["pages_read"] and run["conserved"] is True
    assert run["pages_rejected"] == ref["pages_rejected"]
    assert run["removed_chars_by_rule"] == ref["removed_chars_by_rule"]
    assert 0 < run["resumed_pages"] <= run["pages_read"]
    assert killed >= KILLS_PER_SEED // 2  # most kills landed mid-run
