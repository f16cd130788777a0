# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The sequence helpers the page's steps share: window means, shifts, densest run, median,
key groups and log1p of counts. Their C versions (``_sequences.pxd``) are inlined into the
kernels that cimport them (``_features.pyx``); these are the Python-visible ones, exported by
``features.py``.

Every float is computed as the features kernel computes it: float64 sums accumulated left to
right and the C library's ``log1p``.
"""

from libc.stdint cimport int64_t, uint8_t, uint64_t

import numpy as np

# log1p of small counts, libm's (``_sequences.pxd``): filled once, when the module loads.
cdef double _LOG1P[LOG1P_COUNTS]
_fill_log1p(_LOG1P)

def _window_mean(const double[:] x, Py_ssize_t half):
    """Mean of x over [i - half, i + half], clipped at the page's edges."""
    cdef Py_ssize_t n = x.shape[0], i, lo, hi
    c_arr = np.zeros(n + 1)
    out_arr = np.empty(n)
    cdef double[::1] c = c_arr
    cdef double[::1] out = out_arr
    for i in range(n):
        c[i + 1] = c[i] + x[i]
    for i in range(n):
        lo = i - half if i - half > 0 else 0
        hi = i + half + 1 if i + half + 1 < n else n
        out[i] = (c[hi] - c[lo]) / <double>(hi - lo)
    return out_arr


def _shifted(const double[:] x, Py_ssize_t k):
    """x moved by k blocks (k > 0: the value k blocks before; 0 past the edges)."""
    cdef Py_ssize_t n = x.shape[0], i, j
    out_arr = np.zeros(n)
    cdef double[::1] out = out_arr
    for i in range(n):
        j = i - k
        if 0 <= j < n:
            out[i] = x[j]
    return out_arr


def median(x):
    """np.median by a stable sort: a quicksort can go quadratic on some orders of many equal
    values; a merge or radix sort cannot (time per page stays bounded)."""
    cdef Py_ssize_t n = x.shape[0]
    if n == 0:
        return float("nan")
    s = np.sort(x, kind="stable")
    return 0.5 * (float(s[(n - 1) // 2]) + float(s[n // 2]))


def densest_run(const double[:] gain):
    """Maximum-sum contiguous run (inclusive bounds; the earliest-ending best run, started as
    late as possible); (0, -1) when no gain is > 0."""
    cdef Py_ssize_t a = 0, b = -1
    if gain.shape[0] > 0:
        _densest_run_c(&gain[0], gain.strides[0], gain.shape[0], &a, &b)
    return a, b


def group_ids(keys, valid):
    """A dense id per valid position's key (ids in order of first appearance; -1 where not
    valid) and how many ids there are. One pass through an open-addressing table of the
    keys (each slot holds its key, so a probe is one compare): linear, unlike a sort."""
    cdef const uint64_t[::1] k = np.ascontiguousarray(keys)
    cdef const uint8_t[::1] v = np.ascontiguousarray(valid)
    cdef Py_ssize_t n = k.shape[0]
    if v.shape[0] < n:
        raise ValueError(f"{v.shape[0]} valid flags for {n} keys")
    ids_arr = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] ids = ids_arr
    if n == 0:
        return ids_arr, 0
    groups = _group_ids_c(&k[0], &v[0], n, &ids[0])
    return ids_arr, groups


def group_sizes(keys, valid):
    """For each valid position: how many valid positions share its key, and the first
    (``group_ids``); an invalid position is alone, and its own first."""
    cdef const uint64_t[::1] k = np.ascontiguousarray(keys)
    cdef const uint8_t[::1] v = np.ascontiguousarray(valid)
    cdef Py_ssize_t n = k.shape[0]
    if v.shape[0] < n:
        raise ValueError(f"{v.shape[0]} valid flags for {n} keys")
    size_arr = np.empty(n, dtype=np.int64)
    first_arr = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] size = size_arr
    cdef int64_t[::1] first = first_arr
    if n > 0:
        _group_sizes_c(&k[0], &v[0], n, &size[0], &first[0])
    return size_arr, first_arr


def log1p_counts(Py_ssize_t n):
    """``np.log1p(k)`` for k = 0 .. n: a page's count features (of blocks, within the page)
    look it up instead of calling log1p per block and column (the same values: the C
    library's log1p; numpy's own SIMD log1p may differ in the last bit)."""
    out_arr = np.empty(n + 1)
    cdef double[::1] out = out_arr
    if n >= 0:
        _log1p_counts(&out[0], n, _LOG1P)
    return out_arr
