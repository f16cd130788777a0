"""A/B: two decruft source trees cleaning the same records, interleaved.

    git worktree add /tmp/old <commit>
    python bench/ab.py /tmp/old/src src [--records 320] [--rounds 20] [--bench ../shared/bench]

Each tree runs in its own process (its ``src`` first on PYTHONPATH) on the same records
(``bench/scale.py``'s generated records: dev pages, templates, repeats), warms up and
cleans them once, then on each round cleans and serializes them all (``clean_batch`` in
batches of ``Config.batch_pages``, ``page_line_bytes``), the two processes taking turns in
alternating order: a noisy neighbour on a shared machine slows both alike, which a lone
absolute time cannot show. Reported: min and median ms per page of each, and the ratio.
Reading and writing files are not timed (``bench/scale.py`` times whole runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def worker(folder: Path, records: int) -> None:
    """The timed side: reads commands on stdin, prints seconds per round."""
    from decruft.config import Config
    from decruft.io.readers import read_inputs
    from decruft.io.writers import page_line_bytes
    from decruft.model import RawRecord
    from decruft.pipeline import clean_batch, warm_up
    from decruft.run.worker import tuned_collector  # every tree since 2026-11-26 has it

    recs = [r for r in read_inputs([folder]) if isinstance(r, RawRecord)][:records]
    config = Config()
    warm_up(config)
    step = config.batch_pages
    batches = [recs[i : i + step] for i in range(0, len(recs), step)]
    for batch in batches:  # compile and load everything before the first timed round
        clean_batch(batch, config)
    print("ready", flush=True)
    with tuned_collector():  # the tree's own collector settings, as its workers use them
        for _ in sys.stdin:
            started = time.perf_counter()
            for batch in batches:
                for page in clean_batch(batch, config):
                    page_line_bytes(page)
            print(time.perf_counter() - started, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path, help="the A tree's src folder")
    ap.add_argument("new", type=Path, help="the B tree's src folder")
    ap.add_argument("--records", type=int, default=320)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--bench", type=Path, default=ROOT.parents[1] / "shared" / "bench")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker is not None:
        worker(args.worker, args.records)
        return
    sys.path.insert(0, str(ROOT))
    from scale import _dev_records, generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        generate(_dev_records(args.bench), args.records, folder)
        sides = [_start(src.resolve(), folder, args.records) for src in (args.old, args.new)]
        times: list[list[float]] = [[], []]
        for r in range(args.rounds):
            for side in (0, 1) if r % 2 == 0 else (1, 0):
                proc = sides[side]
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write("go\n")
                proc.stdin.flush()
                times[side].append(float(proc.stdout.readline()))
        for proc in sides:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait()
    per_page = [[t / args.records * 1000 for t in ts] for ts in times]
    for name, src, ts in zip("AB", (args.old, args.new), per_page, strict=True):
        print(f"{name} {src}: min {min(ts):.3f}, median {statistics.median(ts):.3f} ms/page")
    print(
        f"B/A time: min {min(per_page[1]) / min(per_page[0]):.3f}, "
        f"median {statistics.median(per_page[1]) / statistics.median(per_page[0]):.3f} "
        f"({args.records} records, {args.rounds} rounds each, interleaved)"
    )


def _start(src: Path, folder: Path, records: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, str(Path(__file__).resolve()), "x", "y", "--worker", str(folder)]
    proc = subprocess.Popen(
        [*cmd, "--records", str(records)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {src} did not start")
    return proc


if __name__ == "__main__":
    main()
