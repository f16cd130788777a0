"""What the quality signals cost beside cleaning, in one run; and how often a bounded prefix
gives the language the whole text gets.

    python bench/signals.py [--bench ../shared/bench] [--rounds 3] [--datatrove]

The dev text records (``dev/*.txt`` without ``*.truth.txt``) and HTML pages
(``dev/*.html.gz``) are cleaned with the API, then the signals of every cleaned page's text
are computed (``text_signals``, as the writer does with the text it makes for the record);
cleaning and signals alternate within each round and each keeps its best round
(``timing.best_rounds``). The bar: signals cost at most
15% of cleaning the text records. The language model is loaded before timing (once per
process: ~0.5 s).

``--datatrove``: the presets' keep/drop decisions beside datatrove's own filters
(GopherRepetitionFilter + GopherQualityFilter, C4QualityFilter, FineWebQualityFilter, at
their defaults) on the cleaned pages: the share of pages both decide alike.
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Callable
from pathlib import Path

from decruft.config import Config
from decruft.model import Page, RawRecord
from decruft.pipeline import clean_batch
from decruft.signals import page_signals, text_signals
from decruft.signals.language import LANGUAGE_PREFIX_CHARS, classify
from decruft.signals.presets import PRESETS, failing
from timing import best_rounds

BATCH = 64


def _records(dev: Path) -> tuple[list[RawRecord], list[RawRecord]]:
    from decruft.io.readers import parse_record

    texts = [
        parse_record(p.read_text("utf-8"), record_id=p.stem)
        for p in sorted(dev.glob("*.txt"))
        if not p.name.endswith(".truth.txt")
    ]
    htmls = [
        RawRecord(id=p.name, source=str(p), body="", html=gzip.decompress(p.read_bytes()).decode())
        for p in sorted(dev.glob("*.html.gz"))
    ]
    return texts, htmls


def _clean(records: list[RawRecord]) -> Callable[[], list[Page]]:
    config = Config()

    def run() -> list[Page]:
        pages: list[Page] = []
        for i in range(0, len(records), BATCH):
            pages += clean_batch(records[i : i + BATCH], config)
        return pages

    return run


def _datatrove(pages: list[Page]) -> None:
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    theirs: dict[str, Callable[[Document], bool]] = {
        "gopher": lambda d: bool(
            GopherRepetitionFilter().filter(d) is True and GopherQualityFilter().filter(d) is True
        ),
        "c4": lambda d: C4QualityFilter().filter(d) is True,
        "fineweb": lambda d: FineWebQualityFilter().filter(d) is True,
    }
    print("\npreset  pages  kept (ours / datatrove)  same decision")
    for name, keeps in theirs.items():
        same = ours_kept = their_kept = 0
        for p in pages:
            mine = failing(PRESETS[name], page_signals(p).as_dict()) is None
            doc = Document(text=p.text, id=p.id)
            other = keeps(doc)
            same += mine == other
            ours_kept += mine
            their_kept += other
        print(
            f"{name:<8}{len(pages):>6}  {ours_kept:>6} / {their_kept:<14}{same / len(pages):>8.1%}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=Path("../shared/bench"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--datatrove", action="store_true")
    args = ap.parse_args()
    texts, htmls = _records(args.bench / "dev")
    classify("warm")  # the language detector, loaded once per process, outside the timing
    print(f"{len(texts)} text records, {len(htmls)} HTML pages; best of {args.rounds} rounds")
    print(f"{'input':<8}{'clean s':>10}{'signals s':>11}{'ratio':>8}{'us/page':>10}")
    text_pages: list[Page] = []
    for kind, records in (("text", texts), ("html", htmls)):
        clean = _clean(records)
        pages = clean()
        if kind == "text":
            text_pages = pages
        # what the writer adds: the signals of the text it makes for the record anyway
        made = [(p.text, p.verdict.kind.value, p.verdict.page_type) for p in pages]
        best = best_rounds(
            {
                "clean": clean,
                "signals": lambda made=made: [
                    text_signals(text, verdict=v, page_type=t) for text, v, t in made
                ],
            },
            args.rounds,
        )
        print(
            f"{kind:<8}{best['clean']:>10.3f}{best['signals']:>11.3f}"
            f"{best['signals'] / best['clean']:>8.1%}"
            f"{best['signals'] / len(pages) * 1e6:>10.0f}"
        )
    lettered = [p.text for p in text_pages if text_signals(p.text).language is not None]
    same = sum(text_signals(t).language == classify(t)[0] for t in lettered)
    print(
        f"\nlanguage of {LANGUAGE_PREFIX_CHARS} characters from the first prose line = of the "
        f"whole text: {same} of {len(lettered)} text pages with letters"
    )
    if args.datatrove:
        _datatrove(text_pages)


if __name__ == "__main__":
    main()
