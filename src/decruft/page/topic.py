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

import numba
import numpy as np
import numpy.typing as npt

from decruft.page import textarrays as ta
from decruft.page.features import STOP_BIT, feature_rows, group_ids, stopword_table

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

# Words this short ("of", "a", "us", digits) carry no topic.
TOPIC_MIN_WORD_CHARS = 3
# A word counts as shared with the article when the other blocks holding it add up to this
# much stage-1 score (one block stage 1 is half sure of).
SHARED_SCORE = 0.5
# A word's score mass from other blocks is capped here: a few sure blocks say it is on topic;
# forty do not say more.
MASS_CAP = 3.0
# Value of the share columns for a block without content words.
NO_WORDS = -1.0
TOPIC_NAMES = (
    "topic_mass_share",
    "topic_shared_words",
    "topic_recurring_words",
    "topic_capped_mass",
    "topic_log_content_words",
)


@numba.njit(cache=True, nogil=True)
def _kernel(
    word_hash: ta.U64,
    word_block: ta.I64,
    word_len: ta.I64,
    stop_keys: ta.U64,
    stop_bits: npt.NDArray[np.uint32],
    stop_bit: int,
    p: F64,
    out: F32,
) -> None:
    n = p.shape[0]
    nw = word_hash.shape[0]
    content = np.zeros(nw, dtype=np.bool_)
    for w in range(nw):
        content[w] = word_len[w] >= TOPIC_MIN_WORD_CHARS and not (
            ta.probe(stop_keys, stop_bits, word_hash[w]) & stop_bit
        )
    # per-word sums index the word's group (features.group_ids: the page's distinct words)
    group, groups = group_ids(word_hash, content)
    mass = np.zeros(groups)
    blocks = np.zeros(groups, dtype=np.int64)
    last = np.full(groups, -1, dtype=np.int64)
    for w in range(nw):
        g = group[w]
        if g < 0:
            continue
        b = word_block[w]
        if last[g] != b:  # each block counts a word once
            last[g] = b
            mass[g] += p[b]
            blocks[g] += 1
    total = p.sum()
    words = np.zeros(n)
    share = np.zeros(n)
    shared = np.zeros(n)
    recurring = np.zeros(n)
    capped = np.zeros(n)
    last[:] = -1
    for w in range(nw):
        g = group[w]
        if g < 0:
            continue
        b = word_block[w]
        if last[g] == b:
            continue
        last[g] = b
        other = mass[g] - p[b]  # the word's score mass in the page's other blocks
        words[b] += 1
        share[b] += other / max(total - p[b], 1e-6)
        shared[b] += other >= SHARED_SCORE
        recurring[b] += blocks[g] > 1
        capped[b] += min(other, MASS_CAP)
    for b in range(n):
        row = out[b]
        if words[b] > 0:
            row[0] = share[b] / words[b]
            row[1] = shared[b] / words[b]
            row[2] = recurring[b] / words[b]
            row[3] = capped[b] / words[b]
        else:
            row[0] = row[1] = row[2] = row[3] = NO_WORDS
        row[4] = np.log1p(words[b])


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
