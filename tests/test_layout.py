"""Feature columns by name: models carry their columns' names, and a model whose columns are
not what decruft computes is refused at load, naming the first column that differs."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from decruft.page import layout as lay
from decruft.page.classifier import load_scorer, shipped_html_scorer, shipped_scorer
from decruft.page.forest import Forest
from decruft.resources import data_path


def test_the_shipped_models_carry_the_shipped_layouts() -> None:
    text, html = shipped_scorer(), shipped_html_scorer()
    assert html is not None
    assert text.stage1.feature_names == lay.TEXT.stage1 and text.layout == lay.TEXT
    assert text.stage2.feature_names == lay.TEXT.stage2
    assert html.stage1.feature_names == lay.HTML.stage1 and html.layout == lay.HTML
    assert html.stage2.feature_names == lay.HTML.stage2
    assert text.discussion and not text.containers
    assert html.containers and not html.discussion


def test_every_layout_is_told_apart_by_its_names_and_by_its_widths() -> None:
    widths = {(len(x.stage1), len(x.stage2)) for x in lay.LAYOUTS}
    names = {(x.stage1, x.stage2) for x in lay.LAYOUTS}
    assert len(widths) == len(names) == len(lay.LAYOUTS)
    for x in lay.LAYOUTS:
        assert lay.identify(x.stage1, x.stage2) == x
        assert lay.identify_by_width(len(x.stage1), len(x.stage2)) == x
        assert len(set(x.stage1)) == len(x.stage1) and len(set(x.stage2)) == len(x.stage2)


def test_a_model_with_a_renamed_column_is_refused_at_load(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(data_path("model"), folder, ignore=shutil.ignore_patterns("html"))
    stage1 = Forest.load(folder / "stage1.npz")
    names = list(stage1.feature_names)
    names[5] = "frac_emoji"
    stage1.named(tuple(names)).save(folder / "stage1.npz")
    with pytest.raises(lay.LayoutError, match=r"stage 1 column 5 is 'frac_emoji', expected"):
        load_scorer(folder)


def test_a_model_one_column_short_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(lay.LayoutError, match="stage 2 has"):
        lay.identify(lay.TEXT.stage1, lay.TEXT.stage2[:-1])
    with pytest.raises(lay.LayoutError, match="no single layout"):
        lay.identify_by_width(len(lay.TEXT.stage1), len(lay.TEXT.stage2) - 1)


def test_forest_names_round_trip_and_must_match_the_width(tmp_path: Path) -> None:
    forest = shipped_scorer().stage2
    unnamed = Forest(**{k: getattr(forest, k) for k in _ARRAYS}, scale=forest.scale)
    assert unnamed.feature_names == ()
    unnamed.save(tmp_path / "f.npz")
    assert Forest.load(tmp_path / "f.npz").feature_names == ()
    with pytest.raises(ValueError, match="feature names for"):
        unnamed.named(("a", "b"))
    named = unnamed.named(lay.TEXT.stage2)
    named.save(tmp_path / "g.npz")
    again = Forest.load(tmp_path / "g.npz")
    assert again.feature_names == lay.TEXT.stage2
    rows = np.random.default_rng(0).normal(size=(5, forest.n_features)).astype(np.float32)
    assert np.array_equal(again.raw(rows), forest.raw(rows))


_ARRAYS = ("borders", "border_start", "split_feature", "split_bin", "leaves", "bias")
