"""Block features for the learned scorer, computed for a whole page at once.

Text has no DOM, so evidence comes from the block itself (length, punctuation, stopwords,
boilerplate vocabulary), its neighbours (window means: content comes in runs) and the page
(where the densest run of sentence-like blocks lies). One compiled (numba) pass per page
computes every column from the page's arrays (``textarrays``): a page costs one call, not
a hundred numpy calls with their fixed overhead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numba
import numpy as np
import numpy.typing as npt

from decruft.page import textarrays as ta
from decruft.resources import all_stopwords, vocabulary

F32 = npt.NDArray[np.float32]

# Densest run: a sentence-like block adds its length, any other block costs this many chars.
RUN_GAP_COST = 60.0
# Sentence-like: at least this many words ...
SENTENCE_MIN_WORDS = 8
# ... and either ends like a sentence or has at least this share of stopwords (prose).
SENTENCE_MIN_STOP_RATIO = 0.2
# Window half-widths (in blocks) for neighbourhood means: near, paragraph, section, page part.
WINDOWS = (1, 3, 7, 15)
# Neighbour offsets whose own features are copied onto a block.
SHIFTS = (-2, -1, 1, 2)
_QUOTE_CLOSERS = "\"'”’»)"
_BULLETS = "-–—•*·▪►✓→"
_SEPARATORS = "|»›•·/"


# Bits of the word table ...
_STOP, _BOILERPLATE, _LEGAL, _DATE, _BYLINE, _LINK, _MARKER = 1, 2, 4, 8, 16, 32, 64
# The stopword bit, for other steps that read the word table (``stopword_table``).
STOP_BIT = _STOP
# A section marker ("Comments", "Related stories", "About the author") is a short block.
MARKER_MAX_WORDS = 6
# Markers are counted this many blocks around a block too.
MARKER_WINDOW = 3
# The boilerplate-pair table has one bit.
_IS_PAIR = 1
# ... and of the character table.
_C_SEPARATOR, _C_BULLET, _C_QUOTE_CLOSER, _C_LEGAL, _C_LINK = 1, 2, 4, 8, 16


@dataclass(frozen=True, slots=True)
class _Vocab:
    words: ta.WordTable
    # a hash-table probe per word pair: a binary search (np.searchsorted) per pair cost more
    # than the rest of the word loop
    boilerplate_pairs: ta.WordTable
    chars: npt.NDArray[np.uint8]


@cache
def _vocab() -> _Vocab:
    v = vocabulary()
    pairs = [(a, b) for a, b in v["boilerplate_pairs"]]
    first = ta.page_arrays([a for a, _ in pairs]).word_hash
    second = ta.page_arrays([b for _, b in pairs]).word_hash
    words = ta.WordTable.build(
        [
            (_STOP, ta.hash_words(all_stopwords())),
            (_BOILERPLATE, ta.hash_words(v["boilerplate"])),
            (_LEGAL, ta.hash_words(v["legal"])),
            (_DATE, ta.hash_words([*v["months"], *(str(y) for y in range(1900, 2100))])),
            (_BYLINE, ta.hash_words(v["byline"])),
            (_LINK, ta.hash_words(v["link"])),
            (_MARKER, ta.hash_words(v["section_markers"])),
        ]
    )
    chars = ta.char_table(
        [
            (_C_SEPARATOR, _SEPARATORS),
            (_C_BULLET, _BULLETS),
            (_C_QUOTE_CLOSER, _QUOTE_CLOSERS),
            (_C_LEGAL, "©"),
            (_C_LINK, "@"),
        ]
    )
    return _Vocab(words, ta.WordTable.build([(_IS_PAIR, ta.pair_hash(first, second))]), chars)


def stopword_table() -> ta.WordTable:
    """The features' word table; its STOP_BIT marks the stopwords of every language."""
    return _vocab().words


# Lexicon buckets: word and word-pair hashes are folded into 2**LEX_BITS buckets (1M: few
# collisions among the words and pairs that matter, 4 MiB as float32 in memory).
LEX_BITS = 20
_LEX_MULT = np.uint64(0x9E3779B97F4A7C15)
_PAIR_MULT = ta.PAIR_MULT
_COLON = ord(":")
F64 = npt.NDArray[np.float64]
U64 = ta.U64
I64 = ta.I64
OTHER, LOWER, UPPER, LETTER, DIGIT = ta.OTHER, ta.LOWER, ta.UPPER, ta.LETTER, ta.DIGIT
STOP, PUNCT, SYMBOL = ta.STOP, ta.PUNCT, ta.SYMBOL


def lex_buckets(word_hash: ta.U64) -> ta.I64:
    """Bucket of each word hash in the lexicon (top bits of a multiplicative re-hash)."""
    with np.errstate(over="ignore"):
        mixed = word_hash * _LEX_MULT
    return (mixed >> np.uint64(64 - LEX_BITS)).astype(np.int64)


def word_pairs(pa: ta.PageArrays) -> tuple[ta.U64, ta.I64]:
    """Hashes of adjacent word pairs inside each block, and the block of each pair."""
    wb = pa.word_block
    same = wb[:-1] == wb[1:]
    pairs = ta.pair_hash(pa.word_hash[:-1], pa.word_hash[1:])
    return pairs[same], wb[:-1][same]


# Feature names, in column order. Window and shift features are generated below.
_BLOCK_NAMES = (
    "log_chars",
    "log_words",
    "mean_word_len",
    "frac_letters",
    "frac_upper",
    "frac_digit",
    "frac_punct",
    "frac_symbol",
    "sentence_ends_per_word",
    "ends_sentence",
    "ends_colon",
    "ends_word",
    "starts_upper",
    "starts_lower",
    "starts_digit",
    "bullet",
    "stop_ratio",
    "title_ratio",
    "boilerplate_words",
    "boilerplate_ratio",
    "legal",
    "date_words",
    "byline",
    "link_words",
    "separators_per_word",
    "sentence_like",
    "same_first_word",
    "same_first_two_words",
    "occurrences",
    "later_repeat",
    "rel_index",
    "chars_before",
    "sentence_chars_before",
)
_SHIFT_OF = ("log_chars", "sentence_like", "ends_sentence")
_RUN_NAMES = (
    "in_run",
    "dist_to_run",
    "log_abs_dist_to_run",
    "dist_to_run_start",
    "run_share",
    "run_blocks",
    "markers_since_run_start",
    f"markers_within_{MARKER_WINDOW}",
)
_LEX_NAMES = (
    "pair_lex",
    "log_chars_vs_median",
    "log_chars_vs_max",
    "lex_vs_page",
    "length_rank",
    "lex_mean",
    "lex_sum",
    "lex_min",
    "lex_max",
)
_WINDOW_OF = ("log_chars", "sentence_like", "stop_ratio", "boilerplate", "lex")
_PAGE_NAMES = ("log_blocks", "log_page_chars", "page_sentence_share")
FEATURE_NAMES: tuple[str, ...] = (
    *_BLOCK_NAMES,
    *(f"shift{k}_{name}" for k in SHIFTS for name in _SHIFT_OF),
    *_RUN_NAMES,
    *_LEX_NAMES,
    *(f"win{h}_{name}" for h in WINDOWS for name in _WINDOW_OF),
    *_PAGE_NAMES,
)


@numba.njit(cache=True, nogil=True)
def _window_mean(x: F64, half: int) -> F64:
    """Mean of x over [i - half, i + half], clipped at the page's edges."""
    n = x.shape[0]
    c = np.zeros(n + 1)
    for i in range(n):
        c[i + 1] = c[i] + x[i]
    out = np.empty(n)
    for i in range(n):
        lo = max(i - half, 0)
        hi = min(i + half + 1, n)
        out[i] = (c[hi] - c[lo]) / (hi - lo)
    return out


@numba.njit(cache=True, nogil=True)
def _shifted(x: F64, k: int) -> F64:
    """x moved by k blocks (k > 0: the value k blocks before; 0 past the edges)."""
    n = x.shape[0]
    out = np.zeros(n)
    for i in range(n):
        j = i - k
        if 0 <= j < n:
            out[i] = x[j]
    return out


@numba.njit(cache=True, nogil=True)
def median(x: npt.NDArray[np.floating] | npt.NDArray[np.integer]) -> float:
    """np.median by a merge sort: numba's np.median and its quicksort can go quadratic on
    some orders of many equal values; a merge sort cannot (time per page stays bounded)."""
    n = x.shape[0]
    if n == 0:
        return np.nan
    s = x[np.argsort(x, kind="mergesort")]
    return 0.5 * (float(s[(n - 1) // 2]) + float(s[n // 2]))


@numba.njit(cache=True, nogil=True)
def densest_run(gain: F64) -> tuple[int, int]:
    """Maximum-sum contiguous run (inclusive bounds; the earliest-ending best run, started as
    late as possible); (0, -1) when no gain is > 0."""
    best = 0.0
    best_a, best_b = 0, -1
    prefix = 0.0
    low = 0.0
    low_at = 0
    for j in range(gain.shape[0]):
        if prefix <= low:
            low = prefix
            low_at = j
        prefix += gain[j]
        if prefix - low > best:
            best = prefix - low
            best_a, best_b = low_at, j
    return best_a, best_b


# group_sizes' table has at least this many slots per position: at most half full, a key's
# run of probes stays short.
_GROUP_SLOTS = 2
# Keys (already hashes) are spread over the table's slots by this odd multiplier.
_GROUP_MIX = np.uint64(0x9E3779B97F4A7C15)


@numba.njit(cache=True, nogil=True)
def group_ids(keys: U64, valid: npt.NDArray[np.bool_]) -> tuple[I64, int]:
    """A dense id per valid position's key (ids in order of first appearance; -1 where not
    valid) and how many ids there are. One pass through an open-addressing table of the
    keys (each slot holds its key, so a probe is one compare): linear, unlike a sort."""
    n = keys.shape[0]
    cap = 1
    while cap < _GROUP_SLOTS * n:
        cap *= 2
    mask = np.uint64(cap - 1)
    slot_key = np.zeros(cap, dtype=np.uint64)
    slot_id = np.full(cap, -1, dtype=np.int64)
    ids = np.full(n, -1, dtype=np.int64)
    groups = 0
    for i in range(n):
        if valid[i]:
            key = keys[i]
            s = ((key * _GROUP_MIX) >> np.uint64(32)) & mask
            while slot_id[s] >= 0 and slot_key[s] != key:
                s = (s + np.uint64(1)) & mask
            if slot_id[s] < 0:
                slot_id[s] = groups
                slot_key[s] = key
                groups += 1
            ids[i] = slot_id[s]
    return ids, groups


@numba.njit(cache=True, nogil=True)
def group_sizes(keys: U64, valid: npt.NDArray[np.bool_]) -> tuple[I64, I64]:
    """For each valid position: how many valid positions share its key, and the first
    (``group_ids``); an invalid position is alone, and its own first."""
    n = keys.shape[0]
    ids, groups = group_ids(keys, valid)
    count = np.zeros(groups, dtype=np.int64)
    lead = np.zeros(groups, dtype=np.int64)
    for i in range(n - 1, -1, -1):  # backwards: the first position is written last
        g = ids[i]
        if g >= 0:
            count[g] += 1
            lead[g] = i
    size = np.zeros(n, dtype=np.int64)
    first = np.arange(n)
    for i in range(n):
        g = ids[i]
        if g >= 0:
            size[i] = count[g]
            first[i] = lead[g]
    return size, first


def feature_rows(n: int, columns: int, out: F32 | None = None) -> F32:
    """``out``, checked to be n rows of ``columns`` features, or a new zero matrix of that
    shape, column-major (each feature's column contiguous), as the forest reads it: it needs
    no transposed copy, and writing a column is a contiguous pass. A caller passes ``out`` to
    have a kernel fill a column block of a wider matrix (no copy to join them)."""
    if out is None:
        return np.zeros((columns, n), dtype=np.float32).T
    if out.shape != (n, columns):
        raise ValueError(f"rows of {n} blocks x {columns} features go to {out.shape}")
    return out


@numba.njit(cache=True, nogil=True)
def log1p_counts(n: int) -> F64:
    """``np.log1p(k)`` for k = 0 .. n: a page's count features (of blocks, within the page)
    look it up instead of calling log1p per block and column (the same values)."""
    return np.log1p(np.arange(n + 1).astype(np.float64))


@numba.njit(cache=True, nogil=True)
def _bucket(h: np.uint64) -> int:
    return int((h * np.uint64(_LEX_MULT)) >> np.uint64(64 - LEX_BITS))


@numba.njit(cache=True, nogil=True)
def _kernel(
    cps: npt.NDArray[np.uint32],
    cls: npt.NDArray[np.uint8],
    starts: I64,
    lengths: I64,
    counts: I64,
    word_hash: U64,
    word_block: I64,
    word_first_cls: npt.NDArray[np.uint8],
    block_key: U64,
    table_keys: U64,
    table_bits: npt.NDArray[np.uint32],
    pair_keys: U64,
    pair_bits: npt.NDArray[np.uint32],
    char_tab: npt.NDArray[np.uint8],
    lexicon: F32,
    out: F32,
) -> None:
    """Writes every row of ``out``'s first len(FEATURE_NAMES) columns (nothing else)."""
    n = lengths.shape[0]
    nw = word_hash.shape[0]
    has_lex = lexicon.shape[0] > 0
    # Word counts per block are counted in ints and made floats after the loop (the same
    # values): a float add's latency chained every count through consecutive words.
    words = np.zeros(n, dtype=np.int64)
    stop = np.zeros(n, dtype=np.int64)
    bp = np.zeros(n, dtype=np.int64)
    legal = np.zeros(n, dtype=np.int64)
    date = np.zeros(n, dtype=np.int64)
    link = np.zeros(n, dtype=np.int64)
    marker_words = np.zeros(n, dtype=np.int64)
    upper_init = np.zeros(n, dtype=np.int64)
    lex_sum = np.zeros(n)
    lex_min = np.zeros(n)
    lex_max = np.zeros(n)
    pair_sum = np.zeros(n)
    byline = np.zeros(n)
    lead = np.zeros(n, dtype=np.uint64)
    lead2 = np.zeros(n, dtype=np.uint64)
    has_word = np.zeros(n, dtype=np.bool_)
    two_words = np.zeros(n, dtype=np.bool_)
    # The lexicon (4 MiB) is read first, in a loop of lookups alone: the CPU overlaps their
    # cache misses there, which it could not among the word loop's other work (~2x faster).
    word_odds = np.zeros(nw, dtype=np.float32)
    pair_odds = np.zeros(nw, dtype=np.float32)  # of word w and word w + 1 (same block)
    if has_lex:
        for w in range(nw):
            word_odds[w] = lexicon[_bucket(word_hash[w])]
        for w in range(nw - 1):
            if word_block[w + 1] == word_block[w]:
                pair = word_hash[w] * np.uint64(_PAIR_MULT) + word_hash[w + 1]
                pair_odds[w] = lexicon[_bucket(pair)]
    for w in range(nw):
        b = word_block[w]
        h = word_hash[w]
        bits = ta.probe(table_keys, table_bits, h)
        first_of_block = words[b] == 0
        words[b] += 1
        stop[b] += (bits & _STOP) != 0
        bp[b] += (bits & _BOILERPLATE) != 0
        legal[b] += (bits & _LEGAL) != 0
        date[b] += (bits & _DATE) != 0
        link[b] += (bits & _LINK) != 0
        marker_words[b] += (bits & _MARKER) != 0
        upper_init[b] += word_first_cls[w] == UPPER
        if first_of_block:
            has_word[b] = True
            lead[b] = h
            byline[b] = (bits & _BYLINE) != 0
        elif words[b] == 2:
            two_words[b] = True
            lead2[b] = lead[b] * np.uint64(_PAIR_MULT) + h
        if w + 1 < nw and word_block[w + 1] == b:
            pair = h * np.uint64(_PAIR_MULT) + word_hash[w + 1]
            bp[b] += (ta.probe(pair_keys, pair_bits, pair) & _IS_PAIR) != 0
            pair_sum[b] += pair_odds[w]
        if has_lex:
            odds = word_odds[w]
            lex_sum[b] += odds
            if first_of_block or odds < lex_min[b]:
                lex_min[b] = odds
            if first_of_block or odds > lex_max[b]:
                lex_max[b] = odds

    words = words.astype(np.float64)
    stop = stop.astype(np.float64)
    bp = bp.astype(np.float64)
    legal = legal.astype(np.float64)
    date = date.astype(np.float64)
    link = link.astype(np.float64)
    marker_words = marker_words.astype(np.float64)
    upper_init = upper_init.astype(np.float64)
    chars = lengths.astype(np.float64)
    log_chars = np.log1p(chars)
    sentence_like = np.zeros(n)
    ends_sentence = np.zeros(n)
    stop_ratio = np.zeros(n)
    lex_mean = np.zeros(n)
    marker = np.zeros(n)
    for b in range(n):
        length = lengths[b]
        start = starts[b]
        c = counts[b]
        safe = max(chars[b], 1.0)
        safe_words = max(words[b], 1.0)
        letters = float(c[LOWER] + c[UPPER] + c[LETTER])
        first_cls = cls[start] if length > 0 else OTHER
        last_cls = cls[start + length - 1] if length > 0 else OTHER
        before_last = cls[start + length - 2] if length > 1 else OTHER
        last_bits = char_tab[min(cps[start + length - 1], 0xFFFF)] if length > 0 else 0
        first_bits = char_tab[min(cps[start], 0xFFFF)] if length > 0 else 0
        ends = last_cls == STOP or ((last_bits & _C_QUOTE_CLOSER) != 0 and before_last == STOP)
        legal_chars = 0  # ints, as the word counts above
        link_chars = 0
        separators = 0
        for i in range(start, start + length):
            bits = char_tab[min(cps[i], 0xFFFF)]
            legal_chars += (bits & _C_LEGAL) != 0
            link_chars += (bits & _C_LINK) != 0
            separators += (bits & _C_SEPARATOR) != 0
        stop_ratio[b] = stop[b] / safe_words
        ends_sentence[b] = ends
        is_sentence = words[b] >= SENTENCE_MIN_WORDS and (
            ends or stop_ratio[b] >= SENTENCE_MIN_STOP_RATIO
        )
        sentence_like[b] = is_sentence
        lex_mean[b] = lex_sum[b] / safe_words
        marker[b] = marker_words[b] > 0 and words[b] <= MARKER_MAX_WORDS
        row = out[b]
        row[0] = log_chars[b]
        row[1] = np.log1p(words[b])
        row[2] = letters / safe_words
        row[3] = letters / safe
        row[4] = c[UPPER] / max(letters, 1.0)
        row[5] = c[DIGIT] / safe
        row[6] = c[PUNCT] / safe
        row[7] = c[SYMBOL] / safe
        row[8] = c[STOP] / safe_words
        row[9] = ends
        row[10] = length > 0 and cps[start + length - 1] == _COLON
        row[11] = last_cls in (LOWER, UPPER, LETTER)
        row[12] = first_cls == UPPER
        row[13] = first_cls == LOWER
        row[14] = first_cls == DIGIT
        row[15] = (first_bits & _C_BULLET) != 0
        row[16] = stop_ratio[b]
        row[17] = upper_init[b] / safe_words
        row[18] = bp[b]
        row[19] = bp[b] / safe_words
        row[20] = legal[b] + legal_chars
        row[21] = date[b]
        row[22] = byline[b]
        row[23] = link[b] + link_chars
        row[24] = separators / safe_words
        row[25] = is_sentence

    log_count = log1p_counts(n)  # counts of blocks: 0 .. n
    same_lead, _ = group_sizes(lead, has_word)
    same_lead2, _ = group_sizes(lead2, two_words)
    occurrences, first_at = group_sizes(block_key, np.ones(n, dtype=np.bool_))
    total = max(chars.sum(), 1.0)
    sent_chars = chars * sentence_like
    total_sent = max(sent_chars.sum(), 1.0)
    gain = np.where(sentence_like > 0, chars, -RUN_GAP_COST)
    a, b_end = densest_run(gain)
    if b_end < a:
        a, b_end = 0, n - 1
    run_share = sent_chars[a : b_end + 1].sum() / total_sent
    cum_marker = np.cumsum(marker)
    before_run = cum_marker[a] - marker[a] if n > 0 else 0.0
    markers_near = _window_mean(marker, MARKER_WINDOW)
    page_lex = lex_sum.sum() / max(words.sum(), 1.0)
    top = log_chars.max() if n > 0 else 0.0
    rank = np.empty(n)
    # stable order by length, by merge sort: numba's quicksort goes quadratic on some orders
    # (a hundred thousand equal blocks and one shorter took minutes)
    order = np.argsort(lengths, kind="mergesort")
    # the median of log_chars (monotone in length), as np.median, from the same order
    median = 0.5 * (log_chars[order[(n - 1) // 2]] + log_chars[order[n // 2]]) if n > 0 else 0.0
    for r in range(n):
        rank[order[r]] = r
    last = max(n - 1, 1)
    cum_chars = 0.0
    cum_sent = 0.0
    col = 26
    for i in range(n):
        row = out[i]
        row[col] = log_count[max(same_lead[i] - 1, 0)]
        row[col + 1] = log_count[max(same_lead2[i] - 1, 0)]
        row[col + 2] = occurrences[i]
        row[col + 3] = first_at[i] != i
        row[col + 4] = i / last
        row[col + 5] = cum_chars / total
        row[col + 6] = cum_sent / total_sent
        cum_chars += chars[i]
        cum_sent += sent_chars[i]
    col += 7
    # Shifted copies and (below) window means are written row by row, as _shifted and
    # _window_mean compute them, with the rest of each row.
    for i in range(n):
        row = out[i]
        at = col
        for k in SHIFTS:
            j = i - k
            for x in (log_chars, sentence_like, ends_sentence):
                row[at] = x[j] if 0 <= j < n else 0.0
                at += 1
    col += len(SHIFTS) * 3
    for i in range(n):
        row = out[i]
        dist = i - a if i < a else (i - b_end if i > b_end else 0)
        row[col] = a <= i <= b_end
        row[col + 1] = dist
        row[col + 2] = log_count[abs(dist)]
        row[col + 3] = i - a
        row[col + 4] = run_share
        row[col + 5] = b_end - a + 1
        row[col + 6] = log_count[int(max(cum_marker[i] - marker[i] - before_run, 0.0))]
        row[col + 7] = markers_near[i]
        row[col + 8] = pair_sum[i] / max(words[i] - 1.0, 1.0)
        row[col + 9] = log_chars[i] - median
        row[col + 10] = log_chars[i] - top
        row[col + 11] = lex_mean[i] - page_lex
        row[col + 12] = rank[i] / last
        row[col + 13] = lex_mean[i]
        row[col + 14] = lex_sum[i]
        row[col + 15] = lex_min[i]
        row[col + 16] = lex_max[i]
    col += 17
    windowed = (log_chars, sentence_like, stop_ratio, bp, lex_mean)
    prefix = np.zeros((len(windowed), n + 1))
    for j, x in enumerate(windowed):
        for i in range(n):
            prefix[j, i + 1] = prefix[j, i] + x[i]
    for i in range(n):
        row = out[i]
        at = col
        for half in WINDOWS:
            lo = max(i - half, 0)
            hi = min(i + half + 1, n)
            for j in range(len(windowed)):
                row[at] = (prefix[j, hi] - prefix[j, lo]) / (hi - lo)
                at += 1
    col += len(WINDOWS) * len(windowed)
    sentence_share = sentence_like.mean() if n > 0 else 0.0
    log_n, log_total = np.log1p(n), np.log1p(total)
    for i in range(n):
        out[i, col] = log_n
        out[i, col + 1] = log_total
        out[i, col + 2] = sentence_share


_NO_LEXICON = np.zeros(0, dtype=np.float32)


def page_features(
    texts: Sequence[str],
    lexicon: F32 | None = None,
    arrays: ta.PageArrays | None = None,
    extra_columns: int = 0,
    out: F32 | None = None,
) -> F32:
    """Feature matrix (blocks x len(FEATURE_NAMES)) for one page, in one compiled pass.

    ``lexicon`` holds a learned article-vs-boilerplate log-odds per word bucket; without it
    the lexical features are 0. ``arrays`` may be passed when the caller already has them.
    ``extra_columns``: zero columns after the features, for a caller to fill (the matrix is
    not copied again to widen it). ``out``: the rows to write them into (``feature_rows``; the
    features fill its first len(FEATURE_NAMES) columns), returned.
    """
    pa = arrays if arrays is not None else ta.page_arrays(texts)
    out = feature_rows(pa.n, len(FEATURE_NAMES) + extra_columns, out)
    voc = _vocab()
    _kernel(
        pa.cps,
        pa.cls,
        pa.starts,
        pa.lengths,
        pa.counts,
        pa.word_hash,
        pa.word_block,
        pa.word_first_cls,
        pa.block_key,
        voc.words.keys,
        voc.words.bits,
        voc.boilerplate_pairs.keys,
        voc.boilerplate_pairs.bits,
        voc.chars,
        lexicon if lexicon is not None else _NO_LEXICON,
        out,
    )
    return out
