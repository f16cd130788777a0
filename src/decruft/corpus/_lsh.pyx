# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled union-find and candidate-pair kernels of ``decruft.corpus.lsh``."""

import numpy as np

from libc.stdint cimport int64_t, uint16_t, uint32_t


cdef inline int64_t _find(int64_t[::1] parent, int64_t x) noexcept:
    cdef int64_t root = x
    cdef int64_t nxt
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        nxt = parent[x]
        parent[x] = root
        x = nxt
    return root


cdef inline void _union(int64_t[::1] parent, int64_t a, int64_t b) noexcept:
    # the smaller root wins, so a component's root is its smallest member
    cdef int64_t ra = _find(parent, a)
    cdef int64_t rb = _find(parent, b)
    if ra < rb:
        parent[rb] = ra
    elif rb < ra:
        parent[ra] = rb


cdef inline bint _agree(
    const uint16_t[:, :] x, Py_ssize_t rx, const uint16_t[:, :] y, Py_ssize_t ry, int64_t need
) noexcept:
    # rows ``rx`` of ``x`` and ``ry`` of ``y`` equal in at least ``need`` values
    cdef int64_t same = 0
    cdef Py_ssize_t i
    for i in range(x.shape[1]):
        same += x[rx, i] == y[ry, i]
    return same >= need


def _join(
    int64_t[::1] parent,
    const int64_t[:] left,
    const int64_t[:] right,
    int64_t[::1] out_l,
    int64_t[::1] out_r,
):
    cdef int64_t k = 0
    cdef Py_ssize_t i
    for i in range(left.shape[0]):
        if _find(parent, left[i]) != _find(parent, right[i]):
            _union(parent, left[i], right[i])
            out_l[k] = left[i]
            out_r[k] = right[i]
            k += 1
    return k


cdef inline int64_t _consider(
    int64_t[::1] parent,
    int64_t a,
    int64_t b,
    const uint16_t[:, :] x,
    Py_ssize_t rx,
    const uint16_t[:, :] y,
    Py_ssize_t ry,
    int64_t need,
    bint verify,
    int64_t[::1] out_l,
    int64_t[::1] out_r,
    int64_t k,
    int64_t* checked,
) noexcept:
    """One candidate pair (pages ``a``, ``b`` with signatures ``x[rx]``, ``y[ry]``): skipped
    if they are joined already, else linked (and recorded as (a, b) at ``k``) when they agree
    on ``need`` values or are not verified. Returns the link count after it and adds 1 to
    ``checked`` when the pair was checked."""
    if _find(parent, a) == _find(parent, b):
        return k
    checked[0] += 1
    if not verify or _agree(x, rx, y, ry, need):
        _union(parent, a, b)
        out_l[k] = a
        out_r[k] = b
        return k + 1
    return k


def _within(
    const uint32_t[:, :] sorted_keys,
    const uint32_t[:, :] rows,
    const int64_t[:] docs,
    const uint16_t[:, :] sig,
    int64_t need,
    bint verify,
    int64_t[::1] parent,
    int64_t[::1] out_l,
    int64_t[::1] out_r,
):
    cdef int64_t k = 0
    cdef int64_t checked = 0
    cdef Py_ssize_t band, n, i, j, x, y
    cdef uint32_t rx, ry
    cdef int64_t a, b, lo, hi
    n = sorted_keys.shape[1]
    for band in range(sorted_keys.shape[0]):
        i = 0
        while i < n:
            j = i + 1
            while j < n and sorted_keys[band, j] == sorted_keys[band, i]:
                j += 1
            for x in range(i, j):
                for y in range(x + 1, j):
                    rx, ry = rows[band, x], rows[band, y]
                    a, b = docs[rx], docs[ry]
                    lo, hi = min(a, b), max(a, b)
                    k = _consider(
                        parent, lo, hi, sig, rx, sig, ry, need, verify, out_l, out_r, k, &checked
                    )
            i = j
    return k, checked


def _across(
    const uint32_t[:, :] keys,
    const int64_t[:] docs,
    const uint16_t[:, :] sig,
    const uint32_t[:, :] table,
    const uint32_t[:, :] table_rows,
    int64_t table_start,
    const uint16_t[:, :] table_sig,
    int64_t need,
    bint verify,
    int64_t[::1] parent,
    int64_t[::1] out_l,
    int64_t[::1] out_r,
):
    cdef int64_t k = 0
    cdef int64_t checked = 0
    cdef Py_ssize_t band, q, p, lo, hi, mid
    cdef Py_ssize_t m = table.shape[1]
    cdef uint32_t key, row
    for band in range(keys.shape[0]):
        for q in range(keys.shape[1]):
            key = keys[band, q]
            # the first position of the sorted band column whose key is >= key (binary
            # search, as np.searchsorted(side="left"))
            lo = 0
            hi = m
            while lo < hi:
                mid = (lo + hi) >> 1  # both non-negative
                if table[band, mid] < key:
                    lo = mid + 1
                else:
                    hi = mid
            p = lo
            while p < m and table[band, p] == key:
                row = table_rows[band, p]
                p += 1
                k = _consider(
                    parent,
                    docs[q],
                    table_start + row,
                    sig,
                    q,
                    table_sig,
                    row,
                    need,
                    verify,
                    out_l,
                    out_r,
                    k,
                    &checked,
                )
    return k, checked


def _labels(int64_t[::1] parent):
    labels = np.empty(parent.shape[0], dtype=np.int64)
    cdef int64_t[::1] out = labels
    cdef Py_ssize_t i
    for i in range(parent.shape[0]):
        out[i] = _find(parent, i)
    return labels
