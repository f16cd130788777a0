"""Sets of uint64 rows too large for memory: sorted runs spilled to disk, merged in chunks.

Rows are tuples of ``k`` uint64 columns compared lexicographically. A ``RunWriter`` buffers
rows and writes every ``spill_rows`` of them as one sorted, duplicate-free run (a ``.npy``
file); ``merge_runs`` streams the union of the runs as sorted, duplicate-free chunks, holding
about ``budget_rows`` rows at a time. The result is a set: it does not depend on the order
rows were added in, nor on how they were split into runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]


def sort_unique(rows: U64) -> U64:
    """Rows (n, k) in lexicographic order, duplicates dropped."""
    if len(rows) < 2:
        return rows
    rows = rows[np.lexsort(rows.T[::-1])]
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    return rows[keep]


def _count_at_most(rows: U64, bound: tuple[int, ...]) -> int:
    """How many leading rows of sorted ``rows`` are <= ``bound`` (lexicographically)."""
    below = np.zeros(len(rows), dtype=bool)
    equal = np.ones(len(rows), dtype=bool)
    for c, value in enumerate(bound):
        col, v = rows[:, c], np.uint64(value)
        below |= equal & (col < v)
        equal &= col == v
    return int(np.count_nonzero(below | equal))


class RunWriter:
    """Buffers rows of ``columns`` uint64 and spills each ``spill_rows`` as a sorted run."""

    def __init__(self, folder: Path, name: str, columns: int, spill_rows: int) -> None:
        self.folder = folder
        self.name = name
        self.columns = columns
        self.spill_rows = max(1, spill_rows)
        self.runs: list[Path] = []
        self._buffer: list[U64] = []
        self._buffered = 0

    def add(self, rows: U64) -> None:
        if rows.shape[1] != self.columns:
            raise ValueError(f"expected {self.columns} columns, got {rows.shape[1]}")
        self._buffer.append(rows)
        self._buffered += len(rows)
        if self._buffered >= self.spill_rows:
            self._spill()

    def _spill(self) -> None:
        if not self._buffered:
            return
        rows = sort_unique(np.concatenate(self._buffer).astype(np.uint64, copy=False))
        path = self.folder / f"{self.name}.run{len(self.runs):05d}.npy"
        np.save(path, np.ascontiguousarray(rows))
        self.runs.append(path)
        self._buffer, self._buffered = [], 0

    def finish(self) -> list[Path]:
        """Spill what is left; the run files, in the order written."""
        self._spill()
        return list(self.runs)


def merge_runs(paths: Sequence[Path], budget_rows: int) -> Iterator[U64]:
    """The union of the sorted runs in ``paths``: sorted, duplicate-free chunks.

    Each round reads the next slice of every run and emits every row up to the smallest last
    row among the slices of runs that go on: all copies of a row meet in the same round, and
    the run that set that bound is consumed whole, so every round moves forward."""
    runs: list[U64] = [np.load(p, mmap_mode="r") for p in paths]
    runs = [r for r in runs if len(r)]
    step = max(budget_rows // max(len(runs), 1), 1)  # rows per run per round
    pos = [0] * len(runs)
    while live := [i for i, r in enumerate(runs) if pos[i] < len(r)]:
        parts = {i: np.asarray(runs[i][pos[i] : pos[i] + step]) for i in live}
        going_on = [i for i in live if pos[i] + step < len(runs[i])]
        take = {i: len(parts[i]) for i in live}
        if going_on:
            bound = min(tuple(parts[i][-1].tolist()) for i in going_on)
            take = {i: _count_at_most(parts[i], bound) for i in live}
        chunk = sort_unique(np.concatenate([parts[i][: take[i]] for i in live]))
        for i in live:
            pos[i] += take[i]
        if len(chunk):
            yield chunk
