# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The feature columns of ``_features``' kernel, by name, and the sub-kernels that write
each slice of them (inlined into ``_features``): a column is written where its name puts
it, and ``_features.COLUMNS`` (checked against ``features.FEATURE_NAMES`` at import) says
where that is."""

from libc.math cimport log1p
from libc.stdint cimport int64_t

cdef enum:
    N_SHIFTS = 4
    N_WINDOWS = 4
    N_WINDOWED = 5
    N_SHIFTED = 3  # the shifted copies of each block: log_chars, sentence_like, ends_sentence

# The feature columns, in ``features.FEATURE_NAMES``' order (``features`` checks ``COLUMNS``
# against those names at import): the block columns one by one, then the slices that the
# sub-kernels below write, each from its named first column.
cdef enum:
    F_LOG_CHARS
    F_LOG_WORDS
    F_MEAN_WORD_LEN
    F_FRAC_LETTERS
    F_FRAC_UPPER
    F_FRAC_DIGIT
    F_FRAC_PUNCT
    F_FRAC_SYMBOL
    F_SENTENCE_ENDS_PER_WORD
    F_ENDS_SENTENCE
    F_ENDS_COLON
    F_ENDS_WORD
    F_STARTS_UPPER
    F_STARTS_LOWER
    F_STARTS_DIGIT
    F_BULLET
    F_STOP_RATIO
    F_TITLE_RATIO
    F_BOILERPLATE_WORDS
    F_BOILERPLATE_RATIO
    F_LEGAL
    F_DATE_WORDS
    F_BYLINE
    F_LINK_WORDS
    F_SEPARATORS_PER_WORD
    F_SENTENCE_LIKE
    F_SAME_FIRST_WORD  # _position_columns
    F_SAME_FIRST_TWO_WORDS
    F_OCCURRENCES
    F_LATER_REPEAT
    F_REL_INDEX
    F_CHARS_BEFORE
    F_SENTENCE_CHARS_BEFORE
    F_SHIFTS  # _shift_columns: N_SHIFTS x N_SHIFTED
    F_IN_RUN = F_SHIFTS + N_SHIFTS * N_SHIFTED  # _run_columns
    F_DIST_TO_RUN
    F_LOG_ABS_DIST_TO_RUN
    F_DIST_TO_RUN_START
    F_RUN_SHARE
    F_RUN_BLOCKS
    F_MARKERS_SINCE_RUN_START
    F_MARKERS_NEAR
    F_PAIR_LEX  # _lex_columns
    F_LOG_CHARS_VS_MEDIAN
    F_LOG_CHARS_VS_MAX
    F_LEX_VS_PAGE
    F_LENGTH_RANK
    F_LEX_MEAN
    F_LEX_SUM
    F_LEX_MIN
    F_LEX_MAX
    F_WINDOWS  # _window_columns: N_WINDOWS x N_WINDOWED
    F_LOG_BLOCKS = F_WINDOWS + N_WINDOWS * N_WINDOWED  # _page_columns
    F_LOG_PAGE_CHARS
    F_PAGE_SENTENCE_SHARE
    N_FEATURES


cdef inline void _position_columns(
    float[:, :] out,
    Py_ssize_t n,
    Py_ssize_t last,
    const double* log_count,
    const int64_t* same_lead,
    const int64_t* same_lead2,
    const int64_t* occurrences,
    const int64_t* first_at,
    const double* chars,
    const double* sent_chars,
    double total,
    double total_sent,
) noexcept:
    """F_SAME_FIRST_WORD .. F_SENTENCE_CHARS_BEFORE: where a block is and what repeats it."""
    cdef Py_ssize_t i
    cdef double cum_chars = 0.0
    cdef double cum_sent = 0.0
    for i in range(n):
        out[i, F_SAME_FIRST_WORD] = <float>log_count[
            same_lead[i] - 1 if same_lead[i] - 1 > 0 else 0
        ]
        out[i, F_SAME_FIRST_TWO_WORDS] = <float>log_count[
            same_lead2[i] - 1 if same_lead2[i] - 1 > 0 else 0
        ]
        out[i, F_OCCURRENCES] = <float>occurrences[i]
        out[i, F_LATER_REPEAT] = first_at[i] != i
        out[i, F_REL_INDEX] = <float>(<double>i / <double>last)
        out[i, F_CHARS_BEFORE] = <float>(cum_chars / total)
        out[i, F_SENTENCE_CHARS_BEFORE] = <float>(cum_sent / total_sent)
        cum_chars += chars[i]
        cum_sent += sent_chars[i]


cdef inline void _shift_columns(
    float[:, :] out,
    Py_ssize_t n,
    const Py_ssize_t* shifts,
    const double* log_chars,
    const double* sentence_like,
    const double* ends_sentence,
) noexcept:
    """F_SHIFTS: the N_SHIFTED features of the blocks ``shifts`` away (0 past the page's ends)."""
    cdef Py_ssize_t i, j, k, at
    for i in range(n):
        at = F_SHIFTS
        for k in range(N_SHIFTS):
            j = i - shifts[k]
            if 0 <= j < n:
                out[i, at] = <float>log_chars[j]
                out[i, at + 1] = <float>sentence_like[j]
                out[i, at + 2] = <float>ends_sentence[j]
            else:
                out[i, at] = 0.0
                out[i, at + 1] = 0.0
                out[i, at + 2] = 0.0
            at += N_SHIFTED


cdef inline void _run_columns(
    float[:, :] out,
    Py_ssize_t n,
    Py_ssize_t a,
    Py_ssize_t b_end,
    double run_share,
    const double* log_count,
    const double* cum_marker,
    const double* marker,
    double before_run,
    const double* markers_near,
) noexcept:
    """F_IN_RUN .. F_MARKERS_NEAR: each block against the densest run of sentences a..b_end."""
    cdef Py_ssize_t i, dist
    cdef double x
    for i in range(n):
        dist = i - a if i < a else (i - b_end if i > b_end else 0)
        out[i, F_IN_RUN] = a <= i <= b_end
        out[i, F_DIST_TO_RUN] = <float>dist
        out[i, F_LOG_ABS_DIST_TO_RUN] = <float>log_count[dist if dist >= 0 else -dist]
        out[i, F_DIST_TO_RUN_START] = <float>(i - a)
        out[i, F_RUN_SHARE] = <float>run_share
        out[i, F_RUN_BLOCKS] = <float>(b_end - a + 1)
        x = cum_marker[i] - marker[i] - before_run
        out[i, F_MARKERS_SINCE_RUN_START] = <float>log_count[<Py_ssize_t>(x if x > 0.0 else 0.0)]
        out[i, F_MARKERS_NEAR] = <float>markers_near[i]


cdef inline void _lex_columns(
    float[:, :] out,
    Py_ssize_t n,
    Py_ssize_t last,
    const double* words,
    const double* pair_sum,
    const double* log_chars,
    double med,
    double top,
    const double* lex_mean,
    double page_lex,
    const double* rank,
    const double* lex_sum,
    const double* lex_min,
    const double* lex_max,
) noexcept:
    """F_PAIR_LEX .. F_LEX_MAX: the lexicon's odds and each block's length against the page's."""
    cdef Py_ssize_t i
    cdef double x
    for i in range(n):
        x = words[i] - 1.0
        out[i, F_PAIR_LEX] = <float>(pair_sum[i] / (x if x > 1.0 else 1.0))
        out[i, F_LOG_CHARS_VS_MEDIAN] = <float>(log_chars[i] - med)
        out[i, F_LOG_CHARS_VS_MAX] = <float>(log_chars[i] - top)
        out[i, F_LEX_VS_PAGE] = <float>(lex_mean[i] - page_lex)
        out[i, F_LENGTH_RANK] = <float>(rank[i] / <double>last)
        out[i, F_LEX_MEAN] = <float>lex_mean[i]
        out[i, F_LEX_SUM] = <float>lex_sum[i]
        out[i, F_LEX_MIN] = <float>lex_min[i]
        out[i, F_LEX_MAX] = <float>lex_max[i]


cdef inline void _window_columns(
    float[:, :] out,
    Py_ssize_t n,
    Py_ssize_t m,
    const Py_ssize_t* windows,
    const double** windowed,
    double* prefix,
) noexcept:
    """F_WINDOWS: the mean of each of the N_WINDOWED columns over the blocks within each of
    WINDOWS of a block (clipped at the page's ends), from prefix sums."""
    cdef Py_ssize_t i, j, k, at, half, lo, hi
    for j in range(N_WINDOWED):
        prefix[j * m] = 0.0
        for i in range(n):
            prefix[j * m + i + 1] = prefix[j * m + i] + windowed[j][i]
    for i in range(n):
        at = F_WINDOWS
        for k in range(N_WINDOWS):
            half = windows[k]
            lo = i - half if i - half > 0 else 0
            hi = i + half + 1 if i + half + 1 < n else n
            for j in range(N_WINDOWED):
                out[i, at] = <float>((prefix[j * m + hi] - prefix[j * m + lo]) / <double>(hi - lo))
                at += 1


cdef inline void _page_columns(
    float[:, :] out, Py_ssize_t n, double total, const double* sentence_like
) noexcept:
    """F_LOG_BLOCKS .. F_PAGE_SENTENCE_SHARE: the page's own size, the same in every row."""
    cdef Py_ssize_t i
    cdef double s = 0.0
    for i in range(n):
        s += sentence_like[i]
    cdef double sentence_share = s / <double>n if n > 0 else 0.0
    cdef double log_n = log1p(<double>n)
    cdef double log_total = log1p(total)
    for i in range(n):
        out[i, F_LOG_BLOCKS] = <float>log_n
        out[i, F_LOG_PAGE_CHARS] = <float>log_total
        out[i, F_PAGE_SENTENCE_SHARE] = <float>sentence_share
