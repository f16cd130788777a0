/* Where a block's characters that a character table may give a bit are: those not of the
 * classes ta.BITLESS_CLASSES names (LOWER, UPPER, LETTER, DIGIT, SPACE: 1 to 5), which no
 * table holds (ta.char_table refuses them). Most of a page's characters are of those
 * classes, so the kernels that read the tables skip them sixteen classes a compare (SSE2,
 * which every x86-64 CPU has; elsewhere one at a time). */
#ifndef DECRUFT_CHARS_H
#define DECRUFT_CHARS_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__) && defined(__GNUC__) && !defined(DECRUFT_NO_SIMD)
#include <emmintrin.h>
#define CHARS_SSE2 1
#else
#define CHARS_SSE2 0
#endif

#define CHARS_FIRST_BITLESS 1
#define CHARS_LAST_BITLESS 5
#define CHARS_CHUNK 16

/* The first position in [i, end) whose class is not a bitless one, or end; cls holds
 * limit classes (>= end): a chunk may read past end, up to limit, its bits there masked
 * off, so a block's last few characters are no loop of their own. */
static inline ptrdiff_t chars_next(const uint8_t *cls, ptrdiff_t i, ptrdiff_t end,
                                   ptrdiff_t limit)
{
#if CHARS_SSE2
    const __m128i below = _mm_set1_epi8(CHARS_FIRST_BITLESS - 1);
    const __m128i above = _mm_set1_epi8(CHARS_LAST_BITLESS + 1);
    for (; i < end && i + CHARS_CHUNK <= limit; i += CHARS_CHUNK) {
        const __m128i c = _mm_loadu_si128((const __m128i *)(cls + i));
        const __m128i bitless = _mm_and_si128(_mm_cmpgt_epi8(c, below), _mm_cmplt_epi8(c, above));
        unsigned other = ~(unsigned)_mm_movemask_epi8(bitless) & 0xFFFFu;
        if (end - i < CHARS_CHUNK)
            other &= (1u << (end - i)) - 1;  /* past the block: not its characters */
        if (other)
            return i + __builtin_ctz(other);
    }
    if (i >= end)
        return end;
#else
    (void)limit;
#endif
    while (i < end && (uint8_t)(cls[i] - CHARS_FIRST_BITLESS)
                          <= CHARS_LAST_BITLESS - CHARS_FIRST_BITLESS)
        i++;
    return i;
}

#endif
