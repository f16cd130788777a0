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
_SHOP_BIT, _FORUM_BIT, _DOCS_BIT, _SERVICE_BIT = 1, 2, 4, 8
_CODE_CHARS = "{}();=<>[]_"
_MONEY_CHARS = "$€£¥"
# A block of prose has at least this many words.
PROSE_MIN_WORDS = 8
# A short block (menu item, list entry) has at most this many words.
SHORT_MAX_WORDS = 4


@cache
def _tables() -> tuple[ta.WordTable, npt.NDArray[np.uint8]]:
    words = ta.WordTable.build(
        [
            (_SHOP_BIT, ta.hash_words(_SHOP)),
            (_FORUM_BIT, ta.hash_words(_FORUM)),
            (_DOCS_BIT, ta.hash_words(_DOCS)),
            (_SERVICE_BIT, ta.hash_words(_SERVICE)),
        ]
    )
    chars = ta.char_table([(1, _CODE_CHARS), (2, _MONEY_CHARS), (4, "?")])
    return words, chars


def page_type_features(
    blocks: Sequence[Block],
    kept: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.floating],
    arrays: ta.PageArrays,
) -> npt.NDArray[np.float32]:
    n = len(blocks)
    words_tab, chars_tab = _tables()
    wb = arrays.word_block
    words = np.bincount(wb, minlength=n).astype(np.float64)
    total = max(words.sum(), 1.0)
    kw = words[kept] if n else words
    kept_words = kw.sum()
    tags = ta.tag_blocks(arrays, words_tab, chars_tab)

    def per_k(count: int, units: float) -> float:
        return float(count) * 1000.0 / max(units, 1.0)

    def word_bit(bit: int) -> int:
        return int(tags.words[bit.bit_length() - 1])

    def char_bit(bit: int) -> int:
        return int(tags.chars[bit.bit_length() - 1])

    sc = scores if len(scores) else np.zeros(1)
    feats = [
        np.log1p(n),
        np.log1p(total),
        np.log1p(kept_words),
        kept_words / total,
        float(kept.mean()) if n else 0.0,
        float(np.mean(kw)) if len(kw) else 0.0,
        float(np.median(kw)) if len(kw) else 0.0,
        float(np.mean(kw >= PROSE_MIN_WORDS)) if len(kw) else 0.0,
        float(np.mean(kw <= SHORT_MAX_WORDS)) if len(kw) else 0.0,
        float(np.mean(words <= SHORT_MAX_WORDS)) if n else 0.0,
        float(sc.mean()),
        float(np.mean(sc > 0.5)),
        float(np.mean((sc > 0.2) & (sc < 0.8))),
        per_k(word_bit(_SHOP_BIT), total),
        per_k(word_bit(_FORUM_BIT), total),
        per_k(word_bit(_DOCS_BIT), total),
        per_k(word_bit(_SERVICE_BIT), total),
        per_k(char_bit(1), len(arrays.cps)),
        per_k(char_bit(2), len(arrays.cps)),
        per_k(char_bit(4), len(arrays.cps)),
        float(np.count_nonzero(arrays.word_first_cls == ta.DIGIT)) * 1000.0 / total,
    ]
    return np.asarray(feats, dtype=np.float32)


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
