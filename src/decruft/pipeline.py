"""The cleaning cascade, page by page (text input).

1. **Segment** the body into blocks, one per non-blank line, whitespace collapsed; each
   block keeps its span in the original body (``segment/text.py``). A page run together on
   one line (a library's full-page text) is cut into sentences. An HTML record is first
   turned into its visible text, one block-level element per line, and that text is the
   page's body (``segment/html/``); what the HTML declares (og:title, author, published
   date, language, site name: ``segment/htmlmeta/``) takes precedence over what is read
   off the text.
2. **Repeats**: a block that repeats an earlier one (case/punctuation-insensitive) is
   removed, "repeat of block N" (``page/repeats.py``).
3. **Templates**: error-page messages, disclaimers, comment widgets, share/cookie/newsletter
   prompts and navigation links, from the rule data in ``data/templates.json``
   (``page/templates.py``). With ``Config.comments`` off (``--no-comments``), every block
   of an HTML page inside an element named as comments goes too (``page/comments.py``).
4. **Classifier**: every block is scored by the stacked tree models over block, neighbour,
   page and lexicon features; a block is kept if it scores the keep threshold, or the join
   threshold in a run of such blocks that holds a kept one (hysteresis; ``Config.thresholds``,
   one pair per model); the others are removed with their score as evidence, adjacent ones
   as one run (``page/features.py``,
   ``page/classifier.py``). Pages go through the model in batches. An HTML page is scored
   by the HTML model, which also reads each block's DOM features (element, depth, link
   density, landmarks, class/id hints: ``segment/html/``; learned class/id names:
   ``page/classlex.py``) and, in stage 2, the stage-1 scores of the containers around it
   (``page/containers.py``), when one is shipped. On an HTML page, the blocks the
   main-content rules keep come back when the model kept too little of them
   (``page/main_content.py``), and so do the dropped blocks of a list, table or code block
   it kept most of (``page/units.py``).
5. **Headline**: the headline block at the top of the article is picked (a small learned
   model, else a heuristic: ``page/metadata/headline.py``, ``page/metadata/text.py``); if
   only the classifier removed it, it is kept (the headline belongs to the article).
   Then, with counts from a corpus pass (``clean_batch(..., host=...)``), blocks still kept
   that their host repeats on many pages are removed as ``host-boilerplate``
   (``corpus/boilerplate.py``); a headline removed so was a template line, and the heuristic
   picks another among what is left.
6. **Page type**: a small page-level model guesses article / forum / product / collection /
   listing / documentation / service from what was kept (``page/pagetype.py``).
7. **Metadata** (title, dateline publisher, byline author, date, language) is read off the
   blocks (``page/metadata/text.py``) and a **verdict** is given with reasons (``page/verdict.py``).

Every step only ever removes whole blocks, so the clean text is always a subsequence of
the input's blocks: nothing is rewritten, invented or reordered. Each step is a pure
function of the page and the Config (and, for the host step, of counts fixed before the
pass starts); pages never influence each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice, repeat
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from decruft.config import Config
from decruft.model import (
    Block,
    Blocks,
    KnownMask,
    Page,
    RawRecord,
    Removal,
    removal_block,
    removal_rule,
)
from decruft.page import textarrays as ta
from decruft.page.classifier import (
    BlockScorer,
    dropped_runs,
    kept_by_score,
    shipped_html_scorer,
    shipped_scorer,
)
from decruft.page.classlex import class_features
from decruft.page.comments import comment_section_removals
from decruft.page.discussion import DISCUSSION_NAMES, discussion_features
from decruft.page.features import F32, FEATURE_NAMES, group_sizes, page_features
from decruft.page.main_content import MAIN_BACK_NONE, MAIN_CONTENT_COLUMN, main_content_back
from decruft.page.metadata.headline import TitlePage
from decruft.page.metadata.text import extract_meta, find_title, locate_titles, with_html_meta
from decruft.page.pagetype import (
    PageTypeGuess,
    html_page_type_features,
    page_type_features,
    page_type_tables,
    shipped_page_typer,
)
from decruft.page.repeats import find_repeats
from decruft.page.shortpage import NOTICE_RULES, prose_fallback
from decruft.page.templates import find_templates, template_rules
from decruft.page.units import block_units, dropped_units, whole_units
from decruft.page.verdict import KEPT_BACK_NONE, KeptBack, decide
from decruft.segment import blocks as segblocks
from decruft.segment.html import DomTree, HtmlPage, Recorded
from decruft.segment.html.dom import block_shapes
from decruft.segment.html.links import absolute_images, absolute_links
from decruft.segment.htmlmeta import HtmlMeta
from decruft.segment.text import TextSegments
from decruft.shapes import BlockShapes


class BlockFilter(Protocol):
    """A corpus pass's judgement of a page's blocks, applied inside the cascade after the
    classifier (``decruft.corpus.boilerplate.HostPass`` is one): removals, with reasons,
    among the ``candidates`` blocks still kept; the ``headline`` block may need stronger
    evidence."""

    def removals(
        self,
        blocks: Sequence[Block],
        candidates: npt.NDArray[np.bool_],
        arrays: ta.PageArrays,
        url: str | None,
        source: str,
        headline: int | None = None,
    ) -> list[Removal]: ...


class _Draft(NamedTuple):
    """A page between the rule steps and the classifier."""

    record: RawRecord
    body: str  # the record's text, or the visible text of its HTML (removals index it)
    blocks: Blocks
    texts: list[str]
    arrays: ta.PageArrays
    rule_removals: list[Removal]
    html_meta: HtmlMeta | None
    dom: F32 | None  # DOM feature rows of an HTML page's blocks
    tree: DomTree | None  # an HTML page's elements (what the class lexicon reads)
    type_tags: ta.Tags  # the page-type vocabularies' tags (tagged with the template triggers)
    links: tuple[tuple[str, str], ...] = ()  # (text, absolute target), with Config.links
    images: tuple[tuple[int, str, str], ...] = ()  # (block, alt, target), with Config.images
    emphasis: tuple[tuple[str, str], ...] = ()  # (text, mark), with Config.formatting
    shapes: BlockShapes | None = None  # an HTML page's block shapes (Markdown, units)


def _text_features_input(seg: TextSegments) -> tuple[list[str], ta.PageArrays]:
    """``feature_texts`` of a text page's blocks and their arrays, taken from what
    segmenting computed when no block was cut or collapsed (the texts are the body's spans)."""
    if seg.longest > segblocks.FEATURE_MAX_BLOCK_CHARS:  # >= each text's length
        texts = segblocks.feature_texts(seg.blocks)
        return texts, ta.page_arrays(texts)
    if seg.collapsed:
        return seg.texts, ta.page_arrays(seg.texts)
    return seg.texts, ta.span_arrays(seg.cps, seg.starts, seg.ends)


def _draft(record: RawRecord, config: Config) -> _Draft:
    recorded = Recorded(config.links, config.images, not config.comments, config.formatting)
    segmented = segblocks.segment_record(record, recorded)
    links: tuple[tuple[str, str], ...] = ()
    images: tuple[tuple[int, str, str], ...] = ()
    in_comments = None
    languages: tuple[tuple[int, str], ...] = ()
    emphasis: tuple[tuple[str, str], ...] = ()
    if isinstance(segmented, HtmlPage):
        body, blocks = segmented.body, segmented.blocks
        html_meta, dom, tree = segmented.meta, segmented.dom, segmented.tree
        if segmented.links:
            links = absolute_links(segmented.links, segmented.base, record.url)
        if segmented.images:
            images = absolute_images(segmented.images, segmented.base, record.url)
        in_comments = segmented.comment_blocks
        languages, emphasis = segmented.code_languages, segmented.emphasis
        texts = segblocks.feature_texts(blocks)
        arrays = ta.page_arrays(texts)
    else:
        body, blocks, html_meta, dom, tree = record.body, segmented.blocks, None, None, None
        texts, arrays = _text_features_input(segmented)
    # the template triggers and the page-type vocabularies are tagged in one pass
    rules = template_rules()
    triggers, type_tags = ta.tag_blocks_twice(
        arrays, (rules.words, rules.chars), page_type_tables()
    )
    removals = find_repeats(blocks, arrays, config)
    if config.templates:
        skip = {r.block for r in removals}
        removals += find_templates(blocks, arrays, skip, triggers.blocks)
    if in_comments is not None and in_comments.any():
        removals += comment_section_removals(blocks, in_comments, {r.block for r in removals})
    return _Draft(
        record,
        body,
        blocks,
        texts,
        arrays,
        removals,
        html_meta,
        dom,
        tree,
        type_tags,
        links,
        images,
        emphasis,
        block_shapes(dom, tree, languages) if dom is not None and tree is not None else None,
    )


class _Settled(NamedTuple):
    """A page whose removals are decided; metadata and verdict still to come."""

    draft: _Draft
    removals: tuple[Removal, ...]
    kept: npt.NDArray[np.bool_]
    scores: npt.NDArray[np.float64]
    title_at: int | None
    back: KeptBack  # see _Decided


def _classifier_runs(
    blocks: Blocks,
    dropped: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.float64],
    thresholds: tuple[float, float],
) -> list[Removal]:
    """One removal per run of adjacent classifier-dropped blocks, its evidence giving the
    run's highest score (and, when that score would have been enough beside kept text, that
    the run is not beside any)."""
    firsts, lasts, tops = dropped_runs(dropped, scores)
    if not len(firsts):
        return []
    keep, join = thresholds
    starts, ends = blocks.starts_of(firsts), blocks.ends_of(lasts)
    below = f"< {keep}"  # formatted once, not per run
    apart = f"< {keep}, and apart from kept text (>= {join} joins it)"
    sizes = (lasts - firsts + 1).tolist()
    evidence = [
        f"score {top:.3f} {apart if top >= join else below}"
        if size == 1
        else f"{size} blocks, scores <= {top:.3f} {apart if top >= join else below}"
        for size, top in zip(sizes, tops.tolist(), strict=True)
    ]
    fields = zip(starts, ends, repeat("classifier"), evidence, firsts.tolist(), sizes)
    # ~25 a page: built from C, as Blocks makes Block tuples (no Python loop)
    return list(map(tuple.__new__, repeat(Removal), fields))


class _Decided(NamedTuple):
    """A page's removals before the headline is given back."""

    draft: _Draft
    by_rule: npt.NDArray[np.bool_]  # removed by a rule step
    dropped: npt.NDArray[np.bool_]  # removed by the classifier only
    scores: npt.NDArray[np.float64]
    features: F32 | None  # the block features (the headline picker reads them too)
    thresholds: tuple[float, float]  # (keep, join) of the model that scored the page
    back: KeptBack = KEPT_BACK_NONE  # blocks the classifier dropped that the page keeps


def _decide(
    draft: _Draft,
    scores: npt.NDArray[np.float64] | None,
    features: F32 | None,
    thresholds: tuple[float, float],
    units: bool = False,
    main_content: bool = False,
    drop_units: bool = False,
) -> _Decided:
    """Which blocks the rules removed, and which the classifier removes on top (at the
    scoring model's ``thresholds``: ``Config.thresholds``); with ``main_content``, the
    blocks of an HTML page's main content come back when the model kept too little of it
    (``page/main_content.py``); with ``units``, the blocks it dropped of an HTML page's
    mostly kept lists, tables and code blocks (``page/units.py``); with ``drop_units``, the
    blocks it kept of mostly dropped ones go, as ``unit`` removals."""
    n = len(draft.blocks)
    by_rule = np.zeros(n, dtype=bool)
    by_rule[list(map(removal_block, draft.rule_removals))] = True
    if scores is None:
        return _Decided(draft, by_rule, np.zeros(n, dtype=bool), np.zeros(0), None, thresholds)
    dropped = ~kept_by_score(scores, *thresholds) & ~by_rule
    repeated: npt.NDArray[np.bool_] | None = None
    if (main_content and draft.dom is not None) or (units and draft.shapes is not None):
        copies, _ = group_sizes(draft.arrays.block_key, np.ones(n, dtype=bool))
        repeated = copies > 1
    main_back, main = 0, MAIN_BACK_NONE
    if main_content and draft.dom is not None and repeated is not None:
        in_main = draft.dom[:, MAIN_CONTENT_COLUMN] > 0
        lengths = draft.arrays.lengths
        main = main_content_back(scores, in_main, lengths, repeated, thresholds[0])
        found = main.blocks & dropped
        main_back = int(found.sum())
        dropped &= ~found
    notice = not NOTICE_RULES.isdisjoint(map(removal_rule, draft.rule_removals))
    back = prose_fallback(
        draft.blocks.texts, _spaces(draft), by_rule, dropped, draft.record.http_status, notice
    )
    restored = int(back.sum())
    if restored:
        dropped &= ~back
    with_units = 0
    if (units or drop_units) and draft.shapes is not None:
        shapes = draft.shapes
        unit_of = block_units(shapes)
        if units:
            whole = whole_units(draft.blocks, unit_of, shapes.elements, by_rule, dropped, repeated)
            dropped &= ~whole
            with_units = int(whole.sum())
        if drop_units:
            gone = dropped_units(draft.blocks, unit_of, shapes.elements, by_rule, dropped)
            if gone:
                draft, by_rule = _with_rule_removals(draft, by_rule, gone)
    kept_back = KeptBack(
        restored, main_back, main.share, with_units, main.inside, main_back > 0 and main.agreed
    )
    return _Decided(draft, by_rule, dropped, scores, features, thresholds, kept_back)


def _with_host(d: _Decided, host: BlockFilter, title_at: int | None) -> _Decided:
    """Host boilerplate (``decruft.corpus.boilerplate``) among the blocks still kept, as rule
    removals; the headline needs stronger evidence (a site's "related" links repeat its
    headlines)."""
    rec = d.draft.record
    candidates = ~(d.by_rule | d.dropped)
    found = host.removals(d.draft.blocks, candidates, d.draft.arrays, rec.url, rec.source, title_at)
    if not found:
        return d
    draft, by_rule = _with_rule_removals(d.draft, d.by_rule, found)
    return d._replace(draft=draft, by_rule=by_rule)


def _with_rule_removals(
    draft: _Draft, by_rule: npt.NDArray[np.bool_], found: list[Removal]
) -> tuple[_Draft, npt.NDArray[np.bool_]]:
    """The draft with ``found`` among its rule removals, and the rule mask with their blocks
    (a new one: the caller's is left as it was)."""
    marked = by_rule.copy()
    marked[list(map(removal_block, found))] = True
    return draft._replace(rule_removals=[*draft.rule_removals, *found]), marked


def _settle(
    decided: list[_Decided], config: Config, host: BlockFilter | None = None
) -> list[_Settled]:
    """Find each page's headline (one title-model call for the batch) and give it back if
    only the classifier removed it; then the host step, if any, which judges the headline
    too (and, when it removes it, the heuristic names another)."""
    title_at = locate_titles(
        [TitlePage(d.draft.blocks, ~(d.by_rule | d.dropped), d.scores, d.features) for d in decided]
    )
    settled = []
    for d, at in zip(decided, title_at, strict=True):
        if config.keep_headline and at is not None and d.dropped[at]:
            dropped = d.dropped.copy()
            dropped[at] = False
            d = d._replace(dropped=dropped)
        if host is not None:
            d = _with_host(d, host, at)
            if at is not None and d.by_rule[at]:  # the picked headline was a template line
                at = find_title(d.draft.blocks, (~(d.by_rule | d.dropped)).tolist())
        runs = _classifier_runs(d.draft.blocks, d.dropped, d.scores, d.thresholds)
        removals = sorted((*d.draft.rule_removals, *runs), key=removal_block)  # from C
        kept = ~(d.by_rule | d.dropped)
        settled.append(_Settled(d.draft, tuple(removals), kept, d.scores, at, d.back))
    return settled


def _build(settled: _Settled, page_type: PageTypeGuess | None) -> Page:
    draft, kept = settled.draft, settled.kept
    rec, blocks = draft.record, draft.blocks
    meta = extract_meta(blocks, kept, draft.arrays, settled.title_at)
    if draft.html_meta is not None:
        meta = with_html_meta(meta, draft.html_meta, rec.url)
    return Page(
        id=rec.id,
        source=rec.source,
        body=draft.body,
        blocks=blocks,
        removals=settled.removals,
        meta=meta,
        verdict=decide(
            blocks,
            kept,
            settled.removals,
            rec.http_status,
            page_type,
            _block_spaces(draft),
            settled.back,
        ),
        url=rec.url,
        crawl_date=rec.crawl_date,
        http_status=rec.http_status,
        flags=rec.flags,
        scores=tuple(settled.scores.tolist()),
        shapes=draft.shapes,
        links=draft.links,
        images=draft.images,
        emphasis=draft.emphasis,
        known_mask=KnownMask(settled.removals, tuple(kept.tolist())),
    )


def _block_spaces(draft: _Draft) -> npt.NDArray[np.int64] | None:
    """Spaces in each block's text, from the page's arrays (block texts are whitespace
    collapsed, so their spaces are their SPACE-class characters); None when some block was
    cut for the features (its arrays do not hold its whole text)."""
    lengths = draft.arrays.lengths
    if len(lengths) and int(lengths.max()) >= segblocks.FEATURE_MAX_BLOCK_CHARS:
        return None
    spaces: npt.NDArray[np.int64] = draft.arrays.counts[:, ta.SPACE]
    return spaces


def _spaces(draft: _Draft) -> npt.NDArray[np.int64]:
    """Spaces of each block, from its arrays or (a block cut for the features) its text."""
    spaces = _block_spaces(draft)
    if spaces is None:
        spaces = np.fromiter((t.count(" ") for t in draft.blocks.texts), np.int64)
    return spaces


def _page_types(settled: list[_Settled]) -> list[PageTypeGuess | None]:
    """The page-type models over the batch (one call for text pages, one for HTML pages);
    None for pages whose model is not shipped."""
    out: list[PageTypeGuess | None] = [None] * len(settled)
    typers = {False: shipped_page_typer(), True: shipped_page_typer(html=True)}
    by_html = [typers[True] is not None and s.draft.dom is not None for s in settled]
    for html, typer in typers.items():
        idx = [i for i, h in enumerate(by_html) if h == html]
        if typer is not None and idx:
            feats = np.stack([_page_type_row(settled[i], html) for i in idx])
            for i, probs in zip(idx, typer.predict(feats), strict=True):
                out[i] = PageTypeGuess.from_probs(probs)
    return out


def _page_type_row(settled: _Settled, html: bool) -> npt.NDArray[np.float32]:
    """The page-type model's row of a page: text-shape features, and with ``html`` (an HTML
    page, for the HTML model) what it declares itself to be and its DOM's shape."""
    d = settled.draft
    row = page_type_features(d.blocks, settled.kept, settled.scores, d.arrays, d.type_tags)
    if not html or d.dom is None:
        return row
    declared = d.html_meta.declared_types if d.html_meta is not None else ()
    return np.concatenate((row, html_page_type_features(d.dom, declared)))


def _score(
    drafts: list[_Draft], model: BlockScorer, with_dom: bool
) -> tuple[list[F32], list[npt.NDArray[np.float64]]]:
    """Features and keep-scores of these pages, one model call per stage; ``with_dom``: the
    model reads each page's DOM feature rows after its text features."""
    stacked = None  # the pages' rows in one matrix, when they were written into one
    if with_dom:
        feats = [
            with_dom_features(
                page_features(d.texts, model.lexicon, d.arrays), d.dom, d.tree, model.class_lexicon
            )
            for d in drafts
        ]
    elif model.discussion:
        # every page's rows are written into one column-major matrix, the forest's input:
        # no per-page matrices to concatenate (each page's rows are a view of it)
        width = len(FEATURE_NAMES) + len(DISCUSSION_NAMES)
        stacked = np.empty((width, sum(d.arrays.n for d in drafts)), dtype=np.float32).T
        cuts = np.cumsum([0, *(d.arrays.n for d in drafts)]).tolist()
        feats = [
            discussion_rows(d.texts, model.lexicon, d.arrays, stacked[a:b])
            for d, a, b in zip(drafts, cuts, cuts[1:], strict=False)
        ]
    else:
        feats = [page_features(d.texts, model.lexicon, d.arrays) for d in drafts]
    trees = [d.tree for d in drafts] if with_dom else None
    arrays = [d.arrays for d in drafts]
    return feats, model.score(feats, [a.lengths for a in arrays], trees, arrays, stacked)


def discussion_rows(
    texts: list[str], lexicon: F32 | None, arrays: ta.PageArrays, out: F32 | None = None
) -> F32:
    """A text page's stage-1 rows for a discussion model: its text features, then the
    discussion features (``page/discussion.py``), written in one matrix (the discussion
    kernel fills the columns after the text features: no hstack copy), or into ``out``
    (every cell written); what training builds too, so they match."""
    extra = len(DISCUSSION_NAMES)
    rows = page_features(texts, lexicon, arrays, extra_columns=extra, out=out)
    discussion_features(arrays, rows[:, len(FEATURE_NAMES) :])
    return rows


def with_dom_features(
    text_features: F32, dom: F32 | None, tree: DomTree | None, class_lexicon: F32 | None
) -> F32:
    """A page's stage-1 rows: text features, then its DOM features, then (when the model has
    a class lexicon) its class-name features; what training builds too, so they match."""
    if dom is None:
        return text_features
    if class_lexicon is None or tree is None:
        return np.hstack((text_features, dom))
    return np.hstack((text_features, dom, class_features(tree, class_lexicon)))


def clean_batch(
    records: list[RawRecord],
    config: Config,
    scorer: BlockScorer | None = None,
    html_scorer: BlockScorer | None = None,
    host: BlockFilter | None = None,
) -> list[Page]:
    """Clean a batch of pages with one model call per stage for the whole batch.

    Text pages are scored by ``scorer`` (default: the shipped text model). HTML pages are
    scored by ``html_scorer``, which also reads their DOM features; without one (none given,
    and none shipped, or a text scorer given alone) they are scored by the text model.
    ``host``: block counts of a corpus pass, to remove host boilerplate."""
    drafts = [_draft(r, config) for r in records]
    if not config.classifier:
        decided = [_decide(d, None, None, config.thresholds(False)) for d in drafts]
        return [_build(s, None) for s in _settle(decided, config, host)]
    if html_scorer is None and scorer is None and any(d.dom is not None for d in drafts):
        html_scorer = shipped_html_scorer()  # loaded when a page needs it
    by_dom = [html_scorer is not None and d.dom is not None for d in drafts]
    feats: list[F32 | None] = [None] * len(drafts)
    scores: list[npt.NDArray[np.float64] | None] = [None] * len(drafts)
    for with_dom in (False, True):
        idx = [i for i, b in enumerate(by_dom) if b == with_dom]
        if not idx:
            continue
        if with_dom and html_scorer is not None:
            model = html_scorer
        else:
            model = scorer if scorer is not None else shipped_scorer()
        f, s = _score([drafts[i] for i in idx], model, with_dom)
        for j, i in enumerate(idx):
            feats[i], scores[i] = f[j], s[j]
    decided = [
        _decide(
            d, s, f, config.thresholds(html), config.units, config.main_content, config.drop_units
        )
        for d, s, f, html in zip(drafts, scores, feats, by_dom, strict=True)
    ]
    settled = _settle(decided, config, host)
    return [_build(s, t) for s, t in zip(settled, _page_types(settled), strict=True)]


def warm_up(config: Config | None = None) -> None:
    """Load the models and compile the kernels now rather than on the first page."""
    clean_batch(
        [
            RawRecord(id="warm-up", source="", body="Warm up.\nA second line."),
            RawRecord(id="warm-up-html", source="", body="", html="<p>Warm</p><p>up.</p>"),
        ],
        config if config is not None else Config(),
    )


def clean_records(
    records: Iterable[RawRecord],
    config: Config | None = None,
    scorer: BlockScorer | None = None,
    host: BlockFilter | None = None,
) -> Iterator[Page]:
    """Clean a stream of records lazily, ``config.batch_pages`` at a time."""
    cfg = config if config is not None else Config()
    it = iter(records)
    while batch := list(islice(it, cfg.batch_pages)):
        yield from clean_batch(batch, cfg, scorer, host=host)
