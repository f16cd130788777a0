# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The oblivious forest's scoring loop (see ``forest.py``), compiled ahead of time.

The inner loops run over raw pointers into contiguous rows, so each is a plain C loop over
consecutive elements that the C compiler vectorizes: quantizing a chunk's column against a
border, a tree's leaf indices (its levels' compares), adding four trees' leaves.
"""

import numpy as np

from libc.stdint cimport int32_t, uint8_t, uint16_t

cpdef enum:
    # Rows are scored in chunks of this many: a chunk's quantized features (n_features x
    # chunk bytes) stay in the CPU cache while every tree reads them.
    CHUNK_ROWS = 2048
    # Chunk buffers hold one row per feature (or tree) with this many slots: a row stride
    # that is a multiple of 4 KiB would map a column's entries to one cache set, which made
    # filling them column by column several times slower.
    _BUFFER_ROW = CHUNK_ROWS + 64
    # Trees whose leaves are added to the rows' sums in one pass (the pass below is unrolled
    # for four): a row's running sum is loaded and stored once per four trees, not once per
    # tree.
    TREES_PER_PASS = 4
    # Borders a value is compared with per pass over a chunk's rows (the pass below is
    # unrolled for four): the running counts are loaded and stored once per four compares,
    # not per one.
    BORDERS_PER_PASS = 4

# Leaf indices: bytes for trees at most BYTE_LEAF_DEPTH deep, uint16 for deeper ones.
ctypedef fused leaf_t:
    uint8_t
    uint16_t


cdef inline void _leaf_of(
    const uint8_t* q,
    const int32_t* features,
    const int32_t* bins,
    Py_ssize_t depth,
    Py_ssize_t m,
    leaf_t* leaf,
) noexcept:
    """Leaf of one tree for the chunk's first m rows (a tree level per feature/bin; q holds
    a chunk's quantized features, one row of _BUFFER_ROW per feature)."""
    cdef Py_ssize_t level, k
    cdef const uint8_t* qs
    cdef uint8_t k_bin
    cdef leaf_t bit
    for k in range(m):
        leaf[k] = 0
    for level in range(depth):
        qs = q + <Py_ssize_t>features[level] * _BUFFER_ROW
        k_bin = <uint8_t>bins[level]  # bins fit a byte (MAX_BORDERS): byte-wide compares
        bit = <leaf_t>(1 << level)
        for k in range(m):
            leaf[k] |= <leaf_t>(qs[k] > k_bin) * bit


cdef inline void _leaf_of8(
    const uint8_t* q,
    const int32_t* features,
    const int32_t* bins,
    Py_ssize_t depth,
    const uint8_t* zeros,
    Py_ssize_t m,
    uint8_t* leaf,
) noexcept:
    """_leaf_of for trees at most 8 levels deep: a row's eight compares are made in
    registers and its leaf stored once (a level past the tree's depth compares a row of
    zeros, never true), not loaded and stored again at every level: the forests' trees
    score ~9% faster (stage 1, 500 trees of depth 8) and ~5% (stage 2, depth 6)."""
    cdef const uint8_t* rows[8]
    cdef uint8_t at[8]
    cdef Py_ssize_t level, k
    for level in range(8):
        rows[level] = q + <Py_ssize_t>features[level] * _BUFFER_ROW if level < depth else zeros
        at[level] = <uint8_t>bins[level] if level < depth else 0
    cdef const uint8_t* q0 = rows[0]
    cdef const uint8_t* q1 = rows[1]
    cdef const uint8_t* q2 = rows[2]
    cdef const uint8_t* q3 = rows[3]
    cdef const uint8_t* q4 = rows[4]
    cdef const uint8_t* q5 = rows[5]
    cdef const uint8_t* q6 = rows[6]
    cdef const uint8_t* q7 = rows[7]
    cdef uint8_t b0 = at[0], b1 = at[1], b2 = at[2], b3 = at[3]
    cdef uint8_t b4 = at[4], b5 = at[5], b6 = at[6], b7 = at[7]
    for k in range(m):
        leaf[k] = <uint8_t>(
            (<uint8_t>(q0[k] > b0) | (<uint8_t>(q1[k] > b1) << 1))
            | ((<uint8_t>(q2[k] > b2) << 2) | (<uint8_t>(q3[k] > b3) << 3))
            | ((<uint8_t>(q4[k] > b4) << 4) | (<uint8_t>(q5[k] > b5) << 5))
            | ((<uint8_t>(q6[k] > b6) << 6) | (<uint8_t>(q7[k] > b7) << 7))
        )


def _raw_scores(
    const float[:, ::1] XT,
    const float[::1] borders,
    const int32_t[::1] border_start,
    const int32_t[:, ::1] split_feature,
    const int32_t[:, ::1] split_bin,
    const double[:, :, ::1] leaves,
    leaf_t[:, ::1] leaf,
):
    """Sum of leaf values per row and output, trees added in order. The features come
    column-major (XT: features x rows) and chunks are quantized column by column, so every
    inner loop is contiguous and branch-free, and the compiler vectorizes it."""
    cdef Py_ssize_t n_features = XT.shape[0]
    cdef Py_ssize_t n = XT.shape[1]
    cdef Py_ssize_t n_trees = split_feature.shape[0]
    cdef Py_ssize_t n_outputs = leaves.shape[2]
    cdef Py_ssize_t depth = split_feature.shape[1]
    out_array = np.zeros((n, n_outputs))
    q_array = np.zeros((n_features + 1, _BUFFER_ROW), dtype=np.uint8)  # + a row of zeros
    # bins are counted in int32, as wide as the float32 values compared: the compare's mask
    # adds straight in, without narrowing each one to a byte (~15% of the quantizing)
    wide_array = np.zeros(_BUFFER_ROW, dtype=np.int32)
    total_array = np.zeros((n_outputs, _BUFFER_ROW))
    cdef double[:, ::1] out = out_array
    cdef uint8_t[:, ::1] q = q_array
    cdef int32_t[::1] wide_view = wide_array
    cdef double[:, ::1] total = total_array
    cdef int32_t* wide = &wide_view[0]
    cdef Py_ssize_t r0, m, f, b, end, rest, k, t, group, j, o
    cdef const float* xs
    cdef uint8_t* qs
    cdef float x, b0, b1, b2, b3, border
    cdef double* sums
    cdef const double* v0
    cdef const double* v1
    cdef const double* v2
    cdef const double* v3
    cdef const double* values
    cdef leaf_t* i0
    cdef leaf_t* i1
    cdef leaf_t* i2
    cdef leaf_t* i3
    cdef leaf_t* at
    r0 = 0
    while r0 < n:
        m = min(<Py_ssize_t>CHUNK_ROWS, n - r0)
        for f in range(n_features):
            xs = &XT[f, r0]
            for k in range(m):
                wide[k] = 0
            b, end = border_start[f], border_start[f + 1]
            while b + BORDERS_PER_PASS <= end:  # four borders per pass over the rows
                b0, b1, b2, b3 = borders[b], borders[b + 1], borders[b + 2], borders[b + 3]
                for k in range(m):
                    x = xs[k]  # NaN exceeds no border
                    wide[k] += (<int32_t>(x > b0) + <int32_t>(x > b1)) + (
                        <int32_t>(x > b2) + <int32_t>(x > b3)
                    )
                b += BORDERS_PER_PASS
            for rest in range(b, end):
                border = borders[rest]
                for k in range(m):
                    wide[k] += <int32_t>(xs[k] > border)
            qs = &q[f, 0]
            for k in range(m):
                qs[k] = <uint8_t>wide[k]
        for o in range(n_outputs):
            sums = &total[o, 0]
            for k in range(m):
                sums[k] = 0.0
        t = 0
        while t < n_trees:
            group = min(<Py_ssize_t>TREES_PER_PASS, n_trees - t)
            for j in range(group):
                if leaf_t is uint8_t:
                    _leaf_of8(
                        &q[0, 0],
                        &split_feature[t + j, 0],
                        &split_bin[t + j, 0],
                        depth,
                        &q[n_features, 0],
                        m,
                        &leaf[j, 0],
                    )
                else:
                    _leaf_of(
                        &q[0, 0],
                        &split_feature[t + j, 0],
                        &split_bin[t + j, 0],
                        depth,
                        m,
                        &leaf[j, 0],
                    )
            for o in range(n_outputs):
                sums = &total[o, 0]
                if group == TREES_PER_PASS:
                    # leaves[t, :, o]: every n_outputs-th value from the tree's first leaf's
                    v0, v1 = &leaves[t, 0, o], &leaves[t + 1, 0, o]
                    v2, v3 = &leaves[t + 2, 0, o], &leaves[t + 3, 0, o]
                    i0, i1, i2, i3 = &leaf[0, 0], &leaf[1, 0], &leaf[2, 0], &leaf[3, 0]
                    for k in range(m):
                        sums[k] = (
                            ((sums[k] + v0[i0[k] * n_outputs]) + v1[i1[k] * n_outputs])
                            + v2[i2[k] * n_outputs]
                        ) + v3[i3[k] * n_outputs]
                else:
                    for j in range(group):
                        values, at = &leaves[t + j, 0, o], &leaf[j, 0]
                        for k in range(m):
                            sums[k] += values[at[k] * n_outputs]
            t += TREES_PER_PASS
        for k in range(m):
            for o in range(n_outputs):
                out[r0 + k, o] = total[o, k]
        r0 += CHUNK_ROWS
    return out_array
