"""Speed: decruft vs trafilatura-on-text and jusText-on-text, same pages, same process.

    python bench/speed.py [--bench ../shared/bench] [--rounds 3] [--limit N]

Each system cleans every dev record (the text after the header line); the peers get the
record's lines wrapped as <p> elements (what they would see of a text record). Systems run
in alternation for several rounds and each keeps its best round, so a noisy neighbour on the
machine hurts all of them alike. Reported: docs/s per system and decruft's ratio to each
peer. One process, one core (decruft's model runs single-threaded). As in decruft's CLI,
everything loaded before the timed rounds is frozen out of the garbage collector's passes
(``gc.freeze``), for all systems.
"""

from __future__ import annotations

import argparse
import gc
import html
from collections.abc import Callable
from pathlib import Path

import decruft
from decruft.io.readers import read_inputs
from decruft.model import RawRecord
from timing import best_rounds, print_rates

ROOT = Path(__file__).resolve().parents[1]


def _as_html(body: str) -> str:
    paras = "".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())
    return f"<html><body>{paras}</body></html>"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N records")
    args = ap.parse_args()

    import justext
    import trafilatura

    records = [r for r in read_inputs([args.bench / "dev"]) if isinstance(r, RawRecord)]
    if args.limit:
        records = records[: args.limit]
    pages_html = [_as_html(r.body) for r in records]
    stoplist = justext.get_stoplist("English")

    def run_decruft() -> None:
        for _ in decruft.clean_records(records):
            pass

    def run_trafilatura() -> None:
        for doc in pages_html:
            trafilatura.extract(doc)

    def run_justext() -> None:
        for doc in pages_html:
            justext.justext(doc, stoplist)

    systems: dict[str, Callable[[], None]] = {
        "decruft (text)": run_decruft,
        "trafilatura on text": run_trafilatura,
        "jusText on text": run_justext,
    }
    decruft.warm_up()
    for doc in pages_html[:3]:  # the peers' first call pays their set-up too
        trafilatura.extract(doc)
        justext.justext(doc, stoplist)
    # as the decruft CLI does: what was loaded before the run is kept out of the garbage
    # collector's full passes (this helps every system measured here alike)
    gc.freeze()
    best = best_rounds(systems, args.rounds)
    n = len(records)
    print(f"{n} dev records, best of {args.rounds} rounds, same process, one core")
    print_rates(best, n, "decruft (text)", width=22, title="decruft is", ratio="{:.1f}x faster")


if __name__ == "__main__":
    main()
