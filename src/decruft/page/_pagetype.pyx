# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The page-type row's kernel (see ``pagetype.py``), compiled ahead of time."""

import numpy as np

from libc.math cimport log1p
from libc.stdint cimport int64_t, uint8_t

from decruft.page import textarrays as _ta
from decruft.page.features import median

cpdef enum:
    # Columns of a page's row (see _row): sizes, kept share and block lengths, score shape,
    # the page-type vocabularies per 1000 words, code/money/question characters per 1000
    # characters, and words that start with a digit per 1000 words.
    N_FEATURES = 21
    # A block of prose has at least this many words.
    PROSE_MIN_WORDS = 8
    # A short block (menu item, list entry) has at most this many words.
    SHORT_MAX_WORDS = 4
    # The word groups and character groups whose counts the row holds (the lengths of
    # pagetype._VOCABULARIES and _CHAR_GROUPS, by bit number).
    N_VOCABULARIES = 4
    N_CHAR_GROUPS = 3


def _row(
    const int64_t[:] word_block,
    const uint8_t[:] word_first_cls,
    const unsigned char[:] kept,
    const double[:] scores,
    const int64_t[:] word_counts,
    const int64_t[:] char_counts,
    Py_ssize_t n_chars,
):
    cdef Py_ssize_t n = kept.shape[0]
    cdef Py_ssize_t n_kept = 0
    cdef Py_ssize_t w, i, k, j
    cdef int64_t digit_first = 0
    cdef double total, kept_words, acc, short, prose, v
    cdef double s_sum, s_high, s_mid, sv
    cdef Py_ssize_t n_sc
    cdef uint8_t digit = _ta.DIGIT
    counts_array = np.zeros(n, dtype=np.int64)  # ints: no float add's latency chained per word
    cdef int64_t[::1] counts = counts_array
    for w in range(word_block.shape[0]):
        counts[word_block[w]] += 1
        digit_first += word_first_cls[w] == digit
    # words.sum() (in order, from 0.0) and the kept blocks' words kw
    total = 0.0
    for i in range(n):
        total += <double>counts[i]
        n_kept += kept[i] != 0
    total = 1.0 if 1.0 > total else total
    kw_array = np.empty(n_kept)
    cdef double[::1] kw = kw_array
    j = 0
    for i in range(n):
        if kept[i]:
            kw[j] = <double>counts[i]
            j += 1
    kept_words = 0.0
    for j in range(n_kept):
        kept_words += kw[j]
    out_array = np.zeros(N_FEATURES, dtype=np.float32)
    cdef float[::1] out = out_array
    out[0] = <float>log1p(<double>n)
    out[1] = <float>log1p(total)
    out[2] = <float>log1p(kept_words)
    out[3] = <float>(kept_words / total)
    if n:
        acc = 0.0
        short = 0.0
        for i in range(n):
            acc += <double>(kept[i] != 0)
            short += <double>(<double>counts[i] <= <double>SHORT_MAX_WORDS)
        out[4] = <float>(acc / <double>n)
        out[9] = <float>(short / <double>n)
    if n_kept:
        acc = 0.0
        prose = 0.0
        short = 0.0
        for j in range(n_kept):
            v = kw[j]
            acc += v
            prose += <double>(v >= <double>PROSE_MIN_WORDS)
            short += <double>(v <= <double>SHORT_MAX_WORDS)
        out[5] = <float>(acc / <double>n_kept)
        out[7] = <float>(prose / <double>n_kept)
        out[8] = <float>(short / <double>n_kept)
        out[6] = <float>median(kw_array)
    # the scores' mean and shares (a page without scores: one score of 0)
    n_sc = scores.shape[0]
    s_sum = 0.0
    s_high = 0.0
    s_mid = 0.0
    if n_sc:
        for i in range(n_sc):
            sv = scores[i]
            s_sum += sv
            s_high += <double>(sv > 0.5)
            s_mid += <double>((sv > 0.2) & (sv < 0.8))
    else:
        n_sc = 1
    out[10] = <float>(s_sum / <double>n_sc)
    out[11] = <float>(s_high / <double>n_sc)
    out[12] = <float>(s_mid / <double>n_sc)
    for k in range(N_VOCABULARIES):
        out[13 + k] = <float>(<double>word_counts[k] * 1000.0 / total)
    for k in range(N_CHAR_GROUPS):
        out[17 + k] = <float>(<double>char_counts[k] * 1000.0 / <double>max(n_chars, 1))
    out[20] = <float>(<double>digit_first * 1000.0 / total)
    return out_array
