"""Keep and join thresholds: which model's pair a page gets, and what the join keeps."""

from __future__ import annotations

import numpy as np

from decruft import pipeline
from decruft.config import Config
from decruft.model import RawRecord


def test_each_model_has_its_own_pair_and_no_join_means_the_keep_threshold() -> None:
    cfg = Config(keep_threshold=0.6, join_threshold=0.4, html_keep_threshold=0.5)
    assert cfg.thresholds(html=False) == (0.6, 0.4)
    assert cfg.thresholds(html=True) == (0.5, 0.5)  # the HTML model joins nothing by default
    assert Config(keep_threshold=0.3, join_threshold=0.4).thresholds(html=False) == (0.3, 0.3)
    assert Config(join_threshold=None).thresholds(html=False)[1] == Config().keep_threshold


def _page() -> pipeline._Draft:
    lines = [f"Line {i} of the page, long enough to be a block of its own." for i in range(7)]
    record = RawRecord(id="p", source="", body="\n".join(lines))
    return pipeline._draft(record, Config(templates=False))


def test_a_weak_block_is_kept_beside_kept_text_and_dropped_among_debris() -> None:
    scores = np.array([0.9, 0.45, 0.8, 0.1, 0.45, 0.2, 0.5])
    decided = pipeline._decide(_page(), scores, None, (0.6, 0.4))
    assert decided.dropped.tolist() == [False, False, False, True, True, True, True]
    runs = pipeline._classifier_runs(
        decided.draft.blocks, decided.dropped, scores, decided.thresholds
    )
    assert [(r.block, r.blocks) for r in runs] == [(3, 4)]
    assert "apart from kept text" in runs[0].evidence  # its .5 would join kept text


def test_without_a_join_the_threshold_alone_decides() -> None:
    scores = np.array([0.9, 0.45, 0.8, 0.1, 0.45, 0.2, 0.5])
    decided = pipeline._decide(_page(), scores, None, (0.6, 0.6))
    assert decided.dropped.tolist() == (scores < 0.6).tolist()
    runs = pipeline._classifier_runs(
        decided.draft.blocks, decided.dropped, scores, decided.thresholds
    )
    assert all("apart" not in r.evidence for r in runs)


def test_the_cli_threshold_sets_both_models_keep_threshold() -> None:
    from decruft.cli import _config, _parser

    cfg = _config(_parser().parse_args(["clean", "in.txt", "-o", "out", "--threshold", "0.7"]))
    assert cfg.thresholds(html=False) == (0.7, Config().join_threshold)
    assert cfg.thresholds(html=True) == (0.7, 0.7)
