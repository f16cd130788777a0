"""Repeated blocks: keep the first occurrence, remove later exact or near-exact copies.

Near-exact means the same sequence of words ignoring case, spacing and punctuation, so
"Read more…" and "read  more" are the same block. Blocks are compared by a hash of their
word sequence (``textarrays``), all at once. Very short blocks are left to the classifier:
"Pros:" or "}" legitimately recur inside an article.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from decruft.config import Config
from decruft.model import Blocks, Removal
from decruft.page import textarrays as ta
from decruft.page.features import group_sizes


def find_repeats(blocks: Blocks, arrays: ta.PageArrays, config: Config) -> list[Removal]:
    if not blocks:
        return []
    eligible = arrays.lengths >= config.repeat_min_chars
    _, first = group_sizes(arrays.block_key, eligible)
    later_at = np.flatnonzero(first != np.arange(len(blocks)))
    evidence = map(_EVIDENCE.format, first[later_at].tolist())
    starts, ends = blocks.starts_of(later_at), blocks.ends_of(later_at)
    fields = zip(starts, ends, repeat("repeat"), evidence, later_at.tolist(), repeat(1))
    # dozens per page: built from C, as Blocks makes Block tuples (no Python loop)
    return list(map(tuple.__new__, repeat(Removal), fields))


_EVIDENCE = "repeat of block {}"
