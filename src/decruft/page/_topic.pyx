# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The topic features' kernel (see ``topic.py``), compiled ahead of time."""

from libc.stdint cimport int64_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc

from decruft.page._sequences cimport LOG1P_COUNTS, _fill_log1p, _group_ids_c, _log1p_count
from decruft.page._textarrays cimport probe

# log1p of small counts, libm's (``_sequences.pxd``): filled once, when the module loads.
cdef double _LOG1P[LOG1P_COUNTS]
_fill_log1p(_LOG1P)

cpdef enum:
    # Words this short ("of", "a", "us", digits) carry no topic.
    TOPIC_MIN_WORD_CHARS = 3
# A word counts as shared with the article when the other blocks holding it add up to this
# much stage-1 score (one block stage 1 is half sure of).
SHARED_SCORE = 0.5
# A word's score mass from other blocks is capped here: a few sure blocks say it is on topic;
# forty do not say more.
MASS_CAP = 3.0
# Value of the share columns for a block without content words.
NO_WORDS = -1.0


def _kernel(
    const uint64_t[:] word_hash,
    const int64_t[:] word_block,
    const int64_t[:] word_len,
    const uint64_t[::1] stop_keys,
    const uint32_t[::1] stop_bits,
    int64_t stop_bit,
    const double[:] p,
    float[:, :] out,
):
    cdef Py_ssize_t n = p.shape[0]
    cdef Py_ssize_t nw = word_hash.shape[0]
    cdef Py_ssize_t w, b, j, groups, k = 0
    cdef int64_t g
    cdef double total, other, denominator
    cdef double shared_score = SHARED_SCORE
    cdef double mass_cap = MASS_CAP
    cdef float no_words = NO_WORDS
    # scratch, in three C blocks (numpy arrays cost more to make than a small page's whole
    # pass): the content words' hashes, then blocks, then groups; per group its score mass,
    # then per block the five sums (words, share, shared, recurring, capped) side by side;
    # per group its blocks and the last block seen
    cdef int64_t* words = <int64_t*>malloc((3 * nw + 1) * sizeof(int64_t))
    cdef double* sums = NULL
    cdef int64_t* counts = NULL
    if words == NULL:
        raise MemoryError()
    cdef uint64_t* content_hash = <uint64_t*>words
    cdef int64_t* content_block = words + nw
    cdef int64_t* group = words + 2 * nw
    cdef double* mass
    cdef double* acc
    cdef double* row
    cdef int64_t* blocks
    cdef int64_t* last
    try:
        # the content words, in order, compacted without a branch (whether a word is one was
        # a branch the CPU mispredicted for half the words, in every pass below)
        for w in range(nw):
            content_hash[k] = word_hash[w]
            content_block[k] = word_block[w]
            k += (word_len[w] >= TOPIC_MIN_WORD_CHARS) & (
                (probe(stop_keys, stop_bits, word_hash[w]) & <uint64_t>stop_bit) == 0
            )
        # per-word sums index the word's group (the page's distinct content words)
        groups = _group_ids_c(content_hash, NULL, k, group)
        sums = <double*>calloc(groups + 5 * n + 1, sizeof(double))
        counts = <int64_t*>malloc((2 * groups + 1) * sizeof(int64_t))
        if sums == NULL or counts == NULL:
            raise MemoryError()
        mass = sums
        acc = sums + groups
        blocks = counts
        last = counts + groups
        for g in range(groups):
            blocks[g] = 0
            last[g] = -1
        for j in range(k):
            g = group[j]
            b = content_block[j]
            if last[g] != b:  # each block counts a word once
                last[g] = b
                mass[g] += p[b]
                blocks[g] += 1
        total = 0.0
        for b in range(n):
            total += p[b]
        for g in range(groups):
            last[g] = -1
        for j in range(k):
            g = group[j]
            b = content_block[j]
            if last[g] == b:
                continue
            last[g] = b
            other = mass[g] - p[b]  # the word's score mass in the page's other blocks
            denominator = total - p[b]
            row = acc + 5 * b
            row[0] += 1.0
            row[1] += other / (1e-6 if 1e-6 > denominator else denominator)
            row[2] += <double>(other >= shared_score)
            row[3] += <double>(blocks[g] > 1)
            row[4] += mass_cap if mass_cap < other else other
        for b in range(n):
            row = acc + 5 * b
            if row[0] > 0:
                out[b, 0] = <float>(row[1] / row[0])
                out[b, 1] = <float>(row[2] / row[0])
                out[b, 2] = <float>(row[3] / row[0])
                out[b, 3] = <float>(row[4] / row[0])
            else:
                out[b, 0] = out[b, 1] = out[b, 2] = out[b, 3] = no_words
            out[b, 4] = <float>_log1p_count(_LOG1P, row[0])
    finally:
        free(words)
        free(sums)
        free(counts)
