"""Stage-2 container features of an HTML page: the stage-1 scores gathered up the DOM tree.

Stage 2 smooths stage-1 scores along the page's block order (``classifier.py``). An HTML
page also says which blocks belong together: the article's paragraphs share a container,
and a comment thread, a teaser list or an FAQ box is a container of its own, however the
blocks interleave in reading order. So each block also reads the word-weighted mean
stage-1 score of the containers around it (its group of siblings, its section) and whether
it sits inside the page's best container: the element whose blocks' scores sum highest
above the pivot, readability's "top candidate" judged by the model instead of by commas.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from decruft.segment.html import DomTree

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

# Elements looked at above a block: deeper than real pages nest (hostile nesting is cut
# before this, see segment/html.py), and it bounds the work per block.
MAX_CONTAINER_LEVELS = 64
# A block's group is the nearest element around it holding at least this many blocks
# (its siblings under one parent: a list, a paragraph run, a comment).
GROUP_MIN_BLOCKS = 2
# ... and its section the nearest holding at least this many (an article body, a sidebar,
# a comment thread).
SECTION_MIN_BLOCKS = 8
# Blocks scored above this pull a container towards "best", below it against.
BEST_PIVOT = 0.5

CONTAINER_FEATURE_NAMES: tuple[str, ...] = (
    "group_mean",  # weighted mean stage-1 score of the block's group
    "group_blocks",  # log of the blocks in it
    "section_mean",  # weighted mean stage-1 score of the block's section
    "section_blocks",  # log of the blocks in it
    "in_best",  # the block sits inside the best container
    "best_levels",  # elements between the block and the best container (-1: outside)
    "best_share",  # the best container's share of the page's weight (page-wide)
)


@numba.njit(cache=True, nogil=True)
def _container_stack(parents: I64, elems: I64, p: F64, lengths: I64) -> F32:
    n_elems = parents.shape[0]
    n = elems.shape[0]
    out = np.zeros((n, len(CONTAINER_FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    weight = np.log1p(lengths.astype(np.float64))
    mass = np.zeros(n_elems)  # sum of score x weight of the blocks under each element
    total = np.zeros(n_elems)  # their weight
    count = np.zeros(n_elems, dtype=np.int64)  # their number
    page_mass = 0.0
    page_weight = 0.0
    for b in range(n):
        page_mass += p[b] * weight[b]
        page_weight += weight[b]
        e = elems[b]
        level = 0
        while e >= 0 and level < MAX_CONTAINER_LEVELS:
            mass[e] += p[b] * weight[b]
            total[e] += weight[b]
            count[e] += 1
            e = parents[e]
            level += 1
    page_mean = page_mass / page_weight if page_weight > 0 else 0.0
    best = -1
    best_gain = 0.0
    for e in range(n_elems):
        gain = mass[e] - BEST_PIVOT * total[e]
        if gain > best_gain:
            best_gain = gain
            best = e
    share = total[best] / page_weight if best >= 0 and page_weight > 0 else 0.0
    log_n = np.log(float(n))
    for b in range(n):
        row = out[b]
        row[0] = page_mean
        row[1] = log_n
        row[2] = page_mean
        row[3] = log_n
        row[5] = -1.0
        row[6] = share
        group = False
        section = False
        e = elems[b]
        level = 0
        while e >= 0 and level < MAX_CONTAINER_LEVELS:
            mean = mass[e] / total[e] if total[e] > 0 else page_mean
            if not group and count[e] >= GROUP_MIN_BLOCKS:
                group = True
                row[0] = mean
                row[1] = np.log(float(count[e]))
            if not section and count[e] >= SECTION_MIN_BLOCKS:
                section = True
                row[2] = mean
                row[3] = np.log(float(count[e]))
            if e == best:
                row[4] = 1.0
                row[5] = level
            e = parents[e]
            level += 1
    return out


def container_features(
    tree: DomTree | None, p1: npt.NDArray[np.floating], lengths: npt.NDArray[np.integer]
) -> F32:
    """One row of CONTAINER_FEATURE_NAMES per block, from the page's stage-1 scores. A page
    without a tree is one container: every block's group and section is the page."""
    n = len(p1)
    if tree is None:
        parents = np.zeros(0, dtype=np.int64)
        elems = np.full(n, -1, dtype=np.int64)
    else:
        parents, elems = tree.parents, tree.block_elems
    return _container_stack(
        parents, elems, np.asarray(p1, dtype=np.float64), np.asarray(lengths, dtype=np.int64)
    )
