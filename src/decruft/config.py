"""One frozen ``Config`` for a whole run, with named presets.

Every knob a user may turn lives here, each with the reason for its default.
Steps receive the Config; nothing reads settings from globals or the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

PresetName = Literal["precision", "balanced", "recall"]


@dataclass(frozen=True, slots=True)
class Config:
    # The text model's block score a block needs to be kept on its own ...
    keep_threshold: float = 0.65
    # ... and the score that keeps a block joined to such a block by a run of blocks scoring
    # this much too (``classifier.kept_by_score``): the model's doubt about a block inside
    # kept text is not its doubt about one among the debris. Nested 5-fold CV of the text
    # model on the dev benchmark (training/train.py; the shipped model, of 2026-11-26, one run,
    # the pairs re-decided from its out-of-fold scores by training/decode.py): .5 alone F1 .9169
    # (P .9161); .6 joined at .4 .9199 (P .9204); .65 joined at .35 .9206 (P .9208), the
    # best pair of the grid, as it was on an earlier model's scores (.9173, P .9188).
    join_threshold: float | None = 0.35
    # The HTML model's two. Joining does not pay there (its stage 2 reads the DOM around a
    # block already). Nested CV over the 419 dev articles with HTML: .5 alone F1 .9419
    # (P .9412, dupX .0040); joined at .4, .5 gives .9424 but dupX .0051 (the bar
    # for dupX is .005), .6 gives .9408 (P .9411, dupX .0047).
    html_keep_threshold: float = 0.5
    html_join_threshold: float | None = None  # None: no join
    # A repeated block shorter than this (in characters) is left to the classifier: short lines
    # ("Pros:", "}", list labels) legitimately recur inside articles.
    repeat_min_chars: int = 12
    # Pages are scored in batches so the model is called once per batch, not once per page.
    batch_pages: int = 64
    # Template rules (error page, disclaimer, comment widget, share/cookie/...) switched on.
    templates: bool = True
    # The learned block scorer; off leaves only the rule-based steps (repeats, templates).
    classifier: bool = True
    # Keep the headline block even when the classifier scored it low: users want the headline
    # with the article. On the dev benchmark it is neutral (-0.0005 token F1, within noise):
    # the model already keeps most headlines.
    keep_headline: bool = True
    # Record each link's target while segmenting an HTML page (``Page.links``), for the
    # Markdown's [text](url). Off by default: it costs a Python call per <a>, and nothing
    # else reads it.
    links: bool = False
    # Record each <img>'s source and alt text (``Page.images``) for the Markdown's
    # ![alt](src), placed before the block it stands before; off by default, as links.
    images: bool = False
    # Keep blocks of an HTML page's comment sections when the model keeps them (forum pages
    # are mostly that); False (``--no-comments``) removes every block inside an element named
    # as comments ("comments", "comment-list", "reply" ...), whatever its score.
    comments: bool = True
    # Record each <b>/<strong>/<i>/<em> and inline <code>/<kbd>/<samp>/<tt>'s text
    # (``Page.emphasis``) for the Markdown's **, * and code spans; off by default, as links
    # (trafilatura's --formatting).
    formatting: bool = False
    # Give back the blocks the classifier dropped of an HTML page's list, table or code block
    # of which it kept most (``page/units.py``: out-of-fold F1 of the dev articles .9437 ->
    # .9443, no page type worse by more than .0003).
    units: bool = True
    # ... and drop the blocks it kept of one of which it dropped most, each removed as
    # ``unit`` with the share kept as evidence: off by default, measured to hurt (out-of-fold
    # F1 of listing pages -.022, collections -.013: the one list of a listing page among the
    # menus is the content).
    drop_units: bool = False
    # When the HTML model keeps less than 70% of what the main-content rules (tuned on the
    # web at large, not on our pages) call the page's content, keep the blocks of it the model
    # did not rule out; when it keeps more and all it keeps lies inside, the blocks of it the
    # model was unsure of (``page/main_content.py``: out-of-fold F1 of the dev articles,
    # trained on one source and scored on the other .9143 -> .9298; 5-fold .9443 -> .9430).
    main_content: bool = True
    # Write each page's quality signals (``decruft.signals``) into its record where pages are
    # written (``decruft clean``; ``clean()`` and the other API calls never compute them):
    # ~20% of a text page's cleaning (docs/signals.md). Off leaves the record without them.
    signals: bool = True
    # Drop the pages this signals preset fails ("gopher", "c4", "fineweb": the published
    # filters, ``decruft.signals.presets``) where pages are written, each as a reject with
    # the failing signal as its reason; None keeps every page (``--filter``).
    quality_filter: str | None = None

    def thresholds(self, html: bool) -> tuple[float, float]:
        """(keep, join) for the text model's or the HTML model's scores; without a join, or
        with one above the keep threshold, join is the keep threshold (nothing joins)."""
        keep, join = (
            (self.html_keep_threshold, self.html_join_threshold)
            if html
            else (self.keep_threshold, self.join_threshold)
        )
        return keep, keep if join is None else min(join, keep)

    @classmethod
    def preset(cls, name: PresetName) -> Config:
        """Named trade-offs between keeping too much and losing article text."""
        return PRESETS[name]

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]


PRESETS: dict[PresetName, Config] = {
    "balanced": Config(),
    # Nested CV, text / HTML: P .937 / .952 at .65 alone; R .953 / .967 at .4 alone.
    "precision": Config(keep_threshold=0.65, join_threshold=None, html_keep_threshold=0.65),
    "recall": Config(keep_threshold=0.4, join_threshold=None, html_keep_threshold=0.4),
}


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Knobs of the near-duplicate pass (``decruft.corpus``); the reasons are in the comments.

    Kept apart from ``Config``: the dedup pass runs over finished pages.jsonl files, not inside
    the per-page cascade, and an index directory records these values so later batches are
    matched with the same signatures.
    """

    # Word n-gram length of a shingle. 5 words is the usual choice for web text (long enough
    # that common phrases do not match unrelated pages, short enough that one edited word costs
    # only 5 shingles).
    shingle_words: int = 5
    # LSH bands x rows = permutations. 20 x 6 puts the S-curve's midpoint at (1/20)^(1/6) = .61,
    # so a pair at Jaccard .8 becomes a candidate with probability .998 (.92 at .7): recall is
    # decided by the verification below, not by banding (see decruft.corpus.lsh).
    bands: int = 20
    rows: int = 6
    # Estimated Jaccard a candidate pair needs to be linked: the near-duplicate bar.
    threshold: float = 0.8
    # Check candidate pairs against the threshold (on the stored signatures); off links every
    # pair that shares a band (faster, more false pairs at the S-curve's foot).
    verify: bool = True
    # Seed of the permutation family: fixed so signatures are comparable across runs and batches.
    seed: int = 0x5EED_DEC0
    # Pages per signature chunk handed to a worker thread.
    chunk_pages: int = 512

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    def with_(self, **changes: object) -> DedupConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class HostConfig:
    """Knobs of the host boilerplate pass (``decruft.corpus.boilerplate``).

    A block is judged per host: seen on N of the M pages of its host, it is template when N and
    N / M are high enough. Counts do not depend on these values (an index built with one
    HostConfig is read with any other); only the decision does.
    """

    # A host with fewer pages is not judged: on 4 pages, a line on 3 of them may just as well
    # be one story's paragraph repeated in its updated versions.
    min_host_pages: int = 5
    # A template block is on at least this many pages of its host (two pages sharing a
    # paragraph is a quote or a copy, not a template).
    min_pages: int = 3
    # ... and on at least this share of the host's pages: headers and footers are on nearly all
    # of them, rotating widgets ("related", "most read") on fewer; a real paragraph is rarely
    # on one page in ten of its own site.
    min_share: float = 0.1
    # A block of at least this many words reads like content, so it needs more evidence ...
    long_block_words: int = 30
    # ... to be on at least this share of the host's pages: a site-wide disclaimer is, the
    # paragraphs of a story republished a few times on one host are not.
    long_min_share: float = 0.5
    # The page's headline is removed only when on at least this share of the host's pages: a
    # site's "related" links repeat its headlines on some pages, a site name or menu line the
    # headline picker took is on nearly all of them.
    headline_min_share: float = 0.5
    # A sentence-like block (at least this many words) that is also on other hosts ...
    shared_min_words: int = 10
    # ... on at least this many hosts in all ...
    shared_min_hosts: int = 3
    # ... is kept when it is template on under this share of them: syndicated text and wire
    # quotes recur on many pages of one host but are occasional elsewhere, while shared
    # template text (a CMS's newsletter prompt) is template on most hosts that carry it.
    shared_max_template_share: float = 0.5
    # Hosts looked at per shared block (those with the smallest host hashes: a uniform sample),
    # so a line on a million hosts costs the same as one on a thousand.
    shared_sample_hosts: int = 1000
    # Rows (24 bytes each) buffered while counting before a sorted run is spilled to disk, and
    # the merge's row budget: 1M rows keep the pass near 100 MB (the buffer, its sorted copy).
    spill_rows: int = 1_000_000

    def with_(self, **changes: object) -> HostConfig:
        return replace(self, **changes)  # type: ignore[arg-type]
