/* The scan of a page's code points (_scan in _textarrays.pyx), in C, in two passes without
 * a branch per character:
 *   1. each character copied, classed and counted by class; where a word starts and where
 *      one ends noted (kept in a list by advancing an index, not by a branch);
 *   2. each word hashed: words of at most SCAN_SHORT_WORD characters in one fixed-length
 *      pass (the terms past the word's end masked off), longer ones a character at a time.
 * A single pass branching on every character's class mispredicted at about every word's
 * two edges (~25% slower); this mispredicts about once per long word. */
#ifndef DECRUFT_SCAN_H
#define DECRUFT_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Character classes and word-hash constants, as textarrays.py defines them (it checks
 * them against _textarrays.BUILT_IN when it loads). */
#define SCAN_LOWER 1
#define SCAN_UPPER 2  /* the word classes: LOWER to DIGIT */
#define SCAN_LETTER 3
#define SCAN_DIGIT 4
#define SCAN_CLASSES 10
#define SCAN_BMP 0x10000u
#define SCAN_NEWLINE 0x0Au
#define SCAN_MAX_WORD 48
#define SCAN_KEY_PERIOD 64  /* a power of two: a word's weight is its number masked */
#define SCAN_WORDLESS (1ULL << 63)
/* Words this long or shorter are hashed in one fixed pass (most words of a page). */
#define SCAN_SHORT_WORD 8
/* Class counts are added in 12-bit lanes of two words (classes 0-4 and 5-9), a register add
 * a character; emptied into the block's counts before a lane can overflow. */
#define SCAN_LANE_BITS 12
#define SCAN_LANE_MAX 4095

/* LOWER, UPPER, LETTER or DIGIT: the classes of a word's characters. */
static inline int scan_is_word(uint8_t c)
{
    return (uint8_t)(c - SCAN_LOWER) <= SCAN_DIGIT - SCAN_LOWER;
}

static inline void scan_empty_lanes(uint64_t *lanes, int64_t *counts)
{
    for (int c = 0; c < 5; c++) {
        counts[c] += (int64_t)((lanes[0] >> (SCAN_LANE_BITS * c)) & SCAN_LANE_MAX);
        counts[c + 5] += (int64_t)((lanes[1] >> (SCAN_LANE_BITS * c)) & SCAN_LANE_MAX);
    }
    lanes[0] = lanes[1] = 0;
}

struct scan_out {
    uint32_t *cps;       /* total: the blocks joined by newlines */
    int64_t *starts;     /* n */
    uint8_t *cls;        /* total */
    int64_t *counts;     /* n x SCAN_CLASSES */
    uint64_t *word_hash; /* room for total / 2 + 1 words */
    int64_t *word_block;
    uint8_t *word_first;
    int64_t *word_len;
    uint64_t *keys;      /* n */
    int64_t *edges;      /* scratch: room for total + 2 positions */
};

/* The hash term of a word's j-th character (textarrays: (lowercase + 1) * power). */
static inline uint64_t scan_term(uint32_t cp, const uint64_t *lower, uint64_t power)
{
    const uint64_t low = cp < SCAN_BMP ? lower[cp < SCAN_BMP ? cp : 0] : (uint64_t)cp;
    return (low + 1) * power;
}

/* Block b of n is src[src_starts[b]:src_starts[b] + lengths[b]]; total is the joined length
 * (the lengths and n - 1 newlines). Fills out; returns the number of words. Every block is
 * copied and classed before any word is hashed, so a short word's fixed pass reads only
 * written code points past its end (masked off). */
static ptrdiff_t scan_page(
    const uint32_t *src, const int64_t *src_starts, const int64_t *lengths, ptrdiff_t n,
    ptrdiff_t total, const uint8_t *classes, const uint64_t *lower, const uint64_t *powers,
    const uint64_t *key_powers, const struct scan_out *out)
{
    uint64_t lane_of[16][2] = {{0}};
    for (int c = 0; c < SCAN_CLASSES; c++)
        lane_of[c][c / 5] = 1ULL << (SCAN_LANE_BITS * (c % 5));
    uint32_t *cps = out->cps;
    uint8_t *cls = out->cls;
    int64_t *edges = out->edges;  /* each word's start and end, the page's words in order */
    ptrdiff_t ne = 0;
    int64_t pos = 0;
    for (ptrdiff_t b = 0; b < n; b++) {
        const int64_t end = pos + lengths[b];
        const int64_t stop = end + (end < total);  /* with the newline after the block */
        const uint32_t *s = src + src_starts[b] - pos;  /* s[i]: the block's character i */
        int64_t *counts = out->counts + b * SCAN_CLASSES;
        uint64_t lanes[2] = {0, 0};
        int in_word = 0;
        for (int c = 0; c < SCAN_CLASSES; c++)
            counts[c] = 0;
        out->starts[b] = pos;
        for (int64_t chunk = pos; chunk < end; chunk += SCAN_LANE_MAX) {
            const int64_t chunk_end = end - chunk < SCAN_LANE_MAX ? end : chunk + SCAN_LANE_MAX;
            for (int64_t i = chunk; i < chunk_end; i++) {
                const uint32_t cp = s[i];
                const uint8_t c = cp < SCAN_BMP ? classes[cp < SCAN_BMP ? cp : 0] : SCAN_LETTER;
                const int word = scan_is_word(c);
                cps[i] = cp;
                cls[i] = c;
                lanes[0] += lane_of[c & 15][0];
                lanes[1] += lane_of[c & 15][1];
                edges[ne] = i;           /* kept when a word starts or ends here */
                ne += word != in_word;
                in_word = word;
            }
            scan_empty_lanes(lanes, counts);
        }
        if (in_word)
            edges[ne++] = end;  /* the block's last word ends with it */
        if (stop > end) {  /* the newline after the block, classed by the table too */
            cps[end] = SCAN_NEWLINE;
            cls[end] = classes[SCAN_NEWLINE];
            counts[classes[SCAN_NEWLINE]] += 1;
        }
        out->keys[b] = (uint64_t)(ne / 2);  /* the words so far, until the keys are made */
        pos = stop;
    }
    ptrdiff_t nw = 0;
    for (ptrdiff_t b = 0; b < n; b++) {
        const ptrdiff_t last = (ptrdiff_t)out->keys[b];  /* the block's words: nw .. last */
        const ptrdiff_t words_here = last - nw;
        uint64_t key = 0;
        for (ptrdiff_t k = 0; nw < last; k++, nw++) {
            const int64_t first = edges[2 * nw], length = edges[2 * nw + 1] - first;
            uint64_t h = 0;
            if (length <= SCAN_SHORT_WORD && first + SCAN_SHORT_WORD <= total) {
                for (int j = 0; j < SCAN_SHORT_WORD; j++)
                    h += scan_term(cps[first + j], lower, powers[j]) & (0 - (uint64_t)(j < length));
            } else {
                for (int64_t j = 0; j < length; j++)
                    h += scan_term(cps[first + j], lower,
                                   powers[j < SCAN_MAX_WORD - 1 ? j : SCAN_MAX_WORD - 1]);
            }
            out->word_hash[nw] = h;
            out->word_len[nw] = length;
            out->word_block[nw] = b;
            out->word_first[nw] = cls[first];
            key += h * key_powers[k & (SCAN_KEY_PERIOD - 1)];
        }
        out->keys[b] = words_here ? ((key + (uint64_t)words_here) & ~SCAN_WORDLESS)
                                  : (SCAN_WORDLESS | (uint64_t)b);
    }
    return nw;
}

#endif
