"""Scale: `decruft clean` end to end on N generated records with 1 and 2 workers.

    python bench/scale.py [--bench ../shared/bench] [--sizes 2000 5000 10000] [--rounds 2]

Records are recombined from the dev text records (seeded, so every run sees the same
corpus): each takes a dev page's body, sometimes wrapped in the navigation head and footer
tail of another dev page (a site template) and sometimes with a few of its own lines
repeated, and gets a distinct id, crawl date and status. They are written as JSON Lines
files of FILE_RECORDS records (a crawl dump), so shards are line ranges of those files.

Each size runs as subprocesses (`python -m decruft.cli clean ... -q`), 1 worker then 2
workers, in alternation for several rounds; each keeps its best round, so a noisy neighbour
on the machine hurts both alike. Reported per size and worker count: wall time, pages/s
(start-up included), the 2-vs-1 ratio of the same size, CPU per page (user + system of the
supervisor and its reaped workers, from wait4) and the peak resident memory of the whole
process tree: the sum of VmRSS over the supervisor and its descendants (from /proc), sampled
every RSS_POLL_SECONDS. The marginal rate, pages/s of the pages between the smallest and
the biggest size, cancels the start-up (imports, worker spawn, warm-up); the 1M-page
projection is that start-up plus 1M pages at the marginal rate. "cores used" (CPU / wall)
shows how much of the machine a run got: on a shared machine a 2-worker run that gets one
core cannot be 2x, so the CPU-based rate (workers / CPU per page) is printed beside it. A
core probe before and after (``core_capacity``: a CPU-only loop alone and two at once) says
how much two busy processes can get from the machine at all: on this VM it has read from
~1.1x (the two vCPUs then behave as one shared core) to ~2.1x.
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
WORKERS = (1, 2)
# The core probe: a CPU-only loop (pure Python, a few KiB of memory) this many steps long,
# ~0.3 s on one core, run alone and as two processes at once, best of CORE_PROBE_ROUNDS
# each (a reading over 2.00x means a neighbour slowed every lone run: the probe is noisy too).
CORE_PROBE_STEPS = 3_000_000
CORE_PROBE_ROUNDS = 5
_SPIN = f"""
import time
t = time.perf_counter()
x = 1
for _ in range({CORE_PROBE_STEPS}):
    x = (x * 1103515245 + 12345) & 0x7FFFFFFF
print(time.perf_counter() - t)
"""


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


def core_capacity() -> float:
    """How many cores' worth of work two busy processes get: 2.00 on two free cores, less
    when the machine's two vCPUs share a physical core (SMT siblings) or a busy host. The
    same loop alone and two at once; no memory to speak of, so it is the cores, not caches."""

    def spin(copies: int) -> float:
        procs = [
            subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.PIPE, text=True)
            for _ in range(copies)
        ]
        return max(float(p.communicate()[0]) for p in procs)

    alone, together = [], []
    for _ in range(CORE_PROBE_ROUNDS):  # interleaved: a burst of a neighbour hits both
        alone.append(spin(1))
        together.append(spin(2))
    return 2 * min(alone) / min(together)


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
        "pages": run["pages_read"],
        "peak_mib": peak / 1024,
        # CPU of the supervisor and its workers (reaped children count into its usage)
        "cpu": usage.ru_utime + usage.ru_stime,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 10000])
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds; best kept")
    args = ap.parse_args()
    records = _dev_records(args.bench)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    capacity = [core_capacity()]
    best: dict[tuple[int, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            generate(records, n, Path(tmp) / f"in-{n}")
        for _ in range(args.rounds):
            for n in args.sizes:
                for w in WORKERS:
                    out = Path(tmp) / f"out-{n}-{w}"
                    r = run_once(Path(tmp) / f"in-{n}", out, w)
                    if (n, w) not in best or r["wall"] < best[n, w]["wall"]:
                        best[n, w] = r
            for n in args.sizes:
                one, two = (Path(tmp) / f"out-{n}-{w}" / "pages.jsonl" for w in WORKERS)
                if one.read_bytes() != two.read_bytes():
                    raise SystemExit(f"pages.jsonl differs between 1 and 2 workers at {n} pages")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    capacity.append(core_capacity())
    print(
        "core probe (a CPU-only loop alone and two at once): 2 processes got "
        f"{capacity[0]:.2f}x one core's work at the start, {capacity[1]:.2f}x at the end "
        "(2.00x: two free cores; below, the vCPUs share a core or the host is busy, and no "
        "program gets 2x from 2 workers)"
    )
    _report(args.sizes, best)


def _report(sizes: list[int], best: dict[tuple[int, int], dict[str, float]]) -> None:
    print("best of the rounds per run; pages.jsonl identical for 1 and 2 workers at every size")
    print(f"{'pages':>7} {'workers':>7} {'wall s':>7} {'pages/s':>8} {'2w/1w':>6} "
          f"{'CPU ms/page':>11} {'cores used':>10} {'peak RSS MiB':>12}")  # fmt: skip
    for n in sizes:
        for w in WORKERS:
            r = best[n, w]
            ratio = best[n, 1]["wall"] / r["wall"]
            print(
                f"{n:>7} {w:>7} {r['wall']:>7.1f} {n / r['wall']:>8.0f} {ratio:>6.2f} "
                f"{1000 * r['cpu'] / n:>11.2f} {r['cpu'] / r['wall']:>10.2f} "
                f"{r['peak_mib']:>12.0f}"
            )
    small, big = sizes[0], sizes[-1]
    marginal = {}
    for w in WORKERS:
        # pages/s of the extra pages between the smallest and biggest size: start-up cancels
        marginal[w] = (big - small) / (best[big, w]["wall"] - best[small, w]["wall"])
        startup = max(best[small, w]["wall"] - small / marginal[w], 0.0)
        projected = startup + PROJECT_PAGES / marginal[w]
        print(
            f"{w} worker(s): {marginal[w]:.0f} pages/s between {small} and {big} pages "
            f"(start-up {startup:.1f} s); 1M pages projected: {projected / 60:.1f} min"
        )
    ratio = marginal[2] / marginal[1]
    print(f"2 vs 1 worker, pages/s between {small} and {big} pages: {ratio:.2f}x")
    # What a run would take if every worker had a core to itself: CPU per page at the
    # biggest size spread over the workers (the supervisor's share is in the CPU too).
    for w in WORKERS:
        cpu_page = best[big, w]["cpu"] / big
        print(
            f"{w} worker(s) on {w} free core(s), from CPU per page at {big}: "
            f"{w / cpu_page:.0f} pages/s, 1M pages in {PROJECT_PAGES * cpu_page / w / 60:.1f} min"
        )


if __name__ == "__main__":
    main()
