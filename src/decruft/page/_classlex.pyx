# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled kernels of ``classlex.py``: token hashes folded into lexicon buckets, and the
walk from each block's element outwards over the class/id names around it."""

import numpy as np

from libc.stdint cimport int64_t, uint32_t, uint64_t

# CLASS_LEX_BITS, MAX_CHAIN_LEVELS, CHAIN_DECAY and len(CLASS_FEATURE_NAMES) of classlex.py.
cdef enum:
    CLASS_LEX_BITS = 18
    MAX_CHAIN_LEVELS = 32
    N_FEATURES = 6

cdef double CHAIN_DECAY = 0.7
cdef uint64_t _FOLD_MULT = 0x9E3779B1  # Knuth's multiplicative hash, 32-bit


cpdef inline int64_t _bucket(uint32_t h) noexcept:
    return <int64_t>(((<uint64_t>h * _FOLD_MULT) & 0xFFFFFFFFULL) >> (32 - CLASS_LEX_BITS))


def _features(
    const int64_t[::1] parents,
    const int64_t[::1] offsets,
    const uint32_t[::1] hashes,
    const int64_t[::1] elems,
    const float[::1] lexicon,
):
    cdef Py_ssize_t n = elems.shape[0]
    out_a = np.zeros((n, N_FEATURES), dtype=np.float32)
    cdef float[:, ::1] out = out_a
    cdef Py_ssize_t b
    cdef int64_t e, level, named, count, lo, hi, k
    cdef double weight, total, low, high, decayed, nearest, s, v, mean
    for b in range(n):
        e = elems[b]
        level = 0
        weight = 1.0
        named = 0
        count = 0
        total = 0.0
        low = 0.0
        high = 0.0
        decayed = 0.0
        nearest = 0.0
        while e >= 0 and level < MAX_CHAIN_LEVELS:
            lo, hi = offsets[e], offsets[e + 1]
            if hi > lo:
                s = 0.0
                for k in range(lo, hi):
                    v = lexicon[_bucket(hashes[k])]
                    s += v
                    # min/max as Python's: the new value only when strictly lower/higher
                    if not count or v < low:
                        low = v
                    if not count or v > high:
                        high = v
                    count += 1
                mean = s / <double>(hi - lo)
                if named == 0:
                    nearest = mean
                named += 1
                total += s
                decayed += weight * mean
            e = parents[e]
            level += 1
            weight *= CHAIN_DECAY
        out[b, 0] = <float>nearest
        out[b, 1] = <float>low
        out[b, 2] = <float>high
        out[b, 3] = <float>(total / <double>count) if count else 0.0
        out[b, 4] = <float>decayed
        out[b, 5] = <float>named
    return out_a


def _chain_buckets(
    const int64_t[::1] parents, const int64_t[::1] offsets, const uint32_t[::1] hashes,
    const int64_t[::1] elems,
):
    cdef Py_ssize_t size = 0
    cdef Py_ssize_t b
    cdef int64_t e, level, k
    for b in range(elems.shape[0]):  # count, then fill
        e = elems[b]
        level = 0
        while e >= 0 and level < MAX_CHAIN_LEVELS:
            size += offsets[e + 1] - offsets[e] if offsets[e + 1] > offsets[e] else 0
            e = parents[e]
            level += 1
    blocks_a = np.empty(size, dtype=np.int64)
    buckets_a = np.empty(size, dtype=np.int64)
    cdef int64_t[::1] blocks = blocks_a
    cdef int64_t[::1] buckets = buckets_a
    size = 0
    for b in range(elems.shape[0]):
        e = elems[b]
        level = 0
        while e >= 0 and level < MAX_CHAIN_LEVELS:
            for k in range(offsets[e], offsets[e + 1]):
                blocks[size] = b
                buckets[size] = _bucket(hashes[k])
                size += 1
            e = parents[e]
            level += 1
    return blocks_a, buckets_a
