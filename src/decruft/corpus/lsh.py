"""LSH banding, candidate pairs, Jaccard verification and union-find over pages.

Banding: the ``num_perm = bands x rows`` signature values are cut into ``bands`` bands of
``rows`` values, each hashed to a 32-bit band key; two pages become a candidate pair when
any band key is equal. For pages of Jaccard s the chance is the S-curve

    P(candidate) = 1 - (1 - s^rows)^bands

which for the default 20 x 6 gives .27 at s=.5, .62 at .6, .92 at .7, .98 at .75, .998 at
.8 and 1.000 at .85: its midpoint (1/20)^(1/6) = .61 sits well below the .8 threshold, so
banding loses almost no pair at or above .8, and the verification step (fraction of equal
signature values >= threshold) removes the extra candidates between .6 and .8. A band key is
32 bits: an accidental collision between two unrelated pages (2^-32 per band and pair) is
removed by the verification as well.

Everything here is a function of the page set, not of its order: buckets are formed by
sorting keys, pairs are normalised (smaller index first) and deduplicated, and the
components of the union-find do not depend on the order the edges arrive in.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

U16 = npt.NDArray[np.uint16]
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_BAND_MULT = np.uint64(0x9E3779B97F4A7C15)


def _fmix64(h: U64) -> U64:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB93FE53A85B3)
    out: U64 = h ^ (h >> np.uint64(33))
    return out


def band_keys(sig: U32, bands: int, rows: int) -> U32:
    """(bands, n) band keys of n signatures (n, bands * rows)."""
    n = sig.shape[0]
    parts = sig.reshape(n, bands, rows).astype(np.uint64)
    h = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            h = h * _BAND_MULT + parts[:, :, r]
        keys = (_fmix64(h) >> np.uint64(32)).astype(np.uint32)
    out: U32 = np.ascontiguousarray(keys.T)
    return out


def sorted_bands(keys: U32) -> tuple[U32, U32]:
    """Per band, the keys sorted and the row each sorted key came from (the on-disk form)."""
    order = np.argsort(keys, axis=1, kind="stable").astype(np.uint32)
    return np.take_along_axis(keys, order, axis=1), order


@numba.njit(cache=True, nogil=True)
def _bucket_pairs(sorted_keys: U32, rows: U32) -> tuple[I64, I64]:
    """All pairs of rows that share a key in one band (keys sorted)."""
    n = sorted_keys.shape[0]
    total = 0
    i = 0
    while i < n:
        j = i + 1
        while j < n and sorted_keys[j] == sorted_keys[i]:
            j += 1
        total += (j - i) * (j - i - 1) // 2
        i = j
    left = np.empty(total, dtype=np.int64)
    right = np.empty(total, dtype=np.int64)
    k = 0
    i = 0
    while i < n:
        j = i + 1
        while j < n and sorted_keys[j] == sorted_keys[i]:
            j += 1
        for x in range(i, j):
            for y in range(x + 1, j):
                a, b = rows[x], rows[y]
                left[k] = min(a, b)
                right[k] = max(a, b)
                k += 1
        i = j
    return left, right


def _unique_pairs(left: I64, right: I64) -> tuple[I64, I64]:
    if left.size == 0:
        return left, right
    width = np.int64(max(int(left.max()), int(right.max())) + 1)
    if width > 3_000_000_000:  # codes would overflow int64: sort rows instead
        pairs = np.unique(np.stack([left, right], axis=1), axis=0)
        return pairs[:, 0].copy(), pairs[:, 1].copy()
    codes = np.unique(left * width + right)
    return codes // width, codes % width


def pairs_within(sorted_keys: U32, rows: U32) -> tuple[I64, I64]:
    """Candidate pairs (i < j) among one set of pages, from its sorted band tables."""
    lefts, rights = [], []
    for band in range(sorted_keys.shape[0]):
        a, b = _bucket_pairs(sorted_keys[band], rows[band])
        lefts.append(a)
        rights.append(b)
    return _unique_pairs(np.concatenate(lefts), np.concatenate(rights))


def pairs_across(query_keys: U32, sorted_keys: U32, rows: U32) -> tuple[I64, I64]:
    """Candidate pairs (query row, stored row) between new pages' band keys (bands, q) and
    an earlier set's sorted band tables: a binary search per key, no table held in RAM
    beyond the (memory-mapped) arrays."""
    qs, ss = [], []
    for band in range(query_keys.shape[0]):
        table = sorted_keys[band]
        lo = np.searchsorted(table, query_keys[band], side="left")
        hi = np.searchsorted(table, query_keys[band], side="right")
        counts = hi - lo
        hit = np.flatnonzero(counts)
        if hit.size == 0:
            continue
        reps = counts[hit]
        q = np.repeat(hit, reps)
        # position of each match: lo of its query plus 0..count-1
        starts = np.repeat(lo[hit] - np.concatenate(([0], np.cumsum(reps)[:-1])), reps)
        pos = starts + np.arange(q.size)
        qs.append(q.astype(np.int64))
        ss.append(np.asarray(rows[band])[pos].astype(np.int64))
    if not qs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return _unique_pairs(np.concatenate(qs), np.concatenate(ss))


@numba.njit(cache=True, nogil=True)
def _find(parent: I64, x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


@numba.njit(cache=True, nogil=True)
def components(n: int, left: I64, right: I64) -> I64:
    """Union-find over n items and the edges (left[k], right[k]): each item's label is the
    smallest item of its component (so labels do not depend on edge order)."""
    parent = np.arange(n, dtype=np.int64)
    for k in range(left.shape[0]):
        a = _find(parent, left[k])
        b = _find(parent, right[k])
        if a < b:
            parent[b] = a
        elif b < a:
            parent[a] = b
    labels = np.empty(n, dtype=np.int64)
    for i in range(n):
        labels[i] = _find(parent, i)
    return labels
