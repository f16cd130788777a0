# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled kernels of ``textarrays.py``: the scan of a page's code points that counts
classes and hashes words (C, ``_scan.h``), the tags and bit counts, and the word-table
lookups (``probe``, declared in ``_textarrays.pxd`` so that other kernels inline it too)."""

import numpy as np

from libc.stdint cimport int64_t, uint8_t, uint32_t, uint64_t

cdef extern from "_chars.h":
    enum:
        CHARS_FIRST_BITLESS
        CHARS_LAST_BITLESS
    Py_ssize_t chars_next(
        const uint8_t* cls, Py_ssize_t i, Py_ssize_t end, Py_ssize_t limit
    ) nogil


cdef extern from "_scan.h":
    enum:
        SCAN_LOWER
        SCAN_UPPER
        SCAN_LETTER
        SCAN_DIGIT
        SCAN_CLASSES
        SCAN_MAX_WORD
        SCAN_KEY_PERIOD
    struct scan_out:
        uint32_t* cps
        int64_t* starts
        uint8_t* cls
        int64_t* counts
        uint64_t* word_hash
        int64_t* word_block
        uint8_t* word_first
        int64_t* word_len
        uint64_t* keys
        int64_t* edges
    Py_ssize_t scan_page(
        const uint32_t* src, const int64_t* src_starts, const int64_t* lengths, Py_ssize_t n,
        Py_ssize_t total, const uint8_t* classes, const uint64_t* lower,
        const uint64_t* powers, const uint64_t* key_powers, const scan_out* out,
    ) nogil


# The scan's built-in values; ``textarrays`` checks them against its own when it loads.
BUILT_IN = {
    "CLASSES": (SCAN_LOWER, SCAN_UPPER, SCAN_LETTER, SCAN_DIGIT),
    "N_CLASSES": SCAN_CLASSES,
    "MAX_WORD": SCAN_MAX_WORD,
    "KEY_PERIOD": SCAN_KEY_PERIOD,
    "BITLESS": (CHARS_FIRST_BITLESS, CHARS_LAST_BITLESS),
}


def _scan(
    const uint32_t[::1] src,
    const int64_t[::1] src_starts,
    const int64_t[::1] src_ends,
    const uint8_t[::1] classes,
    const uint64_t[::1] lower,
    const uint64_t[::1] powers,
    const uint64_t[::1] key_powers,
):
    """One pass over a page's code points (``_scan.h``): the blocks (block b is
    ``src[src_starts[b]:src_ends[b]]``) joined by newlines, their starts and lengths in it,
    classes, per-block class counts, word hashes and block keys (see PageArrays)."""
    cdef Py_ssize_t n = src_starts.shape[0]
    cdef Py_ssize_t b
    if src_ends.shape[0] != n:
        raise ValueError("a span's start and end for every block")
    if classes.shape[0] < 0x10000 or lower.shape[0] < 0x10000:
        raise ValueError("the class and lowercase tables cover the BMP")
    if powers.shape[0] < SCAN_MAX_WORD or key_powers.shape[0] < SCAN_KEY_PERIOD:
        raise ValueError("too few hash powers for the scan's built-in word and key lengths")
    lengths_a = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] lengths = lengths_a
    cdef int64_t total = n - 1 if n > 1 else 0
    for b in range(n):
        lengths[b] = <int64_t>(<uint64_t>src_ends[b] - <uint64_t>src_starts[b])
        total += lengths[b]
    cps_a = np.empty(total, dtype=np.uint32)
    starts_a = np.empty(n, dtype=np.int64)
    cls_a = np.empty(total, dtype=np.uint8)
    counts_a = np.empty((n, SCAN_CLASSES), dtype=np.int64)
    cdef int64_t cap = total // 2 + 1
    word_hash_a = np.empty(cap, dtype=np.uint64)
    word_block_a = np.empty(cap, dtype=np.int64)
    word_first_a = np.empty(cap, dtype=np.uint8)
    word_len_a = np.empty(cap, dtype=np.int64)
    keys_a = np.empty(n, dtype=np.uint64)
    edges_a = np.empty(total + 2, dtype=np.int64)
    cdef uint32_t[::1] cps = cps_a
    cdef int64_t[::1] starts = starts_a
    cdef uint8_t[::1] cls = cls_a
    cdef int64_t[:, ::1] counts = counts_a
    cdef uint64_t[::1] word_hash = word_hash_a
    cdef int64_t[::1] word_block = word_block_a
    cdef uint8_t[::1] word_first = word_first_a
    cdef int64_t[::1] word_len = word_len_a
    cdef uint64_t[::1] keys = keys_a
    cdef int64_t[::1] edges = edges_a
    cdef scan_out out
    cdef Py_ssize_t nw = 0
    if n:
        out.cps = &cps[0] if total else NULL
        out.starts = &starts[0]
        out.cls = &cls[0] if total else NULL
        out.counts = &counts[0, 0]
        out.word_hash = &word_hash[0]
        out.word_block = &word_block[0]
        out.word_first = &word_first[0]
        out.word_len = &word_len[0]
        out.keys = &keys[0]
        out.edges = &edges[0]
        nw = scan_page(
            &src[0] if src.shape[0] else NULL, &src_starts[0], &lengths[0], n, total,
            &classes[0], &lower[0], &powers[0], &key_powers[0], &out,
        )
    return (
        cps_a,
        starts_a,
        lengths_a,
        cls_a,
        counts_a,
        word_hash_a[:nw].copy(),
        word_block_a[:nw].copy(),
        word_first_a[:nw].copy(),
        word_len_a[:nw].copy(),
        keys_a,
    )


# Bit counts are kept eight to a uint64, one byte lane per bit: _SPREAD[v] has lane i set to
# bit i of the byte v, so four table adds count a word's 32 bits, where a loop over the bits
# cost 32 shifts, masks and adds a word (~3x the whole count). A lane holds at most 255: the
# lanes are emptied into the counts every _LANE_MAX additions (_BitCount).
cdef uint64_t _SPREAD[256]
cdef enum:
    _LANE_MAX = 255

cdef int _value, _bit
for _value in range(256):
    _SPREAD[_value] = 0
    for _bit in range(8):
        _SPREAD[_value] |= <uint64_t>((_value >> _bit) & 1) << (8 * _bit)


cdef struct _BitCount:
    uint64_t lanes[4]  # byte lanes: bits 0-7, 8-15, 16-23, 24-31
    int pending  # additions since the lanes were last emptied
    int64_t* counts  # where the lanes are emptied: 8 counts per lane
    Py_ssize_t n_lanes  # 4 for 32-bit masks, 1 for 8-bit ones


cdef inline _BitCount _bit_count(int64_t* counts, Py_ssize_t n_lanes) noexcept nogil:
    """A counter of the bits of masks of 8 * n_lanes bits into counts."""
    cdef _BitCount c
    c.lanes[0] = c.lanes[1] = c.lanes[2] = c.lanes[3] = 0
    c.pending = 0
    c.counts = counts
    c.n_lanes = n_lanes
    return c


cdef inline void _empty(_BitCount* c) noexcept nogil:
    """Add the lanes' counts to the counts and zero them."""
    cdef Py_ssize_t j, k
    for j in range(c.n_lanes):
        for k in range(8):
            c.counts[8 * j + k] += <int64_t>((c.lanes[j] >> (8 * k)) & 0xFF)
        c.lanes[j] = 0
    c.pending = 0


cdef inline void _count(_BitCount* c, uint32_t b) noexcept nogil:
    """Count every bit of b (four table adds)."""
    c.lanes[0] += _SPREAD[b & 0xFF]
    c.lanes[1] += _SPREAD[(b >> 8) & 0xFF]
    c.lanes[2] += _SPREAD[(b >> 16) & 0xFF]
    c.lanes[3] += _SPREAD[b >> 24]
    c.pending += 1
    if c.pending == _LANE_MAX:
        _empty(c)


def _probe_all(const uint64_t[::1] keys, const uint32_t[::1] bits, const uint64_t[:] hashes):
    out_a = np.zeros(hashes.shape[0], dtype=np.uint32)
    cdef uint32_t[::1] out = out_a
    cdef Py_ssize_t i
    for i in range(hashes.shape[0]):
        out[i] = probe(keys, bits, hashes[i])
    return out_a


def _bit_counts(
    const uint64_t[::1] keys,
    const uint32_t[::1] bits,
    const uint64_t[:] hashes,
    const int64_t[:] word_block,
    const uint8_t[:] kept,
):
    counts_a = np.zeros(32, dtype=np.int64)
    cdef int64_t[::1] counts = counts_a
    cdef Py_ssize_t i
    cdef uint32_t b
    cdef _BitCount counter = _bit_count(&counts[0], 4)
    for i in range(hashes.shape[0]):
        # every word is counted, a dropped one's bits as 0: whether a word is kept, and
        # whether it is in the table (about half of a page's are stopwords), were branches
        # the CPU mispredicted
        b = probe(keys, bits, hashes[i]) & (0 - <uint32_t>(kept[word_block[i]] != 0))
        _count(&counter, b)
    _empty(&counter)
    return counts_a


def _tags(
    const uint64_t[::1] word_hash,
    const int64_t[::1] word_block,
    const uint32_t[::1] cps,
    const uint8_t[::1] cls,
    const int64_t[::1] starts,
    const int64_t[::1] lengths,
    const uint64_t[::1] keys,
    const uint32_t[::1] bits,
    const uint8_t[::1] chars,
    const uint64_t[::1] other_keys,
    const uint32_t[::1] other_bits,
    const uint8_t[::1] other_chars,
    Py_ssize_t n,
):
    """Per block, the OR of its words' and characters' bits; per bit, how many words and how
    many characters carry it: for the first tables and (when ``other_chars`` is a full
    table) for the other ones, in the same pass over the words and characters. The
    character tables are ``char_table``'s: letters, digits and spaces (``cls``) have no bits
    and are not looked up."""
    tags_a = np.zeros(n, dtype=np.uint32)
    word_counts_a = np.zeros(32, dtype=np.int64)
    char_counts_a = np.zeros(8, dtype=np.int64)
    other_tags_a = np.zeros(n, dtype=np.uint32)
    other_word_counts_a = np.zeros(32, dtype=np.int64)
    other_char_counts_a = np.zeros(8, dtype=np.int64)
    cdef uint32_t[::1] tags = tags_a
    cdef int64_t[::1] word_counts = word_counts_a
    cdef int64_t[::1] char_counts = char_counts_a
    cdef uint32_t[::1] other_tags = other_tags_a
    cdef int64_t[::1] other_word_counts = other_word_counts_a
    cdef int64_t[::1] other_char_counts = other_char_counts_a
    cdef bint two = other_chars.shape[0] > 0
    cdef Py_ssize_t w, block, i
    cdef uint32_t b, cp
    cdef uint8_t c
    cdef _BitCount words_n = _bit_count(&word_counts[0], 4)
    cdef _BitCount other_words_n = _bit_count(&other_word_counts[0], 4)
    cdef _BitCount chars_n = _bit_count(&char_counts[0], 1)
    cdef _BitCount other_chars_n = _bit_count(&other_char_counts[0], 1)
    for w in range(word_hash.shape[0]):
        b = probe(keys, bits, word_hash[w])
        if b:
            tags[word_block[w]] |= b
            _count(&words_n, b)
        if two:
            b = probe(other_keys, other_bits, word_hash[w])
            if b:
                other_tags[word_block[w]] |= b
                _count(&other_words_n, b)
    cdef Py_ssize_t end
    for block in range(n):
        end = starts[block] + lengths[block]
        # the characters a table may give a bit (BITLESS_CLASSES skipped: ``_chars.h``)
        i = chars_next(&cls[0], starts[block], end, cls.shape[0])
        while i < end:
            cp = cps[i] if cps[i] < 0xFFFF else 0xFFFF
            c = chars[cp]
            if c:
                tags[block] |= <uint32_t>c
                _count(&chars_n, c)
            if two:
                c = other_chars[cp]
                if c:
                    other_tags[block] |= <uint32_t>c
                    _count(&other_chars_n, c)
            i = chars_next(&cls[0], i + 1, end, cls.shape[0])
    _empty(&words_n)
    _empty(&other_words_n)
    _empty(&chars_n)
    _empty(&other_chars_n)
    return tags_a, word_counts_a, char_counts_a, other_tags_a, other_word_counts_a, other_char_counts_a
