# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The word n-gram counts of Gopher's repetition filter (``gopher.py``), compiled: stated in
plain Python in ``tests/test_signals``."""

import numpy as np

from libc.stdint cimport int32_t, int64_t, uint8_t, uint64_t
from libc.string cimport memset

from decruft.signals._hashing cimport _slot, _table_shift

# gopher's n-gram multiplier
cdef uint64_t NGRAM_BASE = 0xBF58476D1CE4E5B9ULL


cdef struct Gram:
    uint64_t key  # the n-gram's hash; 0: an empty slot (a hash of 0 is taken as 1)
    int32_t count
    int32_t first  # where it first occurs (words are at most gopher.REPETITION_MAX_WORDS)


cdef inline Gram* _gram(uint64_t key, Gram* table, int shift, Py_ssize_t mask) noexcept nogil:
    """The n-gram's slot: its own, or the empty one it goes to (key 0)."""
    cdef Py_ssize_t s = _slot(key, shift)
    while table[s].key != 0 and table[s].key != key:
        s = (s + 1) & mask
    return &table[s]


def _ngram_chars(const uint64_t[::1] word_hash, const int64_t[::1] word_len, top_ns, dup_ns):
    """For each n of ``top_ns``: datatrove's find_top_duplicate over the word n-grams (the
    most frequent one's characters, words joined by spaces, times its count; of equally
    frequent ones the first); for each n of ``dup_ns``: find_all_duplicate (the greedy walk
    counting the characters, words joined without spaces, of n-grams seen before).

    Only n-grams that occur more than once matter to either, and an n-gram repeated at a
    position means its (n-1)-gram is repeated there too: each n counts the n-grams at the
    positions where the (n-1)-gram repeats (all of them for n = 2), and keeps those where
    the n-gram repeats. A clean page repeats few 3-grams and fewer 5-grams, so the counts
    shrink fast. The walk visits only those positions: between two of them every n-gram
    is new, which only moves the walk on by one.
    """
    cdef Py_ssize_t w = word_hash.shape[0]
    if w >= 1 << 31:
        raise ValueError("too many words for 32-bit positions")
    cdef Py_ssize_t size
    cdef int shift = _table_shift(w, &size)
    table_a = np.zeros(size * sizeof(Gram), dtype=np.uint8)
    cdef Gram* table = _gram_table(table_a)
    grams_a = np.array(word_hash, dtype=np.uint64)
    cands_a = np.arange(w, dtype=np.int64)
    slots_a = np.empty(w, dtype=np.int64)
    at_a = np.zeros(w + 1, dtype=np.int64)
    cdef uint64_t[::1] grams = grams_a  # the n-gram at each position (kept at candidates)
    cdef int64_t[::1] cands = cands_a  # positions where the current n-gram may repeat
    cdef int64_t[::1] slots = slots_a  # each candidate's slot in the table
    cdef int64_t[::1] at = at_a  # characters of the words before each word
    cdef Py_ssize_t k, c, nc = w, keep, idx, best_first, mask
    cdef int64_t best, total
    cdef uint64_t key
    cdef Gram* g
    cdef int n
    cdef int largest = max(list(top_ns) + list(dup_ns))
    for k in range(w):
        at[k + 1] = at[k] + word_len[k]
    out = {}
    for n in range(2, largest + 1):
        keep = 0  # the candidates' n-grams, where there is one
        for k in range(nc):
            c = cands[k]
            if c + n - 1 < w:
                grams[c] = grams[c] * NGRAM_BASE + word_hash[c + n - 1]
                cands[keep] = c
                keep += 1
        nc = keep
        shift = _table_shift(nc, &size)
        mask = size - 1
        memset(table, 0, size * sizeof(Gram))
        best = 0
        best_first = 0
        for k in range(nc):  # count them
            c = cands[k]
            key = grams[c] if grams[c] else 1
            g = _gram(key, table, shift, mask)
            if g.key == 0:
                g.key = key
                g.first = <int32_t>c
            g.count += 1
            slots[k] = g - table
            if g.count > best or (g.count == best and g.first < best_first):
                best = g.count
                best_first = g.first
        keep = 0  # keep the repeated ones
        for k in range(nc):
            if table[slots[k]].count > 1:
                cands[keep] = cands[k]
                keep += 1
        nc = keep
        if n in top_ns:
            if w - n + 1 <= 0:
                out[n] = 0
            elif best > 1:
                out[n] = (at[best_first + n] - at[best_first] + n - 1) * best
            else:  # every n-gram once: the first one
                out[n] = at[n] - at[0] + n - 1
        if n in dup_ns:
            memset(table, 0, size * sizeof(Gram))
            total = 0
            idx = 0  # the next position the walk visits
            for k in range(nc):
                c = cands[k]
                if c < idx:
                    continue  # jumped over
                key = grams[c] if grams[c] else 1
                g = _gram(key, table, shift, mask)
                if g.key != 0:
                    total += at[c + n] - at[c]
                    idx = c + n
                else:
                    g.key = key
                    idx = c + 1
            out[n] = total
    return out


cdef Gram* _gram_table(object buffer):
    cdef uint8_t[::1] raw = buffer
    return <Gram*>&raw[0]
