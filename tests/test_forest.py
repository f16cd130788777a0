"""The oblivious-forest evaluator against hand-worked trees (CatBoost's JSON layout)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from decruft.arrays import narrowest_unsigned
from decruft.page._forest import CHUNK_ROWS, SIMD_LEVEL
from decruft.page.classifier import shipped_scorer
from decruft.page.forest import MAX_DEPTH, Forest


def _model(trees: list[dict], borders: dict[int, list[float]], bias: object = 0.5) -> dict:
    return {
        "features_info": {
            "float_features": [
                {"feature_index": f, "borders": b} for f, b in sorted(borders.items())
            ]
        },
        "oblivious_trees": trees,
        "scale_and_bias": [2.0, bias if isinstance(bias, list) else [bias]],
    }


def _split(feature: int, border: float) -> dict:
    return {"float_feature_index": feature, "border": border, "split_type": "FloatFeature"}


# tree 0: depth 2 over feature 0 (> 1.0: bit 0) and feature 2 (> -1.0: bit 1)
# tree 1: depth 1 over feature 0 (> 3.0); padded to depth 2 by the evaluator
TREES = [
    {"splits": [_split(0, 1.0), _split(2, -1.0)], "leaf_values": [0.1, 0.2, 0.3, 0.4]},
    {"splits": [_split(0, 3.0)], "leaf_values": [-1.0, 1.0]},
]
BORDERS = {0: [3.0, 1.0], 2: [-1.0]}


def _expected_raw(x: list[float]) -> float:
    leaf0 = int(x[0] > 1.0) + 2 * int(x[2] > -1.0)
    tree0 = [0.1, 0.2, 0.3, 0.4][leaf0]
    tree1 = 1.0 if x[0] > 3.0 else -1.0
    return 2.0 * (tree0 + tree1) + 0.5


ROWS = [
    [0.0, 9.0, -5.0],
    [1.0, 0.0, -1.0],  # equal to a border: not greater
    [1.5, 0.0, 0.0],
    [3.5, 0.0, -2.0],
    [100.0, -1.0, 7.0],
    [float("nan"), 0.0, float("nan")],  # NaN exceeds no border
]


def test_raw_scores_match_hand_worked_trees() -> None:
    forest = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=3)
    raw = forest.raw(np.array(ROWS, dtype=np.float32))
    assert raw.shape == (len(ROWS), 1)
    for got, row in zip(raw[:, 0], ROWS, strict=True):
        as_if = [-math.inf if math.isnan(v) else v for v in row]
        assert got == pytest.approx(_expected_raw(as_if))


def test_predict_is_the_sigmoid_of_raw() -> None:
    forest = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=3)
    x = np.array(ROWS[:5], dtype=np.float32)
    assert forest.predict(x) == pytest.approx(1 / (1 + np.exp(-forest.raw(x)[:, 0])))


def test_many_rows_span_several_chunks() -> None:
    forest = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=3)
    rng = np.random.default_rng(0)
    x = rng.normal(scale=3.0, size=(5000, 3)).astype(np.float32)
    raw = forest.raw(x)[:, 0]
    assert raw == pytest.approx([_expected_raw(r) for r in x.tolist()])


def test_multiclass_softmax() -> None:
    # one depth-1 tree, three classes: leaf values are per class, leaf-major
    tree = {"splits": [_split(0, 0.0)], "leaf_values": [1.0, 0.0, 0.0, 0.0, 0.0, 2.0]}
    forest = Forest.from_catboost_json(
        _model([tree], {0: [0.0]}, bias=[0.0, 0.0, 0.0]), n_features=1
    )
    probs = forest.predict(np.array([[-1.0], [1.0]], dtype=np.float32))
    assert probs.shape == (2, 3)
    assert probs.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert int(np.argmax(probs[0])) == 0 and int(np.argmax(probs[1])) == 2


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    forest = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=3)
    forest.save(tmp_path / "f.npz")
    again = Forest.load(tmp_path / "f.npz")
    x = np.array(ROWS, dtype=np.float32)
    assert np.array_equal(again.raw(x), forest.raw(x))
    # split indices are stored a byte each and come back as the int32 the kernels read
    with np.load(tmp_path / "f.npz") as stored:
        assert stored["split_feature"].dtype == stored["split_bin"].dtype == np.uint8
    assert again.split_feature.dtype == again.split_bin.dtype == np.int32
    assert np.array_equal(again.split_feature, forest.split_feature)
    assert np.array_equal(again.split_bin, forest.split_bin)


def test_split_indices_are_stored_in_the_narrowest_type() -> None:
    assert narrowest_unsigned(np.array([0, 255], dtype=np.int32)).dtype == np.uint8
    assert narrowest_unsigned(np.array([0, 256], dtype=np.int32)).dtype == np.uint16
    assert narrowest_unsigned(np.array([70_000], dtype=np.int64)).dtype == np.uint32
    assert narrowest_unsigned(np.zeros((0, 4), dtype=np.int32)).dtype == np.uint8
    with pytest.raises(ValueError):
        narrowest_unsigned(np.array([-1, 3], dtype=np.int32))


def test_wrong_width_and_empty_input() -> None:
    forest = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=3)
    with pytest.raises(ValueError, match="expected"):
        forest.raw(np.zeros((2, 4), dtype=np.float32))
    assert forest.predict(np.zeros((0, 3), dtype=np.float32)).shape == (0,)


def test_mean_of_forests_is_the_mean_of_their_raw_scores() -> None:
    # a second forest over other borders (and a shallower tree): the union renumbers them
    other_trees = [
        {"splits": [_split(0, 2.0)], "leaf_values": [0.5, -0.5]},
        {"splits": [_split(2, 0.5), _split(0, 1.0)], "leaf_values": [1.0, 2.0, 3.0, 4.0]},
    ]
    first = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=3)
    second = Forest.from_catboost_json(
        _model(other_trees, {0: [2.0, 1.0], 2: [0.5]}, bias=-0.25), n_features=3
    )
    mean = Forest.mean_of([first, second])
    rng = np.random.default_rng(1)
    x = np.vstack((np.array(ROWS, dtype=np.float32), rng.normal(scale=3.0, size=(500, 3))))
    x = x.astype(np.float32)
    assert mean.raw(x) == pytest.approx((first.raw(x) + second.raw(x)) / 2)
    assert list(np.diff(mean.border_start)) == [3, 0, 2]  # 1.0 is shared, not doubled


def test_mean_of_rejects_forests_of_other_shapes() -> None:
    first = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=3)
    wider = Forest.from_catboost_json(_model(TREES, BORDERS), n_features=4)
    with pytest.raises(ValueError, match="differ"):
        Forest.mean_of([first, wider])
    with pytest.raises(ValueError, match="no forests"):
        Forest.mean_of([])


def test_trees_deeper_than_the_loops_take_are_refused() -> None:
    deep = [{"splits": [_split(0, 1.0)] * (MAX_DEPTH + 1), "leaf_values": [0.0]}]
    with pytest.raises(ValueError, match="levels deep"):
        Forest.from_catboost_json(_model(deep, {0: [1.0]}), n_features=3)


@pytest.mark.parametrize("stage", ["stage1", "stage2"])
def test_shipped_forests_score_the_same_with_every_copy_of_the_loops(stage: str) -> None:
    """The shipped block models on two chunks' worth of rows whose values sit on, between
    and beyond their borders, NaN among them: the x86-64 baseline copy of the loops and the
    others this machine runs (``SIMD_LEVEL``: AVX2, AVX-512) give the very same scores."""
    forest = getattr(shipped_scorer(), stage)
    rng = np.random.default_rng(7)
    n = 2 * CHUNK_ROWS + 5
    x = np.zeros((n, forest.n_features), dtype=np.float32)
    for f in range(forest.n_features):
        borders = forest.borders[forest.border_start[f] : forest.border_start[f + 1]]
        if len(borders):
            x[:, f] = rng.choice(borders, n) + rng.choice([-1e-3, 0.0, 1e-3], n)
    x[rng.random(x.shape) < 0.05] = np.nan
    raw = forest.raw(x, simd=0)
    for simd in range(1, SIMD_LEVEL + 1):
        assert np.array_equal(forest.raw(x, simd=simd), raw)
