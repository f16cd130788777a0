# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The compiled kernel of ``decruft.signals``' text pass: one pass over a text's code points
(tokens, words, lines and what each signal family counts of them); the word n-gram counts of
Gopher's repetition filter are ``_ngrams``'.

A page is ~1,300 words and ~70 lines: a numpy call per n-gram length or per line check
costs more in call overhead than the work, and a Python loop over the words as much as
cleaning the page. Each kernel is stated in plain Python in ``tests/test_signals``.
"""

import numpy as np

from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND
from libc.stdint cimport int8_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memset

from decruft.signals._hashing cimport _slot, _table_shift

# The flags of text.py.
cdef enum:
    SPACE = 1
    ALPHA = 2
    SYMBOL = 4
    TERMINAL = 8
    DIGIT = 16
    _BMP = 0x10000

cdef enum:
    _ASCII = 128

# text.HASH_BASE.
cdef uint64_t HASH_BASE = 0x9E3779B97F4A7C15ULL


# A str's characters as CPython stores them: one, two or four bytes each.
ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t


cdef struct Tables:
    # per BMP code point: flags and lowercase; the text's code points above the BMP, sorted,
    # with theirs
    const uint8_t* flags
    const uint16_t* lower
    const uint32_t* astral
    const uint8_t* astral_flags
    const uint64_t* astral_lower
    Py_ssize_t n_astral


cdef inline Py_ssize_t _find(uint32_t cp, const Tables* t) noexcept nogil:
    """Position of ``cp`` in the astral table, or -1."""
    cdef Py_ssize_t lo = 0
    cdef Py_ssize_t hi = t.n_astral
    cdef Py_ssize_t mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if t.astral[mid] < cp:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < t.n_astral and t.astral[lo] == cp else -1


cdef inline int _flags(uint32_t cp, const Tables* t) noexcept nogil:
    """The code point's flags; -1 for one above the BMP not in the astral table."""
    if cp < _BMP:
        return t.flags[cp]
    cdef Py_ssize_t k = _find(cp, t)
    return t.astral_flags[k] if k >= 0 else -1


cdef inline uint64_t _lower(uint32_t cp, const Tables* t) noexcept nogil:
    if cp < _BMP:
        return t.lower[cp]
    cdef Py_ssize_t k = _find(cp, t)
    return t.astral_lower[k] if k >= 0 else cp


cdef inline bint _closer(uint32_t cp) noexcept nogil:
    # c4.CLOSERS: " ' ) ] ” ’ »
    return (
        cp == 0x22 or cp == 0x27 or cp == 0x29 or cp == 0x5D
        or cp == 0x201D or cp == 0x2019 or cp == 0xBB
    )


cdef inline bint _seen(
    uint64_t key, uint64_t* keys, uint8_t* used, int shift, Py_ssize_t mask
) noexcept nogil:
    """Whether ``key`` is in the table; adds it if not."""
    cdef Py_ssize_t s = _slot(key, shift)
    while used[s]:
        if keys[s] == key:
            return True
        s = (s + 1) & mask
    used[s] = 1
    keys[s] = key
    return False


cdef bint _probe_from(
    const char_t* cps,
    Py_ssize_t start,
    Py_ssize_t end,
    const Tables* t,
    const uint32_t* probes,
    Py_ssize_t width,
    const int64_t* probe_len,
    Py_ssize_t n_probes,
) noexcept nogil:
    """Whether a probe phrase starts at ``start`` (compared lowercased), before ``end``."""
    cdef Py_ssize_t p, k, n
    for p in range(n_probes):
        n = probe_len[p]
        if start + n > end:
            continue
        for k in range(n):
            if _lower(cps[start + k], t) != probes[p * width + k]:
                break
        else:
            return True
    return False


cdef enum:
    _HEAD_BYTES = 512  # the probe-head bitmap: 4,096 bits


cdef inline uint32_t _head_bit(uint32_t window) noexcept nogil:
    return (window * <uint32_t>2654435761) >> 20  # 12 bits: one of the bitmap's 4,096


cdef inline uint32_t _pack4(const uint32_t* row) noexcept nogil:
    """A probe's first four characters (lowercase ASCII), one byte each."""
    return (row[0] << 24) | (row[1] << 16) | (row[2] << 8) | row[3]


def _scan(
    str text,
    const uint8_t[::1] ftab,
    const uint16_t[::1] ltab,
    const uint32_t[::1] astral_cp,
    const uint8_t[::1] astral_flags,
    const uint64_t[::1] astral_lower,
    const uint32_t[:, ::1] probes,
    const int64_t[::1] probe_len,
    const uint64_t[::1] stop_keys,
    const uint32_t[::1] stop_langs,
    const int8_t[::1] stop_gopher,
    int stop_shift,
    int64_t short_line_chars,
    int64_t c4_min_words,
    int64_t c4_max_word_chars,
    int64_t prose_line_chars,
):
    """Tokens, words and lines of the text in one pass (text.py says what each is).

    ``ftab``, ``ltab``: each BMP code point's flags and lowercase; ``astral_*``: the same
    for the text's code points above the BMP (sorted); ``probes``: text.C4_PROBES as
    zero-padded rows of code points; the rest: fineweb.SHORT_LINE_CHARS,
    c4.C4_MIN_WORDS_PER_LINE, c4.C4_MAX_WORD_CHARS and language.PROSE_LINE_CHARS.

    Returns None when a code point above the BMP is not in the astral tables (the caller
    adds it and calls again); else (counts, word_len, word_hash, lang_stops, special_start,
    special_len): the counts are text.SCAN_COUNTS, the words' lengths and hashes, the words
    in each language's stopword list (``stop_*``: text.stopword_table), and the lines C4
    must read itself (with "[" or a probe phrase).
    """
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Tables t
    cdef uint8_t empty8 = 0
    cdef uint64_t empty64 = 0
    cdef uint32_t empty32 = 0
    t.flags = &ftab[0]
    t.lower = &ltab[0]
    t.n_astral = astral_cp.shape[0]
    t.astral = &astral_cp[0] if t.n_astral else &empty32
    t.astral_flags = &astral_flags[0] if t.n_astral else &empty8
    t.astral_lower = &astral_lower[0] if t.n_astral else &empty64
    cdef Probes probe
    probe.rows = &probes[0, 0]
    probe.width = probes.shape[1]
    probe.length = &probe_len[0]
    probe.n = probes.shape[0]
    cdef Stops stops
    stops.keys = &stop_keys[0]
    stops.langs = &stop_langs[0]
    stops.gopher = &stop_gopher[0]
    stops.shift = stop_shift
    stops.mask = stop_keys.shape[0] - 1
    cdef Limits limits
    limits.short_line = short_line_chars
    limits.c4_min_words = c4_min_words
    limits.c4_max_word = c4_max_word_chars
    limits.prose_line = prose_line_chars
    if kind == 1:
        return _scan_chars(<const uint8_t*>data, n, &t, &probe, &stops, &limits)
    if kind == 2:
        return _scan_chars(<const uint16_t*>data, n, &t, &probe, &stops, &limits)
    return _scan_chars(<const uint32_t*>data, n, &t, &probe, &stops, &limits)


cdef inline int _bits(uint32_t x) noexcept nogil:
    cdef int n = 0
    while x:
        n += x & 1
        x >>= 1
    return n


cdef struct Probes:
    const uint32_t* rows  # zero-padded, ``width`` code points each
    Py_ssize_t width
    const int64_t* length
    Py_ssize_t n


cdef struct Stops:
    # stopwords by the hash of their lowercase (key 0: an empty slot): the languages whose
    # list holds each (a bit each), and its place in gopher.GOPHER_STOP_WORDS (or -1)
    const uint64_t* keys
    const uint32_t* langs
    const int8_t* gopher
    int shift
    Py_ssize_t mask


cdef struct Limits:
    int64_t short_line
    int64_t c4_min_words
    int64_t c4_max_word
    int64_t prose_line


cdef object _scan_chars(
    const char_t* data,
    Py_ssize_t n,
    const Tables* tables,
    const Probes* probes,
    const Stops* stops,
    const Limits* lim,
):
    """``_scan`` over the characters as stored."""
    cdef Tables t = tables[0]
    cdef int64_t short_line_chars = lim.short_line
    cdef int64_t c4_min_words = lim.c4_min_words
    cdef int64_t c4_max_word_chars = lim.c4_max_word
    cdef int64_t prose_line_chars = lim.prose_line
    cdef Py_ssize_t max_words = n // 2 + 1
    cdef Py_ssize_t i
    cdef Py_ssize_t n_lines = 1  # text.count("\n") + 1
    cdef bint blank_run = False  # "\n\n" in text
    cdef uint32_t cp, prev_cp = 0
    for i in range(n):
        cp = data[i]
        if cp == 0x0A:
            n_lines += 1
            if prev_cp == 0x0A:
                blank_run = True
        prev_cp = cp
    word_len_a = np.empty(max_words, dtype=np.int64)
    word_hash_a = np.empty(max_words, dtype=np.uint64)
    lang_stops_a = np.zeros(32, dtype=np.int64)
    special_start_a = np.empty(n_lines, dtype=np.int64)
    special_len_a = np.empty(n_lines, dtype=np.int64)
    cdef Py_ssize_t size
    cdef int shift = _table_shift(n_lines, &size)
    line_keys_a = np.empty(size, dtype=np.uint64)
    line_used_a = np.zeros(size, dtype=np.uint8)
    cdef int64_t[::1] word_len = word_len_a
    cdef uint64_t[::1] word_hash = word_hash_a
    cdef int64_t[::1] lang_stops = lang_stops_a  # stopwords of each language's list
    hits_a = np.zeros(stops.mask + 1, dtype=np.int64)
    cdef int64_t[::1] hits = hits_a  # words found at each slot of the stopword table
    cdef uint32_t gopher_seen = 0  # the Gopher stop words seen (a bit each)
    cdef Py_ssize_t slot
    cdef uint32_t langs
    cdef int bit
    cdef int64_t[::1] special_start = special_start_a
    cdef int64_t[::1] special_len = special_len_a
    cdef uint64_t[::1] line_keys = line_keys_a
    cdef uint8_t[::1] line_used = line_used_a

    cdef const uint32_t* probe = probes.rows
    cdef Py_ssize_t width = probes.width
    cdef const int64_t* plen = probes.length
    cdef Py_ssize_t n_probes = probes.n
    # the last four characters, lowercased (a byte each, 0 past ASCII), and a bitmap of the
    # probes' first four (a bit per hash of them: a window whose bit is clear, nearly all,
    # starts no probe; one whose bit is set is checked in full)
    cdef uint32_t window = 0
    cdef uint8_t heads[_HEAD_BYTES]
    cdef uint32_t head
    cdef Py_ssize_t p
    if width < 4:
        raise ValueError("probe phrases of at least 4 characters")
    memset(heads, 0, _HEAD_BYTES)
    for p in range(n_probes):
        head = _head_bit(_pack4(&probe[p * width]))
        heads[head >> 3] |= 1 << (head & 7)

    cdef int64_t tokens = 0, spacy = 0, alpha_tokens = 0, infixes = 0
    cdef int64_t hashes = 0, dots3 = 0, ellipses = 0, dot_run = 0
    cdef int64_t line_dups = 0, line_dup_chars = 0, solid_dups = 0, solid_dup_chars = 0
    cdef int64_t bullets = 0, ellipsis_lines = 0, solid_lines = 0, terminal_lines = 0
    cdef int64_t short_lines = 0, c4_lines = 0, c4_sentences = 0, word_chars = 0
    cdef int64_t prose_start = -1
    cdef Py_ssize_t words = 0, specials = 0
    cdef uint64_t low
    cdef int f, prev_f = SPACE, prev2_f = SPACE
    prev_cp = 0x20
    # the current token: where it starts, its first and last non-symbol character, the
    # hashes of its characters from the first non-symbol one (as cased, lowercased) and
    # those hashes as they were after its last non-symbol character
    cdef Py_ssize_t tok_start = -1, core_first = -1, core_last = -1
    cdef uint64_t h = 0, hl = 0, core_h = 0, core_hl = 0
    cdef bint tok_alpha = False
    # the current line
    cdef Py_ssize_t line_start = 0, first_solid = -1, last_solid = -1
    cdef int64_t line_toks = 0, breaks = 0
    cdef uint64_t lh = 0
    cdef bint long_word = False, bracket = False, phrase = False, pending = False, dots
    cdef uint32_t last_cp, first_cp

    for i in range(n + 1):
        if i < n:
            cp = data[i]
            f = _flags(cp, &t)
            if f < 0:
                return None
        else:
            cp = 0x0A  # the end of the text ends the last token and line
            f = SPACE
        if f & SPACE:
            if tok_start >= 0:  # the token ends
                tokens += 1
                if i - tok_start > c4_max_word_chars:
                    long_word = True
                if tok_alpha:
                    alpha_tokens += 1
                if core_first >= 0:
                    word_len[words] = core_last + 1 - core_first
                    word_chars += core_last + 1 - core_first
                    word_hash[words] = core_h
                    words += 1
                    slot = _slot(core_hl, stops.shift)
                    while stops.keys[slot] != 0 and stops.keys[slot] != core_hl:
                        slot = (slot + 1) & stops.mask
                    if stops.keys[slot] == core_hl:
                        hits[slot] += 1
                        if stops.gopher[slot] >= 0 and core_h == core_hl:  # as written
                            gopher_seen |= (<uint32_t>1) << stops.gopher[slot]
                    spacy += 1 + (i - tok_start) - (core_last + 1 - core_first)
                else:
                    spacy += 1
                tok_start = -1
                core_first = -1
                tok_alpha = False
            if dot_run:
                dots3 += dot_run // 3
                dot_run = 0
            if cp == 0x0A:  # the line ends
                if first_solid >= 0:
                    solid_lines += 1
                    first_cp = data[first_solid]
                    if first_cp == 0x2022 or first_cp == 0x2D:  # • -
                        bullets += 1
                    last_cp = data[last_solid]
                    dots = (
                        last_cp == 0x2E and last_solid - 2 >= first_solid
                        and data[last_solid - 1] == 0x2E
                        and data[last_solid - 2] == 0x2E
                    )
                    if last_cp == 0x2026 or dots:
                        ellipsis_lines += 1
                    if prev_f & TERMINAL:  # the last character, as it is
                        terminal_lines += 1
                    if i - line_start <= short_line_chars:
                        short_lines += 1
                    if prose_start < 0 and i - line_start >= prose_line_chars:
                        prose_start = line_start
                    if bracket or phrase:  # C4 reads it itself
                        special_start[specials] = line_start
                        special_len[specials] = i - line_start
                        specials += 1
                    elif (
                        not long_word and line_toks >= c4_min_words and not dots and (
                            last_cp == 0x2E or last_cp == 0x3F or last_cp == 0x21
                            or last_cp == 0x22 or last_cp == 0x27
                        )
                    ):
                        c4_lines += 1
                        c4_sentences += breaks + 1
                if _seen(lh, &line_keys[0], &line_used[0], shift, size - 1):
                    line_dups += 1
                    line_dup_chars += i - line_start
                    if first_solid >= 0:
                        solid_dups += 1
                        solid_dup_chars += i - line_start
                line_start = i + 1
                first_solid = -1
                line_toks = 0
                breaks = 0
                lh = 0
                long_word = bracket = phrase = pending = False
                prev_f = prev2_f = SPACE
                prev_cp = 0x0A
                window = 0x0A
                continue
            # a sentence break: whitespace after a terminal character, or after a closer
            # that follows one; it counts once a non-space follows on the line
            if not (prev_f & SPACE) and (
                prev_f & TERMINAL or (_closer(prev_cp) and prev2_f & TERMINAL)
            ):
                pending = True
            window = (window << 8) | (cp if cp < _ASCII else 0)
        else:
            if pending:
                breaks += 1
                pending = False
            low = _lower(cp, &t)
            if tok_start < 0:
                tok_start = i
                line_toks += 1
            if first_solid < 0:
                first_solid = i
            last_solid = i
            if core_first >= 0:
                h = h * HASH_BASE + cp + 1
                hl = hl * HASH_BASE + low + 1
            if not (f & SYMBOL):
                if core_first < 0:
                    core_first = i
                    h = <uint64_t>cp + 1
                    hl = low + 1
                core_last = i
                core_h = h
                core_hl = hl
            if f & ALPHA:
                tok_alpha = True
                # a hyphen or dash between a letter or digit and this letter: spaCy splits
                # the word there (two tokens more, one of them alphabetic)
                if (prev_cp == 0x2D or prev_cp == 0x2013 or prev_cp == 0x2014) and (
                    prev2_f & (ALPHA | DIGIT)
                ):
                    infixes += 1
            if cp == 0x23:  # '#'
                hashes += 1
            elif cp == 0x2E:  # '.': a run of k dots holds k // 3 "..."
                dot_run += 1
            elif cp == 0x2026:  # '…'
                ellipses += 1
            elif cp == 0x5B:  # '['
                bracket = True
            if cp != 0x2E and dot_run:
                dots3 += dot_run // 3
                dot_run = 0
            window = (window << 8) | (<uint32_t>low if low < _ASCII else 0)
            if not phrase:
                if cp == 0x7B:
                    phrase = True
                else:
                    head = _head_bit(window)
                    if heads[head >> 3] & (1 << (head & 7)) and _probe_from(
                        data, i - 3, n, &t, probe, width, plen, n_probes
                    ):
                        phrase = True
        lh = lh * HASH_BASE + cp + 1
        prev2_f = prev_f
        prev_f = f
        prev_cp = cp
    for slot in range(stops.mask + 1):  # each slot's words to its languages
        if hits[slot]:
            langs = stops.langs[slot]
            bit = 0
            while langs:
                if langs & 1:
                    lang_stops[bit] += hits[slot]
                langs >>= 1
                bit += 1
    counts = (
        tokens,
        spacy + 2 * infixes,
        alpha_tokens + infixes,
        word_chars,
        hashes,
        dots3 + ellipses,
        bullets,
        ellipsis_lines,
        solid_lines,
        terminal_lines,
        short_lines,
        line_dups,
        line_dup_chars,
        solid_dups,
        solid_dup_chars,
        c4_lines,
        c4_sentences,
        max(prose_start, 0),
        n_lines,
        blank_run,
        _bits(gopher_seen),
    )
    return (
        counts,
        word_len_a[:words],
        word_hash_a[:words],
        lang_stops_a,
        special_start_a[:specials],
        special_len_a[:specials],
    )
