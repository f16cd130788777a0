# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled kernel of ``discussion``: a page's comment-section flags, their counts above
and below each block, their density and the distance from the last one, in one pass.

Floats are computed one fixed way, the way the models' training features were: float64
throughout, prefix sums accumulated left to right, the C library's ``log1p``, and a float64
rounded once when it is stored in a float32 feature column.
"""

from libc.stdint cimport int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free

from decruft.page._sequences cimport LOG1P_COUNTS, _fill_log1p, _log1p_counts
from decruft.page._textarrays cimport probe

from decruft.page import textarrays as ta

# log1p of small counts, libm's (``_sequences.pxd``): filled once, when the module loads.
cdef double _LOG1P[LOG1P_COUNTS]
_fill_log1p(_LOG1P)

# Character classes (textarrays).
cdef enum:
    LOWER = 1
    UPPER = 2
    LETTER = 3
    DIGIT = 4
    STOP = 6
    PUNCT = 7
    N_CLASSES = 10

# Bits of the discussion word table.
cdef enum:
    SAID = 1
    ACTION = 2
    HEADER = 4
    TIME_UNIT = 8
    AGO = 16

cdef enum:
    SIGNATURE_MAX_WORDS = 25
    ACTION_MAX_WORDS = 3
    HEADER_MAX_WORDS = 8
    DENSITY_HALF = 5
    N_FEATURES = 8
    COLON = 58  # ord(":")

cdef double NO_FLAG_DISTANCE = 6.0

# The values above are built into the kernel; ``discussion`` checks them against its own.
BUILT_IN = {
    "SIGNATURE_MAX_WORDS": SIGNATURE_MAX_WORDS,
    "ACTION_MAX_WORDS": ACTION_MAX_WORDS,
    "HEADER_MAX_WORDS": HEADER_MAX_WORDS,
    "DENSITY_HALF": DENSITY_HALF,
    "NO_FLAG_DISTANCE": NO_FLAG_DISTANCE,
    "FEATURES": N_FEATURES,
    "WORD_BITS": (SAID, ACTION, HEADER, TIME_UNIT, AGO),
}
if (
    (ta.LOWER, ta.UPPER, ta.LETTER, ta.DIGIT, ta.STOP, ta.PUNCT, ta.N_CLASSES)
    != (LOWER, UPPER, LETTER, DIGIT, STOP, PUNCT, N_CLASSES)
    or ta.class_table()[COLON] != PUNCT  # a clock time's colon is counted as punctuation
    or int(ta.PAIR_MULT) != 0x9E3779B97F4A7C15
):
    raise ImportError("decruft.page._discussion was built for other textarrays constants")


cdef inline bint _is_wordy(uint8_t c) noexcept nogil:
    return c == LOWER or c == UPPER or c == LETTER or c == DIGIT


cdef inline bint _has_clock_time(
    const uint32_t[::1] cps, const uint8_t[::1] cls, Py_ssize_t a, Py_ssize_t b
) noexcept nogil:
    """Whether cps[a:b] holds a time of day: 1-2 digits, ':', 2 digits, standing alone."""
    cdef Py_ssize_t i, j
    for i in range(a, b):
        if cls[i] != DIGIT or (i > a and _is_wordy(cls[i - 1])):
            continue
        j = i + 1
        if j < b and cls[j] == DIGIT:
            j += 1
        if (
            j + 2 < b
            and cps[j] == COLON
            and cls[j + 1] == DIGIT
            and cls[j + 2] == DIGIT
            and (j + 3 >= b or cls[j + 3] != DIGIT)
        ):
            return True
    return False


def _kernel(
    const uint32_t[::1] cps,
    const uint8_t[::1] cls,
    const int64_t[::1] starts,
    const int64_t[::1] lengths,
    const int64_t[:, ::1] counts,
    const uint64_t[::1] word_hash,
    const int64_t[::1] word_block,
    const uint8_t[::1] word_first_cls,
    const uint64_t[::1] keys,
    const uint32_t[::1] bits,
    const uint64_t[::1] pair_keys,
    const uint32_t[::1] pair_bits,
    float[:, :] out,
):
    """Writes the len(DISCUSSION_NAMES) columns of ``out``, every row."""
    cdef Py_ssize_t n = lengths.shape[0]
    cdef Py_ssize_t nw = word_hash.shape[0]
    if out.shape[0] != n or out.shape[1] < N_FEATURES:
        raise ValueError(f"{n} rows of {N_FEATURES} features go to {(out.shape[0], out.shape[1])}")
    if starts.shape[0] != n or counts.shape[0] != n or counts.shape[1] != N_CLASSES:
        raise ValueError("the page's block arrays differ in length")
    if word_block.shape[0] != nw or word_first_cls.shape[0] != nw:
        raise ValueError("the page's word arrays differ in length")
    if bits.shape[0] != keys.shape[0] or pair_bits.shape[0] != pair_keys.shape[0]:
        raise ValueError("a word table has one bit mask per key")
    cdef Py_ssize_t m = n + 1  # a scratch column's length
    cdef int64_t* words = <int64_t*>calloc(m, sizeof(int64_t))
    cdef uint32_t* flag_bits = <uint32_t*>calloc(3 * m, sizeof(uint32_t))
    cdef uint8_t* flags = <uint8_t*>calloc(3 * m, sizeof(uint8_t))
    cdef double* dbuf = <double*>calloc(5 * m, sizeof(double))
    try:
        if words == NULL or flag_bits == NULL or flags == NULL or dbuf == NULL:
            raise MemoryError()
        _fill(
            cps, cls, starts, lengths, counts, word_hash, word_block, word_first_cls, keys, bits,
            pair_keys, pair_bits, out, n, nw, words, flag_bits, flags, dbuf,
        )
    finally:
        free(words)
        free(flag_bits)
        free(flags)
        free(dbuf)


cdef void _fill(
    const uint32_t[::1] cps,
    const uint8_t[::1] cls,
    const int64_t[::1] starts,
    const int64_t[::1] lengths,
    const int64_t[:, ::1] counts,
    const uint64_t[::1] word_hash,
    const int64_t[::1] word_block,
    const uint8_t[::1] word_first_cls,
    const uint64_t[::1] keys,
    const uint32_t[::1] bits,
    const uint64_t[::1] pair_keys,
    const uint32_t[::1] pair_bits,
    float[:, :] out,
    Py_ssize_t n,
    Py_ssize_t nw,
    int64_t* words,
    uint32_t* flag_bits,
    uint8_t* flags,
    double* dbuf,
) noexcept:
    """The body of ``_kernel``, over its zeroed scratch buffers."""
    cdef Py_ssize_t m = n + 1
    cdef uint32_t* first_bits = flag_bits
    cdef uint32_t* second_bits = flag_bits + m
    cdef uint32_t* last_bits = flag_bits + 2 * m
    cdef uint8_t* number_first = flags
    cdef uint8_t* header_pair = flags + m
    cdef uint8_t* ago = flags + 2 * m
    cdef double* signature = dbuf
    cdef double* header = dbuf + m
    cdef double* sig_prefix = dbuf + 2 * m
    cdef double* head_prefix = dbuf + 3 * m
    cdef double* log_count = dbuf + 4 * m
    cdef Py_ssize_t w, b, a, e, lo, hi, last, k
    cdef int64_t wblock
    cdef uint32_t wb
    cdef uint64_t pair
    cdef bint said

    for w in range(nw):
        wblock = word_block[w]
        wb = probe(keys, bits, word_hash[w])
        if words[wblock] == 0:
            first_bits[wblock] = wb
            number_first[wblock] = word_first_cls[w] == DIGIT
        elif words[wblock] == 1:
            second_bits[wblock] = wb
            pair = word_hash[w - 1] * 0x9E3779B97F4A7C15ULL + word_hash[w]
            header_pair[wblock] = probe(pair_keys, pair_bits, pair) != 0
        if words[wblock] > 0 and (wb & AGO) != 0 and (last_bits[wblock] & TIME_UNIT) != 0:
            ago[wblock] = True
        last_bits[wblock] = wb
        words[wblock] += 1
    for b in range(n):
        a, e = starts[b], starts[b] + lengths[b]
        if words[b] == 0:
            continue
        if words[b] <= SIGNATURE_MAX_WORDS:
            said = (last_bits[b] & SAID) != 0 and cls[e - 1] != STOP
            # a clock time has three digits and a colon: a block's class counts tell when
            # it has not (most blocks), without a pass over its characters
            if said or ago[b] or (
                counts[b, DIGIT] >= 3 and counts[b, PUNCT] > 0 and _has_clock_time(cps, cls, a, e)
            ):
                signature[b] = 1.0
        if words[b] <= ACTION_MAX_WORDS and (first_bits[b] & ACTION) != 0:
            signature[b] = 1.0
        if words[b] <= HEADER_MAX_WORDS and (
            (first_bits[b] & HEADER) != 0
            or (number_first[b] and (second_bits[b] & HEADER) != 0)
            or header_pair[b]
        ):
            header[b] = 1.0
    for b in range(n):
        sig_prefix[b + 1] = sig_prefix[b] + signature[b]
        head_prefix[b + 1] = head_prefix[b] + header[b]
    last = -1
    _log1p_counts(log_count, n, _LOG1P)  # every count below is of blocks: 0 .. n
    for b in range(n):
        lo = b - DENSITY_HALF if b - DENSITY_HALF > 0 else 0
        hi = b + DENSITY_HALF + 1 if b + DENSITY_HALF + 1 < n else n
        out[b, 0] = <float>signature[b]
        out[b, 1] = <float>header[b]
        out[b, 2] = <float>log_count[<Py_ssize_t>sig_prefix[b]]
        out[b, 3] = <float>log_count[<Py_ssize_t>(sig_prefix[n] - sig_prefix[b + 1])]
        out[b, 4] = <float>log_count[<Py_ssize_t>head_prefix[b]]
        out[b, 5] = <float>log_count[<Py_ssize_t>(head_prefix[n] - head_prefix[b + 1])]
        out[b, 6] = <float>((sig_prefix[hi] - sig_prefix[lo]) / <double>(hi - lo))
        out[b, 7] = <float>(log_count[b - last] if last >= 0 else NO_FLAG_DISTANCE)
        if signature[b] != 0.0 or header[b] != 0.0:
            last = b
