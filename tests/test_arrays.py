"""``sorted_unique`` is ``np.unique`` on the arrays it is given; ``read_npz`` is ``np.load``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from decruft.arrays import read_npz, sorted_unique
from decruft.resources import DATA_DIR


@given(hnp.arrays(st.sampled_from([np.int64, np.uint64, np.uint16]), st.integers(0, 300)))
def test_sorted_unique_is_np_unique(values: np.ndarray) -> None:
    got = sorted_unique(values)
    want = np.unique(values)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_sorted_unique_of_floats_and_2d() -> None:
    values = np.array([[3.5, -1.0], [3.5, 0.0]])
    assert np.array_equal(sorted_unique(values), np.unique(values))


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for name, want in b.items():
        got = a[name]
        assert got.dtype == want.dtype and got.shape == want.shape, name
        assert got.tobytes(order="A") == want.tobytes(order="A"), name
        assert got.flags.aligned and got.flags.f_contiguous == want.flags.f_contiguous


def test_read_npz_reads_every_shipped_model_as_np_load_does() -> None:
    files = sorted(DATA_DIR.rglob("*.npz"))
    assert len(files) >= 5
    for path in files:
        with np.load(path) as z:
            _same(read_npz(path), {k: z[k] for k in z.files})


def test_read_npz_falls_back_to_np_load_and_refuses_a_cut_file(tmp_path: Path) -> None:
    arrays = {
        "ints": np.arange(7, dtype=np.int16),
        "grid": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
        "words": np.array(["a", "bc"]),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "scalar": np.array(2.5),
    }
    plain, packed = tmp_path / "plain.npz", tmp_path / "packed.npz"
    np.savez(plain, **arrays)
    np.savez_compressed(packed, **arrays)
    stored = read_npz(plain)
    _same(stored, arrays)
    # a stored member is a read-only array over the mapped file, or a copy where its data
    # is not aligned for its type in the file
    assert all(a.flags.owndata != (not a.flags.writeable) for a in stored.values())
    _same(read_npz(packed), arrays)  # compressed members: np.load's way
    longer = tmp_path / "longer.npz"  # a header that claims more than the member holds
    longer.write_bytes(plain.read_bytes().replace(b"'shape': (7,)", b"'shape': (9,)"))
    with pytest.raises(ValueError, match="shorter than its header says"):
        read_npz(longer)
