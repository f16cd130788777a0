"""The headline: which block near the top of the article is the page's title.

Candidates are the short blocks just before and at the start of the kept text. A small tree
model (``data/model/title.npz``, trained by ``training/train_title.py`` with 5-fold CV on the
dev pages that have a title in their metadata truth) scores them from their shape (words,
capitalisation, closing punctuation, separators like " | Brand"), their place relative to the
article, whether the page repeats them (titles recur in breadcrumbs and page headers) and
what follows them (a byline, a date, the first paragraph).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from decruft.model import Block
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
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ")
_SENTENCE_END = (".", "!", "?")


def candidates(blocks: Sequence[Block], kept: Sequence[bool]) -> list[int]:
    first = next((i for i, k in enumerate(kept) if k), None)
    if first is None:
        return []
    lo, hi = max(first - LOOK_BEFORE, 0), min(first + LOOK_AFTER + 1, len(blocks))
    return [
        i
        for i in range(lo, hi)
        if len(blocks[i].text) <= MAX_CHARS and blocks[i].text.count(" ") < MAX_WORDS
    ]


def candidate_features(
    blocks: Sequence[Block], kept: Sequence[bool], scores: Sequence[float], cands: Sequence[int]
) -> npt.NDArray[np.float32]:
    first = next(i for i, k in enumerate(kept) if k)
    # the page's text once, case-folded: how often a candidate recurs is one C-level count
    page = "\n".join(b.text for b in blocks).casefold()
    rows = []
    for i in cands:
        text = blocks[i].text
        words = text.split()
        low = text.casefold()
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
        prev = blocks[i - 1].text if i > 0 else ""
        repeats = page.count(low) - 1
        rows.append(
            [
                i - first,
                abs(i - first),
                float(kept[i]),
                scores[i] if scores else 0.0,
                len(words),
                len(text),
                sum(1 for w in words if w[:1].isupper()) / len(words),
                float(text.endswith(_SENTENCE_END)),
                float(text.endswith(":")),
                float(any(s in text for s in _SEPARATORS)),
                sum(map(str.isdigit, text)) / len(text),
                min(repeats, 5),
                nxt.count(" ") + 1 if nxt else 0,
                prev.count(" ") + 1 if prev else 0,
                float(nxt.lower().startswith(("by ", "posted", "written", "updated", "published"))),
                i / max(len(blocks) - 1, 1),
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(cands), N_FEATURES)


N_FEATURES = 16


@cache
def _model() -> Forest | None:
    path = data_path("model") / "title.npz"
    return Forest.load(path) if path.is_file() else None


def title_model_available() -> bool:
    return _model() is not None


def pick_titles(
    pages: Sequence[tuple[Sequence[Block], Sequence[bool], Sequence[float]]],
) -> list[int | None]:
    """Headline block of each (blocks, kept, scores) page, or None where no candidate looks
    like one. One model call for all the pages."""
    model = _model()
    picks: list[int | None] = [None] * len(pages)
    if model is None:
        return picks
    cands = [candidates(blocks, kept) for blocks, kept, _ in pages]
    rows = [
        candidate_features(blocks, kept, scores, c)
        for (blocks, kept, scores), c in zip(pages, cands, strict=True)
        if c
    ]
    if not rows:
        return picks
    probs = iter(
        np.split(
            model.predict(np.concatenate(rows)),
            np.cumsum([len(r) for r in rows])[:-1],
        )
    )
    for i, c in enumerate(cands):
        if c:
            p = next(probs)
            best = int(np.argmax(p))
            picks[i] = c[best] if p[best] >= MIN_PROBABILITY else None
    return picks


def pick_title(
    blocks: Sequence[Block], kept: Sequence[bool], scores: Sequence[float]
) -> int | None:
    """Index of the headline block, or None when no candidate looks like one."""
    return pick_titles([(blocks, kept, scores)])[0]
