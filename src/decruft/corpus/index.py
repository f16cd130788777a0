"""A persistent dedup index: earlier batches' signatures, band tables and links on disk.

Layout of an index directory (each batch written once, never rewritten)::

    index.json            format, the DedupConfig values signatures depend on, batch names,
                          and per batch the identity of the input files it came from
    b00000/ids.txt        page ids, one JSON string per line (global doc numbers follow
                          the batches in order)
    b00000/keys.npy       per page: original-publisher flag, date (days since 1970-01-01,
                          NO_DATE when unknown) and clean-text length — the canonical rule
    b00000/exact.npy      per page: hash of the normalized word sequence (uint64)
    b00000/sig16.npy      per page: the low 16 bits of each signature value (verification)
    b00000/bands.npy      per band: the batch's band keys, sorted (uint32)
    b00000/band_rows.npy  per band: the batch row of each sorted key (uint32)
    b00000/edges.npy      links found when the batch was added (global doc numbers, int64)

Bands are stored sorted so a new batch is matched by binary search on memory-mapped arrays
(no hash table in RAM); the 16-bit signatures verify candidates exactly as a single run
would, so an incremental run finds the same links as one run over all pages. About 430
bytes per page plus the id (20 bands x 8 bytes, 120 x 2 bytes of signature, 17 of keys).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from decruft.config import DedupConfig

FORMAT = 1
INDEX_FILE = "index.json"
KEY_DTYPE = np.dtype([("origin", np.uint8), ("date", np.int32), ("length", np.int64)])
# Date value of a page without a date: after every real date, so dated pages come first.
NO_DATE = np.iinfo(np.int32).max


def _config_fields(config: DedupConfig) -> dict[str, object]:
    """The settings stored signatures and band keys depend on (a mismatch is an error)."""
    return {
        "shingle_words": config.shingle_words,
        "bands": config.bands,
        "rows": config.rows,
        "seed": config.seed,
    }


@dataclass(frozen=True, slots=True)
class BatchArrays:
    """A batch's page ids and arrays: what ``DedupIndex.append`` writes."""

    ids: list[str]
    keys: npt.NDArray[np.void]
    exact: npt.NDArray[np.uint64]
    sig16: npt.NDArray[np.uint16]
    bands: npt.NDArray[np.uint32]
    band_rows: npt.NDArray[np.uint32]
    edges: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Batch(BatchArrays):
    """One stored batch, arrays memory-mapped."""

    name: str
    start: int  # global doc number of its first page


class BadIndex(ValueError):
    """The index directory cannot be used (another config, damaged files)."""


@dataclass(frozen=True, slots=True)
class DedupIndex:
    """The batches stored in an index directory (read-only view; ``append`` writes one)."""

    path: Path
    config: DedupConfig
    batches: tuple[Batch, ...]
    sources: dict[str, str] = field(default_factory=dict)  # batch name -> its inputs' identity

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.batches)

    @classmethod
    def open(cls, path: Path, config: DedupConfig) -> DedupIndex:
        """Open (or start) the index at ``path``; its stored config must match ``config``."""
        path = Path(path)
        meta_file = path / INDEX_FILE
        if not meta_file.exists():
            return cls(path, config, ())
        try:
            meta = json.loads(meta_file.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise BadIndex(f"unreadable index {meta_file}: {e}") from e
        if meta.get("format") != FORMAT:
            raise BadIndex(f"index {path} has format {meta.get('format')}, expected {FORMAT}")
        if meta.get("config") != _config_fields(config):
            raise BadIndex(
                f"index {path} was built with {meta.get('config')}, "
                f"this run uses {_config_fields(config)}"
            )
        batches: list[Batch] = []
        start = 0
        for name in meta["batches"]:
            d = path / name
            try:
                lines = (d / "ids.txt").read_text("utf-8").split("\n")  # JSON escapes "\n" only
                ids = [json.loads(line) for line in lines if line]
                batch = Batch(
                    name=name,
                    start=start,
                    ids=ids,
                    keys=np.load(d / "keys.npy", mmap_mode="r"),
                    exact=np.load(d / "exact.npy", mmap_mode="r"),
                    sig16=np.load(d / "sig16.npy", mmap_mode="r"),
                    bands=np.load(d / "bands.npy", mmap_mode="r"),
                    band_rows=np.load(d / "band_rows.npy", mmap_mode="r"),
                    edges=np.load(d / "edges.npy"),
                )
            except (OSError, ValueError) as e:
                raise BadIndex(f"damaged index batch {d}: {e}") from e
            batches.append(batch)
            start += len(ids)
        sources = meta.get("sources")
        return cls(path, config, tuple(batches), sources if isinstance(sources, dict) else {})

    def without_last(self) -> DedupIndex:
        """The index as it was before its last batch (a rerun of that batch replays it)."""
        kept = self.batches[:-1]
        return replace(
            self, batches=kept, sources={b.name: self.sources.get(b.name, "") for b in kept}
        )

    def last_source(self) -> str | None:
        """The input identity the last batch was made from, if recorded."""
        return self.sources.get(self.batches[-1].name) if self.batches else None

    def append(self, batch: BatchArrays, source: str | None = None) -> str:
        """Write a new batch (to a temporary folder, renamed when complete), then the
        updated index.json (written and renamed too): a killed run leaves the index as it was.
        ``source``: the identity of the inputs the batch came from (see ``last_source``)."""
        ids = batch.ids
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"b{len(self.batches):05d}"
        final = self.path / name
        tmp = self.path / f".{name}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        (tmp / "ids.txt").write_text("".join(json.dumps(i) + "\n" for i in ids), "utf-8")
        for fname, arr in (
            ("keys.npy", batch.keys),
            ("exact.npy", batch.exact),
            ("sig16.npy", batch.sig16),
            ("bands.npy", batch.bands),
            ("band_rows.npy", batch.band_rows),
            ("edges.npy", batch.edges),
        ):
            np.save(tmp / fname, np.ascontiguousarray(arr))
        if final.exists():
            shutil.rmtree(final)  # left by a run killed before index.json named it
        os.replace(tmp, final)
        sources = {b.name: self.sources.get(b.name, "") for b in self.batches}
        sources[name] = source or ""
        meta = {
            "format": FORMAT,
            "config": _config_fields(self.config),
            "batches": [b.name for b in self.batches] + [name],
            "pages": self.size + len(ids),
            "sources": sources,
        }
        tmp_meta = self.path / f".{INDEX_FILE}.tmp"
        tmp_meta.write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
        os.replace(tmp_meta, self.path / INDEX_FILE)
        return name


def index_bytes(path: Path) -> int:
    """Bytes on disk of every file in the index directory."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
