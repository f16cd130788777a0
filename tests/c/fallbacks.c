/* The SIMD chunks of segment/_lines.h and page/_chars.h against their plain-C fallbacks
 * (what machines without SSE2 run): built twice by tests/test_c_fallbacks.py, with and
 * without DECRUFT_NO_SIMD, each printing a digest of the same random cases. */
#include <stdio.h>
#include <stdlib.h>

#include "_chars.h"
#include "_lines.h"

#define CASES 5000
#define MAX_LEN 300

int main(void)
{
    static uint8_t is_space[65536];
    static const uint32_t spaces[] = {9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 0x85, 0xA0, 0x1680,
                                      0x2000, 0x2001, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
                                      0x3000};
    static const uint32_t alphabet[] = {'a', 'b', 'Z', '7', '.', ' ', ' ', ' ', '\n', '\t',
                                        0xA0, 0x2019, 0x3000, 0x1F600};
    const int letters = (int)(sizeof alphabet / sizeof *alphabet);
    for (size_t k = 0; k < sizeof spaces / sizeof *spaces; k++)
        is_space[spaces[k]] = 1;
    srand(7);
    unsigned long long digest = 0;
    for (int t = 0; t < CASES; t++) {
        const int n = rand() % MAX_LEN;
        uint32_t cps[MAX_LEN];
        uint8_t cls[MAX_LEN], messy[MAX_LEN];
        int64_t starts[MAX_LEN], ends[MAX_LEN], longest, chars;
        for (int i = 0; i < n; i++) {
            cps[i] = alphabet[rand() % (t % 3 ? 7 : letters)];  /* plain text, or anything */
            cls[i] = (uint8_t)(rand() % 10);
        }
        const ptrdiff_t lines = lines_spans(cps, n, is_space, starts, ends, messy, &longest, &chars);
        for (ptrdiff_t k = 0; k < lines; k++)
            digest = digest * 31 + (unsigned long long)(starts[k] * 7 + ends[k] * 3 + messy[k]);
        digest = digest * 31 + (unsigned long long)(longest + chars);
        const int end = n ? rand() % (n + 1) : 0;
        for (ptrdiff_t i = chars_next(cls, 0, end, n); i < end; i = chars_next(cls, i + 1, end, n))
            digest = digest * 31 + (unsigned long long)i;
    }
    printf("%llu\n", digest);
    return 0;
}
