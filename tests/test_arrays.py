"""``sorted_unique`` is ``np.unique`` on the arrays it is given."""

from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from decruft.arrays import sorted_unique


@given(hnp.arrays(st.sampled_from([np.int64, np.uint64, np.uint16]), st.integers(0, 300)))
def test_sorted_unique_is_np_unique(values: np.ndarray) -> None:
    got = sorted_unique(values)
    want = np.unique(values)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_sorted_unique_of_floats_and_2d() -> None:
    values = np.array([[3.5, -1.0], [3.5, 0.0]])
    assert np.array_equal(sorted_unique(values), np.unique(values))
