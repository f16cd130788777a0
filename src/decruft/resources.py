"""Shipped data files (stopwords, template rules, model weights), loaded once, read-only.

The loaders are cached, but what they return is immutable and identical for every caller,
so results never depend on call order.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

# The package's data folder: installed as files beside the modules (the compiled kernels
# cannot load from a zip either), so a plain path; importlib.resources cost ~4 ms of a start.
DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    return DATA_DIR / name


@cache
def stopwords() -> dict[str, frozenset[str]]:
    raw: dict[str, list[str]] = json.loads(data_path("stopwords.json").read_text("utf-8"))
    return {lang: frozenset(words) for lang, words in raw.items()}


@cache
def all_stopwords() -> frozenset[str]:
    return frozenset().union(*stopwords().values())


@cache
def vocabulary() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(data_path("vocabulary.json").read_text("utf-8"))
    return raw
