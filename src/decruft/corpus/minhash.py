"""MinHash signatures of pages' clean text, one compiled pass per page.

Why it is fast: one compiled kernel per page tokenizes the text (words are runs of
letters/digits, case-insensitive, the same word definition as ``decruft.page.textarrays``),
hashes words and word n-gram shingles and builds the signature — no Python per word or
shingle. It reads each str's buffer in place through the CPython C API (PyUnicode_READ by the
str's kind; encoding the text first cost as much as the whole tokenization) and hashes words
with a table of random values per character and rotate-xor (buzhash), so the inner loop has
no multiply chain and no branch.

The signature is one-permutation MinHash (Li, Owen & Zhang 2012) with optimal densification
(Shrivastava 2017) rather than k separate permutations: each shingle's 64-bit hash picks one
of ``num_perm`` bins with its high 32 bits and competes for that bin's minimum with its low
32 bits, so a shingle costs one hash instead of ``num_perm`` (120 permutations over a
2,000-shingle article are 240k multiply-adds: 110 us vectorized in 32-bit, 390 us in 64-bit
arithmetic, against ~12 us for the whole one-permutation pass, measured here). A bin
no shingle fell into copies the value of the first non-empty bin along a fixed pseudo-random
probe sequence of its own index, which keeps P[bin values equal] = Jaccard for every bin, so
the LSH banding and the fraction-of-equal-bins estimate work as with k permutations.

Shingle hashes are a polynomial over the (fmix64-mixed) word hashes, seeded, finished
with murmur3's fmix64 so both halves are well spread. Also computed per page: an
exact-duplicate key (hash of the whole normalized word sequence) and the word count. A page of
fewer words than a shingle is one shingle of all its words; a page without words has no
signature (all values ``EMPTY``).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from decruft.config import DedupConfig
from decruft.corpus._minhash import _page_signature
from decruft.page.textarrays import DIGIT, LETTER, LOWER, UPPER, class_table, lower_table

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# Signature value of a page without shingles (larger than any hash value).
EMPTY = np.uint32(0xFFFFFFFF)
_BMP = 0x10000
_WORD_CLASSES = (LOWER, UPPER, LETTER, DIGIT)
# Seed of the per-character random values (fixed: word hashes must agree across runs).
_CHAR_SEED = 0xC4A2_5EED


@cache
def char_hashes() -> U64:
    """A random non-zero 64-bit value per BMP code point, shared by a character's upper and
    lower case; 0 for characters that are not word characters (letters, marks, digits)."""
    classes = class_table()
    lower = lower_table()
    rng = np.random.Generator(np.random.PCG64(_CHAR_SEED))
    values = rng.integers(1, 2**64, size=_BMP, dtype=np.uint64, endpoint=False)
    table = np.where(np.isin(classes, _WORD_CLASSES), values[lower.astype(np.int64)], 0)
    out: U64 = table.astype(np.uint64)
    out.flags.writeable = False
    return out


def probe_table(config: DedupConfig) -> I64:
    """Each bin's densification probe order: a seeded permutation of all bins (the bin
    itself excluded), so an empty bin always finds a filled one when the page has any."""
    return _probe_table(config.num_perm, config.seed)


@cache
def _probe_table(k: int, seed: int) -> I64:
    rng = np.random.Generator(np.random.PCG64(seed))
    table = np.empty((k, k - 1), dtype=np.int64)
    for j in range(k):
        others = np.delete(np.arange(k, dtype=np.int64), j)
        table[j] = rng.permutation(others)
    table.flags.writeable = False
    return table


def _seed(config: DedupConfig) -> np.uint64:
    return np.uint64(config.seed & 0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True, slots=True)
class Signatures:
    """MinHash signatures of n pages, with their exact-duplicate keys and word counts."""

    sig: U32  # (n, num_perm) bin minima; rows of a page without words are all EMPTY
    exact: U64  # (n,) hash of the normalized word sequence
    words: I64  # (n,) word count

    def __len__(self) -> int:
        return int(self.exact.shape[0])


def _chunk(texts: Sequence[str], config: DedupConfig, probes: I64) -> Signatures:
    n, k = len(texts), config.num_perm
    sig = np.empty((n, k), dtype=np.uint32)
    exact = np.empty(n, dtype=np.uint64)
    counts = np.empty(n, dtype=np.int64)
    words = np.empty(max(map(len, texts), default=0) // 2 + 2, dtype=np.uint64)
    cur = np.empty(k, dtype=np.uint64)
    filled = np.empty(k, dtype=np.bool_)
    table = char_hashes()
    seed = _seed(config)
    for i, text in enumerate(texts):
        exact[i], counts[i] = _page_signature(
            text, table, words, cur, filled, probes, config.shingle_words, seed, sig[i]
        )
    return Signatures(sig, exact, counts)


def signatures(
    texts: Sequence[str], config: DedupConfig | None = None, *, workers: int = 1
) -> Signatures:
    """Signatures of ``texts``; ``workers`` threads share the chunks (the compiled kernel
    releases the GIL for its loops). Each page's signature depends only on its text
    and the config, so the result is the same for any worker count and chunk size."""
    cfg = config if config is not None else DedupConfig()
    probes = probe_table(cfg)
    if not texts:
        return Signatures(
            np.zeros((0, cfg.num_perm), dtype=np.uint32),
            np.zeros(0, dtype=np.uint64),
            np.zeros(0, dtype=np.int64),
        )
    step = max(1, cfg.chunk_pages)
    chunks = [texts[i : i + step] for i in range(0, len(texts), step)]
    if workers > 1 and len(chunks) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(lambda c: _chunk(c, cfg, probes), chunks))
    else:
        parts = [_chunk(c, cfg, probes) for c in chunks]
    return Signatures(
        np.concatenate([p.sig for p in parts]),
        np.concatenate([p.exact for p in parts]),
        np.concatenate([p.words for p in parts]),
    )
