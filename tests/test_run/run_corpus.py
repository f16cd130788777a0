"""A small mixed corpus for the executor tests: text records, a JSONL file big enough to be
cut into line ranges, an HTML page and inputs that become rejects."""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

# The WARC builders of the HTML tests, importable when this folder's tests run alone too.
sys.path.insert(0, str(Path(__file__).parents[1] / "test_html"))
from warc_builders import html_http, response, warc_file

CASES = Path(__file__).parents[1] / "cases"
CASES_HTML = Path(__file__).parents[1] / "cases_html"


def _bodies() -> list[str]:
    bodies = [json.loads(p.read_text())["input"] for p in sorted(CASES.glob("*.json"))]
    return [b.split("\n", 1)[1] if b.startswith(" date") else b for b in bodies]


def build(root: Path, records: int = 30, jsonl_lines: int = 20, seed: int = 7) -> Path:
    """``records`` text records, a JSONL file of ``jsonl_lines`` lines (one of them broken),
    a gzipped JSONL file, a WARC file, an HTML page and three rejects, under ``root/in``;
    returns that folder (the HTML page is read only when named, as walks skip HTML)."""
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
    zipped = [json.dumps({"id": f"z{i}", "text": rng.choice(bodies)}) for i in range(4)]
    (src / "zipped.jsonl.gz").write_bytes(gzip.compress(("\n".join(zipped) + "\n").encode()))
    pages = [json.loads(p.read_text())["html"] for p in sorted(CASES_HTML.glob("*.json"))]
    crawl = [response(html_http(p.encode()), f"https://news.test/{i}") for i, p in enumerate(pages)]
    (src / "crawl.warc.gz").write_bytes(warc_file(crawl))
    (src / "page.html").write_text(pages[0], encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01PNG\x00" * 50)
    (src / "broken.txt.gz").write_bytes(gzip.compress(b"date 2025-01-01 200\nhello\n" * 40)[:30])
    return src
