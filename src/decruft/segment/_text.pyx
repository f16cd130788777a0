# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled kernels of ``text.py``: the spans of a body's non-blank lines, the cut of
run-on lines after their sentence ends, and the spans' texts."""

import numpy as np

from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_Substring,
)
from libc.string cimport memcpy
from libc.stdint cimport int64_t, uint8_t, uint16_t, uint32_t

# _BMP and RUN_ON_MIN_PIECE of text.py (the line spans' constants are _lines.h's).
cdef enum:
    _BMP = 0x10000
    RUN_ON_MIN_PIECE = 25


cdef extern from "_lines.h":
    Py_ssize_t lines_spans(
        const uint32_t* cps, Py_ssize_t total, const uint8_t* is_space,
        int64_t* starts, int64_t* ends, uint8_t* messy, int64_t* longest, int64_t* chars,
    ) nogil


def _line_spans(const uint32_t[::1] cps, const uint8_t[::1] is_space):
    """Stripped span of every non-blank line, whether its inner whitespace needs collapsing
    (anything but single ASCII spaces), and the longest span's and all spans' length.

    A line at a time (``_lines.h``): its end found by chunks of compares, its first and last
    non-space a step or two from either end, its inner whitespace checked by chunks. A pass
    carrying a line's state from each character to the next cost ~2.5 ns a character."""
    cdef Py_ssize_t total = cps.shape[0]
    starts_a = np.empty(total // 2 + 1, dtype=np.int64)
    ends_a = np.empty(total // 2 + 1, dtype=np.int64)
    messy_a = np.empty(total // 2 + 1, dtype=np.bool_)
    cdef int64_t[::1] starts = starts_a
    cdef int64_t[::1] ends = ends_a
    cdef uint8_t[::1] messy = messy_a
    cdef int64_t longest = 0, chars = 0
    cdef Py_ssize_t n = 0
    if total:
        n = lines_spans(
            &cps[0], total, &is_space[0], &starts[0], &ends[0], &messy[0], &longest, &chars
        )
    return starts_a[:n], ends_a[:n], messy_a[:n], longest, chars


def _cut_run_ons(
    const uint32_t[::1] cps,
    const int64_t[::1] starts,
    const int64_t[::1] ends,
    const uint8_t[::1] messy,
    const uint8_t[::1] cut,
    const uint8_t[::1] is_space,
    const uint8_t[::1] kind,
    const uint8_t[::1] opens,
):
    """The spans with every line marked ``cut`` cut after its sentence ends."""
    cdef Py_ssize_t size = cps.shape[0] // 2 + 1
    out_s_a = np.empty(size, dtype=np.int64)
    out_e_a = np.empty_like(out_s_a)
    out_m_a = np.empty(size, dtype=np.bool_)
    cdef int64_t[::1] out_s = out_s_a
    cdef int64_t[::1] out_e = out_e_a
    cdef uint8_t[::1] out_m = out_m_a
    cdef Py_ssize_t n = 0
    cdef Py_ssize_t k
    cdef int64_t a, b, piece, i, j, end
    cdef bint opened
    for k in range(starts.shape[0]):
        a, b = starts[k], ends[k]
        if cut[k]:
            piece = a
            i = a
            while i < b:
                if cps[i] < _BMP and kind[cps[i]] == 1:
                    j = i + 1
                    while j < b and cps[j] < _BMP and kind[cps[j]] > 0:
                        j += 1  # more ends ("?!", "...") and closing quotes
                    end = j
                    while j < b and cps[j] < _BMP and is_space[cps[j]]:
                        j += 1
                    opened = end < j < b and cps[j] < _BMP and opens[cps[j]]
                    if opened and end - piece >= RUN_ON_MIN_PIECE:
                        out_s[n] = piece
                        out_e[n] = end
                        out_m[n] = messy[k]
                        n += 1
                        piece = j
                    i = j
                else:
                    i += 1
            a = piece
        out_s[n] = a
        out_e[n] = b
        out_m[n] = messy[k]
        n += 1
    return out_s_a[:n], out_e_a[:n], out_m_a[:n]


def _span_texts(str body, const int64_t[::1] starts, const int64_t[::1] ends):
    """body[starts[k]:ends[k]] for every span, as a list (a slice each, made in C)."""
    cdef Py_ssize_t k, n = starts.shape[0]
    out = [None] * n
    for k in range(n):
        out[k] = PyUnicode_Substring(body, starts[k], ends[k])
    return out


def _code_points(str text):
    """The text's code points (lone surrogates included), widened from the str's own
    buffer of one, two or four bytes a character: one pass the C compiler vectorizes
    (numpy's copy of a 0-d str array took ~1.4x as long on the dev records)."""
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
    out = np.empty(n, dtype=np.uint32)
    if n == 0:
        return out
    cdef uint32_t[::1] cps = out
    cdef uint32_t* o = &cps[0]
    cdef int kind = PyUnicode_KIND(text)
    cdef const void* data = PyUnicode_DATA(text)
    cdef const uint8_t* one
    cdef const uint16_t* two
    if kind == PyUnicode_1BYTE_KIND:
        one = <const uint8_t*>data
        for i in range(n):
            o[i] = one[i]
    elif kind == PyUnicode_2BYTE_KIND:
        two = <const uint16_t*>data
        for i in range(n):
            o[i] = two[i]
    else:
        memcpy(o, data, n * sizeof(uint32_t))
    return out
