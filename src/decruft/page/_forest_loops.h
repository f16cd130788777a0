/* The oblivious forest's scoring loops (see _forest.pyx), written once and compiled once per
 * instruction set by _forest_kernels.h: FOREST_FN(name) names this copy's functions, and
 * FOREST_LEVEL is the copy's level (FOREST_BASE, FOREST_AVX2 or FOREST_AVX512).
 *
 * Every inner loop runs over consecutive elements of a chunk's rows, branch-free, so the C
 * compiler vectorizes it: quantizing a column against four borders a pass, a tree's leaf
 * indices (its levels' compares made in registers), adding four trees' leaves a pass. Each
 * row's sum adds the trees' values in tree order, whatever the vector width: the scores are
 * the same on every copy. */

#if FOREST_LEVEL == FOREST_AVX512 || FOREST_LEVEL == FOREST_AVX2
/* A chunk's features quantized: q[f * row + k] is how many of feature f's borders row
 * r0 + k exceeds (NaN exceeds none: the compares are ordered). A group of rows' counts stay
 * in registers while every border of the feature is compared against them, four vectors of
 * rows at a time (each count's adds chained one border after another, four chains apart),
 * a compare and an add a border: the counts are stored once per feature, not once per
 * four borders (~7% faster forests). The rows past the last full group, a row at a time. */
static void FOREST_FN(quantize)(
    const float *xt, ptrdiff_t x_stride, ptrdiff_t m, ptrdiff_t n_features,
    const float *borders, const int32_t *border_start,
    uint8_t *restrict q, ptrdiff_t row, int32_t *restrict wide)
{
#if FOREST_LEVEL == FOREST_AVX512
    const ptrdiff_t lanes = 16;
    (void)wide;  /* the counts narrow to bytes in registers */
#else
    const ptrdiff_t lanes = 8;
#endif
    for (ptrdiff_t f = 0; f < n_features; f++) {
        const float *xs = xt + f * x_stride;
        const float *fb = borders + border_start[f];
        const ptrdiff_t nb = border_start[f + 1] - border_start[f];
        uint8_t *restrict qs = q + f * row;
        ptrdiff_t k = 0;
        for (; k + 4 * lanes <= m; k += 4 * lanes) {
#if FOREST_LEVEL == FOREST_AVX512
            const __m512i one = _mm512_set1_epi32(1);
            const __m512 x0 = _mm512_loadu_ps(xs + k), x1 = _mm512_loadu_ps(xs + k + 16);
            const __m512 x2 = _mm512_loadu_ps(xs + k + 32), x3 = _mm512_loadu_ps(xs + k + 48);
            __m512i c0 = _mm512_setzero_si512(), c1 = c0, c2 = c0, c3 = c0;
            for (ptrdiff_t b = 0; b < nb; b++) {
                const __m512 border = _mm512_set1_ps(fb[b]);
                c0 = _mm512_mask_add_epi32(
                    c0, _mm512_cmp_ps_mask(x0, border, _CMP_GT_OQ), c0, one);
                c1 = _mm512_mask_add_epi32(
                    c1, _mm512_cmp_ps_mask(x1, border, _CMP_GT_OQ), c1, one);
                c2 = _mm512_mask_add_epi32(
                    c2, _mm512_cmp_ps_mask(x2, border, _CMP_GT_OQ), c2, one);
                c3 = _mm512_mask_add_epi32(
                    c3, _mm512_cmp_ps_mask(x3, border, _CMP_GT_OQ), c3, one);
            }
            _mm_storeu_si128((__m128i *)(qs + k), _mm512_cvtepi32_epi8(c0));
            _mm_storeu_si128((__m128i *)(qs + k + 16), _mm512_cvtepi32_epi8(c1));
            _mm_storeu_si128((__m128i *)(qs + k + 32), _mm512_cvtepi32_epi8(c2));
            _mm_storeu_si128((__m128i *)(qs + k + 48), _mm512_cvtepi32_epi8(c3));
#else
            const __m256 x0 = _mm256_loadu_ps(xs + k), x1 = _mm256_loadu_ps(xs + k + 8);
            const __m256 x2 = _mm256_loadu_ps(xs + k + 16), x3 = _mm256_loadu_ps(xs + k + 24);
            __m256i c0 = _mm256_setzero_si256(), c1 = c0, c2 = c0, c3 = c0;
            for (ptrdiff_t b = 0; b < nb; b++) {  /* a true compare is -1: subtracted, +1 */
                const __m256 border = _mm256_set1_ps(fb[b]);
                c0 = _mm256_sub_epi32(
                    c0, _mm256_castps_si256(_mm256_cmp_ps(x0, border, _CMP_GT_OQ)));
                c1 = _mm256_sub_epi32(
                    c1, _mm256_castps_si256(_mm256_cmp_ps(x1, border, _CMP_GT_OQ)));
                c2 = _mm256_sub_epi32(
                    c2, _mm256_castps_si256(_mm256_cmp_ps(x2, border, _CMP_GT_OQ)));
                c3 = _mm256_sub_epi32(
                    c3, _mm256_castps_si256(_mm256_cmp_ps(x3, border, _CMP_GT_OQ)));
            }
            _mm256_storeu_si256((__m256i *)(wide + k), c0);
            _mm256_storeu_si256((__m256i *)(wide + k + 8), c1);
            _mm256_storeu_si256((__m256i *)(wide + k + 16), c2);
            _mm256_storeu_si256((__m256i *)(wide + k + 24), c3);
#endif
        }
#if FOREST_LEVEL == FOREST_AVX2
        for (ptrdiff_t j = 0; j < k; j++)  /* narrowed to bytes in one vectorized pass */
            qs[j] = (uint8_t)wide[j];
#endif
        for (; k < m; k++) {
            int32_t count = 0;
            for (ptrdiff_t b = 0; b < nb; b++)
                count += (int32_t)(xs[k] > fb[b]);
            qs[k] = (uint8_t)count;
        }
    }
}
#else
/* A chunk's features quantized: q[f * row + k] is how many of feature f's borders row
 * r0 + k exceeds (NaN exceeds none). The counts are made in int32, as wide as the float32
 * values compared, so a compare's mask adds straight in (narrowing each to a byte cost ~15%
 * of the quantizing); four borders a pass load and store the counts once per four. */
static void FOREST_FN(quantize)(
    const float *xt, ptrdiff_t x_stride, ptrdiff_t m, ptrdiff_t n_features,
    const float *borders, const int32_t *border_start,
    uint8_t *restrict q, ptrdiff_t row, int32_t *restrict wide)
{
    for (ptrdiff_t f = 0; f < n_features; f++) {
        const float *restrict xs = xt + f * x_stride;
        ptrdiff_t b = border_start[f];
        const ptrdiff_t end = border_start[f + 1];
        for (ptrdiff_t k = 0; k < m; k++)
            wide[k] = 0;
        for (; b + 4 <= end; b += 4) {
            const float b0 = borders[b], b1 = borders[b + 1];
            const float b2 = borders[b + 2], b3 = borders[b + 3];
            for (ptrdiff_t k = 0; k < m; k++) {
                const float x = xs[k];
                wide[k] += ((int32_t)(x > b0) + (int32_t)(x > b1))
                    + ((int32_t)(x > b2) + (int32_t)(x > b3));
            }
        }
        for (; b < end; b++) {
            const float border = borders[b];
            for (ptrdiff_t k = 0; k < m; k++)
                wide[k] += (int32_t)(xs[k] > border);
        }
        uint8_t *restrict qs = q + f * row;
        for (ptrdiff_t k = 0; k < m; k++)
            qs[k] = (uint8_t)wide[k];
    }
}

#endif

/* Leaf index of one tree at most 8 levels deep for the chunk's m rows: a row's eight compares
 * are made in registers and its leaf stored once, not loaded and stored at every level (trees
 * ~9% faster). A level past the tree's depth compares the row of zeros: never true. */
static void FOREST_FN(leaves8)(
    const uint8_t *q, ptrdiff_t row, const uint8_t *zeros, const int32_t *features,
    const int32_t *bins, ptrdiff_t depth, ptrdiff_t m, uint8_t *restrict leaf)
{
    const uint8_t *rows[8];
    uint8_t at[8];
    for (ptrdiff_t level = 0; level < 8; level++) {
        rows[level] = level < depth ? q + (ptrdiff_t)features[level] * row : zeros;
        at[level] = level < depth ? (uint8_t)bins[level] : 0;  /* bins fit a byte */
    }
    const uint8_t *restrict q0 = rows[0], *restrict q1 = rows[1];
    const uint8_t *restrict q2 = rows[2], *restrict q3 = rows[3];
    const uint8_t *restrict q4 = rows[4], *restrict q5 = rows[5];
    const uint8_t *restrict q6 = rows[6], *restrict q7 = rows[7];
    const uint8_t b0 = at[0], b1 = at[1], b2 = at[2], b3 = at[3];
    const uint8_t b4 = at[4], b5 = at[5], b6 = at[6], b7 = at[7];
    for (ptrdiff_t k = 0; k < m; k++)
        leaf[k] = (uint8_t)(((uint8_t)(q0[k] > b0) | (uint8_t)((q1[k] > b1) << 1))
            | ((uint8_t)((q2[k] > b2) << 2) | (uint8_t)((q3[k] > b3) << 3))
            | ((uint8_t)((q4[k] > b4) << 4) | (uint8_t)((q5[k] > b5) << 5))
            | ((uint8_t)((q6[k] > b6) << 6) | (uint8_t)((q7[k] > b7) << 7)));
}

#if FOREST_LEVEL != FOREST_BASE
/* Four trees' values added to one output's sums, their leaf indices i0..i3 in the tables
 * v0..v3 (a forest of one output: its values are consecutive), in tree order per row, with
 * one gather of four (AVX2) or eight (AVX-512) rows' values per tree, from the indices widened
 * to int32 (the compiler adds them a row at a time: stage 1 scores ~20% faster). The baseline
 * has no gather: its copy adds them as a forest of several outputs does. */
static void FOREST_FN(add4)(
    double *restrict sums, ptrdiff_t m,
    const double *v0, const double *v1, const double *v2, const double *v3,
    const uint8_t *i0, const uint8_t *i1, const uint8_t *i2, const uint8_t *i3)
{
    ptrdiff_t k = 0;
#if FOREST_LEVEL == FOREST_AVX512
    for (; k + 8 <= m; k += 8) {
        __m512d s = _mm512_loadu_pd(sums + k);
        s = _mm512_add_pd(s, _mm512_i32gather_pd(FOREST_WIDEN8(i0 + k), v0, 8));
        s = _mm512_add_pd(s, _mm512_i32gather_pd(FOREST_WIDEN8(i1 + k), v1, 8));
        s = _mm512_add_pd(s, _mm512_i32gather_pd(FOREST_WIDEN8(i2 + k), v2, 8));
        s = _mm512_add_pd(s, _mm512_i32gather_pd(FOREST_WIDEN8(i3 + k), v3, 8));
        _mm512_storeu_pd(sums + k, s);
    }
#elif FOREST_LEVEL == FOREST_AVX2
    for (; k + 4 <= m; k += 4) {
        __m256d s = _mm256_loadu_pd(sums + k);
        s = _mm256_add_pd(s, _mm256_i32gather_pd(v0, FOREST_WIDEN4(i0 + k), 8));
        s = _mm256_add_pd(s, _mm256_i32gather_pd(v1, FOREST_WIDEN4(i1 + k), 8));
        s = _mm256_add_pd(s, _mm256_i32gather_pd(v2, FOREST_WIDEN4(i2 + k), 8));
        s = _mm256_add_pd(s, _mm256_i32gather_pd(v3, FOREST_WIDEN4(i3 + k), 8));
        _mm256_storeu_pd(sums + k, s);
    }
#endif
    for (; k < m; k++)
        sums[k] = (((sums[k] + v0[i0[k]]) + v1[i1[k]]) + v2[i2[k]]) + v3[i3[k]];
}
#endif

/* The trees' values added to the chunk's sums (total[o * row + k]), trees at most 8 levels
 * deep, FOREST_TREES_PER_PASS (four) a pass. */
static void FOREST_FN(trees8)(
    const uint8_t *q, ptrdiff_t row, ptrdiff_t n_features, ptrdiff_t m,
    const int32_t *split_feature, const int32_t *split_bin, ptrdiff_t n_trees, ptrdiff_t depth,
    const double *leaves, ptrdiff_t n_outputs, uint8_t *leaf, double *total)
{
    const ptrdiff_t tree = ((ptrdiff_t)1 << depth) * n_outputs;  /* a tree's leaves */
    for (ptrdiff_t t = 0; t < n_trees; t += FOREST_TREES_PER_PASS) {
        const ptrdiff_t group =
            n_trees - t < FOREST_TREES_PER_PASS ? n_trees - t : FOREST_TREES_PER_PASS;
        for (ptrdiff_t j = 0; j < group; j++)
            FOREST_FN(leaves8)(q, row, q + n_features * row, split_feature + (t + j) * depth,
                               split_bin + (t + j) * depth, depth, m, leaf + j * row);
        for (ptrdiff_t o = 0; o < n_outputs; o++) {
            double *restrict sums = total + o * row;
            const double *v0 = leaves + t * tree + o;  /* every n_outputs-th value */
#if FOREST_LEVEL != FOREST_BASE
            if (group == FOREST_TREES_PER_PASS && n_outputs == 1) {
                FOREST_FN(add4)(sums, m, v0, v0 + tree, v0 + 2 * tree, v0 + 3 * tree,
                                leaf, leaf + row, leaf + 2 * row, leaf + 3 * row);
                continue;
            }
#endif
            if (group == FOREST_TREES_PER_PASS) {
                const double *v1 = v0 + tree, *v2 = v0 + 2 * tree, *v3 = v0 + 3 * tree;
                const uint8_t *i0 = leaf, *i1 = leaf + row;
                const uint8_t *i2 = leaf + 2 * row, *i3 = leaf + 3 * row;
                for (ptrdiff_t k = 0; k < m; k++)
                    sums[k] = (((sums[k] + v0[i0[k] * n_outputs]) + v1[i1[k] * n_outputs])
                               + v2[i2[k] * n_outputs]) + v3[i3[k] * n_outputs];
            } else {
                for (ptrdiff_t j = 0; j < group; j++) {
                    const double *values = v0 + j * tree;
                    const uint8_t *at = leaf + j * row;
                    for (ptrdiff_t k = 0; k < m; k++)
                        sums[k] += values[at[k] * n_outputs];
                }
            }
        }
    }
}

/* The same for deeper trees (9 to 16 levels; no shipped model is this deep): one tree a
 * pass, its leaf indices in uint16, built a level at a time. */
static void FOREST_FN(trees16)(
    const uint8_t *q, ptrdiff_t row, ptrdiff_t m,
    const int32_t *split_feature, const int32_t *split_bin, ptrdiff_t n_trees, ptrdiff_t depth,
    const double *leaves, ptrdiff_t n_outputs, uint16_t *restrict leaf, double *total)
{
    const ptrdiff_t tree = ((ptrdiff_t)1 << depth) * n_outputs;
    for (ptrdiff_t t = 0; t < n_trees; t++) {
        for (ptrdiff_t k = 0; k < m; k++)
            leaf[k] = 0;
        for (ptrdiff_t level = 0; level < depth; level++) {
            const uint8_t *restrict qs = q + (ptrdiff_t)split_feature[t * depth + level] * row;
            const uint8_t bin = (uint8_t)split_bin[t * depth + level];
            const uint16_t bit = (uint16_t)(1u << level);
            for (ptrdiff_t k = 0; k < m; k++)
                leaf[k] |= (uint16_t)((qs[k] > bin) * bit);
        }
        for (ptrdiff_t o = 0; o < n_outputs; o++) {
            double *restrict sums = total + o * row;
            const double *values = leaves + t * tree + o;
            for (ptrdiff_t k = 0; k < m; k++)
                sums[k] += values[leaf[k] * n_outputs];
        }
    }
}

/* Raw scores of the n rows of xt (features x rows, column-major input) into out (rows x
 * outputs), a chunk of rows at a time: a chunk's quantized features stay in the CPU cache
 * while every tree reads them. */
static void FOREST_FN(scores)(const struct forest_args *a)
{
    for (ptrdiff_t r0 = 0; r0 < a->n; r0 += a->chunk) {
        const ptrdiff_t m = a->n - r0 < a->chunk ? a->n - r0 : a->chunk;
        FOREST_FN(quantize)(a->xt + r0, a->n, m, a->n_features, a->borders, a->border_start,
                            a->q, a->row, a->wide);
        for (ptrdiff_t i = 0; i < a->n_outputs * a->row; i++)
            a->total[i] = 0.0;
        if (a->depth <= 8)
            FOREST_FN(trees8)(a->q, a->row, a->n_features, m, a->split_feature, a->split_bin,
                              a->n_trees, a->depth, a->leaves, a->n_outputs, a->leaf8, a->total);
        else
            FOREST_FN(trees16)(a->q, a->row, m, a->split_feature, a->split_bin, a->n_trees,
                               a->depth, a->leaves, a->n_outputs, a->leaf16, a->total);
        for (ptrdiff_t k = 0; k < m; k++)
            for (ptrdiff_t o = 0; o < a->n_outputs; o++)
                a->out[(r0 + k) * a->n_outputs + o] = a->total[o * a->row + k];
    }
}
