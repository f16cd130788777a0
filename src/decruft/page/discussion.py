"""Discussion features: where a page's comment section is.

Comments are the largest share of what the text model keeps wrongly: they are prose, often
long, on the article's topic, and they follow it. What gives them away is the furniture
around them: a signature line ("Gary M on September 17, 2018 at 8:50 pm said:", "3 hours
ago"), an action line ("Reply", "Report"), a section header ("12 Comments", "Leave a
Reply"). One such line says little; a page's comment section has many, and a block after
several of them is likely a comment. So each block gets its own two flags and counts of the
flags above and below it, their density around it, and its distance from the last one
(``DISCUSSION_NAMES``). One compiled pass per page (the Cython kernel of
``_discussion.pyx``) over the arrays ``textarrays`` built.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.page import textarrays as ta
from decruft.page._discussion import BUILT_IN as _BUILT_IN, _kernel
from decruft.page.features import feature_rows
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

# The compiled kernel has these values built in (C constants of _discussion.pyx): a change
# here is made there too, and a kernel built with other values is refused at import.
if {
    "SIGNATURE_MAX_WORDS": SIGNATURE_MAX_WORDS,
    "ACTION_MAX_WORDS": ACTION_MAX_WORDS,
    "HEADER_MAX_WORDS": HEADER_MAX_WORDS,
    "DENSITY_HALF": DENSITY_HALF,
    "NO_FLAG_DISTANCE": NO_FLAG_DISTANCE,
    "FEATURES": len(DISCUSSION_NAMES),
    "WORD_BITS": (_SAID, _ACTION, _HEADER, _TIME_UNIT, _AGO),
} != _BUILT_IN:
    raise ImportError("decruft.page._discussion was built with other constants: rebuild it")


class _Tables(NamedTuple):
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
        pa.counts,
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
