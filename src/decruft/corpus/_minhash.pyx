# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled per-page MinHash kernel of ``decruft.corpus.minhash``."""

from cpython.unicode cimport (
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
)
from libc.stdint cimport int64_t, uint8_t, uint16_t, uint32_t, uint64_t

# A str's code unit: PyUnicode_1BYTE_KIND, 2BYTE_KIND and 4BYTE_KIND equal their sizes, so
# each specialization reads with a constant kind and the kind test leaves the inner loop.
ctypedef fused code_unit:
    uint8_t
    uint16_t
    uint32_t

cdef extern from *:
    """
    #define DECRUFT_MINHASH_BMP 0x10000
    #define DECRUFT_MINHASH_SHINGLE_MULT 0x9E3779B97F4A7C15ULL
    #define DECRUFT_MINHASH_EXACT_MULT 0xC2B2AE3D27D4EB4FULL
    """
    # compile-time constants, so the loops keep them in registers
    const uint32_t _BMP "DECRUFT_MINHASH_BMP"
    const uint64_t _SHINGLE_MULT "DECRUFT_MINHASH_SHINGLE_MULT"
    const uint64_t _EXACT_MULT "DECRUFT_MINHASH_EXACT_MULT"


cdef inline uint64_t _fmix64(uint64_t h) noexcept nogil:
    h ^= h >> 33
    h *= 0xFF51AFD7ED558CCDULL
    h ^= h >> 33
    h *= 0xC4CEB93FE53A85B3ULL
    h ^= h >> 33
    return h


cdef inline uint64_t _rotl1(uint64_t h) noexcept nogil:
    return (h << 1) | (h >> 63)


cdef inline int64_t _words(
    const code_unit* data, Py_ssize_t length, const uint64_t* char_hash, uint64_t* words
) noexcept nogil:
    """Buzhash of each word of the str whose code points are ``data[:length]`` into
    ``words``; returns the word count."""
    cdef uint64_t zero = 0
    cdef uint64_t h = zero
    cdef uint64_t t
    cdef uint32_t c
    cdef int64_t nw = 0
    cdef Py_ssize_t i
    for i in range(length):
        c = <uint32_t>data[i]  # PyUnicode_READ of this kind, without the GIL
        t = char_hash[c] if c < _BMP else _fmix64(<uint64_t>c) | <uint64_t>1
        words[nw] = h
        nw += (h != zero) & (t == zero)
        h = (_rotl1(h) ^ t) & (zero - <uint64_t>(t != zero))
    words[nw] = h
    nw += h != zero
    return nw


def _page_signature(
    str text not None,
    const uint64_t[::1] char_hash,
    uint64_t[::1] words,
    uint64_t[::1] cur,
    unsigned char[::1] filled,
    const int64_t[:, :] probes,
    int64_t n_words,
    uint64_t seed,
    uint32_t[:] out,
):
    """Write ``text``'s signature into ``out``; return its exact key and word count.

    ``words``, ``cur`` and ``filled`` are scratch arrays (at least len(text) // 2 + 2 words,
    one cur/filled per bin), reused across pages to save allocations."""
    cdef uint64_t mask32 = 0xFFFFFFFF
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t w
    cdef Py_ssize_t n_bins = out.shape[0]
    cdef uint64_t key
    cdef int64_t nw
    # Words, branch-free: a character's table value is 0 unless it is a word character (then
    # the random value of its lowercase form), so h restarts at every non-word character and a
    # word is counted when one ends (buzhash over the word). The str is read in place.
    # The loops run without the GIL (the str is immutable and held by the caller), so
    # signatures(workers > 1) computes pages in parallel threads.
    with nogil:
        if kind == 1:
            nw = _words(<const uint8_t*>data, length, &char_hash[0], &words[0])
        elif kind == 2:
            nw = _words(<const uint16_t*>data, length, &char_hash[0], &words[0])
        else:
            nw = _words(<const uint32_t*>data, length, &char_hash[0], &words[0])
        key = <uint64_t>nw
        for w in range(nw):
            words[w] = _fmix64(words[w])
            key = key * _EXACT_MULT + words[w]
    if nw == 0:
        out[:] = <uint32_t>0xFFFFFFFF
        return _fmix64(key), 0
    with nogil:
        _bins(&words[0], nw, n_words, seed, &cur[0], &filled[0], probes, out, n_bins, mask32)
    return _fmix64(key), nw


cdef inline void _bins(
    const uint64_t* words,
    int64_t nw,
    int64_t n_words,
    uint64_t seed,
    uint64_t* cur,
    unsigned char* filled,
    const int64_t[:, :] probes,
    uint32_t[:] out,
    Py_ssize_t n_bins,
    uint64_t mask32,
) noexcept nogil:
    """One-permutation MinHash of the page's word shingles into ``out``, empty bins filled
    from the probes' bins (densification)."""
    cdef Py_ssize_t j, s, kk, t_i
    cdef uint64_t sh, x, slot
    cdef uint64_t bins64 = <uint64_t>n_bins
    cdef int64_t span
    for j in range(n_bins):
        cur[j] = mask32 + <uint64_t>1
        filled[j] = False
    span = min(n_words, nw)
    for s in range(nw - span + 1):
        sh = seed
        for kk in range(span):
            sh = sh * _SHINGLE_MULT + words[s + kk]
        x = _fmix64(sh)
        slot = ((x >> 32) * bins64) >> 32
        filled[slot] = True
        cur[slot] = min(cur[slot], x & mask32)
    for j in range(n_bins):
        if filled[j]:
            out[j] = <uint32_t>cur[j]
        else:
            for t_i in range(probes.shape[1]):
                kk = probes[j, t_i]
                if filled[kk]:
                    out[j] = <uint32_t>cur[kk]
                    break
