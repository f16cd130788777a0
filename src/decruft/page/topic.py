"""Topic features: how much a block shares the words of what stage 1 believes is the article.

An article's paragraphs share its vocabulary (names, terms, the story's nouns); the teasers
of a "related" list, a sidebar or a footer are about other things. Stage 1 judges a block by
its form and surroundings; stage 2 (``classifier.py``) also reads, from these columns, how
the block's content words (not stopwords, at least TOPIC_MIN_WORD_CHARS characters) spread
over the page's other blocks, each weighted by its stage-1 score: a block whose words recur
in the blocks stage 1 keeps is on the article's topic. One compiled pass per page over the
page's words, grouped by ``features.group_ids`` (a hash table, no sort).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from decruft.page import textarrays as ta
from decruft.page._topic import (
    MASS_CAP as MASS_CAP,
    NO_WORDS as NO_WORDS,
    SHARED_SCORE as SHARED_SCORE,
    TOPIC_MIN_WORD_CHARS as TOPIC_MIN_WORD_CHARS,
    _kernel,
)
from decruft.page.features import STOP_BIT, feature_rows, stopword_table

F32 = npt.NDArray[np.float32]

TOPIC_NAMES = (
    "topic_mass_share",
    "topic_shared_words",
    "topic_recurring_words",
    "topic_capped_mass",
    "topic_log_content_words",
)


def topic_features(
    pa: ta.PageArrays, scores: npt.NDArray[np.floating], out: F32 | None = None
) -> F32:
    """Topic feature rows (blocks x len(TOPIC_NAMES)) of a page, from its stage-1 scores;
    written into ``out`` when given (a column-major block of a wider matrix)."""
    out = feature_rows(pa.n, len(TOPIC_NAMES), out)
    table = stopword_table()
    _kernel(
        pa.word_hash,
        pa.word_block,
        pa.word_len,
        table.keys,
        table.bits,
        STOP_BIT,
        np.asarray(scores, dtype=np.float64),
        out,
    )
    return out
