"""The learned class lexicon: what a block's class/id names say about it, for HTML pages.

The hand-made hints of ``segment/html/hints.py`` know a few dozen names ("nav", "comment",
"share"); real sites use thousands ("entry-content", "td-post-content", "c-article-body",
"rail"). ``training/lexicon.py`` learns, for every class/id token (and word part), smoothed
log-odds that the text under an element carrying it is article text. A block then reads
the tokens of every element around it, from its own element outwards, and gets a few
features from their scores (``CLASS_FEATURE_NAMES``), which the HTML model's stage 1 reads
after the DOM features.
"""

from __future__ import annotations

import zlib

import numpy as np
import numpy.typing as npt

from decruft.arrays import sorted_unique
from decruft.page._classlex import _bucket, _chain_buckets, _features
from decruft.segment.html import DomTree

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

# The compiled kernels (``_classlex.pyx``) have CLASS_LEX_BITS, MAX_CHAIN_LEVELS, CHAIN_DECAY
# and the number of CLASS_FEATURE_NAMES built in.
# Token hashes are folded into 2**CLASS_LEX_BITS buckets (Knuth's multiplicative hash,
# 32-bit): 256k, few collisions among the tens of thousands of names a training set holds;
# 1 MiB as float32.
CLASS_LEX_BITS = 18
# Elements looked at around a block, from its own outwards: real pages nest a few dozen
# deep, and the names that matter (article body, comments, sidebar) sit within this.
MAX_CHAIN_LEVELS = 32
# Weight of each level outwards in ``class_decayed``: the nearest names say the most.
CHAIN_DECAY = 0.7

CLASS_FEATURE_NAMES: tuple[str, ...] = (
    "class_nearest",  # mean token score of the nearest element that has class/id names
    "class_min",  # lowest token score around the block
    "class_max",  # highest token score around the block
    "class_mean",  # mean token score around the block
    "class_decayed",  # per-element mean scores summed with weight CHAIN_DECAY**level
    "class_named",  # elements with class/id names around the block
)


def name_bucket(name: str) -> int:
    """The lexicon bucket of a class/id token or word part (lowercase), as pages hash it."""
    return _bucket(np.uint32(zlib.crc32(name.encode())))


def class_features(tree: DomTree, lexicon: F32) -> F32:
    """One row of CLASS_FEATURE_NAMES per block of the page."""
    return _features(tree.parents, tree.token_offsets, tree.token_hashes, tree.block_elems, lexicon)


def chain_buckets(tree: DomTree) -> tuple[I64, I64]:
    """(block, bucket) pairs, each once: the names around every block, as the features
    see them (what ``training/lexicon.py`` learns from)."""
    blocks, buckets = _chain_buckets(
        tree.parents, tree.token_offsets, tree.token_hashes, tree.block_elems
    )
    pairs = sorted_unique(blocks << CLASS_LEX_BITS | buckets)
    return pairs >> CLASS_LEX_BITS, pairs & ((1 << CLASS_LEX_BITS) - 1)
