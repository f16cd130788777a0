"""Scale: `decruft clean` end to end on N generated records with 1 and 2 workers.

    python bench/scale.py [--bench ../shared/bench] [--sizes 3000 6000 12000]

Records are recombined from the dev text records (seeded, so every run sees the same
corpus): each takes a dev page's body, sometimes wrapped in the navigation head and footer
tail of another dev page (a site template) and sometimes with a few of its own lines
repeated, and gets a distinct id, crawl date and status. They are written as JSON Lines
files of FILE_RECORDS records (a crawl dump), so shards are line ranges of those files.

Each size runs as subprocesses (`python -m decruft.cli clean ... -q`), 1 worker then 2
workers, alternating per size, so both see the same machine load. Reported per run: wall
time, pages/s (wall, start-up included), the 2-vs-1 worker ratio of the same size, and the
peak resident memory of the whole process tree: the sum of VmRSS over the supervisor and
its descendants (from /proc), sampled every RSS_POLL_SECONDS. The 1M-page projection
uses the biggest size's 2-worker steady rate (run.json's clean-and-merge time) plus its
start-up time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from decruft.io.readers import read_inputs
from decruft.model import RawRecord

ROOT = Path(__file__).resolve().parents[1]
# Records per generated JSONL file: a typical crawl-dump file, several shards long.
FILE_RECORDS = 5000
# How often the process tree's memory is sampled: often enough to catch the peak of a
# run that lasts tens of seconds; cheap (a few /proc reads).
RSS_POLL_SECONDS = 0.05
# Lines of another page taken as a template's head (navigation) and tail (footer).
TEMPLATE_HEAD_LINES = 8
TEMPLATE_TAIL_LINES = 6
SEED = 20250507
PROJECT_PAGES = 1_000_000


def _dev_records(bench: Path) -> list[RawRecord]:
    return [r for r in read_inputs([bench / "dev"]) if isinstance(r, RawRecord)]


def generate(records: list[RawRecord], n: int, folder: Path) -> None:
    """``n`` records recombined from ``records`` into JSONL files under ``folder``."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True)
    lines_of = [r.body.splitlines() for r in records]
    fh = None
    for i in range(n):
        if i % FILE_RECORDS == 0:
            if fh is not None:
                fh.close()
            fh = (folder / f"crawl-{i // FILE_RECORDS:04d}.jsonl").open("w", encoding="utf-8")
        base = rng.randrange(len(records))
        lines = list(lines_of[base])
        if rng.random() < 0.5:  # a site template around the article
            other = lines_of[rng.randrange(len(records))]
            lines = other[:TEMPLATE_HEAD_LINES] + lines + other[-TEMPLATE_TAIL_LINES:]
        if rng.random() < 0.3 and lines:  # a few repeated lines (share bars, related links)
            lines += rng.sample(lines, k=min(3, len(lines)))
        record = {
            "id": f"scale-{i:07d}",
            "text": "\n".join(lines),
            "date": records[base].crawl_date,
            "status": records[base].http_status,
        }
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
    if fh is not None:
        fh.close()


def _tree_rss_kb(root: int) -> int:
    """VmRSS of ``root`` and all its descendants, in KiB (0 for processes that vanished)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def run_once(src: Path, out: Path, workers: int) -> dict[str, float]:
    """One `decruft clean` subprocess: wall seconds, peak tree RSS (MiB), run.json times."""
    cmd = [sys.executable, "-m", "decruft.cli", "clean", str(src), "-o", str(out), "-q"]
    started = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--workers", str(workers)])
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(RSS_POLL_SECONDS)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if proc.returncode != 0:
        raise SystemExit(f"decruft clean failed with code {proc.returncode}")
    run = json.loads((out / "run.json").read_text())
    return {
        "wall": wall,
        "steady": run["durations"]["clean_and_merge"],
        "pages": run["pages_read"],
        "peak_mib": peak / 1024,
        # CPU of the supervisor and its workers (reaped children count into its usage)
        "cpu": usage.ru_utime + usage.ru_stime,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--sizes", type=int, nargs="+", default=[3000, 6000, 12000])
    args = ap.parse_args()
    records = _dev_records(args.bench)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print(f"{'pages':>7} {'workers':>7} {'wall s':>7} {'pages/s':>8} {'steady/s':>8} "
          f"{'2w/1w':>6} {'CPU ms/page':>11} {'peak RSS MiB':>12}")  # fmt: skip
    last: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            src = Path(tmp) / f"in-{n}"
            generate(records, n, src)
            res = {w: run_once(src, Path(tmp) / f"out-{n}-{w}", w) for w in (1, 2)}
            same = (Path(tmp) / f"out-{n}-1" / "pages.jsonl").read_bytes() == (
                Path(tmp) / f"out-{n}-2" / "pages.jsonl"
            ).read_bytes()
            for w, r in res.items():
                ratio = res[1]["wall"] / r["wall"]
                print(
                    f"{n:>7} {w:>7} {r['wall']:>7.1f} {n / r['wall']:>8.0f} "
                    f"{n / r['steady']:>8.0f} {ratio:>6.2f} {1000 * r['cpu'] / n:>11.2f} "
                    f"{r['peak_mib']:>12.0f}"
                )
            print(f"{'':>7} pages.jsonl identical for 1 and 2 workers: {same}")
            last = res
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    n = args.sizes[-1]
    for w, r in last.items():
        startup = r["wall"] - r["steady"]
        projected = startup + PROJECT_PAGES * r["steady"] / n
        print(f"1M pages with {w} worker(s), projected from {n}: {projected / 60:.1f} min")


if __name__ == "__main__":
    main()
