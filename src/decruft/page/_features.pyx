# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled kernel of ``features``: a page's block features in one pass (the sequence
helpers it shares with other steps, window means, densest run, key groups, are
``_sequences``', inlined here from ``_sequences.pxd``).

Every float is computed one fixed way, the way the models' training features were: float64
throughout (a count divided by a count is a float64 division), sums accumulated left to
right, the C library's ``log1p`` (numpy's SIMD one may differ in the last bit), and a float64
rounded once when it is stored in a float32 feature column.
"""

from libc.math cimport log1p
from libc.stdint cimport int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free

from decruft.page._sequences cimport (
    GROUP_SLOTS,
    LOG1P_COUNTS,
    _argsort_stable,
    _densest_run_c,
    _fill_log1p,
    _group_sizes_c,
    _log1p_count,
    _log1p_counts,
    _window_mean_c,
)
from decruft.page._textarrays cimport probe
from decruft.page._feature_columns cimport *  # the column enum, N_* sizes, sub-kernels

import numpy as np

from decruft.page import textarrays as ta


cdef extern from "_chars.h":
    Py_ssize_t chars_next(
        const uint8_t* cls, Py_ssize_t i, Py_ssize_t end, Py_ssize_t limit
    ) nogil


# log1p of small counts, libm's (``_sequences.pxd``): filled once, when the module loads.
cdef double _LOG1P[LOG1P_COUNTS]
_fill_log1p(_LOG1P)

# Character classes (textarrays).
cdef enum:
    OTHER = 0
    LOWER = 1
    UPPER = 2
    LETTER = 3
    DIGIT = 4
    STOP = 6
    PUNCT = 7
    SYMBOL = 8

# Bits of the word table, of the boilerplate-pair table and of the character table.
cdef enum:
    B_STOP = 1
    B_BOILERPLATE = 2
    B_LEGAL = 4
    B_DATE = 8
    B_BYLINE = 16
    B_LINK = 32
    B_MARKER = 64
    B_IS_PAIR = 1
    C_SEPARATOR = 1
    C_BULLET = 2
    C_QUOTE_CLOSER = 4
    C_LEGAL = 8
    C_LINK = 16

cdef enum:
    SENTENCE_MIN_WORDS = 8
    MARKER_MAX_WORDS = 6
    MARKER_WINDOW = 3
    LEX_BITS = 20
    COLON = 58  # ord(":")

cdef double RUN_GAP_COST = 60.0
cdef double SENTENCE_MIN_STOP_RATIO = 0.2
cdef Py_ssize_t SHIFTS[N_SHIFTS]
SHIFTS[:] = [-2, -1, 1, 2]
cdef Py_ssize_t WINDOWS[N_WINDOWS]
WINDOWS[:] = [1, 3, 7, 15]

# The values above are built into the kernel; ``features`` checks them against its own.
BUILT_IN = {
    "RUN_GAP_COST": RUN_GAP_COST,
    "SENTENCE_MIN_WORDS": SENTENCE_MIN_WORDS,
    "SENTENCE_MIN_STOP_RATIO": SENTENCE_MIN_STOP_RATIO,
    "WINDOWS": (1, 3, 7, 15),
    "SHIFTS": (-2, -1, 1, 2),
    "MARKER_MAX_WORDS": MARKER_MAX_WORDS,
    "MARKER_WINDOW": MARKER_WINDOW,
    "LEX_BITS": LEX_BITS,
    "FEATURES": N_FEATURES,
    "GROUP_SLOTS": GROUP_SLOTS,
    "GROUP_MIX": 0x9E3779B97F4A7C15,
    "LEX_MULT": 0x9E3779B97F4A7C15,
    "WORD_BITS": (B_STOP, B_BOILERPLATE, B_LEGAL, B_DATE, B_BYLINE, B_LINK, B_MARKER),
    "PAIR_BIT": B_IS_PAIR,
    "CHAR_BITS": (C_SEPARATOR, C_BULLET, C_QUOTE_CLOSER, C_LEGAL, C_LINK),
}
if (
    (ta.OTHER, ta.LOWER, ta.UPPER, ta.LETTER, ta.DIGIT, ta.STOP, ta.PUNCT, ta.SYMBOL)
    != (OTHER, LOWER, UPPER, LETTER, DIGIT, STOP, PUNCT, SYMBOL)
    or int(ta.PAIR_MULT) != 0x9E3779B97F4A7C15
):
    raise ImportError("decruft.page._features was built for other textarrays constants")


# The named column of every feature the kernel writes.
_SHIFTED = ("log_chars", "sentence_like", "ends_sentence")
_WINDOWED = ("log_chars", "sentence_like", "stop_ratio", "boilerplate", "lex")
COLUMNS = {
    "log_chars": F_LOG_CHARS,
    "log_words": F_LOG_WORDS,
    "mean_word_len": F_MEAN_WORD_LEN,
    "frac_letters": F_FRAC_LETTERS,
    "frac_upper": F_FRAC_UPPER,
    "frac_digit": F_FRAC_DIGIT,
    "frac_punct": F_FRAC_PUNCT,
    "frac_symbol": F_FRAC_SYMBOL,
    "sentence_ends_per_word": F_SENTENCE_ENDS_PER_WORD,
    "ends_sentence": F_ENDS_SENTENCE,
    "ends_colon": F_ENDS_COLON,
    "ends_word": F_ENDS_WORD,
    "starts_upper": F_STARTS_UPPER,
    "starts_lower": F_STARTS_LOWER,
    "starts_digit": F_STARTS_DIGIT,
    "bullet": F_BULLET,
    "stop_ratio": F_STOP_RATIO,
    "title_ratio": F_TITLE_RATIO,
    "boilerplate_words": F_BOILERPLATE_WORDS,
    "boilerplate_ratio": F_BOILERPLATE_RATIO,
    "legal": F_LEGAL,
    "date_words": F_DATE_WORDS,
    "byline": F_BYLINE,
    "link_words": F_LINK_WORDS,
    "separators_per_word": F_SEPARATORS_PER_WORD,
    "sentence_like": F_SENTENCE_LIKE,
    "same_first_word": F_SAME_FIRST_WORD,
    "same_first_two_words": F_SAME_FIRST_TWO_WORDS,
    "occurrences": F_OCCURRENCES,
    "later_repeat": F_LATER_REPEAT,
    "rel_index": F_REL_INDEX,
    "chars_before": F_CHARS_BEFORE,
    "sentence_chars_before": F_SENTENCE_CHARS_BEFORE,
    **{
        f"shift{SHIFTS[k]}_{name}": F_SHIFTS + k * N_SHIFTED + j
        for k in range(N_SHIFTS)
        for j, name in enumerate(_SHIFTED)
    },
    "in_run": F_IN_RUN,
    "dist_to_run": F_DIST_TO_RUN,
    "log_abs_dist_to_run": F_LOG_ABS_DIST_TO_RUN,
    "dist_to_run_start": F_DIST_TO_RUN_START,
    "run_share": F_RUN_SHARE,
    "run_blocks": F_RUN_BLOCKS,
    "markers_since_run_start": F_MARKERS_SINCE_RUN_START,
    f"markers_within_{MARKER_WINDOW}": F_MARKERS_NEAR,
    "pair_lex": F_PAIR_LEX,
    "log_chars_vs_median": F_LOG_CHARS_VS_MEDIAN,
    "log_chars_vs_max": F_LOG_CHARS_VS_MAX,
    "lex_vs_page": F_LEX_VS_PAGE,
    "length_rank": F_LENGTH_RANK,
    "lex_mean": F_LEX_MEAN,
    "lex_sum": F_LEX_SUM,
    "lex_min": F_LEX_MIN,
    "lex_max": F_LEX_MAX,
    **{
        f"win{WINDOWS[k]}_{name}": F_WINDOWS + k * N_WINDOWED + j
        for k in range(N_WINDOWS)
        for j, name in enumerate(_WINDOWED)
    },
    "log_blocks": F_LOG_BLOCKS,
    "log_page_chars": F_LOG_PAGE_CHARS,
    "page_sentence_share": F_PAGE_SENTENCE_SHARE,
}


cdef inline uint64_t _pair(uint64_t first, uint64_t second) noexcept nogil:
    """textarrays.pair_hash of two words (mod 2**64)."""
    return first * 0x9E3779B97F4A7C15ULL + second


cdef inline Py_ssize_t _bucket(uint64_t h) noexcept nogil:
    """Lexicon bucket of a word or pair hash (top bits of a multiplicative re-hash)."""
    return <Py_ssize_t>((h * 0x9E3779B97F4A7C15ULL) >> (64 - LEX_BITS))


cdef inline Py_ssize_t _bmp(uint32_t cp) noexcept nogil:
    """The character table's entry for a code point (past the BMP: the last one's)."""
    return cp if cp < 0xFFFF else 0xFFFF


# Scratch columns of the kernel, n + 1 doubles each.
cdef enum:
    D_LEX_SUM
    D_LEX_MIN
    D_LEX_MAX
    D_PAIR_SUM
    D_BYLINE
    D_CHARS
    D_WORDS
    D_BP
    D_LOG_CHARS
    D_SENTENCE_LIKE
    D_ENDS_SENTENCE
    D_STOP_RATIO
    D_LEX_MEAN
    D_MARKER
    D_SENT_CHARS
    D_GAIN
    D_CUM_MARKER
    D_MARKERS_NEAR
    D_RANK
    D_LOG_COUNT
    D_WINDOW
    D_PREFIX  # N_WINDOWED columns of prefix sums follow
    D_COLUMNS = D_PREFIX + N_WINDOWED

# ... and n int64s each.
cdef enum:
    I_WORDS
    I_STOP
    I_BP
    I_LEGAL
    I_DATE
    I_LINK
    I_MARKER_WORDS
    I_UPPER_INIT
    I_SAME_LEAD
    I_SAME_LEAD2
    I_OCCURRENCES
    I_FIRST_AT
    I_ORDER
    I_TMP
    I_COLUMNS


def _kernel(
    const uint32_t[::1] cps,
    const uint8_t[::1] cls,
    const int64_t[::1] starts,
    const int64_t[::1] lengths,
    const int64_t[:, :] counts,
    const uint64_t[::1] word_hash,
    const int64_t[::1] word_block,
    const uint8_t[::1] word_first_cls,
    const uint64_t[::1] block_key,
    const uint64_t[::1] table_keys,
    const uint32_t[::1] table_bits,
    const uint64_t[::1] pair_keys,
    const uint32_t[::1] pair_bits,
    const uint8_t[::1] char_tab,
    const float[::1] lexicon,
    float[:, :] out,
):
    """Writes every row of ``out``'s first len(FEATURE_NAMES) columns (nothing else)."""
    cdef Py_ssize_t n = lengths.shape[0]
    cdef Py_ssize_t nw = word_hash.shape[0]
    cdef bint has_lex = lexicon.shape[0] > 0
    if out.shape[0] != n or out.shape[1] < N_FEATURES:
        raise ValueError(f"{n} rows of {N_FEATURES} features go to {(out.shape[0], out.shape[1])}")
    if has_lex and lexicon.shape[0] < (1 << LEX_BITS):
        raise ValueError(f"a lexicon has {1 << LEX_BITS} buckets, not {lexicon.shape[0]}")
    if starts.shape[0] != n or counts.shape[0] != n or block_key.shape[0] != n:
        raise ValueError("the page's block arrays differ in length")
    if word_block.shape[0] != nw or word_first_cls.shape[0] != nw:
        raise ValueError("the page's word arrays differ in length")
    if char_tab.shape[0] < 0x10000 or counts.shape[1] <= SYMBOL:
        raise ValueError("a character table covers the BMP; class counts cover every class")
    if table_bits.shape[0] != table_keys.shape[0] or pair_bits.shape[0] != pair_keys.shape[0]:
        raise ValueError("a word table has one bit mask per key")
    cdef Py_ssize_t m = n + 1  # a scratch column's length
    cdef double* dbuf = <double*>calloc(D_COLUMNS * m, sizeof(double))
    cdef int64_t* ibuf = <int64_t*>calloc(I_COLUMNS * m, sizeof(int64_t))
    cdef uint64_t* ubuf = <uint64_t*>calloc(2 * m, sizeof(uint64_t))
    cdef uint8_t* bbuf = <uint8_t*>calloc(3 * m, sizeof(uint8_t))
    cdef float* fbuf = <float*>calloc(2 * (nw + 1), sizeof(float))
    try:
        if dbuf == NULL or ibuf == NULL or ubuf == NULL or bbuf == NULL or fbuf == NULL:
            raise MemoryError()
        _fill(
            cps, cls, starts, lengths, counts, word_hash, word_block, word_first_cls, block_key,
            table_keys, table_bits, pair_keys, pair_bits, char_tab, lexicon, has_lex, out, n, nw, m,
            dbuf, ibuf, ubuf, bbuf, fbuf,
        )
    finally:
        free(dbuf)
        free(ibuf)
        free(ubuf)
        free(bbuf)
        free(fbuf)


cdef int _fill(
    const uint32_t[::1] cps,
    const uint8_t[::1] cls,
    const int64_t[::1] starts,
    const int64_t[::1] lengths,
    const int64_t[:, :] counts,
    const uint64_t[::1] word_hash,
    const int64_t[::1] word_block,
    const uint8_t[::1] word_first_cls,
    const uint64_t[::1] block_key,
    const uint64_t[::1] table_keys,
    const uint32_t[::1] table_bits,
    const uint64_t[::1] pair_keys,
    const uint32_t[::1] pair_bits,
    const uint8_t[::1] char_tab,
    const float[::1] lexicon,
    bint has_lex,
    float[:, :] out,
    Py_ssize_t n,
    Py_ssize_t nw,
    Py_ssize_t m,
    double* dbuf,
    int64_t* ibuf,
    uint64_t* ubuf,
    uint8_t* bbuf,
    float* fbuf,
) except -1:
    """The body of ``_kernel``, over its zeroed scratch buffers."""
    cdef double* lex_sum = dbuf + D_LEX_SUM * m
    cdef double* lex_min = dbuf + D_LEX_MIN * m
    cdef double* lex_max = dbuf + D_LEX_MAX * m
    cdef double* pair_sum = dbuf + D_PAIR_SUM * m
    cdef double* byline = dbuf + D_BYLINE * m
    cdef double* chars = dbuf + D_CHARS * m
    cdef double* words = dbuf + D_WORDS * m
    cdef double* bp = dbuf + D_BP * m
    cdef double* log_chars = dbuf + D_LOG_CHARS * m
    cdef double* sentence_like = dbuf + D_SENTENCE_LIKE * m
    cdef double* ends_sentence = dbuf + D_ENDS_SENTENCE * m
    cdef double* stop_ratio = dbuf + D_STOP_RATIO * m
    cdef double* lex_mean = dbuf + D_LEX_MEAN * m
    cdef double* marker = dbuf + D_MARKER * m
    cdef double* sent_chars = dbuf + D_SENT_CHARS * m
    cdef double* gain = dbuf + D_GAIN * m
    cdef double* cum_marker = dbuf + D_CUM_MARKER * m
    cdef double* markers_near = dbuf + D_MARKERS_NEAR * m
    cdef double* rank = dbuf + D_RANK * m
    cdef double* log_count = dbuf + D_LOG_COUNT * m
    cdef double* window = dbuf + D_WINDOW * m
    cdef double* prefix = dbuf + D_PREFIX * m
    cdef int64_t* words_i = ibuf + I_WORDS * m
    cdef int64_t* stop_i = ibuf + I_STOP * m
    cdef int64_t* bp_i = ibuf + I_BP * m
    cdef int64_t* legal_i = ibuf + I_LEGAL * m
    cdef int64_t* date_i = ibuf + I_DATE * m
    cdef int64_t* link_i = ibuf + I_LINK * m
    cdef int64_t* marker_words_i = ibuf + I_MARKER_WORDS * m
    cdef int64_t* upper_init_i = ibuf + I_UPPER_INIT * m
    cdef int64_t* same_lead = ibuf + I_SAME_LEAD * m
    cdef int64_t* same_lead2 = ibuf + I_SAME_LEAD2 * m
    cdef int64_t* occurrences = ibuf + I_OCCURRENCES * m
    cdef int64_t* first_at = ibuf + I_FIRST_AT * m
    cdef int64_t* order = ibuf + I_ORDER * m
    cdef int64_t* tmp = ibuf + I_TMP * m
    cdef uint64_t* lead = ubuf
    cdef uint64_t* lead2 = ubuf + m
    cdef uint8_t* has_word = bbuf
    cdef uint8_t* two_words = bbuf + m
    cdef uint8_t* all_blocks = bbuf + 2 * m
    cdef float* word_odds = fbuf
    cdef float* pair_odds = fbuf + (nw + 1)  # of word w and word w + 1 (same block)

    cdef Py_ssize_t w, b, i, r, a, b_end, last
    cdef Py_ssize_t length, start
    cdef int64_t wb
    cdef uint64_t h
    cdef uint32_t bits
    cdef uint8_t first_cls, last_cls, before_last, last_bits, first_bits, cbits
    cdef bint first_of_block, ends, is_sentence
    cdef float odds
    cdef double safe, safe_words, letters, total, total_sent, run_share, before_run
    cdef double page_lex, top, med, s, s2
    cdef int64_t legal_chars, link_chars, separators
    cdef const double* windowed[N_WINDOWED]

    # The lexicon (4 MiB) is read first, in a loop of lookups alone: the CPU overlaps their
    # cache misses there, which it could not among the word loop's other work (~2x faster).
    if has_lex:
        for w in range(nw):
            word_odds[w] = lexicon[_bucket(word_hash[w])]
        for w in range(nw - 1):
            if word_block[w + 1] == word_block[w]:
                pair_odds[w] = lexicon[_bucket(_pair(word_hash[w], word_hash[w + 1]))]
    # Word counts per block are counted in ints and made floats after the loop (the same
    # values): a float add's latency chained every count through consecutive words.
    for w in range(nw):
        wb = word_block[w]
        h = word_hash[w]
        bits = probe(table_keys, table_bits, h)
        first_of_block = words_i[wb] == 0
        words_i[wb] += 1
        stop_i[wb] += (bits & B_STOP) != 0
        bp_i[wb] += (bits & B_BOILERPLATE) != 0
        legal_i[wb] += (bits & B_LEGAL) != 0
        date_i[wb] += (bits & B_DATE) != 0
        link_i[wb] += (bits & B_LINK) != 0
        marker_words_i[wb] += (bits & B_MARKER) != 0
        upper_init_i[wb] += word_first_cls[w] == UPPER
        if first_of_block:
            has_word[wb] = 1
            lead[wb] = h
            byline[wb] = (bits & B_BYLINE) != 0
        elif words_i[wb] == 2:
            two_words[wb] = 1
            lead2[wb] = _pair(lead[wb], h)
        if w + 1 < nw and word_block[w + 1] == wb:
            bits = probe(pair_keys, pair_bits, _pair(h, word_hash[w + 1]))
            bp_i[wb] += (bits & B_IS_PAIR) != 0
            pair_sum[wb] += <double>pair_odds[w]
        if has_lex:
            odds = word_odds[w]
            lex_sum[wb] += <double>odds
            if first_of_block or <double>odds < lex_min[wb]:
                lex_min[wb] = <double>odds
            if first_of_block or <double>odds > lex_max[wb]:
                lex_max[wb] = <double>odds

    for b in range(n):
        words[b] = <double>words_i[b]
        bp[b] = <double>bp_i[b]
        chars[b] = <double>lengths[b]
        log_chars[b] = _log1p_count(_LOG1P, chars[b])
    for b in range(n):
        length = lengths[b]
        start = starts[b]
        safe = chars[b] if chars[b] > 1.0 else 1.0
        safe_words = words[b] if words[b] > 1.0 else 1.0
        letters = <double>(counts[b, LOWER] + counts[b, UPPER] + counts[b, LETTER])
        first_cls = cls[start] if length > 0 else OTHER
        last_cls = cls[start + length - 1] if length > 0 else OTHER
        before_last = cls[start + length - 2] if length > 1 else OTHER
        last_bits = char_tab[_bmp(cps[start + length - 1])] if length > 0 else 0
        first_bits = char_tab[_bmp(cps[start])] if length > 0 else 0
        ends = last_cls == STOP or ((last_bits & C_QUOTE_CLOSER) != 0 and before_last == STOP)
        legal_chars = 0  # ints, as the word counts above
        link_chars = 0
        separators = 0
        # the block's characters a character table may give a bit (``_chars.h``)
        i = chars_next(&cls[0], start, start + length, cls.shape[0])
        while i < start + length:
            cbits = char_tab[_bmp(cps[i])]
            legal_chars += (cbits & C_LEGAL) != 0
            link_chars += (cbits & C_LINK) != 0
            separators += (cbits & C_SEPARATOR) != 0
            i = chars_next(&cls[0], i + 1, start + length, cls.shape[0])
        stop_ratio[b] = <double>stop_i[b] / safe_words
        ends_sentence[b] = ends
        is_sentence = words[b] >= SENTENCE_MIN_WORDS and (
            ends or stop_ratio[b] >= SENTENCE_MIN_STOP_RATIO
        )
        sentence_like[b] = is_sentence
        lex_mean[b] = lex_sum[b] / safe_words
        marker[b] = marker_words_i[b] > 0 and words[b] <= MARKER_MAX_WORDS
        out[b, F_LOG_CHARS] = <float>log_chars[b]
        out[b, F_LOG_WORDS] = <float>_log1p_count(_LOG1P, words[b])
        out[b, F_MEAN_WORD_LEN] = <float>(letters / safe_words)
        out[b, F_FRAC_LETTERS] = <float>(letters / safe)
        out[b, F_FRAC_UPPER] = <float>(<double>counts[b, UPPER] / (letters if letters > 1.0 else 1.0))
        out[b, F_FRAC_DIGIT] = <float>(<double>counts[b, DIGIT] / safe)
        out[b, F_FRAC_PUNCT] = <float>(<double>counts[b, PUNCT] / safe)
        out[b, F_FRAC_SYMBOL] = <float>(<double>counts[b, SYMBOL] / safe)
        out[b, F_SENTENCE_ENDS_PER_WORD] = <float>(<double>counts[b, STOP] / safe_words)
        out[b, F_ENDS_SENTENCE] = ends
        out[b, F_ENDS_COLON] = length > 0 and cps[start + length - 1] == COLON
        out[b, F_ENDS_WORD] = last_cls == LOWER or last_cls == UPPER or last_cls == LETTER
        out[b, F_STARTS_UPPER] = first_cls == UPPER
        out[b, F_STARTS_LOWER] = first_cls == LOWER
        out[b, F_STARTS_DIGIT] = first_cls == DIGIT
        out[b, F_BULLET] = (first_bits & C_BULLET) != 0
        out[b, F_STOP_RATIO] = <float>stop_ratio[b]
        out[b, F_TITLE_RATIO] = <float>(<double>upper_init_i[b] / safe_words)
        out[b, F_BOILERPLATE_WORDS] = <float>bp[b]
        out[b, F_BOILERPLATE_RATIO] = <float>(bp[b] / safe_words)
        out[b, F_LEGAL] = <float>(<double>legal_i[b] + <double>legal_chars)
        out[b, F_DATE_WORDS] = <float><double>date_i[b]
        out[b, F_BYLINE] = <float>byline[b]
        out[b, F_LINK_WORDS] = <float>(<double>link_i[b] + <double>link_chars)
        out[b, F_SEPARATORS_PER_WORD] = <float>(<double>separators / safe_words)
        out[b, F_SENTENCE_LIKE] = is_sentence

    _log1p_counts(log_count, n, _LOG1P)  # counts of blocks: 0 .. n
    _group_sizes_c(lead, has_word, n, same_lead, tmp)
    _group_sizes_c(lead2, two_words, n, same_lead2, tmp)
    _group_sizes_c(&block_key[0] if n else NULL, NULL, n, occurrences, first_at)
    s = 0.0
    s2 = 0.0
    for b in range(n):
        s += chars[b]
        sent_chars[b] = chars[b] * sentence_like[b]
        s2 += sent_chars[b]
        gain[b] = chars[b] if sentence_like[b] > 0 else -RUN_GAP_COST
    total = s if s > 1.0 else 1.0
    total_sent = s2 if s2 > 1.0 else 1.0
    _densest_run_c(gain, sizeof(double), n, &a, &b_end)
    if b_end < a:
        a, b_end = 0, n - 1
    s = 0.0
    for i in range(a, b_end + 1):
        s += sent_chars[i]
    run_share = s / total_sent
    s = 0.0
    for i in range(n):
        s += marker[i]
        cum_marker[i] = s
    before_run = cum_marker[a] - marker[a] if n > 0 else 0.0
    _window_mean_c(marker, n, MARKER_WINDOW, window, markers_near)
    s = 0.0
    s2 = 0.0
    for i in range(n):
        s += lex_sum[i]
    for i in range(n):
        s2 += words[i]
    page_lex = s / (s2 if s2 > 1.0 else 1.0)
    top = 0.0
    if n > 0:
        top = log_chars[0]
        for i in range(1, n):
            if log_chars[i] > top:
                top = log_chars[i]
    # stable order by length (a radix sort)
    _argsort_stable(lengths, n, order, tmp)
    # the median of log_chars (monotone in length), as np.median, from the same order
    med = 0.5 * (log_chars[order[(n - 1) // 2]] + log_chars[order[n // 2]]) if n > 0 else 0.0
    for r in range(n):
        rank[order[r]] = r
    last = n - 1 if n - 1 > 1 else 1
    _position_columns(
        out, n, last, log_count, same_lead, same_lead2, occurrences, first_at, chars, sent_chars,
        total, total_sent,
    )
    _shift_columns(out, n, SHIFTS, log_chars, sentence_like, ends_sentence)
    _run_columns(out, n, a, b_end, run_share, log_count, cum_marker, marker, before_run,
                 markers_near)
    _lex_columns(
        out, n, last, words, pair_sum, log_chars, med, top, lex_mean, page_lex, rank, lex_sum,
        lex_min, lex_max,
    )
    windowed[0] = log_chars
    windowed[1] = sentence_like
    windowed[2] = stop_ratio
    windowed[3] = bp
    windowed[4] = lex_mean
    _window_columns(out, n, m, WINDOWS, windowed, prefix)
    _page_columns(out, n, total, sentence_like)
    return 0
