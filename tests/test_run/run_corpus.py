"""A small mixed corpus for the executor tests: text records, a JSONL file big enough to be
cut into line ranges, an HTML page and inputs that become rejects."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

CASES = Path(__file__).parents[1] / "cases"
CASES_HTML = Path(__file__).parents[1] / "cases_html"


def _bodies() -> list[str]:
    bodies = [json.loads(p.read_text())["input"] for p in sorted(CASES.glob("*.json"))]
    return [b.split("\n", 1)[1] if b.startswith(" date") else b for b in bodies]


def build(root: Path, records: int = 30, jsonl_lines: int = 20, seed: int = 7) -> Path:
    """``records`` text records, a JSONL file of ``jsonl_lines`` lines (one of them broken),
    an HTML page and three rejects, under ``root/in``; returns that folder."""
    rng = random.Random(seed)
    bodies = _bodies()
    src = root / "in"
    src.mkdir(parents=True)
    for i in range(records):
        lines = rng.choice(bodies).splitlines()
        extra = rng.sample(lines, k=min(3, len(lines)))  # repeats and reordering vary pages
        status = rng.choice(("200", "200", "404", ""))
        text = f" date 2025-05-{1 + i % 28:02d} {status}\n" + "\n".join(lines + extra) + "\n"
        (src / f"r{i:03d}.txt").write_text(text, encoding="utf-8")
    with (src / "batch.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(jsonl_lines):
            if i == jsonl_lines // 2:
                fh.write("{not json}\n")
            else:
                fh.write(json.dumps({"id": f"j{i}", "text": rng.choice(bodies)}) + "\n")
    html = json.loads((CASES_HTML / "comments.json").read_text())["html"]
    (src / "page.html").write_text(html, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01PNG\x00" * 50)
    (src / "broken.txt.gz").write_bytes(gzip.compress(b"date 2025-01-01 200\nhello\n" * 40)[:30])
    return src
