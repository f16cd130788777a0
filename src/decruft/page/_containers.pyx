# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The container features' kernel (see ``containers.py``), compiled ahead of time."""

import numpy as np

from libc.math cimport log, log1p
from libc.stdint cimport int64_t
from libc.stdlib cimport calloc, free

cpdef enum:
    # Elements looked at above a block: deeper than real pages nest (hostile nesting is cut
    # before this, see segment/html.py), and it bounds the work per block.
    MAX_CONTAINER_LEVELS = 64
    # A block's group is the nearest element around it holding at least this many blocks
    # (its siblings under one parent: a list, a paragraph run, a comment).
    GROUP_MIN_BLOCKS = 2
    # ... and its section the nearest holding at least this many (an article body, a
    # sidebar, a comment thread).
    SECTION_MIN_BLOCKS = 8
# Blocks scored above this pull a container towards "best", below it against.
BEST_PIVOT = 0.5

CONTAINER_FEATURE_NAMES = (
    "group_mean",  # weighted mean stage-1 score of the block's group
    "group_blocks",  # log of the blocks in it
    "section_mean",  # weighted mean stage-1 score of the block's section
    "section_blocks",  # log of the blocks in it
    "in_best",  # the block sits inside the best container
    "best_levels",  # elements between the block and the best container (-1: outside)
    "best_share",  # the best container's share of the page's weight (page-wide)
)


def _container_stack(
    const int64_t[::1] parents,
    const int64_t[::1] elems,
    const double[:] p,
    const int64_t[:] lengths,
):
    cdef Py_ssize_t n_elems = parents.shape[0]
    cdef Py_ssize_t n = elems.shape[0]
    out_array = np.zeros((n, len(CONTAINER_FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return out_array
    cdef float[:, ::1] out = out_array
    # scratch, zeroed, in two C blocks (numpy arrays cost more to make than a small page's
    # whole pass): per block its weight; per element the sum of score x weight of the blocks
    # under it (mass), their weight (total) and their number (count)
    cdef double* sums = <double*>calloc(n + 2 * n_elems, sizeof(double))
    cdef int64_t* count = <int64_t*>calloc(n_elems + 1, sizeof(int64_t))
    if sums == NULL or count == NULL:
        free(sums)
        free(count)
        raise MemoryError()
    cdef double* weight = sums
    cdef double* mass = sums + n
    cdef double* total = sums + n + n_elems
    cdef double page_mass = 0.0
    cdef double page_weight = 0.0
    cdef double pivot = BEST_PIVOT
    cdef double page_mean, best_gain, gain, share, log_n, mean
    cdef Py_ssize_t b, level, best
    cdef int64_t e
    cdef bint group, section
    try:
        for b in range(n):
            weight[b] = log1p(<double>lengths[b])
        for b in range(n):
            page_mass += p[b] * weight[b]
            page_weight += weight[b]
            e = elems[b]
            level = 0
            while e >= 0 and level < MAX_CONTAINER_LEVELS:
                mass[e] += p[b] * weight[b]
                total[e] += weight[b]
                count[e] += 1
                e = parents[e]
                level += 1
        page_mean = page_mass / page_weight if page_weight > 0 else 0.0
        best = -1
        best_gain = 0.0
        for e in range(n_elems):
            gain = mass[e] - pivot * total[e]
            if gain > best_gain:
                best_gain = gain
                best = e
        share = total[best] / page_weight if best >= 0 and page_weight > 0 else 0.0
        log_n = log(<double>n)
        for b in range(n):
            out[b, 0] = <float>page_mean
            out[b, 1] = <float>log_n
            out[b, 2] = <float>page_mean
            out[b, 3] = <float>log_n
            out[b, 5] = -1.0
            out[b, 6] = <float>share
            group = False
            section = False
            e = elems[b]
            level = 0
            while e >= 0 and level < MAX_CONTAINER_LEVELS:
                mean = mass[e] / total[e] if total[e] > 0 else page_mean
                if not group and count[e] >= GROUP_MIN_BLOCKS:
                    group = True
                    out[b, 0] = <float>mean
                    out[b, 1] = <float>log(<double>count[e])
                if not section and count[e] >= SECTION_MIN_BLOCKS:
                    section = True
                    out[b, 2] = <float>mean
                    out[b, 3] = <float>log(<double>count[e])
                if e == best:
                    out[b, 4] = 1.0
                    out[b, 5] = <float>level
                e = parents[e]
                level += 1
    finally:
        free(sums)
        free(count)
    return out_array
