"""Block features for the learned scorer, computed for a whole page at once.

Text has no DOM, so evidence comes from the block itself (length, punctuation, stopwords,
boilerplate vocabulary), its neighbours (window means: content comes in runs) and the page
(where the densest run of sentence-like blocks lies). One compiled pass per page (the
Cython kernel of ``_features.pyx``) computes every column from the page's arrays
(``textarrays``): a page costs one call, not a hundred numpy calls with their fixed overhead.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.page import textarrays as ta
from decruft.page._features import BUILT_IN as _BUILT_IN, COLUMNS as _COLUMNS, _kernel
from decruft.page._sequences import (
    _shifted as _shifted,
    _window_mean as _window_mean,
    densest_run as densest_run,
    group_ids as group_ids,
    group_sizes as group_sizes,
    log1p_counts as log1p_counts,
    median as median,
)
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


class _Vocab(NamedTuple):
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
F64 = npt.NDArray[np.float64]


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


# group_sizes' table has at least this many slots per position: at most half full, a key's
# run of probes stays short.
_GROUP_SLOTS = 2
# Keys (already hashes) are spread over the table's slots by this odd multiplier.
_GROUP_MIX = np.uint64(0x9E3779B97F4A7C15)

# The compiled kernels have these values built in (C constants of _features.pyx; GROUP_SLOTS
# of _sequences.pxd): a change here is made there too, and a kernel built with other values
# is refused at import.
if {
    "RUN_GAP_COST": RUN_GAP_COST,
    "SENTENCE_MIN_WORDS": SENTENCE_MIN_WORDS,
    "SENTENCE_MIN_STOP_RATIO": SENTENCE_MIN_STOP_RATIO,
    "WINDOWS": WINDOWS,
    "SHIFTS": SHIFTS,
    "MARKER_MAX_WORDS": MARKER_MAX_WORDS,
    "MARKER_WINDOW": MARKER_WINDOW,
    "LEX_BITS": LEX_BITS,
    "FEATURES": len(FEATURE_NAMES),
    "GROUP_SLOTS": _GROUP_SLOTS,
    "GROUP_MIX": int(_GROUP_MIX),
    "LEX_MULT": int(_LEX_MULT),
    "WORD_BITS": (_STOP, _BOILERPLATE, _LEGAL, _DATE, _BYLINE, _LINK, _MARKER),
    "PAIR_BIT": _IS_PAIR,
    "CHAR_BITS": (_C_SEPARATOR, _C_BULLET, _C_QUOTE_CLOSER, _C_LEGAL, _C_LINK),
} != _BUILT_IN:
    raise ImportError("decruft.page._features was built with other constants: rebuild it")
# Each feature's column, as the kernel writes it (its named column constants), is where
# FEATURE_NAMES, the one list of them, places it.
if {name: k for k, name in enumerate(FEATURE_NAMES)} != _COLUMNS:
    raise ImportError("decruft.page._features writes its columns in another order: rebuild it")


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
