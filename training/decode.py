"""Re-decide a cross-validation's pages at other keep/join thresholds, without training.

    python training/decode.py CV_DIR/oof_scores.npz [--bench ../shared/bench] \\
        [--pairs 0.6:0.4 0.6:0.35 0.65:none ...] [--html] [--units] [--main-content]

``training/train.py`` saves every held-out page's out-of-fold block scores (at the default
thresholds; the scores do not depend on them) in its CV folder. This script cleans the same
dev pages again with those scores in place of the model's, through the real pipeline (rule
steps, headline, page type, metadata), at each (keep, join) pair, and scores each run with
score.py: a decoding variant costs a minute, not a 40-minute nested CV, and stays honest
(no page is decided by scores of a model that saw it). One difference from the CV: the
block features the headline picker reads come from the shipped lexicon, not each fold's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.io.writers import TXT_DIR, TxtWriter
from decruft.model import RawRecord
from decruft.page.classifier import BlockScorer, shipped_html_scorer, shipped_scorer
from decruft.pipeline import clean_batch
from scoring import score_dir, truth_subset

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class FixedScores(BlockScorer):
    """A scorer that returns saved scores, page by page, in the order it is asked."""

    saved: tuple[np.ndarray, ...] = ()

    def score(
        self,
        features: Sequence,
        lengths: Sequence,
        trees: object = None,
        arrays: object = None,
        stacked: object = None,
    ) -> list:
        if len(self.saved) != len(features):
            raise ValueError("saved scores for another batch")
        for s, f in zip(self.saved, features, strict=True):
            if len(s) != len(f):
                raise ValueError("saved scores for another page: the segmentation changed")
        return list(self.saved)


def _pair(text: str) -> tuple[float, float | None]:
    keep, _, join = text.partition(":")
    return float(keep), None if join in ("", "none") else float(join)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scores", type=Path, help="oof_scores.npz of a train.py CV folder")
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--pairs", nargs="+", default=["0.5:none", "0.6:0.4"], help="keep:join")
    ap.add_argument("--html", action="store_true", help="the scores are the HTML model's")
    ap.add_argument(
        "--units",
        action="store_true",
        help="each pair without and with Config.units (lists, tables and code blocks made "
        "whole); without this flag, as Config's default",
    )
    ap.add_argument(
        "--main-content",
        action="store_true",
        help="each pair without and with Config.main_content (the main-content rules as a "
        "safety net); without this flag, as Config's default",
    )
    args = ap.parse_args()
    saved = np.load(args.scores)
    ids = set(saved.files)
    suffix = ".html.gz" if args.html else ".txt"
    files = [args.bench / "dev" / f"{i}{suffix}" for i in sorted(ids)]
    records = [r for r in read_inputs(files) if isinstance(r, RawRecord)]
    model = shipped_html_scorer() if args.html else shipped_scorer()
    assert model is not None
    tmp = Path(tempfile.mkdtemp(prefix="decruft-decode-"))
    # the pages the CV cleaned and no others (a text CV leaves out the few empty records)
    truth = truth_subset(args.bench, sorted(ids), tmp / "truth")
    batch = Config().batch_pages
    default = Config()
    runs = [
        (text, units, main)
        for text in args.pairs
        for units in ((False, True) if args.units else (default.units,))
        for main in ((False, True) if args.main_content else (default.main_content,))
    ]
    for text, units, main in runs:
        keep, join = _pair(text)
        cfg = (
            Config(html_keep_threshold=keep, html_join_threshold=join)
            if args.html
            else Config(keep_threshold=keep, join_threshold=join)
        ).with_(units=units, main_content=main)
        name = f"{text.replace(':', '_')}_u{int(units)}_m{int(main)}"
        out = tmp / name
        txt = TxtWriter(out / TXT_DIR)  # the txt files a run's merger writes
        for at in range(0, len(records), batch):
            part = records[at : at + batch]
            fixed = FixedScores(
                model.stage1, model.stage2, model.lexicon, model.class_lexicon,
                tuple(saved[r.id] for r in part),
            )  # fmt: skip
            models = {"html_scorer": fixed} if args.html else {"scorer": fixed}
            for page in clean_batch(part, cfg, **models):
                txt.write_page(page.to_dict())
        scored = score_dir(args.bench, out / TXT_DIR, truth=truth, all_types=True)
        a = scored["by_page_type"]["article"]
        print(
            f"keep {keep} join {join} units {units} main_content {main}: articles "
            f"F1 {a['f1']:.4f} P {a['precision']:.4f} R {a['recall']:.4f} "
            f"dupX {a['dup_excess_rate']:.4f}",
            flush=True,
        )
        by_type = {**scored["by_page_type"], **scored["by_source"]}
        print("   ", " ".join(f"{k} {v['f1']:.4f}" for k, v in sorted(by_type.items())))


if __name__ == "__main__":
    main()
