"""decruft report on a 10,000-page run: build time and file size, beside the budget.

    python bench/report.py [--bench ../shared/bench] [--pages 10000] [--rounds 2]

The dev text records (``dev/*.txt``, the truth files left out as a directory walk leaves
them) are cleaned once with ``--keep-body``; their pages.jsonl lines are then repeated, each
copy with a new id, to ``--pages`` pages, and run.json's ledger is counted again to match
(so the report's checks all pass, as on a real run of that size). The report is built by
``python -m decruft.cli report`` in a subprocess, start-up included, ``--rounds`` times; the
best wall time is printed with the file's size, the pages shown in full and those listed
past the size budget. The budget: under 30 s and under 50 MB for 10,000 pages.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The budget of a report on 10,000 pages.
BUDGET_SECONDS = 30.0
BUDGET_BYTES = 50_000_000


def clean_dev(bench: Path, out: Path) -> None:
    """The dev text records cleaned with --keep-body into ``out``."""
    cmd = [sys.executable, "-m", "decruft.cli", "clean", str(bench / "dev"), "-o", str(out)]
    subprocess.run([*cmd, "--keep-body", "-q"], check=True)


def replicate(run: Path, out: Path, pages: int) -> int:
    """``run``'s pages repeated to ``pages`` records with new ids in ``out``, with a run.json
    whose ledger counts them; returns the bytes of pages.jsonl."""
    lines = (run / "pages.jsonl").read_bytes().splitlines()
    out.mkdir(parents=True)
    verdicts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    blocks: Counter[str] = Counter()
    with open(out / "pages.jsonl", "w", encoding="utf-8") as fh:
        for n in range(pages):
            record = json.loads(lines[n % len(lines)])
            if n >= len(lines):
                record["id"] = f"{record['id']}~copy{n // len(lines)}"
            verdicts[record["verdict"]] += 1
            for r in record["removed"]:
                chars[r["rule"]] += r["end"] - r["start"]
                blocks[r["rule"]] += r["blocks"]
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    (out / "rejects.jsonl").write_bytes((run / "rejects.jsonl").read_bytes())
    ledger = json.loads((run / "run.json").read_text("utf-8"))
    rejected = sum(ledger["pages_rejected"].values())
    ledger |= {
        "pages_read": pages + rejected,
        "pages_written": pages,
        "verdicts": dict(sorted(verdicts.items())),
        "removed_chars_by_rule": dict(sorted(chars.items())),
        "removed_blocks_by_rule": dict(sorted(blocks.items())),
    }
    (out / "run.json").write_text(json.dumps(ledger, indent=1), "utf-8")
    return (out / "pages.jsonl").stat().st_size


def build(run: Path, dest: Path) -> float:
    """Seconds of one ``decruft report`` in a fresh process."""
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "decruft.cli", "report", str(run), "-o", str(dest)]
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2, help="builds; the best is kept")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cleaned, big, dest = Path(tmp) / "dev", Path(tmp) / "big", Path(tmp) / "report.html"
        clean_dev(args.bench, cleaned)
        size = replicate(cleaned, big, args.pages)
        print(f"{args.pages:,} pages, pages.jsonl {size / 1e6:.1f} MB (bodies kept)")
        best = min(build(big, dest) for _ in range(max(1, args.rounds)))
        html = dest.stat().st_size
    ok_time = "yes" if best < BUDGET_SECONDS else "NO"
    ok_size = "yes" if html < BUDGET_BYTES else "NO"
    print(f"build {best:.2f} s (budget {BUDGET_SECONDS:g} s: {ok_time})")
    print(f"file  {html / 1e6:.1f} MB (budget {BUDGET_BYTES / 1e6:g} MB: {ok_size})")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
