"""Learn the lexicons: smoothed log-odds that a word (or an HTML class/id name) is article."""

from __future__ import annotations

import numpy as np

from decruft.page import textarrays as ta
from decruft.page.classlex import CLASS_LEX_BITS, chain_buckets
from decruft.page.features import LEX_BITS, lex_buckets, word_pairs
from decruft.segment.html import DomTree

# Additive smoothing (in pages) so a word seen on one page does not get an extreme score.
SMOOTHING = 2.0
# Scores are clipped: a few very pure words should not dominate a block's mean.
CLIP = 4.0


def learn_lexicon(pages: list[tuple[list[str], list[int]]]) -> np.ndarray:
    size = 1 << LEX_BITS
    pos = np.zeros(size)
    neg = np.zeros(size)
    for texts, labels in pages:
        if not texts:
            continue
        pa = ta.page_arrays(texts)
        lab = np.asarray(labels)
        pairs, pair_block = (
            word_pairs(pa) if len(pa.word_hash) > 1 else (pa.word_hash[:0], pa.word_block[:0])
        )
        y = np.concatenate((lab[pa.word_block], lab[pair_block]))
        b = lex_buckets(np.concatenate((pa.word_hash, pairs)))
        # document frequency: each page counts a word (or pair) once per class
        pos[np.unique(b[y == 1])] += 1
        neg[np.unique(b[y == 0])] += 1
    return _log_odds(pos, neg)


def _log_odds(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """Smoothed log-odds of article per bucket against the overall prior, clipped; unseen
    buckets are neutral (0)."""
    prior = np.log((pos.sum() + SMOOTHING) / (neg.sum() + SMOOTHING))
    odds = np.log((pos + SMOOTHING) / (neg + SMOOTHING)) - prior
    odds[(pos + neg) == 0] = 0.0
    return np.clip(odds, -CLIP, CLIP).astype(np.float32)


def learn_class_lexicon(pages: list[tuple[DomTree, list[str], list[int]]]) -> np.ndarray:
    """Smoothed log-odds that the words under an element with a class/id name are article.

    Each page counts a name once, as the share of the words under it (in the blocks whose
    chain holds it, see ``decruft.page.classlex``) that are article: a soft page frequency,
    so "entry-content" that holds the article and its share bar still leans to article."""
    size = 1 << CLASS_LEX_BITS
    pos = np.zeros(size)
    neg = np.zeros(size)
    for tree, texts, labels in pages:
        blocks, buckets = chain_buckets(tree)
        if not len(blocks):
            continue
        words = np.array([t.count(" ") + 1 for t in texts], dtype=np.float64)
        kept = words * np.asarray(labels, dtype=np.float64)
        names, inverse = np.unique(buckets, return_inverse=True)
        share = np.bincount(inverse, weights=kept[blocks]) / np.bincount(
            inverse, weights=words[blocks]
        )
        pos[names] += share
        neg[names] += 1.0 - share
    return _log_odds(pos, neg)
