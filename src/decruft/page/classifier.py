"""The learned block scorer: two stacked gradient-boosted forests of oblivious trees.

Stage 1 scores each block from its own, neighbour and page features (``features.py``) plus
a learned word lexicon; the text model's stage 1 also reads where the page's comment section
is (``discussion.py``). Stage 2 re-scores each block from the stage-1 scores around it (the
sequence smoothing: a lone "keep" inside debris, or a short heading inside the article, is
judged by its neighbours); the text model's stage 2 also reads the discussion columns again
and how the block shares the words of what stage 1 keeps (``topic.py``), the HTML model's
the stage-1 scores gathered up the page's DOM tree (``containers.py``). Both are trained by
``training/train.py`` on the dev benchmark and ship in ``data/model/`` as arrays evaluated
by ``forest.py``. Pages are scored in batches: one model call per stage per batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from decruft.arrays import narrowest_unsigned, read_npz
from decruft.page._classifier import (
    STACK_RUN_PIVOT as STACK_RUN_PIVOT,
    _stack,
    dropped_runs as dropped_runs,
    kept_by_score as kept_by_score,
)
from decruft.page.containers import container_features
from decruft.page.discussion import DISCUSSION_NAMES
from decruft.page.features import F32, feature_rows
from decruft.page.forest import Forest
from decruft.page.layout import (
    STACK_NAMES,
    TEXT,
    Layout,
    LayoutError,
    identify,
    identify_by_width,
)
from decruft.page.textarrays import PageArrays
from decruft.page.topic import TOPIC_NAMES, topic_features
from decruft.resources import data_path
from decruft.segment.html import DomTree

# The class lexicon's file in an HTML model's folder (absent: the model does not read it).
CLASS_LEXICON_FILE = "classlexicon.npz"
STACK_FEATURES = len(STACK_NAMES)
DISCUSSION_STAGE2_FEATURES = len(TEXT.stage2)
# Where a text model's stage 2 holds the discussion and the topic columns.
_DISCUSSION_AT = TEXT.stage2_column(DISCUSSION_NAMES[0])
_TOPIC_AT = TEXT.stage2_column(TOPIC_NAMES[0])


def stack_features(
    p1: npt.NDArray[np.floating],
    lengths: npt.NDArray[np.int64],
    n_columns: int = STACK_FEATURES,
    out: F32 | None = None,
) -> F32:
    """Stage-2 sequence features of one page from its stage-1 scores and block lengths (in
    the first of ``n_columns``, the rest 0 for the caller to fill), written into ``out``
    (``features.feature_rows``) when given."""
    rows = feature_rows(len(p1), n_columns, out)
    _stack(np.asarray(p1, dtype=np.float64), np.asarray(lengths, dtype=np.int64), rows)
    return rows


def stage2_features(
    p1: npt.NDArray[np.floating],
    lengths: npt.NDArray[np.int64],
    containers: bool,
    tree: DomTree | None = None,
    stage1_rows: F32 | None = None,
    arrays: PageArrays | None = None,
    out: F32 | None = None,
) -> F32:
    """A page's stage-2 rows: the sequence features; then, given its ``stage1_rows`` and
    ``arrays`` (a discussion model's), the discussion columns (the last of the stage-1 rows)
    and the topic features, in ``out`` when given (every cell written); then
    (``containers``: an HTML model's) the container features of its DOM tree."""
    if stage1_rows is not None:
        if arrays is None:
            raise ValueError("the topic features need the page's arrays")
        # one matrix, filled in place: sequence, discussion (copied), topic columns
        rows = stack_features(p1, lengths, DISCUSSION_STAGE2_FEATURES, out)
        rows[:, _DISCUSSION_AT:_TOPIC_AT] = stage1_rows[:, -len(DISCUSSION_NAMES) :]
        topic_features(arrays, p1, rows[:, _TOPIC_AT:])
    else:
        rows = stack_features(p1, lengths)
    if not containers:
        return rows
    return np.hstack((rows, container_features(tree, p1, lengths)))


@dataclass(frozen=True)
class BlockScorer:
    """Stage-1 and stage-2 forests plus the word lexicon (dense, 2**LEX_BITS floats) and,
    for an HTML model, the class lexicon (dense, 2**CLASS_LEX_BITS floats; ``classlex.py``)."""

    stage1: Forest
    stage2: Forest
    lexicon: F32
    class_lexicon: F32 | None = None

    @cached_property
    def layout(self) -> Layout:
        """The model's feature columns: read off the names its forests were saved with
        (checked against what this decruft computes), else off their widths."""
        s1, s2 = self.stage1.feature_names, self.stage2.feature_names
        if s1 and s2:
            layout = identify(s1, s2)
        else:
            layout = identify_by_width(self.stage1.n_features, self.stage2.n_features)
        if layout.class_names != (self.class_lexicon is not None):
            raise LayoutError(
                "a model reads class-name features exactly when it has a class lexicon"
            )
        return layout

    @property
    def containers(self) -> bool:
        """Stage 2 reads the container features too (an HTML model trained with them)."""
        return self.layout.containers

    @property
    def discussion(self) -> bool:
        """Stage 1 reads the discussion features after the text ones, and stage 2 reads them
        and the topic features after the sequence ones (the text model)."""
        return self.layout.discussion

    def score(
        self,
        features: Sequence[F32],
        lengths: Sequence[npt.NDArray[np.int64]],
        trees: Sequence[DomTree | None] | None = None,
        arrays: Sequence[PageArrays] | None = None,
        stacked: F32 | None = None,
    ) -> list[npt.NDArray[np.float64]]:
        """Keep-probability of every block of every page, with one model call per stage
        (``trees``: the pages' DOM trees, read by a model with container features;
        ``arrays``: the pages' arrays, read by a discussion model's topic features;
        ``stacked``: the pages' ``features`` already in one column-major matrix, of which
        they are the consecutive row ranges)."""
        sizes = [len(f) for f in features]
        if sum(sizes) == 0:
            return [np.zeros(0) for _ in sizes]
        cuts = np.cumsum(sizes)[:-1]
        rows = stacked if stacked is not None else _column_major(features)
        p1 = np.split(self.stage1.predict(rows), cuts)
        page_trees = trees if trees is not None else [None] * len(sizes)
        page_arrays = arrays if arrays is not None else [None] * len(sizes)
        if self.discussion:  # every page's stage-2 rows straight into the forest's input
            # not zeroed: stage2_features writes every cell of a page's rows (tested)
            matrix = np.empty((DISCUSSION_STAGE2_FEATURES, sum(sizes)), dtype=np.float32).T
            bounds = [0, *cuts.tolist(), sum(sizes)]
            for p, ln, f, a, lo, hi in zip(
                p1, lengths, features, page_arrays, bounds[:-1], bounds[1:], strict=True
            ):
                stage2_features(p, ln, False, None, f, a, matrix[lo:hi])
        else:
            matrix = _column_major(
                [
                    stage2_features(p, ln, self.containers, t)
                    for p, ln, t in zip(p1, lengths, page_trees, strict=True)
                ]
            )
        p2: list[npt.NDArray[np.float64]] = np.split(self.stage2.predict(matrix), cuts)
        return p2


def _column_major(pages: Sequence[F32]) -> F32:
    """The pages' rows stacked into one column-major matrix, the layout the forest reads
    without a transposed copy (np.concatenate picks the inputs' layout, and an empty page's
    strides can tip it to row-major)."""
    out = np.empty((sum(len(p) for p in pages), pages[0].shape[1]), dtype=np.float32, order="F")
    return np.concatenate(pages, out=out)


def lexicon_from_sparse(
    index: npt.NDArray[np.int64], values: npt.NDArray[np.floating], bits: int | None = None
) -> F32:
    """A dense lexicon of 2**bits floats (default: the word lexicon's LEX_BITS)."""
    from decruft.page.features import LEX_BITS

    dense = np.zeros(1 << (LEX_BITS if bits is None else bits), dtype=np.float32)
    dense[index] = values
    return dense


# A lexicon file holds the sparse entries' positions as gaps between them (the first gap from
# 0), in the narrowest unsigned type that holds the largest, beside their float16 values,
# uncompressed (``decruft.arrays.narrowest_unsigned``): the gaps are a few dozen at most, so
# a byte each, and reading the file is a memory copy where inflating the compressed int32
# positions cost a one-page run ~12 ms.


def save_sparse_lexicon(path: Path, index: npt.NDArray[np.integer], values: F32) -> None:
    """Write the entries ``index`` (sorted, distinct) of a lexicon with their ``values``."""
    positions = np.asarray(index, dtype=np.int64)
    gaps = np.diff(positions, prepend=0)
    if (gaps[1:] <= 0).any() or (gaps[:1] < 0).any():
        raise ValueError("lexicon positions must be sorted and distinct")
    with path.open("wb") as fh:
        np.savez(fh, gaps=narrowest_unsigned(gaps), values=np.asarray(values).astype(np.float16))


def _load_lexicon(path: Path, bits: int | None = None) -> F32:
    lex = read_npz(path)
    # files in the older format hold compressed int32 positions instead of gaps
    gaps = lex.get("gaps")
    index = np.cumsum(gaps, dtype=np.int64) if gaps is not None else lex["index"]
    return lexicon_from_sparse(index, lex["values"], bits)


@cache
def shipped_scorer() -> BlockScorer:
    """The text model shipped in the package (loaded once; read-only)."""
    return load_scorer(data_path("model"))


@cache
def shipped_html_scorer() -> BlockScorer | None:
    """The HTML model (text + DOM features) shipped in the package, if there is one."""
    folder = data_path("model") / "html"
    return load_scorer(folder) if (folder / "stage1.npz").is_file() else None


def load_scorer(folder: Path) -> BlockScorer:
    """Stage 1, stage 2 and lexicon from a folder written by ``training/train.py``."""
    from decruft.page.classlex import CLASS_LEX_BITS

    stage1 = Forest.load(folder / "stage1.npz")
    stage2 = Forest.load(folder / "stage2.npz")
    lexicon = _load_lexicon(folder / "lexicon.npz")
    class_path = folder / CLASS_LEXICON_FILE
    class_lexicon = _load_lexicon(class_path, CLASS_LEX_BITS) if class_path.is_file() else None
    scorer = BlockScorer(stage1, stage2, lexicon, class_lexicon)
    _ = scorer.layout  # a model whose columns this decruft does not compute fails here
    return scorer
