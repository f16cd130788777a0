# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled kernels of segment/html.py: the container features and the deep-nesting scanner.

The thresholds below are the values of the constants of the same names in segment/html.py
(which documents them); both must change together.
"""

import numpy as np

from libc.stdint cimport int64_t, uint8_t
from libc.stdlib cimport calloc, free
from libc.string cimport memchr

cdef double CONTAINER_SHARE = 0.6
cdef int64_t PROSE_MIN_WORDS = 8
cdef double MAX_PROSE_LINK_DENSITY = 0.5
cdef int64_t CANDIDATE_MIN_CHARS = 25
cdef double CANDIDATE_CHARS_PER_POINT = 100.0
cdef double CANDIDATE_MAX_LENGTH_POINTS = 3.0
# Tag names are compared as base-37 numbers of their first characters (a-z, 0-9).
cdef int64_t _NAME_CHARS = 12


def _container_kernel(
    const int64_t[::1] parents,
    const int64_t[::1] elems,
    const double[::1] chars,
    const int64_t[::1] words,
    const double[::1] commas,
    const double[::1] links,
    float[:, :] out,
):
    """Fill ``out``, the container columns of the blocks' DOM feature rows (a view of
    the rows, so any strides), from the element tree and the blocks' text counts."""
    cdef Py_ssize_t n_elems = parents.shape[0]
    cdef Py_ssize_t n = elems.shape[0]
    cdef Py_ssize_t width = out.shape[1]
    cdef Py_ssize_t b, e, j
    cdef int64_t x, p
    cdef double total = 0.0
    cdef double points, length_points, weight
    cdef int64_t container = -1
    cdef int64_t top = -1
    cdef double best = 0.0
    cdef bint deeper
    cdef int64_t first = n
    cdef int64_t last = -1
    # Per element: its depth, prose characters under it, prose blocks under it, and its
    # readability-style candidate score.
    cdef int64_t* depth = <int64_t*>calloc(n_elems + 1, sizeof(int64_t))
    cdef double* prose = <double*>calloc(n_elems + 1, sizeof(double))
    cdef double* count = <double*>calloc(n_elems + 1, sizeof(double))
    cdef double* score = <double*>calloc(n_elems + 1, sizeof(double))
    if depth == NULL or prose == NULL or count == NULL or score == NULL:
        free(depth)
        free(prose)
        free(count)
        free(score)
        raise MemoryError()
    try:
        for e in range(n_elems):  # a parent is entered before its children
            if parents[e] >= 0:
                depth[e] = depth[parents[e]] + 1
        for b in range(n):
            if links[b] >= MAX_PROSE_LINK_DENSITY:
                continue
            x = elems[b]
            if chars[b] >= CANDIDATE_MIN_CHARS and x >= 0:
                # min(chars / CANDIDATE_CHARS_PER_POINT, CANDIDATE_MAX_LENGTH_POINTS)
                length_points = chars[b] / CANDIDATE_CHARS_PER_POINT
                if CANDIDATE_MAX_LENGTH_POINTS < length_points:
                    length_points = CANDIDATE_MAX_LENGTH_POINTS
                points = 1.0 + commas[b] + length_points
                score[x] += points
                if parents[x] >= 0:
                    score[parents[x]] += points / 2
            if words[b] < PROSE_MIN_WORDS:
                continue
            weight = chars[b] * (1.0 - links[b])
            total += weight
            while x >= 0:
                prose[x] += weight
                count[x] += 1
                x = parents[x]
        for e in range(n_elems):
            deeper = container < 0 or depth[e] > depth[container]
            if total > 0 and prose[e] >= CONTAINER_SHARE * total and deeper:
                container = e
            if score[e] > best:
                best = score[e]
                top = e
        for b in range(n):
            e = elems[b]
            for j in range(width):
                out[b, j] = 0
            out[b, 1] = -1
            x = e
            while x >= 0:
                if x == container:
                    out[b, 0] = 1
                    out[b, 1] = <float>(depth[e] - depth[container])
                if x == top:
                    out[b, 8] = 1
                x = parents[x]
            if out[b, 0] == 1:
                first = min(first, <int64_t>b)
                last = max(last, <int64_t>b)
            if e >= 0 and total > 0:
                out[b, 3] = <float>(prose[e] / total)
                out[b, 6] = <float>count[e]
                p = parents[e]
                if p >= 0:
                    out[b, 4] = <float>(prose[p] / total)
                    out[b, 7] = <float>count[p]
                    if parents[p] >= 0:
                        out[b, 5] = <float>(prose[parents[p]] / total)
        if last >= 0:
            for b in range(n):
                if out[b, 0] == 0:
                    out[b, 2] = <float>(first - b if b < first else b - last)
    finally:
        free(depth)
        free(prose)
        free(count)
        free(score)


# --- hostile nesting ---------------------------------------------------------------------

# The scanner's helpers read the page through raw pointers (``data``/``lt`` with their
# lengths ``n``/``m``): the arrays are the scanner's own arguments, valid for its whole run.


cdef inline bint _is_letter(int64_t c) noexcept:
    return (97 <= c <= 122) or (65 <= c <= 90)


cdef inline int64_t _tag_name(
    const uint8_t* data, Py_ssize_t n, Py_ssize_t i, Py_ssize_t* after
) noexcept:
    """Name code of the tag name starting at ``i``; ``after`` gets the index after the
    name."""
    cdef int64_t code = 0
    cdef int64_t length = 0
    cdef int64_t c, digit
    while i < n:
        c = data[i]
        if 65 <= c <= 90:
            c += 32
        if 97 <= c <= 122:
            digit = c - 96
        elif 48 <= c <= 57:
            digit = c - 48 + 27
        else:
            break
        if length < _NAME_CHARS:
            code = code * 37 + digit
        length += 1
        i += 1
    if i < n and not _ends_name(data[i]):
        code = -1  # a longer name ("div-card", "svg:a"): not one of the listed tags
    after[0] = i
    return code


cdef inline bint _ends_name(int64_t c) noexcept:
    """Whitespace, "/" and ">" end a tag name."""
    return c == 32 or c == 9 or c == 10 or c == 12 or c == 13 or c == 47 or c == 62


cdef inline Py_ssize_t _tag_end(const uint8_t* data, Py_ssize_t n, Py_ssize_t i) noexcept:
    """Index after the ``>`` that ends the tag whose attributes start at ``i``."""
    cdef bint after_equals = False
    cdef uint8_t c
    while i < n:
        c = data[i]
        if c == 62:  # >
            return i + 1
        if c == 61:  # =
            after_equals = True
        elif after_equals and (c == 34 or c == 39):  # a quoted value: '>' inside is text
            i += 1
            while i < n and data[i] != c:
                i += 1
            after_equals = False
        elif c > 32:
            after_equals = False
        i += 1
    return n


cdef inline Py_ssize_t _find(
    const uint8_t* data, Py_ssize_t n, const uint8_t* needle, Py_ssize_t m, Py_ssize_t i
) noexcept:
    """Index of the first occurrence of ``needle`` (``m`` bytes) at or after ``i`` (the end
    if none)."""
    cdef Py_ssize_t j
    while i + m <= n:
        j = 0
        while j < m and data[i + j] == needle[j]:
            j += 1
        if j == m:
            return i
        i += 1
    return n


cdef inline Py_ssize_t _raw_text_end(
    const uint8_t* data, Py_ssize_t n, Py_ssize_t at, int64_t code,
) noexcept:
    """Where the raw-text element's own end tag starts (its ``<``), searching from ``at``;
    ``n`` if it has none."""
    cdef Py_ssize_t after
    cdef const uint8_t* found
    while at < n:
        found = <const uint8_t*>memchr(data + at, 60, n - at)
        if found == NULL:
            return n
        at = found - data
        if at + 2 < n and data[at + 1] == 47:
            if _tag_name(data, n, at + 2, &after) == code:
                return at
        at += 1
    return n


cdef inline bint _in_sorted(const int64_t* codes, Py_ssize_t size, int64_t code) noexcept:
    """Whether ``code`` is in the ascending ``codes`` (the leftmost insertion point, as
    np.searchsorted, holds it)."""
    cdef Py_ssize_t lo = 0
    cdef Py_ssize_t hi = size
    cdef Py_ssize_t mid
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if codes[mid] < code:
            lo = mid + 1
        else:
            hi = mid
    return lo < size and codes[lo] == code


def _deep_tag_spans(
    const uint8_t[::1] data,
    const int64_t[::1] nesting,
    const int64_t[::1] raw_text,
    int64_t max_depth,
):
    """(start, end) byte spans of container tags past ``max_depth``, and of their end tags.

    Visits only the ``<`` bytes (found by memchr) and tracks the nesting of container tags
    (comments and raw-text content skipped); an end tag is dropped while excess start tags
    are open.
    """
    cdef Py_ssize_t n = data.shape[0]
    cdef Py_ssize_t n_nesting = nesting.shape[0]
    cdef Py_ssize_t n_raw_text = raw_text.shape[0]
    if n == 0:  # an empty page: its first byte is not there to point to
        return np.empty((0, 2), dtype=np.int64)
    cdef const uint8_t* page = &data[0]
    cdef const int64_t* nesting_codes = &nesting[0] if n_nesting else NULL
    cdef const int64_t* raw_text_codes = &raw_text[0] if n_raw_text else NULL
    spans_array = np.empty((16, 2), dtype=np.int64)
    cdef int64_t[:, ::1] spans = spans_array
    cdef Py_ssize_t count = 0
    cdef int64_t depth = 0
    cdef int64_t excess = 0
    cdef uint8_t comment_end[3]  # -->
    comment_end[0] = 45
    comment_end[1] = 45
    comment_end[2] = 62
    cdef Py_ssize_t at = 0  # where to look for the next "<"
    cdef Py_ssize_t cursor  # the end of a dropped tag
    cdef Py_ssize_t i, name_at, after
    cdef const uint8_t* found
    cdef bint closing, drop
    cdef int64_t code
    while at < n:
        found = <const uint8_t*>memchr(page + at, 60, n - at)
        if found == NULL:
            break
        i = found - page
        at = i + 1
        if i + 3 < n and page[i + 1] == 33 and page[i + 2] == 45 and page[i + 3] == 45:
            at = max(at, _find(page, n, comment_end, 3, i + 4) + 3)
            continue
        closing = i + 1 < n and page[i + 1] == 47
        name_at = i + 2 if closing else i + 1
        if name_at >= n or not _is_letter(page[name_at]):
            continue
        code = _tag_name(page, n, name_at, &after)
        if not closing and _in_sorted(raw_text_codes, n_raw_text, code):
            at = _raw_text_end(page, n, at, code)
            continue
        if not _in_sorted(nesting_codes, n_nesting, code):
            continue
        drop = False
        if not closing:
            if depth >= max_depth:
                excess += 1
                drop = True
            else:
                depth += 1
        elif excess > 0:
            excess -= 1
            drop = True
        elif depth > 0:
            depth -= 1
        if drop:
            cursor = _tag_end(page, n, after)
            at = max(at, cursor)
            if count == spans.shape[0]:
                grown = np.empty((count * 2, 2), dtype=np.int64)
                grown[:count] = spans_array
                spans_array = grown
                spans = spans_array
            spans[count, 0] = i
            spans[count, 1] = cursor
            count += 1
    return spans_array[:count]


def _long_stretches(const uint8_t[::1] data, uint8_t stop, Py_ssize_t length):
    """(start, end) of each stretch of ``data`` that ends with a ``stop`` byte and holds
    ``length`` bytes or more none of which is ``stop`` before it (the bytes after the last
    ``stop`` byte end in none, so they are not one). The ``stop`` bytes are found by memchr."""
    cdef Py_ssize_t n = data.shape[0]
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t end
    cdef const uint8_t* found
    out = []
    if n == 0:
        return out
    cdef const uint8_t* page = &data[0]
    while start < n:
        found = <const uint8_t*>memchr(page + start, stop, n - start)
        if found == NULL:
            break
        end = found - page
        if end - start >= length:
            out.append((start, end + 1))
        start = end + 1
    return out
