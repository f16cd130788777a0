"""Small numpy helpers shared by the page steps and the corpus passes."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

T = TypeVar("T", bound=np.generic)


def sorted_unique(values: npt.NDArray[T]) -> npt.NDArray[T]:
    """``np.unique(values)`` for arrays without NaN: the distinct values, sorted.

    Written out because numpy's own imports ``numpy.ma`` on its first call, ~8 ms of the
    start of every one-page run.
    """
    flat: npt.NDArray[Any] = np.sort(values, axis=None)
    if flat.size == 0:
        return flat
    keep = np.empty(flat.size, dtype=np.bool_)
    keep[0] = True
    np.not_equal(flat[1:], flat[:-1], out=keep[1:])
    return flat[keep]


def nearest_marked(
    parents: npt.NDArray[np.int64], marked: npt.NDArray[np.bool_], at: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """For each element of ``at`` (outside 0..n-1: none), the nearest element at or above it
    in the tree of ``parents`` (-1: the root's) that is ``marked``; -1 where there is none.

    Pointer jumping: each round looks 2**k levels up from the elements still unresolved, so a
    tree of depth d takes log2(d) rounds of vector work, not a Python loop per element.
    """
    n = len(parents)
    nearest = np.where(marked, np.arange(n), -1)
    up = parents.copy()
    while (todo := np.flatnonzero((nearest < 0) & (up >= 0))).size:
        above = up[todo]
        nearest[todo] = nearest[above]
        up[todo] = up[above]
    inside = (at >= 0) & (at < n)
    return np.where(inside, nearest[np.where(inside, at, 0)] if n else -1, -1)
