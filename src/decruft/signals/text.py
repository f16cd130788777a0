"""A clean text scanned once: its tokens, words and lines, and what each signal family
counts of them (``Scan``).

Every signal family (``gopher``, ``c4``, ``fineweb``) reads this one scan instead of
splitting the text again: a Python loop over a page's ~1,300 words costs as much as cleaning
it. The scan is one compiled pass over the text's characters (``_kernels._scan``).

Definitions (the reference every signal is tested against is these sentences, written out
in plain Python in ``tests/test_signals``):

- a **line** is a piece of ``text.split("\\n")``;
- a **token** is a piece of ``text.split()`` (runs of non-whitespace, ``str.isspace``);
- a character is a **symbol** when its Unicode category is punctuation or a symbol
  (``P*``, ``S*``); a token with a character that is not a symbol is a **word**, and the
  word itself is the token with its leading and trailing symbols stripped (``"(end)."`` is
  the word ``end``; ``"U.S."`` is ``U.S``; ``"--"`` is no word);
- a token is **alphabetic** when one of its characters is (``str.isalpha``).

datatrove splits words with spaCy's English tokenizer instead, which makes a token of every
punctuation mark it splits off (``"end."`` is ``end`` and ``.``), splits words at inner
hyphens (``well-known`` is ``well``, ``-``, ``known``) and splits contractions (``don't``
is ``do`` and ``n't``). Where its filters divide by that token count, we divide by
``tokens_like_spacy``: the tokens, plus one per symbol stripped off a word's ends, plus two
per hyphen or dash (``-``, ``–``, ``—``) inside a word between a letter or digit
(``str.isalpha``, ``str.isdecimal``) and a letter, which also makes one more alphabetic
token (``"(well-known)."`` counts 6 tokens, 2 of them alphabetic, as in spaCy).
Contractions are left whole. On the 705 dev pages with text, the alphabetic fraction this
gives is within 0.005 of spaCy's on average.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.arrays import sorted_unique
from decruft.page.textarrays import lower_table, shipped_tables
from decruft.signals._kernels import _scan

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
U8 = npt.NDArray[np.uint8]

# Character flags (bits).
SPACE = 1  # str.isspace: tokens are split on these
ALPHA = 2  # str.isalpha: an alphabetic word holds one
SYMBOL = 4  # Unicode category P* or S*: stripped off words' ends
TERMINAL = 8  # ends a sentence (TERMINAL_RANGES)
DIGIT = 16  # str.isdecimal

_BMP = 0x10000

# Sentence-terminal characters (Unicode's sentence terminals) as datatrove's
# TERMINAL_PUNCTUATION (datatrove/utils/text.py) lists them, which FineWeb's
# line-punctuation filter reads (Penedo et al. 2024). Single code points and inclusive ranges.
TERMINAL_RANGES: tuple[int | tuple[int, int], ...] = (
    0x0021, 0x002E, 0x003F, 0x0589, (0x061D, 0x061F), 0x06D4, (0x0700, 0x0702), 0x07F9,
    0x0837, 0x0839, (0x083D, 0x083E), (0x0964, 0x0965), (0x104A, 0x104B), 0x1362,
    (0x1367, 0x1368), 0x166E, (0x1735, 0x1736), (0x17D4, 0x17D6), (0x17D9, 0x17DA), 0x1803,
    0x1809, (0x1944, 0x1945), (0x1AA8, 0x1AAB), (0x1B5A, 0x1B5B), (0x1B5E, 0x1B5F),
    (0x1B7D, 0x1B7E), (0x1C3B, 0x1C3C), (0x1C7E, 0x1C7F), (0x203C, 0x203D), (0x2047, 0x2049),
    0x2E2E, 0x2E3C, (0x2E53, 0x2E54), 0x3002, 0xA4FF, (0xA60E, 0xA60F), 0xA6F3, 0xA6F7,
    (0xA876, 0xA877), (0xA8CE, 0xA8CF), 0xA92F, (0xA9C8, 0xA9C9), (0xAA5D, 0xAA5F),
    (0xAAF0, 0xAAF1), 0xABEB, 0xFE52, (0xFE56, 0xFE57), 0xFF01, 0xFF0E, 0xFF1F, 0xFF61,
    (0x10A56, 0x10A57), (0x10F55, 0x10F59), (0x10F86, 0x10F89), (0x11047, 0x11048),
    (0x110BE, 0x110C1), (0x11141, 0x11143), (0x111C5, 0x111C6), 0x111CD, (0x111DE, 0x111DF),
    (0x11238, 0x11239), (0x1123B, 0x1123C), 0x112A9, (0x1144B, 0x1144C), (0x115C2, 0x115C3),
    (0x115C9, 0x115D7), (0x11641, 0x11642), (0x1173C, 0x1173E), 0x11944, 0x11946,
    (0x11A42, 0x11A43), (0x11A9B, 0x11A9C), (0x11C41, 0x11C42), (0x11EF7, 0x11EF8),
    (0x11F43, 0x11F44), (0x16A6E, 0x16A6F), 0x16AF5, (0x16B37, 0x16B38), 0x16B44, 0x16E98,
    0x1BC9F, 0x1DA88,
)  # fmt: skip

# Words and lines are compared by 64-bit polynomial hashes of their code points (equal
# strings, equal hashes; two different words collide with probability ~2**-64): the kernels
# count hashes, not strings.
HASH_BASE = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1
# The multiplier that takes a hash to its slot in the kernels' tables (Fibonacci hashing).
SLOT_MULT = 0x9E3779B97F4A7C15


@cache
def terminal_chars() -> frozenset[str]:
    """The sentence-terminal characters (TERMINAL_RANGES) as a set."""
    found: set[str] = set()
    for item in TERMINAL_RANGES:
        low, high = item if isinstance(item, tuple) else (item, item)
        found.update(map(chr, range(low, high + 1)))
    return frozenset(found)


def char_flags_of(ch: str) -> int:
    """The flags of one character (what ``char_flags`` holds for the BMP)."""
    flags = SPACE if ch.isspace() else 0
    if ch.isalpha():
        flags |= ALPHA
    if unicodedata.category(ch)[0] in "PS":
        flags |= SYMBOL
    if ch in terminal_chars():
        flags |= TERMINAL
    if ch.isdecimal():
        flags |= DIGIT
    return flags


@cache
def char_flags() -> U8:
    """The flags of every BMP code point, once per process: the shipped table when it was
    made under this Python's Unicode version (``training/unicode_tables.py``), else
    ``compute_char_flags`` (~25 ms of a one-page run's start)."""
    shipped = shipped_tables()
    found = shipped.get("signal_flags") if shipped else None
    table: U8 = found.astype(np.uint8) if found is not None else compute_char_flags()
    table.flags.writeable = False
    return table


def compute_char_flags() -> U8:
    """``char_flags`` from this Python's Unicode database (C-level maps over the 65,536
    characters, not a Python loop)."""
    chars = "".join(map(chr, range(_BMP)))
    space = np.fromiter(map(str.isspace, chars), np.bool_, _BMP)
    alpha = np.fromiter(map(str.isalpha, chars), np.bool_, _BMP)
    digit = np.fromiter(map(str.isdecimal, chars), np.bool_, _BMP)
    majors = "".join(c[0] for c in map(unicodedata.category, chars)).encode("ascii")
    major = np.frombuffer(majors, np.uint8)
    symbol = (major == ord("P")) | (major == ord("S"))
    table: U8 = (space * SPACE + alpha * ALPHA + symbol * SYMBOL + digit * DIGIT).astype(np.uint8)
    for ch in terminal_chars():
        if ord(ch) < _BMP:
            table[ord(ch)] |= TERMINAL
    return table


@cache
def lower_bmp() -> npt.NDArray[np.uint16]:
    """Each BMP code point's one-code-point lowercase (``_lower_one``), which is in the BMP:
    decruft's table (``page.textarrays.lower_table``), two bytes each."""
    table = lower_table()
    if int(table.max()) >= _BMP:
        raise ValueError("a BMP code point lowercases above the BMP")
    low = table.astype(np.uint16)
    low.flags.writeable = False
    return low


def code_points(text: str) -> U32:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def _lower_one(cp: int) -> int:
    """The code point's lowercase when that is one code point, else itself."""
    low = chr(cp).lower()
    return ord(low) if len(low) == 1 else cp


def string_hash(word: str) -> int:
    """The hash the scan gives a word (or a line) with these characters: Horner's rule over
    the code points plus one, with HASH_BASE, mod 2**64."""
    h = 0
    for ch in word:
        h = (h * HASH_BASE + ord(ch) + 1) & _MASK64
    return h


# Each of C4's lowercase phrases (c4.py) holds one of these, so a line with none of them
# (lowercased, ``_lower_one`` per character) and no "{" needs no closer look.
C4_PROBES = ("lorem ipsum", "javascript", "terms of use", "policy", "cookies")


@cache
def _probe_table() -> tuple[U32, I64]:
    """C4_PROBES as rows of code points (zero-padded), and their lengths."""
    width = max(map(len, C4_PROBES))
    table = np.zeros((len(C4_PROBES), width), dtype=np.uint32)
    for i, phrase in enumerate(C4_PROBES):
        table[i, : len(phrase)] = [ord(c) for c in phrase]
    lengths = np.array([len(p) for p in C4_PROBES], dtype=np.int64)
    table.flags.writeable = lengths.flags.writeable = False
    return table, lengths


# What ``_kernels._scan`` counts, in the order it returns them.
SCAN_COUNTS = (
    "tokens",  # pieces of text.split()
    "tokens_like_spacy",  # see the module docstring
    "alpha_tokens",  # tokens holding an alphabetic character
    "word_chars",  # characters of the words
    "hashes",  # "#" characters
    "ellipses",  # text.count("...") + text.count("…")
    "bullet_lines",  # lines starting (after whitespace) with "•" or "-"
    "ellipsis_lines",  # lines ending (before whitespace) with "..." or "…"
    "solid_lines",  # non-blank lines
    "terminal_lines",  # non-blank lines whose last character (as it is) ends a sentence
    "short_lines",  # non-blank lines of at most SHORT_LINE_CHARS characters
    "dup_lines",  # lines equal to an earlier line
    "dup_line_chars",  # ... and their characters
    "dup_solid_lines",  # the same over the non-blank lines only
    "dup_solid_line_chars",
    "c4_lines",  # lines C4 reads and keeps, but for the special ones (c4.py)
    "c4_sentences",  # their sentences
    "prose_start",  # where the first non-blank line of PROSE_LINE_CHARS or more starts
    "lines",  # pieces of text.split("\n")
    "blank_run",  # 1 when the text holds "\n\n"
    "stop_words_seen",  # distinct words of StopTable.exact seen as written
)


class StopTable(NamedTuple):
    """Stopword lists as the scan looks words up: by the hash of their lowercase, each with
    the languages whose list holds it (a bit each, in ``languages`` order) and its place in
    ``exact`` (or -1), words also counted when written exactly so (Gopher's stop words)."""

    keys: U64  # open addressing, 0: an empty slot
    langs: npt.NDArray[np.uint32]
    exact_at: npt.NDArray[np.int8]
    shift: int
    languages: tuple[str, ...]
    exact: tuple[str, ...]


# The scan counts the words of at most this many stopword lists (a bit each in 32) ...
MAX_STOP_LANGUAGES = 32
# ... and of at most this many exact words.
MAX_EXACT_WORDS = 32


def stop_table(lists: dict[str, frozenset[str]], exact: tuple[str, ...]) -> StopTable:
    """The scan's table of the stopword ``lists`` (by language) and the ``exact`` words."""
    languages = tuple(sorted(lists))
    if len(languages) > MAX_STOP_LANGUAGES or len(exact) > MAX_EXACT_WORDS:
        raise ValueError("too many stopword lists or exact words for the scan's bit sets")
    if any(w != w.lower() for w in exact):
        raise ValueError("exact words are looked up by their lowercase: give them lowercase")
    words: dict[int, list[int]] = {}
    for bit, lang in enumerate(languages):
        for word in lists[lang]:
            words.setdefault(string_hash(lower_word(word)), [0, -1])[0] |= 1 << bit
    for at, word in enumerate(exact):
        words.setdefault(string_hash(word), [0, -1])[1] = at
    size, shift = 16, 60
    while size < 2 * len(words) + 2:
        size, shift = size * 2, shift - 1
    keys = np.zeros(size, dtype=np.uint64)
    langs = np.zeros(size, dtype=np.uint32)
    exact_at = np.full(size, -1, dtype=np.int8)
    for key, (mask, at) in words.items():
        slot = ((key * SLOT_MULT) & _MASK64) >> shift
        while keys[slot] != 0:
            slot = (slot + 1) & (size - 1)
        keys[slot], langs[slot], exact_at[slot] = key, mask, at
    for array in (keys, langs, exact_at):
        array.flags.writeable = False
    return StopTable(keys, langs, exact_at, shift, languages, exact)


def lower_word(word: str) -> str:
    """``word`` lowercased as the scan does: each character's lowercase when that is one
    character (``str.lower`` for every word a stopword list holds)."""
    return "".join(map(chr, map(_lower_one, map(ord, word))))


class Scan(NamedTuple):
    """What one pass over the text counts (SCAN_COUNTS), the words (length, hash,
    lowercase hash) and the lines C4 reads itself (their starts and lengths)."""

    text: str
    counts: dict[str, int]
    word_len: I64
    word_hash: U64
    stopwords: dict[str, int]  # the words of each language's stopword list (lowercased)
    special_start: I64  # lines holding "[" or a C4 probe phrase
    special_len: I64

    @property
    def words(self) -> int:
        return len(self.word_len)

    @property
    def lines(self) -> int:
        """Pieces of text.split("\\n")."""
        return self.counts["lines"]


# What ``_kernels._scan`` returns: the counts, the words' lengths and hashes, each stopword
# list's words, and the starts and lengths of the lines C4 reads itself.
ScanResult = tuple[tuple[int, ...], I64, U64, I64, I64, I64]


@cache
def _no_astral() -> tuple[U32, U8, U64]:
    """Empty astral tables (a text without code points above the BMP)."""
    tables = (
        np.zeros(0, dtype=np.uint32),
        np.zeros(0, dtype=np.uint8),
        np.zeros(0, dtype=np.uint64),
    )
    for table in tables:
        table.flags.writeable = False
    return tables


def scan(
    text: str,
    stops: StopTable,
    *,
    short_line: int,
    c4_min_words: int,
    c4_max_word: int,
    prose_line: int,
) -> Scan:
    """Tokens, words and lines of ``text`` (the definitions are in the module docstring),
    counted in one compiled pass (``_kernels._scan``); the thresholds are the families'."""
    probes, probe_len = _probe_table()

    def run(astral: U32, flags: U8, lows: U64) -> ScanResult | None:
        return _scan(
            text,
            char_flags(),
            lower_bmp(),
            astral,
            flags,
            lows,
            probes,
            probe_len,
            stops.keys,
            stops.langs,
            stops.exact_at,
            stops.shift,
            short_line,
            c4_min_words,
            c4_max_word,
            prose_line,
        )

    none = _no_astral()
    found = run(*none)
    if found is None:  # code points above the BMP: their flags and lowercase, then again
        cps = code_points(text)
        astral = sorted_unique(cps[cps >= _BMP])
        flags = np.array([char_flags_of(chr(c)) for c in astral.tolist()], dtype=np.uint8)
        lows = np.array([_lower_one(c) for c in astral.tolist()], dtype=np.uint64)
        found = run(astral, flags, lows)
        assert found is not None
    counts, word_len, word_hash, lang_stops, special_start, special_len = found
    return Scan(
        text=text,
        counts=dict(zip(SCAN_COUNTS, counts, strict=True)),
        word_len=word_len,
        word_hash=word_hash,
        stopwords=dict(zip(stops.languages, lang_stops.tolist(), strict=False)),
        special_start=special_start,
        special_len=special_len,
    )
