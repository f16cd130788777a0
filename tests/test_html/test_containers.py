"""Container features: stage-1 scores gathered up an HTML page's DOM tree for stage 2."""

from __future__ import annotations

import numpy as np
import pytest

from decruft.page.classifier import STACK_FEATURES, stage2_features
from decruft.page.containers import (
    CONTAINER_FEATURE_NAMES,
    SECTION_MIN_BLOCKS,
    container_features,
)
from decruft.segment.html import segment_html

STORY = "".join(f"<p>Story paragraph number {i} with words.</p>" for i in range(SECTION_MIN_BLOCKS))
PAGE = (
    "<body><div>"
    f'<div class="story">{STORY}</div>'
    '<ul class="teasers"><li>Teaser one</li><li>Teaser two</li></ul>'
    "<p>Loose line.</p>"
    "</div></body>"
)
N_STORY = SECTION_MIN_BLOCKS


def _column(rows: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 3) for v in rows[:, CONTAINER_FEATURE_NAMES.index(name)]]


def _rows(scores: list[float]) -> np.ndarray:
    page = segment_html(PAGE)
    assert len(page.blocks) == N_STORY + 3
    lengths = np.array([len(b.text) for b in page.blocks], dtype=np.int64)
    return container_features(page.tree, np.array(scores), lengths)


def test_the_best_container_is_the_one_whose_blocks_score_high() -> None:
    rows = _rows([0.9] * N_STORY + [0.1, 0.1, 0.2])
    assert _column(rows, "in_best") == [1.0] * N_STORY + [0.0] * 3
    assert _column(rows, "best_levels") == [1.0] * N_STORY + [-1.0] * 3
    share = _column(rows, "best_share")
    assert len(set(share)) == 1 and 0.5 < share[0] < 1.0  # page-wide: the same on every block


def test_a_block_reads_its_group_and_its_section() -> None:
    rows = _rows([0.9] * N_STORY + [0.1, 0.3, 0.2])
    group = _column(rows, "group_mean")
    # the story's paragraphs: their own div (all N_STORY blocks) is the group and the section
    assert group[:N_STORY] == [0.9] * N_STORY
    assert _column(rows, "section_mean")[:N_STORY] == [0.9] * N_STORY
    assert _column(rows, "group_blocks")[0] == round(float(np.log(N_STORY)), 3)
    # the teasers: their list (two blocks, length-weighted mean of 0.1 and 0.3)
    assert 0.1 < group[N_STORY] == group[N_STORY + 1] < 0.3
    # their section is the whole body's div: every block
    assert _column(rows, "section_blocks")[N_STORY] == round(float(np.log(N_STORY + 3)), 3)


def test_a_page_without_a_tree_is_one_container() -> None:
    scores = np.array([0.2, 0.8, 0.5])
    rows = container_features(None, scores, np.array([10, 10, 10]))
    assert _column(rows, "group_mean") == [0.5] * 3
    assert _column(rows, "in_best") == [0.0] * 3
    assert container_features(None, np.zeros(0), np.zeros(0, dtype=np.int64)).shape == (
        0,
        len(CONTAINER_FEATURE_NAMES),
    )


def test_deep_nesting_is_bounded_and_counted_once() -> None:
    html = "<div>" * 5000 + "<p>Deep text.</p>" + "</div>" * 5000 + "<p>Top.</p>"
    page = segment_html(html)
    lengths = np.array([len(b.text) for b in page.blocks], dtype=np.int64)
    rows = container_features(page.tree, np.full(len(page.blocks), 0.7), lengths)
    assert rows.shape == (len(page.blocks), len(CONTAINER_FEATURE_NAMES))
    assert np.isfinite(rows).all()


@pytest.mark.parametrize("containers", [False, True])
def test_stage2_rows_add_the_container_features_for_an_html_model(containers: bool) -> None:
    page = segment_html(PAGE)
    lengths = np.array([len(b.text) for b in page.blocks], dtype=np.int64)
    rows = stage2_features(np.full(len(lengths), 0.5), lengths, containers, page.tree)
    extra = len(CONTAINER_FEATURE_NAMES) if containers else 0
    assert rows.shape == (len(lengths), STACK_FEATURES + extra)
