"""Train oblivious tree forests with CatBoost and turn them into decruft's ``Forest``.

CatBoost is a training-time dependency only (``pip install -e .[train]``): decruft ships the
forest as arrays (``decruft/page/forest.py``) and evaluates it with its own compiled loop.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from catboost import CatBoostClassifier

from decruft.page.forest import Forest

# Settings every model shares: reproducible, quiet, no training logs on disk, two threads.
COMMON: dict[str, Any] = {
    "random_seed": 7,
    "thread_count": 2,
    "verbose": 0,
    "allow_writing_files": False,
}


def train_forest(
    params: dict[str, Any],
    X: Sequence[np.ndarray],
    y: Sequence[np.ndarray],
    w: Sequence[np.ndarray] | None = None,
) -> Forest:
    """Fit a CatBoost classifier on the concatenated pages and return it as a Forest."""
    features = np.concatenate(X).astype(np.float32)
    labels = np.concatenate(y)
    weights = np.concatenate(w) if w is not None else None
    model = CatBoostClassifier(**COMMON, **params)
    model.fit(features, labels, sample_weight=weights)
    return to_forest(model, features.shape[1])


def to_forest(model: CatBoostClassifier, n_features: int) -> Forest:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        model.save_model(str(path), format="json")
        return Forest.from_catboost_json(json.loads(path.read_text("utf-8")), n_features)
