"""Oblivious (symmetric) decision-tree ensembles, evaluated without the training library.

Every tree of an oblivious forest asks the same question at every node of a level, so a
tree of depth d is d comparisons and one lookup in a table of 2**d leaves: no branches to
mispredict, no pointer chasing. The features are first quantized once per block (which of
the forest's borders each value exceeds); each split is then "bin > k". The loops are C
compiled ahead of time (``_forest_loops.h``), for the x86-64 baseline, AVX2 and AVX-512, and run
in whichever this machine can. Both block-model stages together run ~4x faster than the
LightGBM forests they replaced (same rows, same process), at a better cross-validated F1;
the model had been the single largest cost of cleaning a page.

The forest is trained with CatBoost (``training/train.py``) and shipped as a small ``.npz``
(``Forest.save``); CatBoost is needed for training only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from decruft.arrays import narrowest_unsigned, read_npz, sorted_unique
from decruft.page._forest import SIMD_LEVEL, _raw_scores

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]


# A feature's bins are counted in a uint8: at most this many borders per feature.
MAX_BORDERS = 255
# Leaf indices are at most uint16 in the compiled loops: trees at most this deep.
MAX_DEPTH = 16


@dataclass(frozen=True)
class Forest:
    """An oblivious forest as flat arrays: one output (binary classes) or one per class.

    ``borders[border_start[f]:border_start[f+1]]`` are feature f's sorted borders. Level l of
    tree t is true when feature ``split_feature[t, l]`` exceeds its ``split_bin[t, l]``-th
    border; the tree's values are ``leaves[t, sum of 2**l over true levels]``. Trees shallower
    than the deepest are padded with never-true levels.
    """

    borders: F32
    border_start: I32
    split_feature: I32
    split_bin: I32
    leaves: F64
    scale: float
    bias: F64  # one per output
    # The name of each feature column, as trained (``page/layout.py``); () when not known.
    feature_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.split_feature.ndim != 2 or self.split_feature.shape[1] > MAX_DEPTH:
            raise ValueError(f"trees at most {MAX_DEPTH} levels deep, as (trees, depth) arrays")
        if self.feature_names and len(self.feature_names) != self.n_features:
            raise ValueError(
                f"{len(self.feature_names)} feature names for {self.n_features} features"
            )

    def named(self, names: tuple[str, ...]) -> Forest:
        """The forest with its columns' names (saved with it, checked when loaded)."""
        return replace(self, feature_names=tuple(names))

    @property
    def n_features(self) -> int:
        return len(self.border_start) - 1

    @property
    def n_outputs(self) -> int:
        return int(self.leaves.shape[2])

    def raw(self, X: npt.ArrayLike, simd: int = SIMD_LEVEL) -> F64:
        """Raw scores of every row of X (rows x n_features): rows x n_outputs. ``simd``: the
        compiled loops' instruction set (``_forest.SIMD_LEVEL``, what this machine runs; 0,
        the x86-64 baseline, gives the same scores: the tests compare them)."""
        x = np.asarray(X, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"expected (rows, {self.n_features}) features, got {x.shape}")
        if len(x) == 0:
            return np.zeros((0, self.n_outputs))
        raw = _raw_scores(
            np.ascontiguousarray(x.T),  # no copy for column-major features (the block models')
            self.borders,
            self.border_start,
            self.split_feature,
            self.split_bin,
            self.leaves,
            simd,
        )
        result: F64 = raw * self.scale + self.bias
        return result

    def predict(self, X: npt.ArrayLike) -> F64:
        """Probability of the positive class for every row (one output: a vector), or of
        every class (rows x classes, softmax)."""
        raw = self.raw(X)
        if self.n_outputs == 1:
            binary: F64 = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            return binary
        e = np.exp(raw - raw.max(axis=1, keepdims=True))
        probs: F64 = e / e.sum(axis=1, keepdims=True)
        return probs

    @classmethod
    def from_catboost_json(cls, model: dict[str, Any], n_features: int) -> Forest:
        """From CatBoost's JSON export (``save_model(..., format="json")``)."""
        per_feature: list[list[float]] = [[] for _ in range(n_features)]
        for info in model["features_info"].get("float_features", []):
            per_feature[info["feature_index"]] = sorted(info["borders"])
        if max((len(b) for b in per_feature), default=0) > MAX_BORDERS:
            raise ValueError(f"a feature has more than {MAX_BORDERS} borders")
        trees = model["oblivious_trees"]
        depth = max((len(t["splits"]) for t in trees), default=0)
        never = MAX_BORDERS  # a bin no value exceeds: the padding level is never true
        split_feature = np.zeros((len(trees), depth), dtype=np.int32)
        split_bin = np.full((len(trees), depth), never, dtype=np.int32)
        first = trees[0] if trees else {"leaf_values": [0.0], "splits": []}
        n_outputs = max(len(first["leaf_values"]) >> len(first["splits"]), 1)
        leaves = np.zeros((len(trees), 1 << depth, n_outputs), dtype=np.float64)
        for t, tree in enumerate(trees):
            for level, split in enumerate(tree["splits"]):
                if split.get("split_type", "FloatFeature") != "FloatFeature":
                    raise ValueError(f"unsupported split type {split['split_type']}")
                f = split["float_feature_index"]
                split_feature[t, level] = f
                split_bin[t, level] = per_feature[f].index(split["border"])
            values = np.asarray(tree["leaf_values"], dtype=np.float64).reshape(-1, n_outputs)
            leaves[t] = np.resize(values, (1 << depth, n_outputs))  # padding repeats the table
        scale, bias = model.get("scale_and_bias", [1.0, [0.0]])
        biases = np.resize(np.asarray(bias, dtype=np.float64), n_outputs)
        sizes = [len(b) for b in per_feature]
        return cls(
            borders=np.array([b for bs in per_feature for b in bs], dtype=np.float32),
            border_start=np.concatenate(([0], np.cumsum(sizes))).astype(np.int32),
            split_feature=split_feature,
            split_bin=split_bin,
            leaves=leaves,
            scale=float(scale),
            bias=biases,
        )

    @classmethod
    def mean_of(cls, forests: list[Forest]) -> Forest:
        """One forest whose raw score is the mean of the ``forests``' raw scores.

        The trees are put side by side over the union of their borders, each tree's
        splits renumbered into it, leaves scaled by its forest's scale over the count. One
        forest quantizes every value once, where averaging the calls would do it per forest.
        """
        if not forests:
            raise ValueError("no forests to average")
        n_features, n_outputs = forests[0].n_features, forests[0].n_outputs
        if any(f.n_features != n_features or f.n_outputs != n_outputs for f in forests):
            raise ValueError("forests differ in features or outputs")
        if any(f.feature_names != forests[0].feature_names for f in forests):
            raise ValueError("forests differ in their features' names")
        own = [
            [f.borders[f.border_start[k] : f.border_start[k + 1]] for k in range(n_features)]
            for f in forests
        ]
        union = [sorted_unique(np.concatenate([b[k] for b in own])) for k in range(n_features)]
        if max(len(u) for u in union) > MAX_BORDERS:
            raise ValueError(f"the forests together have more than {MAX_BORDERS} borders")
        depth = max(f.split_feature.shape[1] for f in forests)
        features, bins, leaves = [], [], []
        for f, borders in zip(forests, own, strict=True):
            n_trees, d = f.split_feature.shape
            feature = np.zeros((n_trees, depth), dtype=np.int32)
            bin_ = np.full((n_trees, depth), MAX_BORDERS, dtype=np.int32)  # padding: never
            feature[:, :d] = f.split_feature
            for t in range(n_trees):
                for level in range(d):
                    k, b = f.split_feature[t, level], f.split_bin[t, level]
                    if b < MAX_BORDERS:  # a real split, not padding
                        bin_[t, level] = np.searchsorted(union[k], borders[k][b])
            table = np.zeros((n_trees, 1 << depth, n_outputs))  # padded levels: never read
            table[:, : f.leaves.shape[1]] = f.leaves
            features.append(feature)
            bins.append(bin_)
            leaves.append(table * (f.scale / len(forests)))
        return cls(
            borders=np.concatenate(union).astype(np.float32),
            border_start=np.concatenate(([0], np.cumsum([len(u) for u in union]))).astype(np.int32),
            split_feature=np.concatenate(features),
            split_bin=np.concatenate(bins),
            leaves=np.concatenate(leaves),
            scale=1.0,
            bias=np.mean([f.bias for f in forests], axis=0),
            feature_names=forests[0].feature_names,
        )

    def save(self, path: Path) -> None:
        """Uncompressed: a forest's leaves barely compress (1.6x), and inflating them cost
        a one-page run more than reading them (15 ms of its start-up for the HTML model).
        The split indices are stored in the narrowest type that holds them (a byte each for
        the shipped models; ``load`` widens them again): 0.1 MB of the install."""
        with path.open("wb") as fh:
            np.savez(
                fh,
                borders=self.borders,
                border_start=self.border_start,
                split_feature=narrowest_unsigned(self.split_feature),
                split_bin=narrowest_unsigned(self.split_bin),
                leaves=self.leaves,
                scale=np.array([self.scale]),
                bias=self.bias,
                feature_names=np.array(self.feature_names, dtype=np.str_),
            )

    @classmethod
    def load(cls, path: Path) -> Forest:
        z = read_npz(path)
        return cls(
            borders=z["borders"].astype(np.float32, copy=False),
            border_start=z["border_start"].astype(np.int32, copy=False),
            split_feature=z["split_feature"].astype(np.int32, copy=False),
            split_bin=z["split_bin"].astype(np.int32, copy=False),
            leaves=z["leaves"].astype(np.float64, copy=False),
            scale=float(z["scale"][0]),
            bias=z["bias"].astype(np.float64, copy=False),
            feature_names=tuple(z["feature_names"].tolist()) if "feature_names" in z else (),
        )
