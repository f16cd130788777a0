/* The forest's loops (_forest_loops.h) compiled three times: for the x86-64 baseline every
 * machine runs and, with GCC on x86-64, for AVX2 (twice the vector width, and four rows'
 * leaf values loaded by one gather) and for AVX-512 (16 floats or 64 bytes a compare, eight
 * rows a gather). forest_scores runs the copy the caller names; forest_simd_level says which
 * this machine can run, asked of the CPU (and the OS, which must save the wide registers)
 * once, when _forest.pyx loads. Every copy gives the same scores (compares, and adds in the
 * same order; setup.py turns off fused multiply-adds). */
#ifndef DECRUFT_FOREST_KERNELS_H
#define DECRUFT_FOREST_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The copies' levels, as forest_simd_level gives them. */
#define FOREST_BASE 0
#define FOREST_AVX2 1
#define FOREST_AVX512 2

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define FOREST_HAS_SIMD 1
#include <immintrin.h>
/* Eight or four byte leaf indices widened to int32 lanes, a gather's indices. */
#define FOREST_WIDEN8(p) _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(p)))
#define FOREST_WIDEN4(p) _mm_cvtepu8_epi32(_mm_cvtsi32_si128(forest_load32(p)))
static inline int32_t forest_load32(const uint8_t *p)
{
    int32_t word;
    memcpy(&word, p, sizeof word);  /* an unaligned load */
    return word;
}
#else
#define FOREST_HAS_SIMD 0
#endif

/* Trees whose leaves are added to the rows' sums in one pass (the add loop is unrolled for
 * four): a row's running sum is loaded and stored once per four trees. */
#define FOREST_TREES_PER_PASS 4

struct forest_args {
    const float *xt;             /* features x n, rows contiguous */
    ptrdiff_t n, n_features;
    const float *borders;        /* each feature's sorted borders, one after another */
    const int32_t *border_start; /* n_features + 1 */
    const int32_t *split_feature, *split_bin;  /* n_trees x depth */
    ptrdiff_t n_trees, depth;
    const double *leaves;        /* n_trees x 2**depth x n_outputs */
    ptrdiff_t n_outputs;
    ptrdiff_t chunk, row;        /* rows per chunk; a buffer row's slots (>= chunk) */
    uint8_t *q;                  /* (n_features + 1) x row; its last row zeros */
    int32_t *wide;               /* row */
    double *total;               /* n_outputs x row */
    uint8_t *leaf8;              /* FOREST_TREES_PER_PASS x row */
    uint16_t *leaf16;            /* row */
    double *out;                 /* n x n_outputs */
};

#define FOREST_FN(name) forest_##name##_base
#define FOREST_LEVEL FOREST_BASE
#include "_forest_loops.h"
#undef FOREST_LEVEL
#undef FOREST_FN

#if FOREST_HAS_SIMD
#pragma GCC push_options
#pragma GCC target("avx2")
#define FOREST_FN(name) forest_##name##_avx2
#define FOREST_LEVEL FOREST_AVX2
#include "_forest_loops.h"
#undef FOREST_LEVEL
#undef FOREST_FN
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,avx512f,avx512bw,avx512vl")
#define FOREST_FN(name) forest_##name##_avx512
#define FOREST_LEVEL FOREST_AVX512
#include "_forest_loops.h"
#undef FOREST_LEVEL
#undef FOREST_FN
#pragma GCC pop_options
#endif

/* The highest level whose copy this machine runs. */
static int forest_simd_level(void)
{
#if FOREST_HAS_SIMD
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl"))
        return FOREST_AVX512;
    return __builtin_cpu_supports("avx2") ? FOREST_AVX2 : FOREST_BASE;
#else
    return FOREST_BASE;
#endif
}

/* The raw scores with the copy for ``simd`` (a level forest_simd_level gave, or lower). */
static void forest_scores(int simd, const struct forest_args *a)
{
#if FOREST_HAS_SIMD
    if (simd >= FOREST_AVX512) {
        forest_scores_avx512(a);
        return;
    }
    if (simd >= FOREST_AVX2) {
        forest_scores_avx2(a);
        return;
    }
#endif
    (void)simd;
    forest_scores_base(a);
}

#endif
