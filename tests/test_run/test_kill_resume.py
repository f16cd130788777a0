"""kill -9 at random moments, then --resume: the outputs are byte-identical to a run that
was never interrupted, whatever the number of workers before and after the kill."""

from __future__ import annotations

import contextlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from run_corpus import build

from decruft.cli import main

# Kills that land mid-run per seed; with three seeds, 21 in all (the bar is 20+).
KILLS_PER_SEED = 7
# Small shards, two-page batches, a checkpoint after every batch and a short pause after
# each, so the run's ~2 s of work hold many checkpoints and shard ends to be killed between.
OPTIONS = [
    "--format", "txt", "--format", "parquet",
    "--shard-records", "6", "--batch-pages", "2",
    "--checkpoint-seconds", "0", "--batch-pause", "0.02", "-q",
]  # fmt: skip
# How long after its first checkpoint a run may be killed: a fraction of its work, so a
# chain of kills lands in its early, middle and late parts.
MAX_KILL_DELAY = 0.5
# Give up waiting for a run's first write after this long (it then runs to the end).
START_TIMEOUT = 30.0


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".decruft" not in p.parts and p.name != "run.json"
    }


def _checkpoints(out: Path) -> set[tuple[str, int]]:
    """The shard checkpoints written so far, with their times: a new one means the run is
    past its start-up and into its work (a merge only ever follows one)."""
    found = set()
    # os.walk skips a directory that vanishes under it (the merger removes a merged shard's
    # part while this looks; rglob raised FileNotFoundError then)
    for folder, _, names in os.walk(out / ".decruft"):
        if "checkpoint.json" in names:
            p = Path(folder) / "checkpoint.json"
            with contextlib.suppress(FileNotFoundError):  # removed since it was listed
                found.add((str(p), p.stat().st_mtime_ns))
    return found


def _start(cmd: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_after_first_write(proc: subprocess.Popen[bytes], out: Path, delay: float) -> bool:
    """SIGKILL ``proc`` ``delay`` s after its first checkpoint; False if it finished first."""
    before = _checkpoints(out)
    deadline = time.monotonic() + START_TIMEOUT
    while proc.poll() is None and not _checkpoints(out) - before and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    running = proc.poll() is None
    proc.kill()
    proc.wait()
    return running


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_and_resume_is_byte_identical(tmp_path: Path, seed: int) -> None:
    """Kill runs mid-way until KILLS_PER_SEED kills have landed; each chain of kills on one
    output folder ends with a --resume that must give the uninterrupted run's bytes."""
    src = build(tmp_path, records=24, jsonl_lines=12, seed=seed)
    inputs = [str(src), str(src / "page.html")]
    assert main(["clean", *inputs, "-o", str(tmp_path / "ref"), *OPTIONS]) == 0
    expected = _outputs(tmp_path / "ref")
    ref = json.loads((tmp_path / "ref" / "run.json").read_text())
    rng = random.Random(seed)
    killed = chains = 0
    while killed < KILLS_PER_SEED:
        out = tmp_path / f"out-{chains}"
        chains += 1
        base = [sys.executable, "-m", "decruft.cli", "clean", *inputs, "-o", str(out), *OPTIONS]
        resume: list[str] = []
        chain_kills = 0
        while killed < KILLS_PER_SEED:
            workers = rng.choice(("1", "1", "1", "2"))
            proc = _start([*base, "--workers", workers, *resume])
            if not _kill_after_first_write(proc, out, rng.uniform(0, MAX_KILL_DELAY)):
                assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
                break  # the run finished first: this chain is done
            killed += 1
            chain_kills += 1
            resume = ["--resume"]
        done = subprocess.run([*base, "--resume"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert _outputs(out) == expected
        run = json.loads((out / "run.json").read_text())
        assert run["pages_read"] == ref["pages_read"] and run["conserved"] is True
        assert run["pages_rejected"] == ref["pages_rejected"]
        assert run["removed_chars_by_rule"] == ref["removed_chars_by_rule"]
        if chain_kills:  # killed after a checkpoint: some pages came from it
            assert 0 < run["resumed_pages"] <= run["pages_read"]
        else:  # the run finished: its resumption took every page from the checkpoints
            assert run["resumed_pages"] == run["pages_read"]
