"""Block features for the learned scorer, computed for a whole page at once.

Text has no DOM, so evidence comes from the block itself (length, punctuation, stopwords,
boilerplate vocabulary), its neighbours (window means: content comes in runs) and the page
(where the densest run of sentence-like blocks lies). All counting is vectorized over the
page (see ``textarrays``); there is no per-block Python loop except the repeat count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

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
# A section marker ("Comments", "Related stories", "About the author") is a short block.
MARKER_MAX_WORDS = 6
# Markers are counted this many blocks around a block too.
MARKER_WINDOW = 3
# ... and of the character table.
_C_SEPARATOR, _C_BULLET, _C_QUOTE_CLOSER, _C_LEGAL, _C_LINK = 1, 2, 4, 8, 16


@dataclass(frozen=True, slots=True)
class _Vocab:
    words: ta.WordTable
    boilerplate_pairs: ta.U64
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
    return _Vocab(words, np.unique(ta.pair_hash(first, second)), chars)


def _window_means(x: F32, halves: Sequence[int]) -> list[F32]:
    """Column means of x (blocks x k) over rows [i-h, i+h] for each h, clipped at the edges."""
    n = len(x)
    c = np.concatenate((np.zeros((1, x.shape[1])), np.cumsum(x, axis=0, dtype=np.float64)))
    idx = np.arange(n)
    out: list[F32] = []
    for half in halves:
        lo = np.maximum(idx - half, 0)
        hi = np.minimum(idx + half + 1, n)
        out.append(((c[hi] - c[lo]) / (hi - lo)[:, None]).astype(np.float32))
    return out


def _shift(x: F32, k: int) -> F32:
    """x moved by k blocks (k > 0: the value k blocks before; 0 past the edges)."""
    out = np.zeros_like(x)
    if k > 0:
        out[k:] = x[:-k]
    elif k < 0:
        out[:k] = x[-k:]
    else:
        out[:] = x
    return out


def densest_run(gain: F32) -> tuple[int, int]:
    """Maximum-sum contiguous run of blocks (inclusive bounds); (0, -1) when no gain is > 0."""
    if len(gain) == 0:
        return 0, -1
    c = np.concatenate(([0.0], np.cumsum(gain, dtype=np.float64)))
    low = np.minimum.accumulate(c[:-1])
    # where the running minimum of the prefix sums was last reached: the best run start
    low_at = np.maximum.accumulate(np.where(c[:-1] <= low, np.arange(len(gain)), 0))
    value = c[1:] - low
    end = int(np.argmax(value))
    if value[end] <= 0:
        return 0, -1
    return int(low_at[end]), end


# Lexicon buckets: word and word-pair hashes are folded into 2**LEX_BITS buckets (1M: few
# collisions among the words and pairs that matter, 4 MiB as float32 in memory).
LEX_BITS = 20


def lex_buckets(word_hash: ta.U64) -> ta.I64:
    """Bucket of each word hash in the lexicon (top bits of a multiplicative re-hash)."""
    with np.errstate(over="ignore"):
        mixed = word_hash * np.uint64(0x9E3779B97F4A7C15)
    return (mixed >> np.uint64(64 - LEX_BITS)).astype(np.int64)


def _same_key_counts(keys: ta.U64, valid: npt.NDArray[np.bool_]) -> F32:
    """For each valid position, how many other valid positions hold the same key."""
    out = np.zeros(len(keys), dtype=np.float32)
    if valid.any():
        _, inverse, counts = np.unique(keys[valid], return_inverse=True, return_counts=True)
        out[valid] = counts[inverse] - 1
    return out


def word_pairs(pa: ta.PageArrays) -> tuple[ta.U64, ta.I64]:
    """Hashes of adjacent word pairs inside each block, and the block of each pair."""
    wb = pa.word_block
    same = wb[:-1] == wb[1:]
    pairs = ta.pair_hash(pa.word_hash[:-1], pa.word_hash[1:])
    return pairs[same], wb[:-1][same]


def page_features(
    texts: Sequence[str], lexicon: F32 | None = None, arrays: ta.PageArrays | None = None
) -> F32:
    """Feature matrix (blocks x len(FEATURE_NAMES)) for one page.

    ``lexicon`` holds a learned article-vs-boilerplate log-odds per word bucket; without it
    the lexical features are 0. ``arrays`` may be passed when the caller already has them.
    """
    return _features(texts, lexicon, arrays)[0]


def _features(
    texts: Sequence[str], lexicon: F32 | None = None, arrays: ta.PageArrays | None = None
) -> tuple[F32, list[str]]:
    n = len(texts)
    names: list[str] = []
    cols: list[F32] = []

    def add(name: str, col: npt.ArrayLike) -> None:
        names.append(name)
        cols.append(np.asarray(col, dtype=np.float32))

    pa = arrays if arrays is not None else ta.page_arrays(texts)
    voc = _vocab()
    counts = pa.counts
    chars = pa.lengths.astype(np.float32)
    safe = np.maximum(chars, 1.0)
    wb = pa.word_block
    words = np.bincount(wb, minlength=n).astype(np.float32)
    safe_words = np.maximum(words, 1.0)
    letters = (counts[:, ta.LOWER] + counts[:, ta.UPPER] + counts[:, ta.LETTER]).astype(np.float32)

    word_bits = voc.words.lookup(pa.word_hash)
    char_bits = voc.chars[np.minimum(pa.cps, 0xFFFF)]

    def words_in(bit: int) -> F32:
        return pa.per_block((word_bits & bit) != 0).astype(np.float32)

    def chars_in(bit: int) -> F32:
        hit = (char_bits & bit) != 0
        return np.bincount(pa.block_of[hit], minlength=n).astype(np.float32)

    stop = words_in(_STOP)
    bp = words_in(_BOILERPLATE)
    if len(pa.word_hash) > 1:
        pairs = ta.pair_hash(pa.word_hash[:-1], pa.word_hash[1:])
        same = wb[:-1] == wb[1:]
        hit = ta.member(pairs, voc.boilerplate_pairs) & same
        bp = bp + np.bincount(wb[:-1][hit], minlength=n).astype(np.float32)
    upper_init = pa.per_block(pa.word_first_cls == ta.UPPER).astype(np.float32)

    nonempty = pa.lengths > 0
    first_pos = np.where(nonempty, pa.starts, 0)
    last_pos = np.where(nonempty, pa.starts + pa.lengths - 1, 0)
    # one padding character so that a page of empty blocks still has a position 0 to read
    cls = np.append(pa.cls, np.uint8(ta.OTHER))
    cps = np.append(pa.cps, np.uint32(0))
    bits_pad = np.append(char_bits, np.uint8(0))
    first_cls = np.where(nonempty, cls[first_pos], ta.OTHER)
    last_cls = np.where(nonempty, cls[last_pos], ta.OTHER)
    before_last = np.where(pa.lengths > 1, cls[np.maximum(last_pos - 1, 0)], ta.OTHER)
    quoted_end = ((bits_pad[last_pos] & _C_QUOTE_CLOSER) != 0) & (before_last == ta.STOP)
    ends_sentence = (last_cls == ta.STOP) | quoted_end
    ends_colon = cps[last_pos] == ord(":")
    # first word of each block (to spot bylines)
    first_word = np.full(n, -1, dtype=np.int64)
    if len(wb):
        idx_first = np.flatnonzero(np.concatenate(([True], wb[1:] != wb[:-1])))
        first_word[wb[idx_first]] = idx_first
    has_word = first_word >= 0
    byline = np.zeros(n, dtype=bool)
    byline[has_word] = (word_bits[first_word[has_word]] & _BYLINE) != 0
    bullet = ((bits_pad[first_pos] & _C_BULLET) != 0) & nonempty

    # blocks that start like many others on the page ("Image Credit: …", "» Related: …")
    hashes = pa.word_hash if len(wb) else np.zeros(1, dtype=np.uint64)  # a page of no words
    lead = np.where(has_word, hashes[np.maximum(first_word, 0)], np.uint64(0))
    second = np.minimum(first_word + 1, max(len(wb) - 1, 0))
    two_words = has_word & (first_word + 1 < len(wb))
    two_words[two_words] &= wb[second[two_words]] == np.flatnonzero(two_words)
    lead2 = np.where(two_words, ta.pair_hash(lead, hashes[second]), np.uint64(0))
    same_lead = _same_key_counts(lead, has_word)
    same_lead2 = _same_key_counts(lead2, two_words)

    log_chars = np.log1p(chars)
    stop_ratio = stop / safe_words
    sentence_like = (
        (words >= SENTENCE_MIN_WORDS) & (ends_sentence | (stop_ratio >= SENTENCE_MIN_STOP_RATIO))
    ).astype(np.float32)
    add("log_chars", log_chars)
    add("log_words", np.log1p(words))
    add("mean_word_len", letters / safe_words)
    add("frac_letters", letters / safe)
    add("frac_upper", counts[:, ta.UPPER] / np.maximum(letters, 1.0))
    add("frac_digit", counts[:, ta.DIGIT] / safe)
    add("frac_punct", counts[:, ta.PUNCT] / safe)
    add("frac_symbol", counts[:, ta.SYMBOL] / safe)
    add("sentence_ends_per_word", counts[:, ta.STOP] / safe_words)
    add("ends_sentence", ends_sentence)
    add("ends_colon", ends_colon)
    add("ends_word", (last_cls == ta.LOWER) | (last_cls == ta.UPPER) | (last_cls == ta.LETTER))
    add("starts_upper", first_cls == ta.UPPER)
    add("starts_lower", first_cls == ta.LOWER)
    add("starts_digit", first_cls == ta.DIGIT)
    add("bullet", bullet)
    add("stop_ratio", stop_ratio)
    add("title_ratio", upper_init / safe_words)
    add("boilerplate_words", bp)
    add("boilerplate_ratio", bp / safe_words)
    add("legal", words_in(_LEGAL) + chars_in(_C_LEGAL))
    add("date_words", words_in(_DATE))
    add("byline", byline)
    add("link_words", words_in(_LINK) + chars_in(_C_LINK))
    add("separators_per_word", chars_in(_C_SEPARATOR) / safe_words)
    add("sentence_like", sentence_like)
    add("same_first_word", np.log1p(same_lead))
    add("same_first_two_words", np.log1p(same_lead2))

    first_at = ta.first_occurrence(pa.block_key) if n else np.zeros(0, dtype=np.int64)
    add("occurrences", np.bincount(first_at, minlength=n)[first_at])
    add("later_repeat", first_at != np.arange(n))

    idx = np.arange(n, dtype=np.float32)
    cum_chars = np.cumsum(chars)
    total = max(float(cum_chars[-1]) if n else 0.0, 1.0)
    sent_chars = chars * sentence_like
    cum_sent = np.cumsum(sent_chars)
    total_sent = max(float(cum_sent[-1]) if n else 0.0, 1.0)
    add("rel_index", idx / max(n - 1, 1))
    add("chars_before", (cum_chars - chars) / total)
    add("sentence_chars_before", (cum_sent - sent_chars) / total_sent)

    near = np.stack([log_chars, sentence_like, ends_sentence.astype(np.float32)], axis=1)
    for offset in SHIFTS:
        shifted = _shift(near, offset)
        for j, name in enumerate(("log_chars", "sentence_like", "ends_sentence")):
            add(f"shift{offset}_{name}", shifted[:, j])

    gain = np.where(sentence_like > 0, chars, -RUN_GAP_COST).astype(np.float32)
    a, b = densest_run(gain)
    if b < a:
        a, b = 0, n - 1
    dist = np.where(idx < a, idx - a, np.where(idx > b, idx - b, 0.0))
    add("in_run", (idx >= a) & (idx <= b))
    add("dist_to_run", dist)
    add("log_abs_dist_to_run", np.log1p(np.abs(dist)))
    add("dist_to_run_start", idx - a)
    add("run_share", np.full(n, float(sent_chars[a : b + 1].sum()) / total_sent))
    add("run_blocks", np.full(n, b - a + 1))

    # after-article sections start with a short marker block: how many lie between the start
    # of the densest run and this block, and how many are near it
    marker = ((words_in(_MARKER) > 0) & (words <= MARKER_MAX_WORDS)).astype(np.float32)
    cum_marker = np.cumsum(marker)
    before_run = cum_marker[a] - marker[a] if n else 0.0
    add("markers_since_run_start", np.log1p(np.maximum(cum_marker - marker - before_run, 0.0)))
    add(
        f"markers_within_{MARKER_WINDOW}", _window_means(marker[:, None], (MARKER_WINDOW,))[0][:, 0]
    )

    pair_lex = np.zeros(n, dtype=np.float32)
    if lexicon is not None and len(pa.word_hash) > 1:
        pairs, pair_block = word_pairs(pa)
        pair_odds = lexicon[lex_buckets(pairs)]
        pair_sum = np.bincount(pair_block, weights=pair_odds, minlength=n)
        pair_lex = (pair_sum / np.maximum(words - 1.0, 1.0)).astype(np.float32)
    if lexicon is not None and len(pa.word_hash):
        odds = lexicon[lex_buckets(pa.word_hash)]
        lex_sum = np.bincount(wb, weights=odds, minlength=n).astype(np.float32)
        lex_min = np.full(n, np.inf, dtype=np.float32)
        np.minimum.at(lex_min, wb, odds)
        lex_max = np.full(n, -np.inf, dtype=np.float32)
        np.maximum.at(lex_max, wb, odds)
        has = words > 0
        lex_min[~has] = 0.0
        lex_max[~has] = 0.0
    else:
        lex_sum = lex_min = lex_max = np.zeros(n, dtype=np.float32)
    lex_mean = lex_sum / safe_words
    add("pair_lex", pair_lex)
    add("log_chars_vs_median", log_chars - float(np.median(log_chars)) if n else log_chars)
    add("log_chars_vs_max", log_chars - float(log_chars.max()) if n else log_chars)
    page_lex = float(lex_sum.sum() / max(float(words.sum()), 1.0))
    add("lex_vs_page", lex_mean - page_lex)
    add("length_rank", np.argsort(np.argsort(chars, kind="stable"), kind="stable") / max(n - 1, 1))
    add("lex_mean", lex_mean)
    add("lex_sum", lex_sum)
    add("lex_min", lex_min)
    add("lex_max", lex_max)
    local = np.stack([log_chars, sentence_like, stop_ratio, bp, lex_mean], axis=1)
    local_names = ("log_chars", "sentence_like", "stop_ratio", "boilerplate", "lex")
    for half, means in zip(WINDOWS, _window_means(local, WINDOWS), strict=True):
        for j, name in enumerate(local_names):
            add(f"win{half}_{name}", means[:, j])

    add("log_blocks", np.full(n, np.log1p(n)))
    add("log_page_chars", np.full(n, np.log1p(total)))
    add("page_sentence_share", np.full(n, float(sentence_like.mean()) if n else 0.0))
    matrix = np.stack(cols, axis=1) if n else np.zeros((0, len(cols)), dtype=np.float32)
    return matrix, names


FEATURE_NAMES: tuple[str, ...] = tuple(_features(["x"])[1])
