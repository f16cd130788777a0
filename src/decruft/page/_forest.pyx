# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The oblivious forest's scoring loop (see ``forest.py``), compiled ahead of time.

The loops are C (``_forest_loops.h``), compiled for the x86-64 baseline and, where the
compiler can, for AVX2 and AVX-512 too (``_forest_kernels.h``); this module hands them the
arrays and the buffers, and runs the best copy this machine can (``SIMD_LEVEL``).
"""

import numpy as np

from libc.stdint cimport int32_t, uint8_t, uint16_t


cdef extern from "_forest_kernels.h":
    enum:
        FOREST_TREES_PER_PASS
    struct forest_args:
        const float* xt
        Py_ssize_t n
        Py_ssize_t n_features
        const float* borders
        const int32_t* border_start
        const int32_t* split_feature
        const int32_t* split_bin
        Py_ssize_t n_trees
        Py_ssize_t depth
        const double* leaves
        Py_ssize_t n_outputs
        Py_ssize_t chunk
        Py_ssize_t row
        uint8_t* q
        int32_t* wide
        double* total
        uint8_t* leaf8
        uint16_t* leaf16
        double* out
    int forest_simd_level() nogil
    void forest_scores(int simd, const forest_args* a) nogil


cpdef enum:
    # Rows are scored in chunks of this many: a chunk's quantized features (n_features x
    # chunk bytes) stay in the CPU cache while every tree reads them.
    CHUNK_ROWS = 2048
    # Chunk buffers hold one row per feature (or tree) with this many slots: a row stride
    # that is a multiple of 4 KiB would map a column's entries to one cache set, which made
    # filling them column by column several times slower.
    _BUFFER_ROW = CHUNK_ROWS + 64

# The instruction set of the loops this machine runs: 0 the x86-64 baseline (or another
# architecture's), 1 AVX2, 2 AVX-512. Asked of the CPU once, when the module loads.
SIMD_LEVEL = forest_simd_level()


def _raw_scores(
    const float[:, ::1] XT,
    const float[::1] borders,
    const int32_t[::1] border_start,
    const int32_t[:, ::1] split_feature,
    const int32_t[:, ::1] split_bin,
    const double[:, :, ::1] leaves,
    int simd = -1,
):
    """Sum of leaf values per row and output, trees added in order, of the features XT
    (column-major: features x rows). ``simd``: the loops' instruction set (``SIMD_LEVEL``
    when -1; a lower level runs the same scores slower)."""
    cdef forest_args a
    cdef Py_ssize_t n = XT.shape[1]
    a.n_features = XT.shape[0]
    a.n_trees = split_feature.shape[0]
    a.n_outputs = leaves.shape[2]
    out_array = np.zeros((n, a.n_outputs))
    if n == 0 or a.n_outputs == 0:
        return out_array
    q_array = np.zeros((a.n_features + 1, _BUFFER_ROW), dtype=np.uint8)  # + a row of zeros
    wide_array = np.zeros(_BUFFER_ROW, dtype=np.int32)
    total_array = np.zeros((a.n_outputs, _BUFFER_ROW))
    leaf8_array = np.zeros((FOREST_TREES_PER_PASS, _BUFFER_ROW), dtype=np.uint8)
    leaf16_array = np.zeros(_BUFFER_ROW, dtype=np.uint16)
    cdef uint8_t[:, ::1] q = q_array
    cdef int32_t[::1] wide = wide_array
    cdef double[:, ::1] total = total_array
    cdef uint8_t[:, ::1] leaf8 = leaf8_array
    cdef uint16_t[::1] leaf16 = leaf16_array
    cdef double[:, ::1] out = out_array
    a.xt = &XT[0, 0] if a.n_features else NULL
    a.n = n
    a.borders = &borders[0] if borders.shape[0] else NULL
    a.border_start = &border_start[0]
    a.split_feature = &split_feature[0, 0] if split_feature.size else NULL
    a.split_bin = &split_bin[0, 0] if split_bin.size else NULL
    a.depth = split_feature.shape[1]
    a.leaves = &leaves[0, 0, 0] if leaves.size else NULL
    a.chunk = CHUNK_ROWS
    a.row = _BUFFER_ROW
    a.q = &q[0, 0]
    a.wide = &wide[0]
    a.total = &total[0, 0]
    a.leaf8 = &leaf8[0, 0]
    a.leaf16 = &leaf16[0]
    a.out = &out[0, 0]
    cdef int level = SIMD_LEVEL if simd < 0 else min(simd, SIMD_LEVEL)
    with nogil:
        forest_scores(level, &a)
    return out_array
