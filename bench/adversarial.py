"""Seconds to clean pathological single pages, beside the issue's bar.

    python bench/adversarial.py [--repeat 2]

Each case is built in memory, cleaned once to warm up the models and kernels (on a small
page), then timed ``--repeat`` times (the best is printed). The bar from the issue: a 10 MB
single-line record cleaned in under 2 s; the other cases have no bar and are printed for
reference. The machine's load average is printed beside the numbers: on a shared machine
a co-tenant's load slows every case.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import decruft

MB = 1_000_000
# The bar for a 10 MB single-line record, in seconds.
SINGLE_LINE_BAR_SECONDS = 2.0
SINGLE_LINE_CHARS = 10 * MB
NESTED_DIVS = 100_000
ATTRIBUTE_CHARS = 50 * MB
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


CASES: dict[str, tuple[Callable[[], Callable[[], object]], float | None]] = {
    "10 MB single-line record": (_single_line_record, SINGLE_LINE_BAR_SECONDS),
    "10 MB single-line HTML text node": (_single_line_html, None),
    f"{NESTED_DIVS:,} nested divs": (_nested_divs, None),
    "50 MB attribute": (_huge_attribute, None),
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
