/* The forest's loops (_forest_loops.h) compiled twice: for the x86-64 baseline every machine
 * runs, and, with GCC on x86-64, for AVX2 (twice the vector width: the forests score ~23%
 * faster). forest_scores runs the copy the caller names; forest_simd_level says which this
 * machine can run, asked of the CPU (and the OS, which must save the wide registers) once,
 * when _forest.pyx loads. Both copies give the same scores (compares, and adds in the same
 * order; setup.py turns off fused multiply-adds). */
#ifndef DECRUFT_FOREST_KERNELS_H
#define DECRUFT_FOREST_KERNELS_H

#include <stddef.h>
#include <stdint.h>

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
#include "_forest_loops.h"
#undef FOREST_FN

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define FOREST_HAS_AVX2 1
#pragma GCC push_options
#pragma GCC target("avx2")
#define FOREST_FN(name) forest_##name##_avx2
#include "_forest_loops.h"
#undef FOREST_FN
#pragma GCC pop_options
#else
#define FOREST_HAS_AVX2 0
#endif

/* 1 when this machine runs the AVX2 copy, else 0. */
static int forest_simd_level(void)
{
#if FOREST_HAS_AVX2
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
#else
    return 0;
#endif
}

/* The raw scores with the copy for ``simd`` (a level forest_simd_level gave, or 0). */
static void forest_scores(int simd, const struct forest_args *a)
{
#if FOREST_HAS_AVX2
    if (simd >= 1) {
        forest_scores_avx2(a);
        return;
    }
#endif
    (void)simd;
    forest_scores_base(a);
}

#endif
