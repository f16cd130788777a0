"""Block counts per host, on disk: how many distinct pages of each host carry each block.

Layout of a host index directory (each batch written once, never rewritten)::

    host.json             format, the block-key scheme, batch names, pages counted
    h00000/blocks.u64     per (block, host) row, sorted by block then host: the block key
    h00000/hosts.u64      ... the host key
    h00000/pages.u32      ... how many distinct pages of that host carry the block
    h00000/page_hosts.u64 per counted page, sorted by host then page: the host key
    h00000/page_ids.u64   ... the page key (a hash of the page id)

Files are raw little-endian arrays, read memory-mapped, so a lookup is a binary search and
nothing is loaded whole. A page already counted in an earlier batch (same host, same id) is
not counted again, so the batches hold disjoint pages and a count over the index is the sum
of the batches' counts: an incremental run sees the same numbers as one run over all pages.
About 20 bytes per distinct (block, host) per batch plus 16 per page.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from decruft.arrays import sorted_unique
from decruft.corpus.runs import U64, merge_runs

I64 = npt.NDArray[np.int64]
FORMAT = 1
INDEX_FILE = "host.json"
# How block keys are made (decruft.corpus.boilerplate.block_keys): an index built with another
# scheme cannot be added to or read.
KEY_SCHEME = "words-casefolded-numbers-folded-v1"
_U64 = np.dtype("<u8")
_U32 = np.dtype("<u4")
_TABLES = (
    ("blocks.u64", _U64),
    ("hosts.u64", _U64),
    ("pages.u32", _U32),
    ("page_hosts.u64", _U64),
    ("page_ids.u64", _U64),
)


class BadHostIndex(ValueError):
    """The host index directory cannot be used (another format or key scheme, damaged)."""


def _read(path: Path, dtype: np.dtype[np.generic], in_memory: bool) -> npt.NDArray[np.generic]:
    size = path.stat().st_size
    if size % dtype.itemsize:
        raise BadHostIndex(f"{path}: {size} bytes is not a whole number of rows")
    if size == 0:
        return np.zeros(0, dtype=dtype)
    if in_memory:
        return np.fromfile(path, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")


@dataclass(frozen=True, slots=True)
class HostBatch:
    """One batch's tables (see the module docstring)."""

    name: str
    blocks: U64
    hosts: U64
    pages: npt.NDArray[np.uint32]
    page_hosts: U64
    page_ids: U64

    @classmethod
    def load(cls, folder: Path, in_memory: bool = False) -> HostBatch:
        try:
            arrays = [_read(folder / name, dtype, in_memory) for name, dtype in _TABLES]
        except OSError as e:
            raise BadHostIndex(f"damaged host index batch {folder}: {e}") from e
        if not len(arrays[0]) == len(arrays[1]) == len(arrays[2]) or len(arrays[3]) != len(
            arrays[4]
        ):
            raise BadHostIndex(f"damaged host index batch {folder}: tables of unequal length")
        return cls(folder.name, *arrays)  # type: ignore[arg-type]

    def host_pages(self, hosts: U64) -> I64:
        """Pages of each host counted in this batch."""
        lo = np.searchsorted(self.page_hosts, hosts, "left")
        hi = np.searchsorted(self.page_hosts, hosts, "right")
        return (hi - lo).astype(np.int64)

    def has_page(self, host: int, page: int) -> bool:
        lo = int(np.searchsorted(self.page_hosts, np.uint64(host), "left"))
        hi = int(np.searchsorted(self.page_hosts, np.uint64(host), "right"))
        at = lo + int(np.searchsorted(self.page_ids[lo:hi], np.uint64(page)))
        return at < hi and int(self.page_ids[at]) == page

    def block_range(self, key: int) -> tuple[int, int]:
        """Rows of one block (sorted by host)."""
        k = np.uint64(key)
        return int(np.searchsorted(self.blocks, k, "left")), int(
            np.searchsorted(self.blocks, k, "right")
        )

    def block_pages(self, host: int, keys: U64) -> I64:
        """Pages of ``host`` in this batch carrying each block of ``keys``."""
        out = np.zeros(len(keys), dtype=np.int64)
        los = np.searchsorted(self.blocks, keys, "left")
        his = np.searchsorted(self.blocks, keys, "right")
        h = np.uint64(host)
        for i in np.flatnonzero(his > los).tolist():
            lo, hi = int(los[i]), int(his[i])
            at = lo + int(np.searchsorted(self.hosts[lo:hi], h))
            if at < hi and self.hosts[at] == h:
                out[i] = int(self.pages[at])
        return out


@dataclass(frozen=True, slots=True)
class HostIndex:
    """The batches of a host index (a directory, or held in memory when ``path`` is None)."""

    path: Path | None
    batches: tuple[HostBatch, ...] = ()

    @property
    def pages(self) -> int:
        return sum(len(b.page_ids) for b in self.batches)

    @property
    def hosts(self) -> int:
        """Distinct hosts with at least one counted page."""
        if not self.batches:
            return 0
        return len(sorted_unique(np.concatenate([b.page_hosts for b in self.batches])))

    @classmethod
    def open(cls, path: Path) -> HostIndex:
        """Open (or start) the index at ``path``."""
        path = Path(path)
        meta_file = path / INDEX_FILE
        if not meta_file.exists():
            return cls(path, ())
        try:
            meta = json.loads(meta_file.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise BadHostIndex(f"unreadable host index {meta_file}: {e}") from e
        if meta.get("format") != FORMAT or meta.get("keys") != KEY_SCHEME:
            raise BadHostIndex(
                f"host index {path} has format {meta.get('format')} with keys "
                f"{meta.get('keys')!r}; this decruft reads format {FORMAT}, keys {KEY_SCHEME!r}"
            )
        return cls(path, tuple(HostBatch.load(path / name) for name in meta["batches"]))

    def host_pages(self, hosts: U64) -> I64:
        """Counted pages of each host."""
        total = np.zeros(len(hosts), dtype=np.int64)
        for b in self.batches:
            total += b.host_pages(hosts)
        return total

    def has_page(self, host: int, page: int) -> bool:
        return any(b.has_page(host, page) for b in self.batches)

    def block_pages(self, host: int, keys: U64) -> I64:
        """Counted pages of ``host`` carrying each block of ``keys``."""
        total = np.zeros(len(keys), dtype=np.int64)
        for b in self.batches:
            total += b.block_pages(host, keys)
        return total

    def block_hosts(self, key: int, limit: int) -> tuple[U64, I64]:
        """The hosts carrying a block and their page counts: the ``limit`` hosts with the
        smallest keys (a uniform sample), and the total number of hosts (at most ``limit``
        looked at per batch, so the total is a lower bound when a batch has more)."""
        hosts, pages = [], []
        for b in self.batches:
            lo, hi = b.block_range(key)
            hi = min(hi, lo + limit)  # a batch's smallest host keys: enough for the union's
            hosts.append(np.asarray(b.hosts[lo:hi]))
            pages.append(np.asarray(b.pages[lo:hi], dtype=np.int64))
        if not hosts:
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
        all_hosts, at = np.unique(np.concatenate(hosts), return_inverse=True)
        sums = np.bincount(at, weights=np.concatenate(pages), minlength=len(all_hosts))
        return all_hosts[:limit], sums[:limit].astype(np.int64)

    def with_batch(
        self, folder: Path, block_runs: list[Path], page_runs: list[Path], budget_rows: int
    ) -> HostIndex:
        """Merge the spilled runs of one counting pass into a new batch (holding about
        ``budget_rows`` rows at a time); in memory when the index has no directory
        (``folder`` is then a scratch directory)."""
        budget = budget_rows
        if self.path is None:
            _write_batch(folder, block_runs, page_runs, budget)
            return HostIndex(None, (*self.batches, HostBatch.load(folder, in_memory=True)))
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"h{len(self.batches):05d}"
        final, tmp = self.path / name, self.path / f".{name}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        _write_batch(tmp, block_runs, page_runs, budget)
        if final.exists():
            shutil.rmtree(final)  # left by a run killed before host.json named it
        os.replace(tmp, final)
        batches = (*self.batches, HostBatch.load(final))
        meta = {
            "format": FORMAT,
            "keys": KEY_SCHEME,
            "batches": [b.name for b in batches],
            "pages": sum(len(b.page_ids) for b in batches),
        }
        tmp_meta = self.path / f".{INDEX_FILE}.tmp"
        tmp_meta.write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
        os.replace(tmp_meta, self.path / INDEX_FILE)
        return HostIndex(self.path, batches)


def _grouped(chunks: Iterator[U64]) -> Iterator[tuple[U64, U64, I64]]:
    """(block, host, distinct pages) from sorted, unique (block, host, page) chunks; a group
    cut by a chunk boundary is held back and completed by the next chunk."""
    held: tuple[int, int, int] | None = None
    for rows in chunks:
        starts = np.flatnonzero(
            np.concatenate(([True], (rows[1:, :2] != rows[:-1, :2]).any(axis=1)))
        )
        blocks, hosts = rows[starts, 0], rows[starts, 1]
        counts = np.diff(np.append(starts, len(rows))).astype(np.int64)
        if held is not None:
            if (int(blocks[0]), int(hosts[0])) == held[:2]:
                counts[0] += held[2]
            else:
                yield (
                    np.array([held[0]], np.uint64),
                    np.array([held[1]], np.uint64),
                    np.array([held[2]], np.int64),
                )
        held = (int(blocks[-1]), int(hosts[-1]), int(counts[-1]))
        if len(starts) > 1:
            yield blocks[:-1], hosts[:-1], counts[:-1]
    if held is not None:
        yield (
            np.array([held[0]], np.uint64),
            np.array([held[1]], np.uint64),
            np.array([held[2]], np.int64),
        )


def _write_batch(folder: Path, block_runs: list[Path], page_runs: list[Path], budget: int) -> None:
    with ExitStack() as stack:
        files: dict[str, BinaryIO] = {
            name: stack.enter_context(open(folder / name, "wb")) for name, _ in _TABLES
        }
        for blocks, hosts, counts in _grouped(merge_runs(block_runs, budget)):
            files["blocks.u64"].write(blocks.astype(_U64).tobytes())
            files["hosts.u64"].write(hosts.astype(_U64).tobytes())
            files["pages.u32"].write(np.minimum(counts, 2**32 - 1).astype(_U32).tobytes())
        for rows in merge_runs(page_runs, budget):
            files["page_hosts.u64"].write(rows[:, 0].astype(_U64).tobytes())
            files["page_ids.u64"].write(rows[:, 1].astype(_U64).tobytes())
