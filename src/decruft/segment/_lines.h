/* The spans of a body's non-blank lines (see _line_spans in _text.pyx), in C: the common
 * case is checked sixteen code points at a time, with SSE2 (every x86-64 CPU has it; other
 * machines run the same checks a code point at a time: the compilers tried did not
 * vectorize them). */
#ifndef DECRUFT_LINES_H
#define DECRUFT_LINES_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__) && !defined(DECRUFT_NO_SIMD)
#include <emmintrin.h>
#endif

/* Code points checked at a time in the common case (no newline; printable ASCII with single
 * spaces). */
#define LINES_CHUNK 16
#define LINES_NEWLINE 0x0Au
#define LINES_SPACE 0x20u
#define LINES_BMP 0x10000u
/* The last printable ASCII character (~): past it, a chunk is checked by the table. */
#define LINES_ASCII_LAST 0x7E

/* str.isspace of cp, by the table of the BMP's code points (none above it is a space). */
static inline int lines_is_space(uint32_t cp, const uint8_t *is_space)
{
    return cp < LINES_BMP && is_space[cp];
}

/* The lowest set bit's position (x != 0). */
static inline int lines_ctz(unsigned x)
{
#if defined(__GNUC__)
    return __builtin_ctz(x);
#else
    int k = 0;
    while (!(x & 1u)) {
        x >>= 1;
        k++;
    }
    return k;
#endif
}

#if defined(__SSE2__) && !defined(DECRUFT_NO_SIMD)
/* Four code points from p (unaligned). */
static inline __m128i lines_load(const uint32_t *p)
{
    return _mm_loadu_si128((const __m128i *)p);
}
#endif

/* Which of a chunk's 16 code points (at p) are newlines (bit k for p[k]). */
static inline unsigned lines_chunk_newlines(const uint32_t *p)
{
#if defined(__SSE2__) && !defined(DECRUFT_NO_SIMD)
    const __m128i nl = _mm_set1_epi32((int)LINES_NEWLINE);
    unsigned found = 0;
    for (int k = 0; k < LINES_CHUNK; k += 4)
        found |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(lines_load(p + k), nl)))
            << k;
    return found;
#else
    unsigned found = 0;
    for (int k = 0; k < LINES_CHUNK; k++)
        found |= (unsigned)(p[k] == LINES_NEWLINE) << k;
    return found;
#endif
}

/* Which of a chunk's 16 code points (at p; p[16] is read too) may be whitespace to
 * collapse (bit k for p[k]): a code point that is not printable ASCII, or an ASCII space
 * before another. Signed compares: code points fit an int32. */
static inline unsigned lines_chunk_odd(const uint32_t *p)
{
#if defined(__SSE2__) && !defined(DECRUFT_NO_SIMD)
    const __m128i below = _mm_set1_epi32((int)LINES_SPACE - 1);
    const __m128i above = _mm_set1_epi32(LINES_ASCII_LAST + 1);
    const __m128i space = _mm_set1_epi32((int)LINES_SPACE);
    unsigned odd = 0;
    for (int k = 0; k < LINES_CHUNK; k += 4) {
        const __m128i cp = lines_load(p + k), next = lines_load(p + k + 1);
        const __m128i printable =
            _mm_and_si128(_mm_cmpgt_epi32(cp, below), _mm_cmplt_epi32(cp, above));
        const __m128i pair =
            _mm_and_si128(_mm_cmpeq_epi32(cp, space), _mm_cmpeq_epi32(next, space));
        const __m128i lanes = _mm_or_si128(_mm_andnot_si128(printable, _mm_set1_epi32(-1)), pair);
        odd |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(lanes)) << k;
    }
    return odd;
#else
    unsigned odd = 0;
    for (int k = 0; k < LINES_CHUNK; k++) {
        const int32_t cp = (int32_t)p[k], next = (int32_t)p[k + 1];
        odd |= (unsigned)((cp < (int32_t)LINES_SPACE) | (cp > LINES_ASCII_LAST)
                          | ((cp == (int32_t)LINES_SPACE) & (next == (int32_t)LINES_SPACE)))
            << k;
    }
    return odd;
#endif
}

/* The first newline at or after i (total: none). */
static inline ptrdiff_t lines_end(const uint32_t *cps, ptrdiff_t i, ptrdiff_t total)
{
    for (; i + LINES_CHUNK <= total; i += LINES_CHUNK) {
        const unsigned found = lines_chunk_newlines(cps + i);
        if (found)
            return i + lines_ctz(found);
    }
    while (i < total && cps[i] != LINES_NEWLINE)
        i++;
    return i;
}

/* Whether the pair of code points at i and i + 1 shows whitespace to collapse: a whitespace
 * character other than U+0020 at i, or whitespace at both (by the exact table). */
static inline int lines_odd_at(const uint32_t *cps, ptrdiff_t i, const uint8_t *is_space)
{
    const uint32_t cp = cps[i];
    return lines_is_space(cp, is_space)
        && (cp != LINES_SPACE || lines_is_space(cps[i + 1], is_space));
}

/* Whether a line's text from its first non-space (first) to its last (last) holds
 * whitespace other than single ASCII spaces: a whitespace character other than U+0020, or
 * two in a row. Sixteen positions at a time, the line's last few too (a chunk may read past
 * the line, up to cps' end, total: its bits there masked off); only the positions a chunk
 * flags are checked by the exact table. */
static inline int lines_messy(const uint32_t *cps, ptrdiff_t first, ptrdiff_t last,
                              ptrdiff_t total, const uint8_t *is_space)
{
    for (ptrdiff_t i = first; i < last; i += LINES_CHUNK) {
        if (i + LINES_CHUNK + 1 > total) {  /* the body's last few: one at a time */
            for (; i < last; i++)
                if (lines_odd_at(cps, i, is_space))
                    return 1;
            return 0;
        }
        unsigned odd = lines_chunk_odd(cps + i);
        if (last - i < LINES_CHUNK)
            odd &= (1u << (last - i)) - 1;  /* past the line: not its positions */
        for (; odd; odd &= odd - 1)
            if (lines_odd_at(cps, i + lines_ctz(odd), is_space))
                return 1;
    }
    return 0;
}

/* The stripped span of every non-blank line of cps[0:total] into starts, ends and messy
 * (each room for total / 2 + 1); returns how many, and the longest span's length and all
 * spans' length in *longest and *chars. A line's first and last non-space are a step or two
 * from its ends. */
static ptrdiff_t lines_spans(const uint32_t *cps, ptrdiff_t total, const uint8_t *is_space,
                             int64_t *starts, int64_t *ends, uint8_t *messy,
                             int64_t *longest, int64_t *chars)
{
    ptrdiff_t n = 0;
    *longest = 0;
    *chars = 0;
    for (ptrdiff_t i = 0; i < total;) {
        const ptrdiff_t end = lines_end(cps, i, total);
        ptrdiff_t first = i;
        while (first < end && lines_is_space(cps[first], is_space))
            first++;
        if (first < end) {
            ptrdiff_t last = end - 1;
            while (lines_is_space(cps[last], is_space))  /* stops at first, a non-space */
                last--;
            starts[n] = first;
            ends[n] = last + 1;
            messy[n] = (uint8_t)lines_messy(cps, first, last, total, is_space);
            if (last + 1 - first > *longest)
                *longest = last + 1 - first;
            *chars += last + 1 - first;
            n++;
        }
        i = end + 1;
    }
    return n;
}

#endif
