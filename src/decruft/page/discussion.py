"""Discussion features: where a page's comment section is.

Comments are the largest share of what the text model keeps wrongly: they are prose, often
long, on the article's topic, and they follow it. What gives them away is the furniture
around them: a signature line ("Gary M on September 17, 2018 at 8:50 pm said:", "3 hours
ago"), an action line ("Reply", "Report"), a section header ("12 Comments", "Leave a
Reply"). One such line says little; a page's comment section has many, and a block after
several of them is likely a comment. So each block gets its own two flags and counts of the
flags above and below it, their density around it, and its distance from the last one
(``DISCUSSION_NAMES``). One compiled pass per page over the arrays ``textarrays`` built.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numba
import numpy as np
import numpy.typing as npt

from decruft.page import textarrays as ta
from decruft.page.features import feature_rows, log1p_counts
from decruft.resources import vocabulary

F32 = npt.NDArray[np.float32]

# A signature line is short: a comment's byline with its date, not a paragraph that
# happens to give a time.
SIGNATURE_MAX_WORDS = 25
# An action line ("Reply", "Report this comment") is a few words.
ACTION_MAX_WORDS = 3
# A section header ("12 Comments", "Leave a Reply") is short.
HEADER_MAX_WORDS = 8
# Half-width (blocks) of the window the signature density is taken over: a comment with its
# byline and action line spans a few blocks.
DENSITY_HALF = 5
# Distance (log blocks) given when no flag comes before a block: past any real distance.
NO_FLAG_DISTANCE = 6.0
DISCUSSION_NAMES = (
    "discussion_signature",
    "discussion_header",
    "discussion_signatures_above",
    "discussion_signatures_below",
    "discussion_headers_above",
    "discussion_headers_below",
    f"discussion_signature_density_{DENSITY_HALF}",
    "discussion_log_distance",
)

# Bits of the discussion word table.
_SAID, _ACTION, _HEADER, _TIME_UNIT, _AGO = 1, 2, 4, 8, 16
_COLON = ord(":")


@dataclass(frozen=True, slots=True)
class _Tables:
    words: ta.WordTable
    header_pairs: ta.WordTable


@cache
def _tables() -> _Tables:
    v = vocabulary()
    first = ta.page_arrays([a for a, _ in v["discussion_header_pairs"]]).word_hash
    second = ta.page_arrays([b for _, b in v["discussion_header_pairs"]]).word_hash
    words = ta.WordTable.build(
        [
            (_SAID, ta.hash_words(v["discussion_said"])),
            (_ACTION, ta.hash_words(v["discussion_actions"])),
            (_HEADER, ta.hash_words(v["discussion_headers"])),
            (_TIME_UNIT, ta.hash_words(v["time_units"])),
            (_AGO, ta.hash_words(v["ago"])),
        ]
    )
    return _Tables(words, ta.WordTable.build([(1, ta.pair_hash(first, second))]))


@numba.njit(cache=True, nogil=True)
def _is_wordy(c: np.uint8) -> bool:
    return bool(c == ta.LOWER or c == ta.UPPER or c == ta.LETTER or c == ta.DIGIT)


@numba.njit(cache=True, nogil=True)
def _has_clock_time(
    cps: npt.NDArray[np.uint32], cls: npt.NDArray[np.uint8], a: int, b: int
) -> bool:
    """Whether cps[a:b] holds a time of day: 1-2 digits, ':', 2 digits, standing alone."""
    for i in range(a, b):
        if cls[i] != ta.DIGIT or (i > a and _is_wordy(cls[i - 1])):
            continue
        j = i + 1
        if j < b and cls[j] == ta.DIGIT:
            j += 1
        if (
            j + 2 < b
            and cps[j] == _COLON
            and cls[j + 1] == ta.DIGIT
            and cls[j + 2] == ta.DIGIT
            and (j + 3 >= b or cls[j + 3] != ta.DIGIT)
        ):
            return True
    return False


@numba.njit(cache=True, nogil=True)
def _kernel(
    cps: npt.NDArray[np.uint32],
    cls: npt.NDArray[np.uint8],
    starts: ta.I64,
    lengths: ta.I64,
    word_hash: ta.U64,
    word_block: ta.I64,
    word_first_cls: npt.NDArray[np.uint8],
    keys: ta.U64,
    bits: npt.NDArray[np.uint32],
    pair_keys: ta.U64,
    pair_bits: npt.NDArray[np.uint32],
    out: F32,
) -> None:
    n = lengths.shape[0]
    nw = word_hash.shape[0]
    words = np.zeros(n, dtype=np.int64)
    first_bits = np.zeros(n, dtype=np.uint32)
    second_bits = np.zeros(n, dtype=np.uint32)
    last_bits = np.zeros(n, dtype=np.uint32)
    number_first = np.zeros(n, dtype=np.bool_)
    header_pair = np.zeros(n, dtype=np.bool_)
    ago = np.zeros(n, dtype=np.bool_)
    for w in range(nw):
        b = word_block[w]
        wb = ta.probe(keys, bits, word_hash[w])
        if words[b] == 0:
            first_bits[b] = wb
            number_first[b] = word_first_cls[w] == ta.DIGIT
        elif words[b] == 1:
            second_bits[b] = wb
            pair = word_hash[w - 1] * np.uint64(ta.PAIR_MULT) + word_hash[w]
            header_pair[b] = ta.probe(pair_keys, pair_bits, pair) != 0
        if words[b] > 0 and (wb & _AGO) != 0 and (last_bits[b] & _TIME_UNIT) != 0:
            ago[b] = True
        last_bits[b] = wb
        words[b] += 1
    signature = np.zeros(n)
    header = np.zeros(n)
    for b in range(n):
        a, e = starts[b], starts[b] + lengths[b]
        if words[b] == 0:
            continue
        if words[b] <= SIGNATURE_MAX_WORDS:
            said = (last_bits[b] & _SAID) != 0 and cls[e - 1] != ta.STOP
            if said or ago[b] or _has_clock_time(cps, cls, a, e):
                signature[b] = 1.0
        if words[b] <= ACTION_MAX_WORDS and (first_bits[b] & _ACTION) != 0:
            signature[b] = 1.0
        if words[b] <= HEADER_MAX_WORDS and (
            (first_bits[b] & _HEADER) != 0
            or (number_first[b] and (second_bits[b] & _HEADER) != 0)
            or header_pair[b]
        ):
            header[b] = 1.0
    sig_prefix = np.zeros(n + 1)
    head_prefix = np.zeros(n + 1)
    for b in range(n):
        sig_prefix[b + 1] = sig_prefix[b] + signature[b]
        head_prefix[b + 1] = head_prefix[b] + header[b]
    last = -1
    log_count = log1p_counts(n)  # every count below is of blocks: 0 .. n
    for b in range(n):
        lo = max(b - DENSITY_HALF, 0)
        hi = min(b + DENSITY_HALF + 1, n)
        row = out[b]
        row[0] = signature[b]
        row[1] = header[b]
        row[2] = log_count[int(sig_prefix[b])]
        row[3] = log_count[int(sig_prefix[n] - sig_prefix[b + 1])]
        row[4] = log_count[int(head_prefix[b])]
        row[5] = log_count[int(head_prefix[n] - head_prefix[b + 1])]
        row[6] = (sig_prefix[hi] - sig_prefix[lo]) / (hi - lo)
        row[7] = log_count[b - last] if last >= 0 else NO_FLAG_DISTANCE
        if signature[b] or header[b]:
            last = b


def discussion_features(pa: ta.PageArrays, out: F32 | None = None) -> F32:
    """Discussion feature rows (blocks x len(DISCUSSION_NAMES)) of one page, written into
    ``out`` when given (a column-major block of a wider matrix: no copy to join them)."""
    out = feature_rows(pa.n, len(DISCUSSION_NAMES), out)
    t = _tables()
    _kernel(
        pa.cps,
        pa.cls,
        pa.starts,
        pa.lengths,
        pa.word_hash,
        pa.word_block,
        pa.word_first_cls,
        t.words.keys,
        t.words.bits,
        t.header_pairs.keys,
        t.header_pairs.bits,
        out,
    )
    return out
