# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The block scorer's per-page kernels (see ``classifier.py``), compiled ahead of time."""

import numpy as np

from libc.math cimport NAN
from libc.stdint cimport int64_t

from decruft.page._sequences cimport LOG1P_COUNTS, _fill_log1p, _log1p_count

from decruft.page.features import densest_run

# log1p of small counts, libm's (``_sequences.pxd``): filled once, when the module loads.
cdef double _LOG1P[LOG1P_COUNTS]
_fill_log1p(_LOG1P)

# Stage-2 windows (half-widths, in blocks) and neighbour offsets over stage-1 scores.
STACK_WINDOWS = (1, 2, 3, 5, 10, 20)
STACK_SHIFTS = (-3, -2, -1, 1, 2, 3)
# The stage-2 run: blocks whose stage-1 score beats this count for the run, others against.
STACK_RUN_PIVOT = 0.5


cdef inline void _window_mean(
    const double* c, Py_ssize_t n, Py_ssize_t half, float[:, :] out, Py_ssize_t col
):
    """features._window_mean written straight into column col of out: the mean of x over
    [i - half, i + half], clipped at the page's edges (c: the prefix sums of x,
    c[i] = x[0] + ... + x[i - 1], added in that order, shared by every window)."""
    cdef Py_ssize_t i, lo, hi
    for i in range(n):
        lo = max(i - half, 0)
        hi = min(i + half + 1, n)
        out[i, col] = <float>((c[hi] - c[lo]) / <double>(hi - lo))


cdef inline void _shifted(
    const double[:] x, Py_ssize_t k, float[:, :] out, Py_ssize_t col
) noexcept:
    """features._shifted written straight into column col of out: x moved by k blocks
    (k > 0: the value k blocks before; 0 past the edges)."""
    cdef Py_ssize_t n = x.shape[0]
    cdef Py_ssize_t i, j
    for i in range(n):
        j = i - k
        out[i, col] = <float>x[j] if 0 <= j < n else 0.0


def _stack(const double[:] p, const int64_t[:] lengths, float[:, :] out):
    """Writes the sequence features into the first STACK_FEATURES columns of ``out``."""
    cdef Py_ssize_t n = p.shape[0]
    cdef Py_ssize_t i, col, half, k
    cdef double pivot = STACK_RUN_PIVOT
    cdef double run = 0.0
    cdef double mean, above, top
    cdef Py_ssize_t a, b
    c_array = np.zeros(n + 1)
    weight_array = np.empty(n)
    gain_array = np.empty(n)
    cdef double[::1] c = c_array
    cdef double[::1] weight = weight_array
    cdef double[::1] gain = gain_array
    for i in range(n):
        out[i, 0] = <float>p[i]
    # the windows' means all read one prefix sum of p
    for i in range(n):
        c[i + 1] = c[i] + p[i]
    col = 1
    for half in STACK_WINDOWS:
        _window_mean(&c[0], n, half, out, col)
        col += 1
    for k in STACK_SHIFTS:
        _shifted(p, k, out, col)
        col += 1
    for i in range(n):
        weight[i] = _log1p_count(_LOG1P, <double>lengths[i])
        gain[i] = (p[i] - pivot) * weight[i]
    a, b = densest_run(gain_array)
    if b < a:
        a, b = 0, -1
    # p.mean() and (p > pivot).mean(): sums in order, over n (NaN for no blocks)
    above = 0.0
    for i in range(n):
        run += p[i]
        above += <double>(p[i] > pivot)
    mean = run / <double>n if n else NAN
    above = above / <double>n if n else NAN
    top = 0.0
    for i in range(n):
        top = (p[i] if p[i] > top else top) if i else p[i]
        out[i, col] = <float>mean
        out[i, col + 1] = <float>above
        out[i, col + 2] = <float>(a <= i <= b)
        out[i, col + 3] = <float>(i - a if i < a else (i - b if i > b else 0))
        out[i, col + 4] = <float>weight[i]
        out[i, col + 5] = <float>(<double>i / <double>max(n - 1, 1))
        out[i, col + 6] = <float>top
    top = 0.0
    for i in range(n - 1, -1, -1):
        top = (p[i] if p[i] > top else top) if i < n - 1 else p[i]
        out[i, col + 7] = <float>top


def dropped_runs(const unsigned char[:] dropped, const double[:] scores):
    """First and last block and highest score of each run of adjacent dropped blocks, in one
    compiled pass (the numpy version was eight calls per page). The maximum propagates NaN,
    as np.maximum does."""
    cdef Py_ssize_t n = dropped.shape[0]
    firsts_array = np.empty(n, dtype=np.int64)
    lasts_array = np.empty(n, dtype=np.int64)
    tops_array = np.empty(n)
    cdef int64_t[::1] firsts = firsts_array
    cdef int64_t[::1] lasts = lasts_array
    cdef double[::1] tops = tops_array
    cdef Py_ssize_t runs = 0
    cdef Py_ssize_t i
    for i in range(n):
        if not dropped[i]:
            continue
        if i == 0 or not dropped[i - 1]:
            firsts[runs] = i
            tops[runs] = scores[i]
            runs += 1
        elif tops[runs - 1] == tops[runs - 1] and not scores[i] <= tops[runs - 1]:
            tops[runs - 1] = scores[i]
        lasts[runs - 1] = i
    return firsts_array[:runs], lasts_array[:runs], tops_array[:runs]


def kept_by_score(const double[:] scores, double keep, double join):
    """The blocks the model keeps: those scoring ``keep`` or more, and those scoring ``join``
    or more that a run of such blocks joins to one of them (hysteresis, as an edge detector
    follows a strong edge through weaker pixels): a weak paragraph inside the article stays,
    an equally weak line among the debris goes. NaN is kept by neither."""
    cdef Py_ssize_t n = scores.shape[0]
    kept_array = np.zeros(n, dtype=np.bool_)
    cdef unsigned char[::1] kept = kept_array
    cdef Py_ssize_t i
    cdef double s
    for i in range(n):  # forward from each strong block ...
        s = scores[i]
        kept[i] = s >= keep or (s >= join and i > 0 and kept[i - 1])
    for i in range(n - 2, -1, -1):  # ... and backward from every kept one
        if not kept[i] and scores[i] >= join and kept[i + 1]:
            kept[i] = True
    return kept_array
