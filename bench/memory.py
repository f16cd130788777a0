"""Peak memory while streaming many records: is it flat?

    python bench/memory.py [--records 100000] [--bench ../shared/bench]

Writes a JSONL of N records (the dev pages, cycled, each with a distinct id) to a temp
file, then runs the real `decruft clean` code path over it (reader -> batched pipeline ->
writer) in this process, printing the resident set size (VmRSS) and its peak (VmHWM) every
10% of the way. Flat means the peak after 10% is about the peak at 100%.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from contextlib import closing
from pathlib import Path

from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.model import RawRecord, Reject
from decruft.pipeline import clean_records
from decruft.run.worker import PartWriter

ROOT = Path(__file__).resolve().parents[1]


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return -1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--records", type=int, default=100_000)
    args = ap.parse_args()
    bodies = [r.body for r in read_inputs([args.bench / "dev"]) if isinstance(r, RawRecord)]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i in range(args.records):
                fh.write(json.dumps({"id": f"r{i}", "text": bodies[i % len(bodies)]}) + "\n")
        print(f"{args.records} records, {src.stat().st_size / 1e9:.2f} GB of JSONL")
        step = max(args.records // 10, 1)
        done = 0
        with closing(PartWriter(Path(tmp) / "out")) as writer:  # how a run's workers write

            def records():
                for item in read_inputs([src]):
                    if isinstance(item, Reject):
                        writer.write_reject(item)
                    else:
                        yield item

            for page in clean_records(records(), Config()):
                writer.write_page(page)
                done += 1
                if done % step == 0:
                    rss, peak = _status("VmRSS"), _status("VmHWM")
                    print(f"{done:>8} pages  rss {rss:>6} MB  peak {peak:>6} MB", flush=True)


if __name__ == "__main__":
    main()
