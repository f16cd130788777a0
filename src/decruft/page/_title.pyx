# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The headline candidates' feature rows (see ``title.py``), compiled ahead of time."""

import numpy as np

from libc.stdint cimport int64_t

# What the candidate, the block after it and the block before it look like, as columns of the
# page's block-feature matrix (``features.page_features``): the picker reuses the block
# model's features instead of computing its own.
_OWN = (
    "log_words",
    "log_chars",
    "title_ratio",
    "frac_upper",
    "frac_digit",
    "ends_sentence",
    "ends_colon",
    "separators_per_word",
    "bullet",
    "starts_upper",
    "date_words",
    "byline",
    "occurrences",
    "same_first_word",
    "lex_mean",
    "rel_index",
)
_NEXT = ("log_words", "byline", "date_words", "sentence_like", "ends_sentence")
_PREV = ("log_words", "sentence_like")
N_FEATURES = 4 + len(_OWN) + len(_NEXT) + len(_PREV)


def _candidate_rows(
    const unsigned char[:] kept,
    const double[:] scores,
    const int64_t[:] at,
    const float[:, :] block_features,
    const int64_t[:] own,
    const int64_t[:] after,
    const int64_t[:] before,
):
    """candidate_features in one compiled call (a dozen numpy calls cost ~20x more); features
    of a neighbour past the page's edges are 0."""
    cdef Py_ssize_t n = kept.shape[0]
    cdef Py_ssize_t width = N_FEATURES
    cdef Py_ssize_t first = 0
    cdef Py_ssize_t r, col, j
    cdef int64_t i, c
    if 4 + own.shape[0] + after.shape[0] + before.shape[0] > width:
        raise ValueError(f"more than the {width} columns of a candidate's row")
    if n == 0:
        raise ValueError("attempt to get argmax of an empty sequence")
    while first < n and not kept[first]:  # np.argmax: the first kept block, else 0
        first += 1
    if first == n:
        first = 0
    out_array = np.zeros((at.shape[0], width), dtype=np.float32)
    cdef float[:, ::1] out = out_array
    for r in range(at.shape[0]):
        i = at[r]
        out[r, 0] = <float>(i - first)
        out[r, 1] = <float>abs(i - first)
        out[r, 2] = <float>(kept[i] != 0)
        out[r, 3] = <float>scores[i] if scores.shape[0] else 0.0
        col = 4
        for j in range(own.shape[0]):
            c = own[j]
            out[r, col] = block_features[i, c]
            col += 1
        for j in range(after.shape[0]):
            c = after[j]
            out[r, col] = block_features[i + 1, c] if i + 1 < n else 0.0
            col += 1
        for j in range(before.shape[0]):
            c = before[j]
            out[r, col] = block_features[i - 1, c] if i > 0 else 0.0
            col += 1
    return out_array
