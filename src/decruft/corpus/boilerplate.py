"""Host boilerplate: blocks that a site repeats on many of its pages are its template.

Two passes over a corpus:

1. **Count** (``host_counts``): every page is segmented into the blocks the cascade cleans
   (no classifier), each block gets a key — a hash of its words, case-insensitive, every
   number one and the same word, so "© 2024" and "Updated 03/05 10:32" match across pages
   (blocks of numbers alone are not counted) —
   and the set of (block, host, page) triples is counted into distinct pages per (block,
   host) and pages per host (``decruft.corpus.hostindex``). Sets, not occurrences: a page
   repeating a line counts once, and the counts depend neither on input order nor batching.
   Memory is bounded: triples are spilled as sorted runs and merged (``decruft.corpus.runs``).
2. **Apply** (``HostPass``, run inside the cascade by ``clean_batch(..., host=...)``, or
   ``apply_host_boilerplate`` on a finished Page): a block still kept after the per-page steps
   that is seen on N of the M pages of its host is removed with rule ``host-boilerplate`` and
   evidence "seen on N of M pages of HOST" when (``HostConfig``) M >= ``min_host_pages``,
   N >= ``min_pages`` and N / M >= ``min_share`` (``long_min_share`` for blocks of
   ``long_block_words`` or more, ``headline_min_share`` for the page's headline: a site's
   related links repeat its headlines). Blocks another step removed keep that step's rule: its
   evidence already explains them, and the classifier's removals cover runs of blocks.

Shared content guard: a sentence-like block (``shared_min_words``) found on at least
``shared_min_hosts`` hosts is kept when it passes the rule on fewer than
``shared_max_template_share`` of them. Syndicated articles and wire quotes recur on one host
(a story followed for weeks) but are occasional on the others; shared template text (a CMS's
newsletter prompt) is template wherever it appears. Short lines ("Advertisement") are never
guarded: they are template wherever they repeat.

The host of a page is its URL's host name (without "www."), else the publisher its dateline
names ("(MENAFN) ..."), else the folder it was read from.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from decruft.arrays import sorted_unique
from decruft.config import HostConfig
from decruft.corpus.hostindex import HostIndex
from decruft.corpus.runs import U64, RunWriter
from decruft.model import Block, Page, RawRecord, Removal, block_texts
from decruft.page import textarrays as ta
from decruft.page.metadata.text import DATELINE_MAX_CHARS, find_publisher
from decruft.segment.blocks import feature_texts, record_blocks

I64 = npt.NDArray[np.int64]
RULE = "host-boilerplate"
# Stands in for every word that starts with a digit (dates, counters, years, prices).
_NUMBER = np.uint64(0x9E3779B97F4A7C15)
# The k-th word of a block is weighted by this odd multiplier to the power (k mod period) + 1.
_POSITION_MULT = np.uint64(0xD6E8FEB86659FD93)
_POSITION_PERIOD = 64
# A dateline is looked for in this many of the page's first prose-length blocks: it opens
# the article, after at most a few menu or error lines.
DATELINE_SCAN_BLOCKS = 8
# A block read for a dateline has at least this many words (the prose blocks meta.py reads).
DATELINE_MIN_WORDS = 10


def _mix(x: U64) -> U64:
    """splitmix64's finalizer: spreads sums of word hashes over all 64 bits."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def block_keys(arrays: ta.PageArrays) -> tuple[U64, I64]:
    """Each block's key (its word sequence, case-insensitive, numbers folded) and its word
    count; a block without a word that is not a number has key 0 and is never counted."""
    words = np.bincount(arrays.word_block, minlength=arrays.n).astype(np.int64)
    keys = np.zeros(arrays.n, dtype=np.uint64)
    if not len(arrays.word_hash):
        return keys, words
    hashes = np.where(arrays.word_first_cls == ta.DIGIT, _NUMBER, arrays.word_hash)
    first = np.concatenate(([0], np.cumsum(words)[:-1]))
    at = np.arange(len(hashes)) - first[arrays.word_block]
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(_POSITION_PERIOD, _POSITION_MULT, dtype=np.uint64))
        weighted = hashes * powers[at % _POSITION_PERIOD]
    has = words > 0
    sums = np.add.reduceat(weighted, first[has])
    with np.errstate(over="ignore"):
        keys[has] = _mix(sums + words[has].astype(np.uint64))
    # numbers alone ("2", "$300 – $2,000") say nothing about a template once folded
    lettered = np.bincount(arrays.word_block[arrays.word_first_cls != ta.DIGIT], minlength=arrays.n)
    keys[lettered == 0] = 0
    words[lettered == 0] = 0
    return keys, words


def _hash(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def page_host(url: str | None, blocks: Sequence[Block], source: str) -> str:
    """The page's host: URL host name, else dateline publisher, else input folder."""
    if url:
        try:
            name = urlsplit(url).hostname
        except ValueError:
            name = None
        if name:
            return name.removeprefix("www.")
    prose = (t for t in block_texts(blocks) if t.count(" ") + 1 >= DATELINE_MIN_WORDS)
    for _, text in zip(range(DATELINE_SCAN_BLOCKS), prose, strict=False):
        publisher = find_publisher(text[:DATELINE_MAX_CHARS])
        if publisher:
            return publisher
    path, _, line = source.rpartition(":")
    return f"folder {Path(path if line.isdigit() else source).parent}"


def host_key(host: str) -> int:
    """The index key of a host name (case-insensitive)."""
    return _hash(host.casefold())


def page_key(page_id: str) -> int:
    return _hash(page_id)


def _template(pages: I64, host_pages: I64, words: I64, config: HostConfig) -> npt.NDArray[np.bool_]:
    """Whether a block on ``pages`` of its host's ``host_pages`` is template there."""
    share = np.where(words >= config.long_block_words, config.long_min_share, config.min_share)
    return (
        (host_pages >= config.min_host_pages)
        & (pages >= config.min_pages)
        & (pages >= share * host_pages)
    )


@dataclass(frozen=True, slots=True)
class HostPass:
    """Block counts and thresholds: what the cascade needs to remove host boilerplate."""

    index: HostIndex
    config: HostConfig = field(default_factory=HostConfig)

    def removals(
        self,
        blocks: Sequence[Block],
        candidates: npt.NDArray[np.bool_],
        arrays: ta.PageArrays,
        url: str | None,
        source: str,
        headline: int | None = None,
    ) -> list[Removal]:
        """``host-boilerplate`` removals among the ``candidates`` blocks (those still kept);
        the ``headline`` block needs ``headline_min_share`` of the host's pages."""
        cfg = self.config
        host = page_host(url, blocks, source)
        hk = host_key(host)
        m = int(self.index.host_pages(np.array([hk], dtype=np.uint64))[0])
        if m < cfg.min_host_pages:
            return []
        keys, words = block_keys(arrays)
        at = np.flatnonzero(candidates & (words > 0))
        n = self.index.block_pages(hk, keys[at])
        hit = _template(n, np.full(len(at), m), words[at], cfg)
        if headline is not None:
            hit &= (at != headline) | (n >= cfg.headline_min_share * m)
        out: list[Removal] = []
        for i, seen in zip(at[hit].tolist(), n[hit].tolist(), strict=True):
            if words[i] >= cfg.shared_min_words and self._shared_content(int(keys[i]), words[i]):
                continue
            b = blocks[i]
            out.append(Removal(b.start, b.end, RULE, f"seen on {seen} of {m} pages of {host}", i))
        return out

    def _shared_content(self, key: int, words: np.int64) -> bool:
        """The block is on enough hosts and template on too few of them (module docstring)."""
        cfg = self.config
        hosts, pages = self.index.block_hosts(key, cfg.shared_sample_hosts)
        if len(hosts) < cfg.shared_min_hosts:
            return False
        template = _template(pages, self.index.host_pages(hosts), np.full(len(hosts), words), cfg)
        return int(np.count_nonzero(template)) < cfg.shared_max_template_share * len(hosts)


def apply_host_boilerplate(page: Page, host: HostPass) -> Page:
    """The page with ``host-boilerplate`` removals added to its kept blocks.

    For pages cleaned earlier: metadata and verdict stay those of the per-page clean (the
    cascade, given ``host=``, runs the pass before deciding them). The headline is judged
    as in the cascade (``HostConfig.headline_min_share``)."""
    arrays = ta.page_arrays(feature_texts(page.blocks))
    kept = np.array(page.kept_mask, dtype=bool)
    title = next((i for i, t in enumerate(block_texts(page.blocks)) if t == page.meta.title), None)
    found = host.removals(page.blocks, kept, arrays, page.url, page.source, title)
    if not found:
        return page
    return replace(page, removals=tuple(sorted((*page.removals, *found), key=lambda r: r.block)))


def page_rows(item: RawRecord | Page) -> tuple[int, int, U64]:
    """Host key, page key and the distinct block keys of one page. The page key is its URL
    (without the fragment) when it has one, else its id: repeat crawls of one URL are one
    page of the host, not several that all share every block."""
    blocks = item.blocks if isinstance(item, Page) else record_blocks(item)
    keys, words = block_keys(ta.page_arrays(feature_texts(blocks)))
    host = host_key(page_host(item.url, blocks, item.source))
    page = page_key(f"url:{item.url.split('#', 1)[0]}" if item.url else item.id)
    return host, page, sorted_unique(keys[words > 0])


def host_counts(
    items: Iterable[RawRecord | Page],
    config: HostConfig | None = None,
    index: Path | HostIndex | None = None,
) -> HostIndex:
    """Count the blocks of ``items`` per host: ``host_counts_of_rows`` of their
    ``page_rows``."""
    return host_counts_of_rows(map(page_rows, items), config, index)


def host_counts_of_rows(
    rows: Iterable[tuple[int, int, U64]],
    config: HostConfig | None = None,
    index: Path | HostIndex | None = None,
) -> HostIndex:
    """Add the pages' ``page_rows`` (host, page, block keys: computed in any process, taken
    in order) to ``index`` as one batch.

    ``index`` is a directory (created if need be; its earlier batches are kept and extended),
    an opened HostIndex, or None (counts held in memory). Pages already counted, in the index
    or earlier in ``items`` (same host and URL, or id without a URL), are skipped, so counting
    the same input twice, or a URL crawled six times, counts each page once."""
    cfg = config if config is not None else HostConfig()
    if index is None or isinstance(index, HostIndex):
        idx = index if index is not None else HostIndex(None)
    else:
        idx = HostIndex.open(Path(index))
    if idx.path is not None:
        idx.path.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".host-runs-", dir=idx.path))
    try:
        blocks = RunWriter(scratch, "blocks", 3, cfg.spill_rows)
        pages = RunWriter(scratch, "pages", 2, cfg.spill_rows)
        counted = 0
        seen: set[tuple[int, int]] = set()  # pages of this batch (a URL crawled again)
        for host, page, keys in rows:
            if (host, page) in seen or idx.has_page(host, page):
                continue
            seen.add((host, page))
            rows = np.empty((len(keys), 3), dtype=np.uint64)
            rows[:, 0], rows[:, 1], rows[:, 2] = keys, host, page
            blocks.add(rows)
            pages.add(np.array([[host, page]], dtype=np.uint64))
            counted += 1
        if not counted:
            return idx
        return idx.with_batch(scratch, blocks.finish(), pages.finish(), cfg.spill_rows)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
