"""The cleaning cascade, page by page (text input).

1. **Segment** the body into blocks, one per non-blank line, whitespace collapsed; each
   block keeps its span in the original body (``segment/text.py``).
2. **Repeats**: a block that repeats an earlier one (case/punctuation-insensitive) is
   removed, "repeat of block N" (``page/repeats.py``).
3. **Templates**: error-page messages, disclaimers, comment widgets, share/cookie/newsletter
   prompts and navigation links, from the rule data in ``data/templates.json``
   (``page/templates.py``).
4. **Classifier**: every block is scored by the stacked tree models over block, neighbour,
   page and lexicon features; blocks under ``Config.keep_threshold`` are removed with their
   score as evidence, adjacent ones as one run (``page/features.py``,
   ``page/classifier.py``). Pages go through the model in batches.
5. **Headline**: the headline block at the top of the article is picked (a small learned
   model, else a heuristic: ``page/title.py``, ``page/meta.py``); if only the classifier
   removed it, it is kept (the headline belongs to the article).
6. **Page type**: a small page-level model guesses article / forum / product / collection /
   listing / documentation / service from what was kept (``page/pagetype.py``).
7. **Metadata** (title, dateline publisher, byline author, date, language) is read off the
   blocks (``page/meta.py``) and a **verdict** is given with reasons (``page/verdict.py``).

Every step only ever removes whole blocks, so the clean text is always a subsequence of
the input's blocks: nothing is rewritten, invented or reordered. Each step is a pure
function of the page and the Config; pages never influence each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np
import numpy.typing as npt

from decruft.config import Config
from decruft.model import Block, Page, RawRecord, Removal
from decruft.page import textarrays as ta
from decruft.page.classifier import BlockScorer, shipped_scorer
from decruft.page.features import page_features
from decruft.page.meta import extract_meta, locate_titles
from decruft.page.pagetype import PageTypeGuess, page_type_features, shipped_page_typer
from decruft.page.repeats import find_repeats
from decruft.page.templates import find_templates
from decruft.page.verdict import decide
from decruft.segment import segment_text

# Features look at no more than this many characters of a block: a 50 MB line scores the
# same as its first 20k characters, and time and memory stay bounded.
FEATURE_MAX_BLOCK_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class _Draft:
    """A page between the rule steps and the classifier."""

    record: RawRecord
    blocks: tuple[Block, ...]
    texts: list[str]
    arrays: ta.PageArrays
    rule_removals: list[Removal]


def _draft(record: RawRecord, config: Config) -> _Draft:
    blocks = segment_text(record.body)
    texts = [
        b.text if len(b.text) <= FEATURE_MAX_BLOCK_CHARS else b.text[:FEATURE_MAX_BLOCK_CHARS]
        for b in blocks
    ]
    arrays = ta.page_arrays(texts)
    removals = find_repeats(blocks, arrays, config)
    if config.templates:
        removals += find_templates(blocks, arrays, {r.block for r in removals})
    return _Draft(record, blocks, texts, arrays, removals)


@dataclass(frozen=True, slots=True)
class _Settled:
    """A page whose removals are decided; metadata and verdict still to come."""

    draft: _Draft
    removals: tuple[Removal, ...]
    kept: npt.NDArray[np.bool_]
    scores: npt.NDArray[np.float64]
    title_at: int | None


def _with_classifier_runs(
    blocks: tuple[Block, ...],
    removed: dict[int, Removal | None],
    scores: list[float],
    threshold: float,
) -> tuple[Removal, ...]:
    """Rule removals as they are, plus one removal per run of adjacent classifier-removed
    blocks, its evidence giving the run's highest score."""
    out: list[Removal] = []
    run: list[int] = []

    def close() -> None:
        if run:
            first, last = blocks[run[0]], blocks[run[-1]]
            top = max(scores[i] for i in run)
            if len(run) == 1:
                evidence = f"score {top:.3f} < {threshold}"
            else:
                evidence = f"{len(run)} blocks, scores <= {top:.3f} < {threshold}"
            out.append(Removal(first.start, last.end, "classifier", evidence, run[0], len(run)))
            run.clear()

    for i in sorted(removed):
        rule_removal = removed[i]
        if rule_removal is None and run and run[-1] == i - 1:
            run.append(i)
            continue
        close()
        if rule_removal is None:
            run.append(i)
        else:
            out.append(rule_removal)
    close()
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Decided:
    """A page's removals before the headline is given back."""

    draft: _Draft
    removed: dict[int, Removal | None]  # None: the classifier's, merged into runs later
    kept: npt.NDArray[np.bool_]
    scores: npt.NDArray[np.float64]


def _decide(draft: _Draft, scores: npt.NDArray[np.float64] | None, config: Config) -> _Decided:
    """Merge rule removals with the classifier's."""
    removed: dict[int, Removal | None] = {r.block: r for r in draft.rule_removals}
    if scores is not None:
        for i in np.flatnonzero(scores < config.keep_threshold).tolist():
            removed.setdefault(i, None)
    kept = np.ones(len(draft.blocks), dtype=bool)
    kept[list(removed)] = False
    return _Decided(draft, removed, kept, scores if scores is not None else np.zeros(0))


def _settle(decided: list[_Decided], config: Config) -> list[_Settled]:
    """Find each page's headline (one title-model call for the batch) and give it back if
    only the classifier removed it."""
    title_at = locate_titles(
        [(d.draft.blocks, d.kept.tolist(), d.scores.tolist()) for d in decided]
    )
    settled = []
    for d, at in zip(decided, title_at, strict=True):
        removed, kept = d.removed, d.kept
        if config.keep_headline and at is not None and at in removed and removed[at] is None:
            del removed[at]
            kept[at] = True
        removals = _with_classifier_runs(
            d.draft.blocks, removed, d.scores.tolist(), config.keep_threshold
        )
        settled.append(_Settled(d.draft, removals, kept, d.scores, at))
    return settled


def _build(settled: _Settled, page_type: PageTypeGuess | None) -> Page:
    draft, kept = settled.draft, settled.kept.tolist()
    rec, blocks = draft.record, draft.blocks
    return Page(
        id=rec.id,
        source=rec.source,
        body=rec.body,
        blocks=blocks,
        removals=settled.removals,
        meta=extract_meta(blocks, kept, draft.arrays, settled.title_at),
        verdict=decide(blocks, kept, settled.removals, rec.http_status, page_type),
        url=rec.url,
        crawl_date=rec.crawl_date,
        http_status=rec.http_status,
        flags=rec.flags,
        scores=tuple(settled.scores.tolist()),
    )


def _page_types(settled: list[_Settled]) -> list[PageTypeGuess | None]:
    """The page-type model over the whole batch (one call), or nothing if it is not shipped."""
    typer = shipped_page_typer()
    if typer is None or not settled:
        return [None] * len(settled)
    feats = np.stack(
        [page_type_features(s.draft.blocks, s.kept, s.scores, s.draft.arrays) for s in settled]
    )
    return [PageTypeGuess.from_probs(p) for p in typer.predict(feats)]


def clean_batch(
    records: list[RawRecord], config: Config, scorer: BlockScorer | None = None
) -> list[Page]:
    """Clean a batch of pages with one model call per stage for the whole batch."""
    drafts = [_draft(r, config) for r in records]
    if not config.classifier:
        settled = _settle([_decide(d, None, config) for d in drafts], config)
        return [_build(s, None) for s in settled]
    model = scorer if scorer is not None else shipped_scorer()
    feats = [page_features(d.texts, model.lexicon, d.arrays) for d in drafts]
    scores = model.score(feats, [d.arrays.lengths for d in drafts])
    settled = _settle([_decide(d, s, config) for d, s in zip(drafts, scores, strict=True)], config)
    return [_build(s, t) for s, t in zip(settled, _page_types(settled), strict=True)]


def clean_records(
    records: Iterable[RawRecord], config: Config | None = None, scorer: BlockScorer | None = None
) -> Iterator[Page]:
    """Clean a stream of records lazily, ``config.batch_pages`` at a time."""
    cfg = config if config is not None else Config()
    it = iter(records)
    while batch := list(islice(it, cfg.batch_pages)):
        yield from clean_batch(batch, cfg, scorer)
