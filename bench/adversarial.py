"""Seconds to clean pathological single pages, beside the bar.

    python bench/adversarial.py [--repeat 2]

Each case is built in memory, cleaned once to warm up the models and kernels (on a small
page), then timed ``--repeat`` times (the best is printed). The bars: a 10 MB single-line
record cleaned in under 2 s; a folder of hostile files run end to end by ``decruft clean``
(a 10 MB JSONL of blank lines, 1 GiB of newlines in a .jsonl.gz, a tag with 80,000
attributes, 2M ``<p>`` in 16 MB, 1,879 broken HTML files, 2,500 JSONL ids holding line
separators, a FIFO) in under 60 s, every input accounted for in pages or rejects; the other
cases have no bar and are printed for reference. The machine's load average is printed
beside the numbers: on a shared machine a co-tenant's load slows every case.
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import decruft
from decruft.cli import main as cli_main

MB = 1_000_000
# The bar for a 10 MB single-line record, in seconds.
SINGLE_LINE_BAR_SECONDS = 2.0
SINGLE_LINE_CHARS = 10 * MB
NESTED_DIVS = 100_000
ATTRIBUTE_CHARS = 50 * MB
# The hostile folder's bar (seconds, after start-up) and its files' sizes.
HOSTILE_FOLDER_BAR_SECONDS = 60.0
BLANK_JSONL_BYTES = 10 * MB
NEWLINE_GZIP_BYTES = 1 << 30
FLOOD_ATTRIBUTES = 80_000
FLOOD_PARAGRAPHS = 2_000_000
BROKEN_HTML_FILES = 1879
SEPARATOR_ID_LINES = 2500
_SENTENCE = "The council approved the plan on Tuesday after a long debate about the budget. "


def _single_line_record() -> Callable[[], object]:
    text = " date 2025-05-07 200\n" + (_SENTENCE * (SINGLE_LINE_CHARS // len(_SENTENCE) + 1))
    body = text[: SINGLE_LINE_CHARS + text.index("\n") + 1]
    return lambda: decruft.clean_record(body)


def _single_line_html() -> Callable[[], object]:
    node = (_SENTENCE * (SINGLE_LINE_CHARS // len(_SENTENCE) + 1))[:SINGLE_LINE_CHARS]
    html = f"<html><body><p>{node}</p></body></html>"
    return lambda: decruft.clean_html(html)


def _nested_divs() -> Callable[[], object]:
    html = "<div>" * NESTED_DIVS + f"<p>{_SENTENCE}</p>" + "</div>" * NESTED_DIVS
    return lambda: decruft.clean_html(html)


def _huge_attribute() -> Callable[[], object]:
    value = "x" * ATTRIBUTE_CHARS
    html = f'<html><body><div class="{value}"><p>{_SENTENCE}</p></div></body></html>'
    return lambda: decruft.clean_html(html)


def _hostile_folder() -> Callable[[], object]:
    """A folder of every hostile input at once, cleaned by ``decruft clean`` end to end."""
    root = Path(tempfile.mkdtemp(prefix="decruft-hostile-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    src = root / "in"
    src.mkdir()
    (src / "blank.jsonl").write_bytes(b"\n" * BLANK_JSONL_BYTES)
    with gzip.open(src / "newlines.jsonl.gz", "wb", compresslevel=1) as fh:
        for _ in range(NEWLINE_GZIP_BYTES // MB):
            fh.write(b"\n" * MB)
    attrs = " ".join(f'a{i}="x"' for i in range(FLOOD_ATTRIBUTES))
    (src / "attributes.html").write_text(f"<html><body><div {attrs}><p>{_SENTENCE}</p></div>")
    (src / "paragraphs.html").write_text("<p>x" * FLOOD_PARAGRAPHS)
    for k in range(BROKEN_HTML_FILES):
        (src / f"broken-{k:04d}.html").write_bytes(b"<html><<p" + bytes([k % 256]) * 40 + b"</")
    separators = ("\u2028", "\u2029", "\x85")
    rows = [{"id": f"ls{separators[k % 3]}y", "text": _SENTENCE} for k in range(SEPARATOR_ID_LINES)]
    (src / "ids.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    fifo = root / "pipe.jsonl"
    expected = 2 + BROKEN_HTML_FILES + SEPARATOR_ID_LINES + 1

    def run() -> None:
        if fifo.exists():
            fifo.unlink()
        os.mkfifo(fifo)
        line = json.dumps({"id": "pipe", "text": _SENTENCE}) + "\n"
        writer = threading.Thread(target=lambda: fifo.write_text(line), daemon=True)
        writer.start()
        out = root / "out"
        shutil.rmtree(out, ignore_errors=True)
        code = cli_main(["clean", str(src), str(fifo), "-o", str(out), "-q", "--format", "txt"])
        summary = json.loads((out / "run.json").read_text())
        accounted = summary["pages_written"] + sum(summary["pages_rejected"].values())
        if code != 0 or summary["pages_read"] != accounted or accounted != expected:
            raise SystemExit(f"hostile folder: exit {code}, {accounted} of {expected} accounted")

    return run


CASES: dict[str, tuple[Callable[[], Callable[[], object]], float | None]] = {
    "10 MB single-line record": (_single_line_record, SINGLE_LINE_BAR_SECONDS),
    "10 MB single-line HTML text node": (_single_line_html, None),
    f"{NESTED_DIVS:,} nested divs": (_nested_divs, None),
    "50 MB attribute": (_huge_attribute, None),
    "hostile folder, decruft clean": (_hostile_folder, HOSTILE_FOLDER_BAR_SECONDS),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    decruft.clean_html(f"<p>{_SENTENCE}</p>")  # warm-up: models, tables, compiled kernels
    decruft.clean(_SENTENCE)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"{'case':36} {'best s':>8} {'bar s':>6}  ok")
    for name, (build, bar) in CASES.items():
        run = build()
        times = []
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        best = min(times)
        verdict = "-" if bar is None else ("yes" if best < bar else "NO")
        bar_text = "-" if bar is None else f"{bar:g}"
        print(f"{name:36} {best:8.2f} {bar_text:>6}  {verdict}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
