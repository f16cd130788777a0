"""``decruft dedup`` on files: read pages.jsonl, write it back with cluster fields.

Two passes over the input so memory stays bounded by the signatures, not the texts: the first
streams pages into the dedup pass, the second re-reads each line and writes it with its
cluster fields added. A line that cannot be used (invalid JSON or UTF-8, missing id or text,
an id seen before) is written to ``rejects.jsonl`` with the reason and skipped; it never stops
the run.

With ``--index`` the new batch is appended to the index only after the outputs are in place,
and the index records which input files (path, size, modification time) each batch came
from: a run killed after the append, or simply run again on the same files, replays that
batch against the batches before it and writes the same outputs, instead of rejecting every
page as already in the index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import IO, cast

from decruft.config import DedupConfig
from decruft.corpus.clusters import DedupPage, DedupResult, dedup
from decruft.corpus.index import DedupIndex, index_bytes
from decruft.io.writers import PAGES_FILE, REJECTS_FILE

CLUSTERS_FILE = "clusters.jsonl"
SUMMARY_FILE = "dedup.json"


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def _lines(paths: Sequence[Path]) -> Iterator[tuple[str, bytes]]:
    for path in paths:
        with _open(path) as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield f"{path}:{n}", line


def _parse(line: bytes) -> tuple[object, DedupPage]:
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ValueError(f"invalid UTF-8: {e.reason}") from e
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON: {e.msg}") from e
    return obj, DedupPage.from_dict(obj)


class _Reader:
    """First pass: accepted pages for the dedup pass, rejects (with reasons) on the side."""

    def __init__(self, paths: Sequence[Path], known_ids: set[str]) -> None:
        self.paths = paths
        self.known = known_ids
        self.seen: set[str] = set()
        self.accepted: set[int] = set()  # positions of the accepted lines in the stream
        self.rejects: list[dict[str, str]] = []

    def pages(self) -> Iterator[DedupPage]:
        for position, (source, line) in enumerate(_lines(self.paths)):
            try:
                _, page = _parse(line)
                if page.id in self.known:
                    raise ValueError(f"page id {page.id!r} is already in the index")
                if page.id in self.seen:
                    raise ValueError(f"page id {page.id!r} occurs twice (first one kept)")
            except ValueError as e:
                self.rejects.append({"source": source, "reason": str(e)})
                continue
            self.seen.add(page.id)
            self.accepted.add(position)
            yield page


def run_dedup(
    inputs: Sequence[Path],
    out: Path,
    config: DedupConfig,
    *,
    index: Path | None = None,
    workers: int = 1,
) -> dict[str, object]:
    """Cluster the pages of ``inputs`` into ``out`` (pages, clusters, rejects, summary)."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    target = (out / PAGES_FILE).resolve()
    if any(Path(p).resolve() == target for p in inputs):
        raise ValueError(f"the output {target} would overwrite an input")
    idx = DedupIndex.open(index, config) if index is not None else None
    source = inputs_identity(inputs)
    replayed = None
    if idx is not None and idx.last_source() == source:
        replayed, idx = idx.batches[-1].name, idx.without_last()
    known: set[str] = set()
    if idx is not None:
        for batch in idx.batches:
            known.update(batch.ids)
    reader = _Reader(inputs, known)
    result = dedup(reader.pages(), config, index=idx, workers=workers, commit=False)
    _write(inputs, out, reader, result)
    batch_name = replayed
    if idx is not None and result.pending is not None and replayed is None:
        batch_name = idx.append(result.pending, source)  # after the outputs: see the doc
    summary = _summary(inputs, reader, result, config, index, batch_name)
    if replayed is not None:
        summary["index"] = {**cast(dict[str, object], summary["index"]), "replayed": True}
    summary["seconds"] = round(time.perf_counter() - started, 3)
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=1) + "\n", "utf-8")
    return summary


def inputs_identity(inputs: Sequence[Path]) -> str:
    """A digest of the input files' resolved paths, sizes and modification times: the same
    files, unchanged, give the same digest."""
    h = hashlib.sha256()
    for path in inputs:
        resolved = Path(path).resolve()
        try:
            info = os.stat(resolved)
            h.update(f"{resolved}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{resolved}\0missing\n".encode())
    return h.hexdigest()


def _write(inputs: Sequence[Path], out: Path, reader: _Reader, result: DedupResult) -> None:
    """The three output files, each written beside its name and renamed into place."""
    assignments = iter(result.assignments)
    with _atomic(out / PAGES_FILE) as fh:
        for position, (source, line) in enumerate(_lines(inputs)):
            if position not in reader.accepted:
                continue
            obj, page = _parse(line)
            a = next(assignments)
            if a.id != page.id or not isinstance(obj, dict):
                raise RuntimeError(f"{source} changed while dedup was running")
            obj.update(a.fields())
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    with _atomic(out / CLUSTERS_FILE) as fh:
        for c in result.clusters:
            fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    with _atomic(out / REJECTS_FILE) as fh:
        for r in reader.rejects:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


@contextmanager
def _atomic(path: Path) -> Iterator[IO[str]]:
    """A text file written as ``.<name>.tmp``, synced and renamed to ``path`` when done."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _summary(
    inputs: Sequence[Path],
    reader: _Reader,
    result: DedupResult,
    config: DedupConfig,
    index: Path | None,
    batch: str | None,
) -> dict[str, object]:
    dups = [a for a in result.assignments if not a.is_canonical]
    pages = len(result.assignments)
    summary: dict[str, object] = {
        "inputs": [str(p) for p in inputs],
        "pages": pages,
        "rejected": len(reader.rejects),
        "clusters": len(result.clusters),
        "duplicates": len(dups),
        "exact_duplicates": sum(a.exact for a in dups),
        "canonical_decided_by": dict(
            sorted(Counter(c.decided_by.split(" (")[0] for c in result.clusters).items())
        ),
        "pairs_checked": result.pairs_checked,
        "linked_pairs": result.linked_pairs,
        "config": asdict(config),
    }
    if index is not None:
        total = DedupIndex.open(index, config).size
        summary["index"] = {
            "path": str(index),
            "batch": batch,
            "pages": total,
            "bytes_per_page": round(index_bytes(index) / max(total, 1), 1),
        }
    return summary
