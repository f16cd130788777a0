"""The headline: which block near the top of the article is the page's title.

Candidates are the short blocks just before and at the start of the kept text. A small tree
model (``data/model/title.npz``, trained by ``training/train_title.py`` with 5-fold CV on the
dev pages that have a title in their metadata truth) scores them from their shape (words,
capitalisation, closing punctuation, separators like " | Brand"), their place relative to the
article, whether the page repeats them (titles recur in breadcrumbs and page headers) and
what follows them (a byline, a date, the first paragraph). All of that is read from the
block model's feature matrix, which the pipeline has already computed: no string work per
candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.model import Block, block_texts
from decruft.page._title import _NEXT, _OWN, _PREV, N_FEATURES as N_FEATURES, _candidate_rows
from decruft.page.features import FEATURE_NAMES
from decruft.page.forest import Forest
from decruft.resources import data_path

# Candidates lie this many blocks before the first kept block ...
LOOK_BEFORE = 12
# ... up to this many after it.
LOOK_AFTER = 3
# A title has at most this many words and characters.
MAX_WORDS = 30
MAX_CHARS = 300
# The best candidate must score at least this to be called the title.
MIN_PROBABILITY = 0.3


class TitlePage(NamedTuple):
    """What the headline picker looks at on one page."""

    blocks: Sequence[Block]
    kept: npt.NDArray[np.bool_]
    scores: npt.NDArray[np.floating]
    features: npt.NDArray[np.float32] | None  # the block-feature matrix (None: no picker)


def candidates(blocks: Sequence[Block], kept: npt.NDArray[np.bool_]) -> list[int]:
    if not kept.any():
        return []
    first = int(np.argmax(kept))
    lo, hi = max(first - LOOK_BEFORE, 0), min(first + LOOK_AFTER + 1, len(blocks))
    texts = block_texts(blocks)
    return [
        i for i in range(lo, hi) if len(texts[i]) <= MAX_CHARS and texts[i].count(" ") < MAX_WORDS
    ]


def candidate_features(
    kept: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.floating],
    cands: Sequence[int],
    block_features: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]:
    """One row per candidate: its place relative to the first kept block, whether it is kept
    and its block score, and block features of it and its neighbours."""
    return _candidate_rows(
        np.asarray(kept, dtype=np.bool_),
        np.asarray(scores, dtype=np.float64),
        np.asarray(cands, dtype=np.int64),
        block_features,
        _columns(_OWN),
        _columns(_NEXT),
        _columns(_PREV),
    )


@cache
def _columns(names: tuple[str, ...]) -> npt.NDArray[np.int64]:
    return np.array([FEATURE_NAMES.index(name) for name in names], dtype=np.int64)


@cache
def _model() -> Forest | None:
    path = data_path("model") / "title.npz"
    return Forest.load(path) if path.is_file() else None


def title_model_available() -> bool:
    return _model() is not None


def pick_titles(pages: Sequence[TitlePage]) -> list[int | None]:
    """Headline block of each page, or None where no candidate looks like one. One model
    call for all the pages."""
    model = _model()
    picks: list[int | None] = [None] * len(pages)
    if model is None:
        return picks
    cands = [candidates(p.blocks, p.kept) if p.features is not None else [] for p in pages]
    rows = [
        candidate_features(p.kept, p.scores, c, p.features)
        for p, c in zip(pages, cands, strict=True)
        if c and p.features is not None
    ]
    if not rows:
        return picks
    cuts = np.cumsum([len(r) for r in rows])[:-1]
    probs = iter(np.split(model.predict(np.concatenate(rows)), cuts))
    for i, c in enumerate(cands):
        if c:
            p = next(probs)
            best = int(np.argmax(p))
            picks[i] = c[best] if p[best] >= MIN_PROBABILITY else None
    return picks
