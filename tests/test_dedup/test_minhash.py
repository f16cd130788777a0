"""MinHash signatures against plain-Python statements of what they estimate."""

from __future__ import annotations

import random
import re

import numpy as np
from corpus_builders import VOCAB

from decruft.config import DedupConfig
from decruft.corpus.minhash import EMPTY, signatures


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[^\W_]+", text.lower())
    span = min(n, len(words))
    return {tuple(words[i : i + span]) for i in range(len(words) - span + 1)} if words else set()


def test_word_counts_and_exact_keys_follow_the_word_definition() -> None:
    texts = ["Héllo, wörld! 42 times", "HÉLLO wörld 42 TIMES...", "", "-- !!", "日本語 text"]
    sig = signatures(texts)
    assert sig.words.tolist() == [len(re.findall(r"[^\W_]+", t)) for t in texts]
    assert sig.exact[0] == sig.exact[1] and sig.exact[0] != sig.exact[4]
    assert (sig.sig[2] == EMPTY).all() and (sig.sig[3] == EMPTY).all()
    assert np.array_equal(sig.sig[0], sig.sig[1])


def test_equal_fraction_estimates_shingle_jaccard() -> None:
    rng = random.Random(3)
    cfg = DedupConfig()
    errors = []
    for trial in range(40):
        a = [rng.choice(VOCAB) for _ in range(rng.randint(30, 800))]
        b = a[:]
        for i in rng.sample(range(len(b)), rng.randint(0, len(b) // 8)):
            b[i] = f"w{trial}x{i}"
        ta, tb = " ".join(a), " ".join(b)
        sa, sb = _shingles(ta), _shingles(tb)
        truth = len(sa & sb) / len(sa | sb)
        sig = signatures([ta, tb], cfg).sig
        errors.append(float((sig[0] == sig[1]).mean()) - truth)
    # 120 bins: the standard error at J=.5 is ~.046; the mean error shows any bias
    assert abs(float(np.mean(errors))) < 0.02
    assert float(np.max(np.abs(errors))) < 0.16
