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
