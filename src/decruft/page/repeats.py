"""Repeated blocks: keep the first occurrence, remove later exact or near-exact copies.

Near-exact means the same sequence of words ignoring case, spacing and punctuation, so
"Read more…" and "read  more" are the same block. Blocks are compared by a hash of their
word sequence (``textarrays``), all at once. Very short blocks are left to the classifier:
"Pros:" or "}" legitimately recur inside an article.
"""

from __future__ import annotations

import numpy as np

from decruft.config import Config
from decruft.model import Block, Removal
from decruft.page import textarrays as ta
from decruft.page.features import group_sizes


def find_repeats(blocks: tuple[Block, ...], arrays: ta.PageArrays, config: Config) -> list[Removal]:
    if not blocks:
        return []
    eligible = arrays.lengths >= config.repeat_min_chars
    _, first = group_sizes(arrays.block_key, eligible)
    later = np.flatnonzero(first != np.arange(len(blocks)))
    removals: list[Removal] = []
    for i, original in zip(later.tolist(), first[later].tolist(), strict=True):
        b = blocks[i]
        fields = (b.start, b.end, "repeat", f"repeat of block {original}", i, 1)
        removals.append(tuple.__new__(Removal, fields))  # as segment_text builds Blocks: from C
    return removals
