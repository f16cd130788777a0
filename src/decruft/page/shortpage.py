"""A page that is all prose keeps its prose, even when the block model dropped it.

The block model learned from crawled pages, where the article sits among menus, footers and
teasers, and it reads a block partly by the company it keeps. A page that is nothing but a
few paragraphs (a tiny page, text already cleaned by another tool, a short notice) gives it
no such company, and the model can drop every block: the page came out empty although all
of it was content (one truth paragraph given as a text record: empty on 404 of the 420 dev
articles). So when the model keeps no prose and the page is mostly prose, its prose blocks
are kept, and the verdict says so. So is a page of one block (a headline alone, a dateline)
that no rule removed: the model has nothing beside it to tell it apart from (one truth
paragraph given as a text record, usually the headline: empty on 152 of the 420 dev
articles before).

Words are counted as spaces + 1, and Chinese and Japanese text, which puts no spaces between
words, as CJK_CHARS_PER_WORD characters a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from decruft.page.verdict import ERROR_STATUS_MIN, PROSE_BLOCK_MIN_WORDS

BoolMask = npt.NDArray[np.bool_]

# The page is all content when its prose blocks hold at least this share of the words the
# rule steps left: a page of menus and link lists with a sentence or two is not.
MOSTLY_PROSE_SHARE = 0.5
# A page whose rules found one of these notices is that notice's page (an error page, a
# paywall, a consent wall: page/verdict.py), not a page of content.
NOTICE_RULES = frozenset(("error-template", "paywall", "cookie"))
# Chinese and Japanese words average under two characters (and a run of text has no spaces).
CJK_CHARS_PER_WORD = 2
# Kana and CJK ideographs (with extension A and the compatibility block).
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


@cache
def _cjk() -> re.Pattern[str]:
    """Compiled on first use (3 ms: its ranges make a large character set), which only the
    rare pages whose kept blocks hold no prose reach."""
    return re.compile(_CJK)


def prose_fallback(
    texts: Sequence[str],
    spaces: npt.NDArray[np.int64],
    by_rule: BoolMask,
    dropped: BoolMask,
    status: int | None,
    notice: bool = False,
) -> BoolMask:
    """The blocks to give back: the classifier-dropped prose blocks of a mostly-prose page
    whose kept blocks hold no prose (none otherwise; none on an error status, where nothing
    kept leaves the verdict to the status, and none when a rule found a ``notice`` of
    NOTICE_RULES); on a page of one block, that block if the model alone dropped it.
    ``spaces``: each block's spaces."""
    none = np.zeros(len(texts), dtype=np.bool_)
    if notice or (status is not None and status >= ERROR_STATUS_MIN):
        return none
    if len(texts) == 1:  # the page is one block: nothing beside it tells it apart
        return dropped.copy()
    kept = ~(by_rule | dropped)
    if (spaces[kept] + 1 >= PROSE_BLOCK_MIN_WORDS).any():  # the common case, decided fast
        return none
    words = np.fromiter((_words(t) for t in texts), np.int64, len(texts))
    prose = words >= PROSE_BLOCK_MIN_WORDS
    if (prose & kept).any():
        return none
    candidates = prose & dropped
    if not candidates.any():
        return none
    if words[candidates].sum() < MOSTLY_PROSE_SHARE * words[~by_rule].sum():
        return none
    return candidates


def _words(text: str) -> int:
    """Words of a whitespace-collapsed block, CJK text counted by its characters."""
    cjk = len(_cjk().findall(text))
    return text.count(" ") + 1 + cjk // CJK_CHARS_PER_WORD
