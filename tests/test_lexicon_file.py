"""Lexicon files: the gap format reads back the lexicon that was written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from decruft.page.classifier import _load_lexicon, save_sparse_lexicon

BITS = 20


@pytest.mark.parametrize(
    ("index", "gap_type"),
    [
        ([0, 3, 200], np.uint8),
        ([5, 300, 70_000], np.uint32),
        ([1, 60_000], np.uint16),
        ([], np.uint8),
    ],
)
def test_round_trip(tmp_path: Path, index: list[int], gap_type: type) -> None:
    path = tmp_path / "lex.npz"
    values = np.linspace(-2, 2, len(index)).astype(np.float32)
    save_sparse_lexicon(path, np.array(index, dtype=np.int64), values)
    assert np.load(path)["gaps"].dtype == gap_type
    dense = _load_lexicon(path, BITS)
    want = np.zeros(1 << BITS, dtype=np.float32)
    want[index] = values.astype(np.float16)
    assert dense.dtype == np.float32 and np.array_equal(dense, want)


def test_older_int32_files_still_load(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    np.savez_compressed(
        path, index=np.array([2, 9], np.int32), values=np.array([1, -1], np.float16)
    )
    dense = _load_lexicon(path, BITS)
    assert dense[2] == 1 and dense[9] == -1 and np.count_nonzero(dense) == 2


@pytest.mark.parametrize("index", [[3, 3], [5, 2], [-1, 4]])
def test_unsorted_or_repeated_positions_are_refused(tmp_path: Path, index: list[int]) -> None:
    with pytest.raises(ValueError, match="sorted and distinct"):
        save_sparse_lexicon(tmp_path / "x.npz", np.array(index), np.ones(len(index), np.float32))
