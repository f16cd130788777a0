"""What kind of page is this? Article, forum, product, collection, listing, documentation or
service — from the shape of what the cleaner kept and removed.

A small multi-class tree model (``data/model/pagetype.txt``, trained by
``training/train_pagetype.py`` with 5-fold cross-validation on the dev manifest's
``page_type``) over page-level features: how much prose survived, how long and how
sentence-like the kept blocks are, how confident the block scorer was, and the vocabulary
of shops (prices, carts), forums (replies, posts) and docs (code characters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numba
import numpy as np
import numpy.typing as npt

from decruft.model import Block
from decruft.page import textarrays as ta
from decruft.page.forest import Forest
from decruft.resources import data_path

PAGE_TYPES = ("article", "collection", "documentation", "forum", "listing", "product", "service")
# Words that mark shops, forums and docs (counted per 1000 words of the page).
_SHOP = ("price", "cart", "buy", "add", "shipping", "stock", "checkout", "reviews", "sale", "usd")
_FORUM = (
    "reply",
    "replies",
    "posted",
    "post",
    "posts",
    "joined",
    "members",
    "thread",
    "quote",
    "member",
    "likes",
    "answer",
    "answers",
    "asked",
    "votes",
)
_DOCS = (
    "function",
    "return",
    "example",
    "parameter",
    "parameters",
    "class",
    "install",
    "import",
    "api",
    "default",
    "type",
    "value",
    "returns",
    "string",
    "method",
)
_SERVICE = (
    "pricing",
    "demo",
    "customers",
    "platform",
    "solutions",
    "contact",
    "trial",
    "teams",
    "started",
    "features",
)
# Word groups and character groups, by bit number in the tables (tags count per bit number).
_VOCABULARIES = (_SHOP, _FORUM, _DOCS, _SERVICE)
_CODE_CHARS = "{}();=<>[]_"
_MONEY_CHARS = "$€£¥"
_CHAR_GROUPS = (_CODE_CHARS, _MONEY_CHARS, "?")
_N_VOCABULARIES, _N_CHAR_GROUPS = len(_VOCABULARIES), len(_CHAR_GROUPS)
# A block of prose has at least this many words.
PROSE_MIN_WORDS = 8
# A short block (menu item, list entry) has at most this many words.
SHORT_MAX_WORDS = 4


@cache
def _tables() -> tuple[ta.WordTable, npt.NDArray[np.uint8]]:
    words = ta.WordTable.build(
        [(1 << k, ta.hash_words(group)) for k, group in enumerate(_VOCABULARIES)]
    )
    chars = ta.char_table([(1 << k, group) for k, group in enumerate(_CHAR_GROUPS)])
    return words, chars


@numba.njit(cache=True, nogil=True)
def _row(
    word_block: npt.NDArray[np.int64],
    word_first_cls: npt.NDArray[np.uint8],
    kept: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.float64],
    word_counts: npt.NDArray[np.int64],
    char_counts: npt.NDArray[np.int64],
    n_chars: int,
) -> npt.NDArray[np.float32]:
    n = kept.shape[0]
    words = np.zeros(n)
    digit_first = 0
    for w in range(word_block.shape[0]):
        words[word_block[w]] += 1
        digit_first += word_first_cls[w] == ta.DIGIT
    total = max(words.sum(), 1.0)
    kw = words[kept]
    kept_words = kw.sum()
    sc = scores if scores.shape[0] else np.zeros(1)
    out = np.zeros(N_FEATURES, dtype=np.float32)
    out[0] = np.log1p(n)
    out[1] = np.log1p(total)
    out[2] = np.log1p(kept_words)
    out[3] = kept_words / total
    if n:
        out[4] = kept.mean()
        out[9] = (words <= SHORT_MAX_WORDS).mean()
    if kw.shape[0]:
        out[5] = kw.mean()
        out[6] = np.median(kw)
        out[7] = (kw >= PROSE_MIN_WORDS).mean()
        out[8] = (kw <= SHORT_MAX_WORDS).mean()
    out[10] = sc.mean()
    out[11] = (sc > 0.5).mean()
    out[12] = ((sc > 0.2) & (sc < 0.8)).mean()
    for k in range(_N_VOCABULARIES):
        out[13 + k] = word_counts[k] * 1000.0 / total
    for k in range(_N_CHAR_GROUPS):
        out[17 + k] = char_counts[k] * 1000.0 / max(n_chars, 1)
    out[20] = digit_first * 1000.0 / total
    return out


# Columns of a page's row (see _row): sizes, kept share and block lengths, score shape, the
# page-type vocabularies per 1000 words, code/money/question characters per 1000 characters,
# and words that start with a digit per 1000 words.
N_FEATURES = 21


def page_type_features(
    blocks: Sequence[Block],
    kept: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.floating],
    arrays: ta.PageArrays,
) -> npt.NDArray[np.float32]:
    words_tab, chars_tab = _tables()
    tags = ta.tag_blocks(arrays, words_tab, chars_tab)
    return _row(
        arrays.word_block,
        arrays.word_first_cls,
        np.asarray(kept, dtype=np.bool_),
        np.asarray(scores, dtype=np.float64),
        tags.words,
        tags.chars,
        len(arrays.cps),
    )


@dataclass(frozen=True, slots=True)
class PageTypeGuess:
    """The most likely page type and its probability."""

    kind: str
    probability: float
    article_probability: float

    @classmethod
    def from_probs(cls, probs: npt.NDArray[np.float64]) -> PageTypeGuess:
        best = int(np.argmax(probs))
        return cls(PAGE_TYPES[best], float(probs[best]), float(probs[0]))


@dataclass(frozen=True)
class PageTyper:
    forest: Forest

    def predict(self, features: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Probability of each of PAGE_TYPES, one row per page."""
        return self.forest.predict(features).reshape(len(features), len(PAGE_TYPES))


@cache
def shipped_page_typer() -> PageTyper | None:
    path = data_path("model") / "pagetype.npz"
    if not path.is_file():
        return None
    return PageTyper(Forest.load(path))
