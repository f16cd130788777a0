"""The learned class lexicon: what a block's class/id names say about it, for HTML pages.

The hand-made hints of ``segment/html.py`` know a few dozen names ("nav", "comment",
"share"); real sites use thousands ("entry-content", "td-post-content", "c-article-body",
"rail"). ``training/lexicon.py`` learns, for every class/id token (and word part), smoothed
log-odds that the text under an element carrying it is article text. A block then reads
the tokens of every element around it, from its own element outwards, and gets a few
features from their scores (``CLASS_FEATURE_NAMES``), which the HTML model's stage 1 reads
after the DOM features.
"""

from __future__ import annotations

import zlib

import numba
import numpy as np
import numpy.typing as npt

from decruft.segment.html import DomTree

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

# Token hashes are folded into 2**CLASS_LEX_BITS buckets: 256k, few collisions among the
# tens of thousands of names a training set holds; 1 MiB as float32.
CLASS_LEX_BITS = 18
_FOLD_MULT = np.uint64(0x9E3779B1)  # Knuth's multiplicative hash, 32-bit
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


@numba.njit(cache=True, nogil=True, inline="always")
def _bucket(h: np.uint32) -> int:
    return int(
        ((np.uint64(h) * _FOLD_MULT) & np.uint64(0xFFFFFFFF)) >> np.uint64(32 - CLASS_LEX_BITS)
    )


@numba.njit(cache=True, nogil=True)
def _features(
    parents: I64, offsets: I64, hashes: npt.NDArray[np.uint32], elems: I64, lexicon: F32
) -> F32:
    n = elems.shape[0]
    out = np.zeros((n, len(CLASS_FEATURE_NAMES)), dtype=np.float32)
    for b in range(n):
        e = elems[b]
        level = 0
        weight = 1.0
        named = 0
        count = 0
        total = 0.0
        low = 0.0
        high = 0.0
        decayed = 0.0
        nearest = 0.0
        while e >= 0 and level < MAX_CHAIN_LEVELS:
            lo, hi = offsets[e], offsets[e + 1]
            if hi > lo:
                s = 0.0
                for k in range(lo, hi):
                    v = lexicon[_bucket(hashes[k])]
                    s += v
                    low = min(low, v) if count else v
                    high = max(high, v) if count else v
                    count += 1
                mean = s / (hi - lo)
                if named == 0:
                    nearest = mean
                named += 1
                total += s
                decayed += weight * mean
            e = parents[e]
            level += 1
            weight *= CHAIN_DECAY
        row = out[b]
        row[0] = nearest
        row[1] = low
        row[2] = high
        row[3] = total / count if count else 0.0
        row[4] = decayed
        row[5] = named
    return out


def name_bucket(name: str) -> int:
    """The lexicon bucket of a class/id token or word part (lowercase), as pages hash it."""
    return _bucket(np.uint32(zlib.crc32(name.encode())))


def class_features(tree: DomTree, lexicon: F32) -> F32:
    """One row of CLASS_FEATURE_NAMES per block of the page."""
    return _features(tree.parents, tree.token_offsets, tree.token_hashes, tree.block_elems, lexicon)


@numba.njit(cache=True, nogil=True)
def _chain_buckets(
    parents: I64, offsets: I64, hashes: npt.NDArray[np.uint32], elems: I64
) -> tuple[I64, I64]:
    size = 0
    for _ in range(2):  # count, then fill
        blocks = np.empty(size, dtype=np.int64)
        buckets = np.empty(size, dtype=np.int64)
        size = 0
        for b in range(elems.shape[0]):
            e = elems[b]
            level = 0
            while e >= 0 and level < MAX_CHAIN_LEVELS:
                for k in range(offsets[e], offsets[e + 1]):
                    if size < blocks.shape[0]:
                        blocks[size] = b
                        buckets[size] = _bucket(hashes[k])
                    size += 1
                e = parents[e]
                level += 1
    return blocks, buckets


def chain_buckets(tree: DomTree) -> tuple[I64, I64]:
    """(block, bucket) pairs, each once: the names around every block, as the features
    see them (what ``training/lexicon.py`` learns from)."""
    blocks, buckets = _chain_buckets(
        tree.parents, tree.token_offsets, tree.token_hashes, tree.block_elems
    )
    pairs = np.unique(blocks << CLASS_LEX_BITS | buckets)
    return pairs >> CLASS_LEX_BITS, pairs & ((1 << CLASS_LEX_BITS) - 1)
