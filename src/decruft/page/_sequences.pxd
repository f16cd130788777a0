# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The sequence helpers' C versions, shared by the compiled kernels
(``from decruft.page._sequences cimport ...``): declared inline here, so that a kernel
compiles them into its own code, as it did when they were its own functions. Their Python
versions are ``_sequences.pyx``'s."""

cimport cython
from libc.math cimport log1p
from libc.stdint cimport int64_t, uint8_t, uint64_t
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memcpy

cdef enum:
    # group_ids' table has at least this many slots per position (features.py checks it)
    GROUP_SLOTS = 2


cdef enum:
    # log1p of a count below this is read from a table (``_fill_log1p``) a kernel module
    # fills when it loads: a text page's kernels take log1p of ~1,700 counts (block lengths,
    # word counts, block numbers), ~1% of its time when each was a libm call
    LOG1P_COUNTS = 4096


cdef inline void _fill_log1p(double* table) noexcept nogil:
    """``table[k] = log1p(k)`` for k < LOG1P_COUNTS: libm's values, so a lookup gives what
    the call would."""
    cdef Py_ssize_t k
    for k in range(LOG1P_COUNTS):
        table[k] = log1p(<double>k)


cdef inline double _log1p_count(const double* table, double k) noexcept nogil:
    """``log1p(k)`` of a count (a whole number >= 0), from ``table`` when it holds it."""
    if k < LOG1P_COUNTS:
        return table[<Py_ssize_t>k]
    return log1p(k)


cdef inline void _log1p_counts(double* out, Py_ssize_t n, const double* table) noexcept nogil:
    """``log1p_counts`` into ``out`` (n + 1 doubles); ``table``: ``_fill_log1p``'s."""
    cdef Py_ssize_t k
    for k in range(n + 1):
        out[k] = _log1p_count(table, <double>k)


cdef inline void _window_mean_c(
    const double* x, Py_ssize_t n, Py_ssize_t half, double* c, double* out
) noexcept nogil:
    """``_window_mean`` with the caller's n + 1 prefix sums ``c``."""
    cdef Py_ssize_t i, lo, hi
    c[0] = 0.0
    for i in range(n):
        c[i + 1] = c[i] + x[i]
    for i in range(n):
        lo = i - half if i - half > 0 else 0
        hi = i + half + 1 if i + half + 1 < n else n
        out[i] = (c[hi] - c[lo]) / <double>(hi - lo)


cdef inline void _densest_run_c(
    const double* gain, Py_ssize_t stride, Py_ssize_t n, Py_ssize_t* a, Py_ssize_t* b
) noexcept nogil:
    """``densest_run`` of ``gain`` (its elements ``stride`` bytes apart)."""
    cdef double best = 0.0, prefix = 0.0, low = 0.0
    cdef Py_ssize_t best_a = 0, best_b = -1, low_at = 0, j
    cdef const char* p = <const char*>gain
    for j in range(n):
        if prefix <= low:
            low = prefix
            low_at = j
        prefix += (<const double*>(p + j * stride))[0]
        if prefix - low > best:
            best = prefix - low
            best_a = low_at
            best_b = j
    a[0] = best_a
    b[0] = best_b


cdef enum:
    # The stable argsort's radix: a byte of the keys a pass
    RADIX_BITS = 8
    RADIX = 256


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.initializedcheck(False)
cdef inline void _argsort_stable(
    const int64_t[::1] key, Py_ssize_t n, int64_t* order, int64_t* tmp
) noexcept nogil:
    """Positions of ``key`` in ascending order, equal keys in position order: a radix sort
    of the keys less the least, a byte a pass from the lowest, each pass stable (as many
    passes as the largest difference has bytes: two for a page's block lengths). Linear in
    n, whatever the order (a quicksort goes quadratic on some: a hundred thousand equal
    blocks and one shorter took minutes), and ~5x faster than the merge sort it replaced."""
    cdef Py_ssize_t i, c
    cdef int64_t low, high, total, seen
    cdef uint64_t span, digit
    cdef int shift = 0
    cdef int64_t count[RADIX]
    cdef int64_t* src = order
    cdef int64_t* dst = tmp
    cdef int64_t* swap
    for i in range(n):
        order[i] = i
    if n < 2:
        return
    low = high = key[0]
    for i in range(1, n):
        low = key[i] if key[i] < low else low
        high = key[i] if key[i] > high else high
    span = <uint64_t>high - <uint64_t>low
    while shift < 64 and (span >> shift) != 0:
        for c in range(RADIX):
            count[c] = 0
        for i in range(n):
            count[((<uint64_t>key[src[i]] - <uint64_t>low) >> shift) & (RADIX - 1)] += 1
        total = 0
        for c in range(RADIX):  # where each digit's positions start
            seen = count[c]
            count[c] = total
            total += seen
        for i in range(n):
            digit = ((<uint64_t>key[src[i]] - <uint64_t>low) >> shift) & (RADIX - 1)
            dst[count[digit]] = src[i]
            count[digit] += 1
        swap = src
        src = dst
        dst = swap
        shift += RADIX_BITS
    if src != order:
        memcpy(order, src, n * sizeof(int64_t))


cdef inline Py_ssize_t _group_ids_c(
    const uint64_t* keys, const uint8_t* valid, Py_ssize_t n, int64_t* ids
) except -1:
    """``group_ids`` into ``ids``; ``valid`` NULL: every position is valid. The table is
    sized by the valid positions (a topic's content words are about half a page's words)."""
    cdef Py_ssize_t cap = 1, i, keyed = n
    if valid != NULL:
        keyed = 0
        for i in range(n):
            keyed += valid[i] != 0
    while cap < GROUP_SLOTS * keyed:
        cap *= 2
    cdef uint64_t mask = <uint64_t>(cap - 1)
    cdef uint64_t* slot_key = <uint64_t*>malloc(cap * sizeof(uint64_t))  # read past a slot id
    cdef int64_t* slot_id = <int64_t*>malloc(cap * sizeof(int64_t))
    cdef Py_ssize_t groups = 0
    cdef uint64_t key, s
    if slot_key == NULL or slot_id == NULL:
        free(slot_key)
        free(slot_id)
        raise MemoryError()
    for i in range(cap):
        slot_id[i] = -1
    for i in range(n):
        if valid == NULL or valid[i]:
            key = keys[i]
            s = ((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask
            while slot_id[s] >= 0 and slot_key[s] != key:
                s = (s + 1) & mask
            if slot_id[s] < 0:
                slot_id[s] = groups
                slot_key[s] = key
                groups += 1
            ids[i] = slot_id[s]
        else:
            ids[i] = -1
    free(slot_key)
    free(slot_id)
    return groups


cdef inline int _group_sizes_c(
    const uint64_t* keys, const uint8_t* valid, Py_ssize_t n, int64_t* size, int64_t* first
) except -1:
    """``group_sizes`` into ``size`` and ``first``; ``valid`` NULL: every position is valid."""
    cdef int64_t* ids = <int64_t*>malloc((n if n > 0 else 1) * sizeof(int64_t))
    cdef int64_t* count = NULL
    cdef int64_t* lead = NULL
    cdef Py_ssize_t i, groups
    cdef int64_t g
    if ids == NULL:
        raise MemoryError()
    try:
        groups = _group_ids_c(keys, valid, n, ids)
        count = <int64_t*>calloc(groups if groups > 0 else 1, sizeof(int64_t))
        lead = <int64_t*>calloc(groups if groups > 0 else 1, sizeof(int64_t))
        if count == NULL or lead == NULL:
            raise MemoryError()
        for i in range(n - 1, -1, -1):  # backwards: the first position is written last
            g = ids[i]
            if g >= 0:
                count[g] += 1
                lead[g] = i
        for i in range(n):
            g = ids[i]
            if g >= 0:
                size[i] = count[g]
                first[i] = lead[g]
            else:
                size[i] = 0
                first[i] = i
    finally:
        free(ids)
        free(count)
        free(lead)
    return 0
