"""Histograms of per-page numbers (kept characters, removals, the pages' signals), counted
in Python so the report draws them without any script."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Bars per histogram: enough to see a shape, few enough to label at a glance.
HIST_BINS = 24
# The bins stop at this quantile and one more bar counts the values above it: a few huge
# pages (a 2 MB forum thread) would otherwise squeeze every other page into the first bar.
TAIL_QUANTILE = 0.99
# ... but only with at least this many values (a tail of a handful is just the data), and
# when the values past the quantile span more of the range than all the others (a real tail,
# not the top of an even spread).
TAIL_MIN_VALUES = 200


@dataclass(frozen=True, slots=True)
class Histogram:
    """Counts of values in ``len(counts)`` bins from ``edges[0]`` to ``edges[-1]``, plus
    ``above``: values past the last edge (the tail cut at TAIL_QUANTILE)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    above: int
    values: int
    minimum: float
    median: float
    mean: float
    maximum: float
    integers: bool  # every value a whole number: bins on whole numbers, labels without decimals


def histogram(values: Sequence[float], bins: int = HIST_BINS) -> Histogram | None:
    """The histogram of ``values`` (None: no value)."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return None
    x = np.asarray(finite, dtype=np.float64)
    integers = bool(np.all(x == np.floor(x)))
    low, top = float(x.min()), float(x.max())
    high = top
    if len(x) >= TAIL_MIN_VALUES:
        cut = float(np.quantile(x, TAIL_QUANTILE))
        if low < cut and top - cut > cut - low:
            high = math.floor(cut) if integers else cut
    if integers:
        # whole-number bins: width 1 for a small range, else a whole width covering it
        width = max(1, math.ceil((high - low + 1) / bins))
        n = max(1, math.ceil((high - low + 1) / width))
        edges = low + width * np.arange(n + 1, dtype=np.float64)
    elif high > low:
        edges = np.linspace(low, high, bins + 1)
    else:
        edges = np.array([low, low + 1.0])
    inside = x[x <= high]
    counts, _ = np.histogram(inside, bins=edges)
    return Histogram(
        tuple(edges.tolist()),
        tuple(int(c) for c in counts),
        len(x) - len(inside),
        len(x),
        low,
        float(np.median(x)),
        float(x.mean()),
        top,
        integers,
    )


def bin_label(h: Histogram, i: int) -> str:
    """What bin ``i`` holds, as a person reads it ("120-149", "0.25-0.30")."""
    lo, hi = h.edges[i], h.edges[i + 1]
    if h.integers:  # bin i holds the whole numbers lo .. hi - 1
        last = int(hi) - 1
        return f"{int(lo)}" if last <= lo else f"{int(lo)}-{last}"
    return f"{short(lo)}-{short(hi)}"


def short(x: float) -> str:
    """A number in a few characters: 12, 1.5k, 0.253, 2.1M."""
    if x == int(x) and abs(x) < 10_000:
        return str(int(x))
    for size, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:.3g}{unit}"
    return f"{x:.3g}"
