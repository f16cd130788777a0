"""A page's text as numpy arrays: character classes and hashed words, per block.

Everything the block features need is counted here in a handful of vectorized passes over
the page's code points, instead of a Python loop over every line and word (the loop costs
~10x more). Words are runs of letters/digits, hashed case-insensitively to uint64 so that
vocabulary tests are ``np.isin`` calls.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

# Character classes.
OTHER, LOWER, UPPER, LETTER, DIGIT, SPACE, STOP, PUNCT, SYMBOL, NEWLINE = range(10)
N_CLASSES = 10
SENTENCE_END = ".!?。！？…"
_BMP = 0x10000
# Word hashes: position weights are powers of this odd multiplier (mod 2**64); words longer
# than _MAX_WORD chars reuse the last weight, which only matters for hash collisions.
_HASH_MULT = np.uint64(0x100000001B3)
_MAX_WORD = 48


@cache
def class_table() -> npt.NDArray[np.uint8]:
    """Class of every BMP code point (code points above the BMP count as letters)."""
    table = np.zeros(_BMP, dtype=np.uint8)
    for cp in range(_BMP):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat == "Ll":
            table[cp] = LOWER
        elif cat in ("Lu", "Lt"):
            table[cp] = UPPER
        elif cat[0] == "L" or cat in ("Mn", "Mc"):
            table[cp] = LETTER
        elif cat == "Nd":
            table[cp] = DIGIT
        elif cat == "Zs" or ch == "\t":
            table[cp] = SPACE
        elif cat[0] == "P":
            table[cp] = PUNCT
        elif cat[0] == "S":
            table[cp] = SYMBOL
    for ch in SENTENCE_END:
        table[ord(ch)] = STOP
    table[ord("\n")] = NEWLINE
    table.flags.writeable = False
    return table


@cache
def lower_table() -> npt.NDArray[np.uint64]:
    """Single-code-point lowercase mapping of the BMP (multi-char mappings stay as is)."""
    table = np.arange(_BMP, dtype=np.uint64)
    for cp in range(_BMP):
        low = chr(cp).lower()
        if len(low) == 1:
            table[cp] = ord(low)
    table.flags.writeable = False
    return table


@cache
def _powers() -> U64:
    with np.errstate(over="ignore"):
        p = np.cumprod(np.full(_MAX_WORD, _HASH_MULT, dtype=np.uint64))
    return np.concatenate(([np.uint64(1)], p[:-1])).astype(np.uint64)


def _codepoints(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class PageArrays:
    """Per-block counts and the page's words, for one page of n blocks."""

    n: int
    cps: npt.NDArray[np.uint32]  # code points of the blocks joined by "\n"
    cls: npt.NDArray[np.uint8]  # class of each code point
    block_of: I64  # block index of each code point
    starts: I64  # offset of each block in the joined text
    lengths: I64  # characters per block
    counts: I64  # (n, N_CLASSES) class counts per block
    word_hash: U64  # one hash per word, in order
    word_block: I64  # block index of each word
    word_first_cls: npt.NDArray[np.uint8]  # class of each word's first character
    word_len: I64
    block_key: U64  # equal for blocks with the same words (case-insensitive); unique if wordless

    def per_block(self, word_mask: npt.NDArray[np.bool_]) -> I64:
        """How many words of each block satisfy the mask."""
        return np.bincount(self.word_block[word_mask], minlength=self.n)


def member(values: npt.NDArray[Any], sorted_set: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """``np.isin`` for a sorted, unique set: a binary search instead of a sort per call."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    found: npt.NDArray[np.bool_] = sorted_set[at] == values
    return found


def page_arrays(texts: Sequence[str]) -> PageArrays:
    n = len(texts)
    joined = "\n".join(texts)
    cps = _codepoints(joined)
    bmp = cps < _BMP
    clipped = np.where(bmp, cps, 0)
    cls = np.where(bmp, class_table()[clipped], LETTER).astype(np.uint8)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    block_of = np.repeat(np.arange(n, dtype=np.int64), lengths + 1)[: len(cps)]
    counts = np.bincount(block_of * N_CLASSES + cls, minlength=n * N_CLASSES).reshape(n, N_CLASSES)

    is_word = (cls == LOWER) | (cls == UPPER) | (cls == LETTER) | (cls == DIGIT)
    prev_word = np.concatenate(([False], is_word[:-1]))
    word_start = is_word & ~prev_word
    pos = np.flatnonzero(is_word)
    first = np.flatnonzero(word_start)
    word_index = np.cumsum(word_start)[pos] - 1
    offset = np.minimum(pos - first[word_index], _MAX_WORD - 1)
    low = np.where(bmp[pos], lower_table()[clipped[pos]], cps[pos].astype(np.uint64))
    with np.errstate(over="ignore"):
        vals = (low + np.uint64(1)) * _powers()[offset]
    seg = np.flatnonzero(np.concatenate(([True], np.diff(word_index) != 0))) if len(pos) else pos
    word_hash = np.add.reduceat(vals, seg) if len(pos) else np.zeros(0, dtype=np.uint64)
    word_len = np.diff(np.concatenate((seg, [len(pos)]))).astype(np.int64)
    return PageArrays(
        n=n,
        cps=cps,
        cls=cls,
        block_of=block_of,
        starts=starts,
        lengths=lengths,
        counts=counts,
        word_hash=word_hash.astype(np.uint64),
        word_block=block_of[first],
        word_first_cls=cls[first],
        word_len=word_len,
        block_key=_block_keys(n, word_hash.astype(np.uint64), block_of[first]),
    )


# Block keys weight the k-th word of a block by this multiplier to the power (k mod 64).
_KEY_MULT = np.uint64(0xC2B2AE3D27D4EB4F)
_KEY_PERIOD = 64
_WORDLESS = np.uint64(1 << 63)


def _block_keys(n: int, word_hash: U64, word_block: I64) -> U64:
    """One hash per block over its word sequence; wordless blocks get a unique key each."""
    keys = _WORDLESS | np.arange(n, dtype=np.uint64)
    if len(word_hash) == 0:
        return keys
    first = np.flatnonzero(np.concatenate(([True], word_block[1:] != word_block[:-1])))
    first_of_word = np.repeat(first, np.diff(np.concatenate((first, [len(word_hash)]))))
    pos = (np.arange(len(word_hash)) - first_of_word) % _KEY_PERIOD
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(_KEY_PERIOD, _KEY_MULT, dtype=np.uint64))
        weighted = word_hash * powers[pos]
        sums = np.add.reduceat(weighted, first)
        counts = np.diff(np.concatenate((first, [len(word_hash)]))).astype(np.uint64)
        keys[word_block[first]] = (sums + counts) & ~_WORDLESS
    return keys


def first_occurrence(keys: U64) -> I64:
    """For each position, the first position holding the same key."""
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    result: I64 = first[inverse].astype(np.int64)
    return result


@dataclass(frozen=True, slots=True)
class WordTable:
    """Sorted word hashes with a bit mask each: one binary search tags every word of a page."""

    keys: U64
    bits: npt.NDArray[np.uint32]

    @classmethod
    def build(cls, groups: Sequence[tuple[int, U64]]) -> WordTable:
        """From (bit, word hashes) groups; a word in several groups gets all their bits."""
        merged: dict[int, int] = {}
        for bit, hashes in groups:
            for h in hashes.tolist():
                merged[h] = merged.get(h, 0) | bit
        keys = np.array(sorted(merged), dtype=np.uint64)
        bits = np.array([merged[k] for k in keys.tolist()], dtype=np.uint32)
        return cls(keys, bits)

    def lookup(self, word_hash: U64) -> npt.NDArray[np.uint32]:
        if len(self.keys) == 0 or len(word_hash) == 0:
            return np.zeros(len(word_hash), dtype=np.uint32)
        at = np.minimum(np.searchsorted(self.keys, word_hash), len(self.keys) - 1)
        found: npt.NDArray[np.uint32] = np.where(self.keys[at] == word_hash, self.bits[at], 0)
        return found.astype(np.uint32)


def char_table(groups: Sequence[tuple[int, str]]) -> npt.NDArray[np.uint8]:
    """A BMP lookup table of bit flags for a few characters of interest."""
    table = np.zeros(_BMP, dtype=np.uint8)
    for bit, chars in groups:
        for ch in chars:
            table[ord(ch)] |= bit
    table.flags.writeable = False
    return table


def hash_words(words: Iterable[str]) -> U64:
    """Hashes of single words, computed exactly as page_arrays hashes them (sorted, unique)."""
    ws = [w for w in words if w]
    if not ws:
        return np.zeros(0, dtype=np.uint64)
    return np.unique(page_arrays(ws).word_hash)


def pair_hash(first: U64, second: U64) -> U64:
    """Order-sensitive hash of two adjacent words."""
    with np.errstate(over="ignore"):
        return first * np.uint64(0x9E3779B97F4A7C15) + second
