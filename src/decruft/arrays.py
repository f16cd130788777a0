"""Small numpy helpers shared by the page steps and the corpus passes."""

from __future__ import annotations

import io
import mmap
import struct
import zipfile
from pathlib import Path
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


# Unsigned types a table of counts, gaps or indices may be stored in, narrowest first.
UNSIGNED_TYPES = (np.uint8, np.uint16, np.uint32)


def narrowest_unsigned(values: npt.NDArray[np.integer]) -> npt.NDArray[np.unsignedinteger]:
    """``values`` (all >= 0) in the narrowest of UNSIGNED_TYPES that holds them all: how the
    shipped models store their split indices and lexicon gaps (a byte each, mostly)."""
    if values.size and int(values.min()) < 0:
        raise ValueError("only values >= 0 fit an unsigned type")
    top = int(values.max()) if values.size else 0
    kind = next(t for t in UNSIGNED_TYPES if top <= np.iinfo(t).max)
    return values.astype(kind)


# A zip member's local header: 30 bytes, then its name and an extra field, whose lengths are
# the two little-endian uint16 at offset 26.
_LOCAL_HEADER = struct.Struct("<HH")
_LOCAL_HEADER_AT, _LOCAL_HEADER_SIZE = 26, 30
# An .npy header is at most this long (numpy writes it padded to a multiple of 64 bytes;
# format 2.0 allows up to 4 GiB, which np.load is left to read).
_NPY_HEADER_MAX = 1 << 16


def read_npz(path: Path) -> dict[str, npt.NDArray[Any]]:
    """The arrays of an ``np.savez`` file (``np.load(path)``'s), read-only.

    The file is mapped into memory and each stored (uncompressed) member is an array over
    its bytes, copied where its data is not aligned for its type: np.load reads a member
    in 256 KB chunks through zipfile, checking a CRC on the way, and a copy of each cost the
    HTML model's ~4 MB a few ms of every one-page run. A compressed member, a pickled one
    or a header this reader does not know goes through np.load, into arrays of their own.
    """
    with open(path, "rb") as fh:
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    out: dict[str, npt.NDArray[Any]] = {}
    with zipfile.ZipFile(data) as z:  # type: ignore[call-overload]  # an mmap reads like a file
        for info in z.infolist():
            array = _stored_array(data, info)
            if array is None:
                return dict(np.load(io.BytesIO(data[:])).items())
            out[info.filename.removesuffix(".npy")] = array
    return out


def _stored_array(data: mmap.mmap, info: zipfile.ZipInfo) -> npt.NDArray[Any] | None:
    if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
        return None
    name_len, extra_len = _LOCAL_HEADER.unpack_from(data, info.header_offset + _LOCAL_HEADER_AT)
    start = info.header_offset + _LOCAL_HEADER_SIZE + name_len + extra_len
    head = io.BytesIO(data[start : start + min(info.file_size, _NPY_HEADER_MAX)])
    version = np.lib.format.read_magic(head)
    if version != (1, 0):
        return None
    shape, fortran, dtype = np.lib.format.read_array_header_1_0(head)
    if dtype.hasobject:
        return None
    count = int(np.prod(shape, dtype=np.int64))
    at = start + head.tell()
    if at + count * dtype.itemsize > start + info.file_size:
        raise ValueError(f"{info.filename}: shorter than its header says")
    flat = np.frombuffer(data, dtype=dtype, count=count, offset=at)
    array = flat.reshape(shape, order="F" if fortran else "C")
    return array if array.flags.aligned else array.copy(order="K")
