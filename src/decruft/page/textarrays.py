"""A page's text as numpy arrays: character classes and hashed words, per block.

Everything the block features need is counted here in one compiled pass (the Cython kernel
``_scan`` of ``_textarrays.pyx``) over the page's code points, instead of a Python loop over
every line and word (~50x slower) or a few dozen numpy passes (~4x). Words are runs of
letters/digits, hashed case-insensitively to uint64 so that vocabulary tests are binary
searches in sorted hash tables.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.arrays import read_npz, sorted_unique
from decruft.page._textarrays import BUILT_IN, _bit_counts, _probe_all, _scan, _tags
from decruft.resources import data_path
from decruft.segment.text import code_points

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

# Character classes.
OTHER, LOWER, UPPER, LETTER, DIGIT, SPACE, STOP, PUNCT, SYMBOL, NEWLINE = range(10)
N_CLASSES = 10
# Classes of the characters no character table (``char_table``) gives a bit: the kernels
# that read the tables look up only the other characters (most of a page's are letters).
BITLESS_CLASSES = frozenset(range(LOWER, SPACE + 1))
SENTENCE_END = ".!?。！？…"
_BMP = 0x10000
NEWLINE_CP = 0x0A  # blocks are joined by newlines
# Word hashes: position weights are powers of this odd multiplier (mod 2**64); words longer
# than _MAX_WORD chars reuse the last weight, which only matters for hash collisions.
_HASH_MULT = np.uint64(0x100000001B3)
_MAX_WORD = 48


# The two BMP tables below, as computed under one Unicode version (``training/
# unicode_tables.py`` writes them): computing them costs a one-page run ~20 ms of its start, a
# look-up per code point; a Python whose Unicode version differs computes its own.
UNICODE_TABLES_FILE = "unicode_tables.npz"


@cache
def shipped_tables() -> dict[str, npt.NDArray[np.generic]] | None:
    """The shipped tables when they were made under this Python's Unicode version (these
    two, and the signals' character flags: ``decruft.signals.text.char_flags``)."""
    path = data_path(UNICODE_TABLES_FILE)
    if not path.is_file():
        return None
    z = read_npz(path)
    if str(z.pop("unidata_version")) != unicodedata.unidata_version:
        return None
    return z


@cache
def class_table() -> npt.NDArray[np.uint8]:
    """Class of every BMP code point (code points above the BMP count as letters)."""
    shipped = shipped_tables()
    table = shipped["classes"].astype(np.uint8) if shipped else compute_class_table()
    table.flags.writeable = False
    return table


@cache
def lower_table() -> npt.NDArray[np.uint64]:
    """Single-code-point lowercase mapping of the BMP (multi-char mappings stay as is)."""
    shipped = shipped_tables()
    if shipped:
        delta: I64 = shipped["lower_delta"].astype(np.int64)
        table: npt.NDArray[np.uint64] = (np.arange(_BMP, dtype=np.int64) + delta).astype(np.uint64)
    else:
        table = compute_lower_table()
    table.flags.writeable = False
    return table


def compute_class_table() -> npt.NDArray[np.uint8]:
    """``class_table`` from this Python's Unicode database."""
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
    return table


def compute_lower_table() -> npt.NDArray[np.uint64]:
    """``lower_table`` from this Python's Unicode database."""
    table = np.arange(_BMP, dtype=np.uint64)
    for cp in range(_BMP):
        low = chr(cp).lower()
        if len(low) == 1:
            table[cp] = ord(low)
    return table


@cache
def _powers() -> U64:
    with np.errstate(over="ignore"):
        p = np.cumprod(np.full(_MAX_WORD, _HASH_MULT, dtype=np.uint64))
    return np.concatenate(([np.uint64(1)], p[:-1])).astype(np.uint64)


class PageArrays(NamedTuple):
    """Per-block counts and the page's words, for one page of n blocks."""

    n: int
    cps: npt.NDArray[np.uint32]  # code points of the blocks joined by "\n"
    cls: npt.NDArray[np.uint8]  # class of each code point
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


_WORD_CLASSES = (LOWER, UPPER, LETTER, DIGIT)
# Block keys weight the k-th word of a block by this multiplier to the power (k mod 64) + 1.
_KEY_MULT = np.uint64(0xC2B2AE3D27D4EB4F)
_KEY_PERIOD = 64


# The compiled scan and character skip have these values built in (C constants).
_BUILT_IN = {
    "CLASSES": (LOWER, UPPER, LETTER, DIGIT),
    "N_CLASSES": N_CLASSES,
    "MAX_WORD": _MAX_WORD,
    "KEY_PERIOD": _KEY_PERIOD,
    "BITLESS": (min(BITLESS_CLASSES), max(BITLESS_CLASSES)),
}
if BUILT_IN != _BUILT_IN:
    raise ImportError(f"decruft.page._textarrays was built for {BUILT_IN}, not {_BUILT_IN}")


@cache
def _key_powers() -> U64:
    with np.errstate(over="ignore"):
        powers: U64 = np.cumprod(np.full(_KEY_PERIOD, _KEY_MULT, dtype=np.uint64), dtype=np.uint64)
    return powers


def page_arrays(texts: Sequence[str]) -> PageArrays:
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return _arrays(code_points("\n".join(texts)), starts, starts + lengths)


def span_arrays(cps: npt.NDArray[np.uint32], starts: I64, ends: I64) -> PageArrays:
    """``page_arrays`` of the texts whose code points are ``cps[start:end]`` for each span,
    from those code points (a segmented body's lines): no texts to join and encode again."""
    return _arrays(cps, starts, ends)


def _arrays(src: npt.NDArray[np.uint32], src_starts: I64, src_ends: I64) -> PageArrays:
    cps, starts, lengths, cls, counts, word_hash, word_block, word_first, word_len, keys = _scan(
        src, src_starts, src_ends, class_table(), lower_table(), _powers(), _key_powers()
    )
    return PageArrays(
        n=len(lengths),
        cps=cps,
        cls=cls,
        starts=starts,
        lengths=lengths,
        counts=counts,
        word_hash=word_hash,
        word_block=word_block,
        word_first_cls=word_first,
        word_len=word_len,
        block_key=keys,
    )


# Word tables are open-addressing hash tables with at least this many slots per word: mostly
# empty, so a word lands in one of its first slots and the table stays in the CPU cache.
SLOTS_PER_KEY = 4
# Every word sits within this many slots of its home slot (the table grows until it does),
# so a lookup compares exactly these slots, without a branch: a probe loop that stopped at
# the first empty slot mispredicted on about every other word and cost ~2.4x more.
# The compiled lookup (``probe`` in ``_textarrays.pxd``) has both constants built in.
PROBE_SLOTS = 2
_SLOT_MIX = np.uint64(0x9E3779B97F4A7C15)


def _place(merged: dict[int, int], size: int) -> tuple[U64, npt.NDArray[np.uint32]] | None:
    """Keys and bits of a table of ``size`` slots (plus the padding) holding every word within
    PROBE_SLOTS slots of its home slot; None if some word does not fit."""
    keys = np.zeros(size + PROBE_SLOTS - 1, dtype=np.uint64)
    bits = np.zeros(size + PROBE_SLOTS - 1, dtype=np.uint32)
    mix = int(_SLOT_MIX)
    for h, b in sorted(merged.items()):
        home = (((h * mix) % (1 << 64)) >> 32) & (size - 1)
        free = [i for i in range(home, home + PROBE_SLOTS) if not bits[i]]
        if not free:
            return None
        keys[free[0]], bits[free[0]] = h, b
    return keys, bits


class WordTable(NamedTuple):
    """Word hashes with a bit mask each, as an open-addressing hash table (see ``probe``,
    in ``_textarrays.pxd``)."""

    keys: U64
    bits: npt.NDArray[np.uint32]

    @classmethod
    def build(cls, groups: Sequence[tuple[int, U64]]) -> WordTable:
        """From (bit, word hashes) groups; a word in several groups gets all their bits."""
        merged: dict[int, int] = {}
        for bit, hashes in groups:
            if bit == 0:
                raise ValueError("a word table group needs a non-zero bit")
            for h in hashes.tolist():
                merged[h] = merged.get(h, 0) | bit
        size = 1
        while size < SLOTS_PER_KEY * max(len(merged), 1):
            size *= 2
        while (table := _place(merged, size)) is None:
            size *= 2
        return cls(*table)

    def lookup(self, word_hash: U64) -> npt.NDArray[np.uint32]:
        """The bits of every word hash (0 for words not in the table)."""
        return _probe_all(self.keys, self.bits, np.asarray(word_hash, dtype=np.uint64))

    def count_bits(
        self, word_hash: U64, word_block: I64 | None = None, kept: npt.ArrayLike | None = None
    ) -> I64:
        """For each bit 1 << k (k < 32): how many of the words carry it; with ``word_block``
        and ``kept``, only the words of kept blocks (no masked copies of the word arrays)."""
        if word_block is None or kept is None:
            word_block = np.zeros(len(word_hash), dtype=np.int64)
            kept = np.ones(1, dtype=np.bool_)
        return _bit_counts(
            self.keys,
            self.bits,
            np.asarray(word_hash, dtype=np.uint64),  # no copies of arrays already so typed
            np.asarray(word_block, dtype=np.int64),
            np.asarray(kept, dtype=np.bool_),
        )


class Tags(NamedTuple):
    """What a page's words and characters say about a WordTable's and a char table's bits."""

    blocks: npt.NDArray[np.uint32]  # per block: OR of the bits of its words and characters
    words: I64  # per word bit (1 << k): how many words carry it
    chars: I64  # per character bit: how many characters carry it


_NO_CHARS = np.zeros(0, dtype=np.uint8)
_NO_WORDS = WordTable(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32))


def tag_blocks(pa: PageArrays, words: WordTable, chars: npt.NDArray[np.uint8]) -> Tags:
    """One compiled pass over the page's words and characters (see ``Tags``)."""
    return tag_blocks_twice(pa, (words, chars), (_NO_WORDS, _NO_CHARS))[0]


def tag_blocks_twice(
    pa: PageArrays,
    first: tuple[WordTable, npt.NDArray[np.uint8]],
    second: tuple[WordTable, npt.NDArray[np.uint8]],
) -> tuple[Tags, Tags]:
    """``tag_blocks`` for two pairs of tables in one pass (two steps that tag the same page:
    one walk over its words and characters instead of two)."""
    (words, chars), (other_words, other_chars) = first, second
    out = _tags(
        pa.word_hash,
        pa.word_block,
        pa.cps,
        pa.cls,
        pa.starts,
        pa.lengths,
        words.keys,
        words.bits,
        chars,
        other_words.keys,
        other_words.bits,
        other_chars,
        pa.n,
    )
    return Tags(*out[:3]), Tags(*out[3:])


def char_table(groups: Sequence[tuple[int, str]]) -> npt.NDArray[np.uint8]:
    """A BMP lookup table of bit flags for a few characters of interest: punctuation,
    symbols and the like, never a letter, digit or space (the kernels that read the tables
    skip those characters by their class; see ``BITLESS_CLASSES``)."""
    table = np.zeros(_BMP, dtype=np.uint8)
    classes = class_table()
    for bit, chars in groups:
        for ch in chars:
            if ord(ch) >= _BMP - 1 or classes[ord(ch)] in BITLESS_CLASSES:
                raise ValueError(f"{ch!r}: a character table holds no letter, digit or space")
            table[ord(ch)] |= bit
    table.flags.writeable = False
    return table


def hash_words(words: Iterable[str]) -> U64:
    """Hashes of single words, computed exactly as page_arrays hashes them (sorted, unique)."""
    ws = [w for w in words if w]
    if not ws:
        return np.zeros(0, dtype=np.uint64)
    return sorted_unique(page_arrays(ws).word_hash)


# Word pairs hash as first * PAIR_MULT + second (mod 2**64); the feature kernel computes
# the same inline.
PAIR_MULT = np.uint64(0x9E3779B97F4A7C15)


def pair_hash(first: U64, second: U64) -> U64:
    """Order-sensitive hash of two adjacent words."""
    with np.errstate(over="ignore"):
        return first * PAIR_MULT + second
