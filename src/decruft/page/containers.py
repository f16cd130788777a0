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

import numpy as np
import numpy.typing as npt

from decruft.page._containers import (
    BEST_PIVOT as BEST_PIVOT,
    CONTAINER_FEATURE_NAMES as CONTAINER_FEATURE_NAMES,
    GROUP_MIN_BLOCKS as GROUP_MIN_BLOCKS,
    MAX_CONTAINER_LEVELS as MAX_CONTAINER_LEVELS,
    SECTION_MIN_BLOCKS as SECTION_MIN_BLOCKS,
    _container_stack,
)
from decruft.segment.html import DomTree

F32 = npt.NDArray[np.float32]


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
