"""The learned block scorer: two stacked gradient-boosted tree models.

Stage 1 scores each block from its own, neighbour and page features (``features.py``) plus
a learned word lexicon. Stage 2 re-scores each block from the stage-1 scores around it (the
sequence smoothing: a lone "keep" inside debris, or a short heading inside the article, is
judged by its neighbours). Both are trained by ``training/train.py`` on the dev benchmark;
the weights ship in ``data/model/``. Pages are scored in batches: one model call per batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import lightgbm as lgb
import numpy as np
import numpy.typing as npt

from decruft.page.features import F32, _shifted, _window_mean, densest_run
from decruft.resources import data_path

# Stage-2 windows (half-widths, in blocks) and neighbour offsets over stage-1 scores.
STACK_WINDOWS = (1, 2, 3, 5, 10, 20)
STACK_SHIFTS = (-3, -2, -1, 1, 2, 3)
# The stage-2 run: blocks whose stage-1 score beats this count for the run, others against.
STACK_RUN_PIVOT = 0.5
STACK_FEATURES = 1 + len(STACK_WINDOWS) + len(STACK_SHIFTS) + 8


def stack_features(p1: npt.NDArray[np.floating], lengths: npt.NDArray[np.int64]) -> F32:
    """Stage-2 features of one page from its stage-1 scores and block lengths."""
    n = len(p1)
    if n == 0:
        return np.zeros((0, STACK_FEATURES), dtype=np.float32)
    p = p1.astype(np.float64)
    cols: list[npt.NDArray[np.floating]] = [p]
    cols += [_window_mean(p, half) for half in STACK_WINDOWS]
    cols += [_shifted(p, k) for k in STACK_SHIFTS]
    cols.append(np.full(n, p.mean()))
    cols.append(np.full(n, (p > STACK_RUN_PIVOT).mean()))
    weight = np.log1p(lengths.astype(np.float64))
    a, b = densest_run((p - STACK_RUN_PIVOT) * weight)
    if b < a:
        a, b = 0, -1
    idx = np.arange(n)
    cols.append(((idx >= a) & (idx <= b)).astype(np.float32))
    cols.append(np.where(idx < a, idx - a, np.where(idx > b, idx - b, 0)).astype(np.float32))
    cols.append(weight)
    cols.append((idx / max(n - 1, 1)).astype(np.float32))
    cols.append(np.maximum.accumulate(p))
    cols.append(np.maximum.accumulate(p[::-1])[::-1])
    return np.stack(cols, axis=1).astype(np.float32)


@dataclass(frozen=True)
class BlockScorer:
    """Stage-1 and stage-2 boosters plus the word lexicon (dense, 2**LEX_BITS floats)."""

    stage1: lgb.Booster
    stage2: lgb.Booster
    lexicon: F32

    def score(
        self, features: Sequence[F32], lengths: Sequence[npt.NDArray[np.int64]]
    ) -> list[npt.NDArray[np.float64]]:
        """Keep-probability of every block of every page, with one model call per stage.

        One thread: parallelism comes from worker processes, and scores stay reproducible.
        """
        sizes = [len(f) for f in features]
        if sum(sizes) == 0:
            return [np.zeros(0) for _ in sizes]
        cuts = np.cumsum(sizes)[:-1]
        p1 = np.split(self.stage1.predict(np.concatenate(features), num_threads=1), cuts)
        stacked = [stack_features(p, ln) for p, ln in zip(p1, lengths, strict=True)]
        p2: list[npt.NDArray[np.float64]] = np.split(
            self.stage2.predict(np.concatenate(stacked), num_threads=1), cuts
        )
        return p2


def lexicon_from_sparse(index: npt.NDArray[np.int64], values: npt.NDArray[np.floating]) -> F32:
    from decruft.page.features import LEX_BITS

    dense = np.zeros(1 << LEX_BITS, dtype=np.float32)
    dense[index] = values
    return dense


@cache
def shipped_scorer() -> BlockScorer:
    """The model shipped in the package (loaded once; read-only)."""
    folder = data_path("model")
    stage1 = lgb.Booster(model_str=(folder / "stage1.txt").read_text("utf-8"))
    stage2 = lgb.Booster(model_str=(folder / "stage2.txt").read_text("utf-8"))
    with (folder / "lexicon.npz").open("rb") as fh:
        lex = np.load(fh)
        lexicon = lexicon_from_sparse(lex["index"], lex["values"])
    return BlockScorer(stage1, stage2, lexicon)
