"""Clean one shard into its part files: the unit of work of every executor.

``process_shard`` is a plain function of a picklable ``ShardTask``: the local executor calls
it in-process or in worker processes, and a distributed engine can call it as a task, as
long as every task sees the same ``parts_dir``. Part layout, per shard::

    parts_dir/00042/pages.jsonl      the shard's lines of pages.jsonl
    parts_dir/00042/rejects.jsonl    its lines of rejects.jsonl
    parts_dir/00042/pages.parquet    its pages as Parquet (only with the parquet format)
    parts_dir/00042/checkpoint.json  records done, bytes of each part file, counts, done

A checkpoint is written every ``checkpoint_seconds`` and when the shard is done, after the
part files are fsynced; a task started again on the same shard truncates the part files to
the checkpointed sizes and skips the records the checkpoint counts, so a shard cut off by a
crash continues where its last checkpoint was, and a finished one is not redone.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import NamedTuple, Protocol

from decruft.config import Config
from decruft.io.writers import (
    PAGES_FILE,
    REJECTS_FILE,
    page_record,
    record_line_bytes,
    reject_line,
)
from decruft.model import Page, RawRecord, Reject
from decruft.output.options import MarkdownOptions
from decruft.run.defaults import CHECKPOINT_SECONDS, PAGE_TIMEOUT_SECONDS
from decruft.run.files import open_at, read_json, sync, write_json_atomic
from decruft.run.guard import REASON_CRASH, REASON_TIMEOUT, clean_guarded
from decruft.run.shards import Shard, read_shard
from decruft.run.tally import Tally

CHECKPOINT_FILE = "checkpoint.json"
PARQUET_PART = "pages.parquet"

# A worker silent for longer than the longest a batch can take under the alarm (its bound,
# then the slow page's own) plus this is stuck where the alarm cannot reach (a compiled loop, a C
# parser) and is killed by the supervisor; the grace covers reading and a shard's Parquet.
STALL_GRACE_SECONDS = 60.0

# Called after each batch with the records read, pages written and rejects written in it.
Progress = Callable[[int, int, int], None]
# Called before a batch is cleaned with the position in the shard of its first record.
Starting = Callable[[int], None]


# Garbage-collector thresholds while a process cleans pages. A page allocates thousands of
# small, short-lived, acyclic objects (blocks, removals, tuples); at Python's default (700
# allocations) the young generation is scanned every few blocks. 20,000 keeps young scans
# rare and each still small: +16% text pages/s in one process (alternating rounds over the
# 723 dev records; 100,000 gave +13%). Memory is unaffected: pages make no cycles to wait on.
GC_THRESHOLDS = (20_000, 50, 50)


@contextmanager
def tuned_collector() -> Iterator[None]:
    """Clean pages with the collector tuned (GC_THRESHOLDS) and what is alive now (models,
    tables, compiled kernels) frozen out of its full passes; the thresholds come back after."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class ShardTask(NamedTuple):
    """Everything a worker needs for one shard; small to pickle (paths, not records)."""

    shard: Shard
    parts_dir: str
    config: Config
    parquet: bool = False
    # The markdown format: each page's record holds its Markdown, rendered with these options.
    markdown: MarkdownOptions | None = None
    # ``--keep-body``: each page's record holds its body (what the removals' offsets index).
    keep_body: bool = False
    page_timeout: float = PAGE_TIMEOUT_SECONDS
    checkpoint_seconds: float = CHECKPOINT_SECONDS
    batch_pause: float = 0.0  # seconds to sleep after each batch (tests kill runs mid-way)
    # After a worker died on this shard: one page per batch, a checkpoint after each, and a
    # ``starting`` report before each, so the supervisor learns which page it died on.
    careful: bool = False
    # (position in the shard, reason): records written as rejects without being cleaned,
    # the pages that killed or stalled a worker.
    condemned: tuple[tuple[int, str], ...] = ()
    # The host index of the corpus pass (counted before the run): its host step is applied.
    host_index: str | None = None

    def after_death(self, position: int | None, stalled: bool, exitcode: int | None) -> ShardTask:
        """This task again after its worker died (or was stopped as ``stalled``): careful,
        and condemning the page at ``position`` it died on (known once careful)."""
        if not self.careful or position is None:
            return self._replace(careful=True)
        if stalled:
            reason = f"{REASON_TIMEOUT}: stuck past {stall_seconds(self):g} s, worker stopped"
        else:
            reason = f"{REASON_CRASH}: the worker died on this page (exit code {exitcode})"
        return self._replace(condemned=(*self.condemned, (position, reason)))


class Bounded(Protocol):
    """What a worker's task says of its bounds (a ShardTask's, or the host count's)."""

    @property
    def shard(self) -> Shard: ...
    @property
    def config(self) -> Config: ...
    @property
    def page_timeout(self) -> float: ...
    @property
    def careful(self) -> bool: ...


def stall_seconds(task: Bounded) -> float | None:
    """How long a worker on ``task`` may stay silent before it counts as stuck (None: ever)."""
    if task.page_timeout <= 0:
        return None
    pages = 1 if task.careful else task.config.batch_pages
    if task.shard.expected is not None:  # a batch holds no more pages than its shard
        pages = max(1, min(pages, task.shard.expected))
    # the batch's alarm, then the slow page again alone (the others are quick)
    return task.page_timeout * (pages + 1) + STALL_GRACE_SECONDS


@dataclass(frozen=True, slots=True)
class ShardResult:
    index: int
    tally: Tally
    resumed: int  # records taken from the shard's checkpoint instead of cleaned again
    seconds: float  # time spent cleaning it in this task


def part_dir(parts_dir: Path, index: int) -> Path:
    return parts_dir / f"{index:05d}"


class _Checkpoint(NamedTuple):
    """A shard's progress: the part files' sizes and the counts (whose ``pages_read`` is the
    number of records done) when it was written."""

    pages_bytes: int = 0
    rejects_bytes: int = 0
    tally: Tally | None = None
    done: bool = False

    @classmethod
    def load(cls, path: Path) -> _Checkpoint:
        data = read_json(path)
        if data is None:
            return cls()
        tally = data.get("tally")
        return cls(
            _int(data.get("pages_bytes")),
            _int(data.get("rejects_bytes")),
            Tally.from_dict(tally) if isinstance(tally, dict) else None,
            data.get("done") is True,
        )


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


class PartWriter:
    """Appends pages and rejects as lines of ``pages.jsonl`` and ``rejects.jsonl`` in a folder
    (a shard's part files) and knows their sizes: how every page of a run is written."""

    def __init__(
        self,
        where: Path,
        pages_bytes: int = 0,
        rejects_bytes: int = 0,
        markdown: MarkdownOptions | None = None,
        keep_body: bool = False,
        *,
        signals: bool = False,
        quality_filter: str | None = None,
    ) -> None:
        """Create ``where`` and open both files after their first ``pages_bytes`` and
        ``rejects_bytes`` bytes (a checkpoint's sizes; the rest is dropped); ``markdown``:
        each page's record holds its Markdown too; ``keep_body``: and its body;
        ``signals``: and its quality signals; ``quality_filter``: a page that signals
        preset fails is written as a reject instead (Config.quality_filter)."""
        where.mkdir(parents=True, exist_ok=True)
        self.markdown, self.keep_body = markdown, keep_body
        self.signals = signals
        # why the quality filter drops a page with these signals (None: kept), if it runs
        self.failing: Callable[[Mapping[str, object]], str | None] | None = None
        if quality_filter is not None:
            from decruft.signals.presets import PRESETS, failing  # loads with --quality-filter

            self.failing = partial(failing, PRESETS[quality_filter])
        self.pages = open_at(where / PAGES_FILE, pages_bytes)
        self.rejects = open_at(where / REJECTS_FILE, rejects_bytes)
        self.pages_bytes, self.rejects_bytes = pages_bytes, rejects_bytes

    def write_page(self, page: Page) -> Reject | None:
        """Write the page's line; or, when the quality filter fails the page, a reject with
        the failing signal as its reason (returned)."""
        measure = self.signals or self.failing is not None
        obj = page_record(page, self.markdown, body=self.keep_body, signals=measure)
        if self.failing is not None:
            found = obj["signals"]
            assert isinstance(found, dict)
            reason = self.failing(found)
            if reason is not None:
                reject = Reject(page.id, page.source, reason)
                self.write_reject(reject)
                return reject
            if not self.signals:
                del obj["signals"]
        self.pages_bytes += self.pages.write(record_line_bytes(obj))
        return None

    def write_reject(self, reject: Reject) -> None:
        self.rejects_bytes += self.rejects.write(reject_line(reject).encode("utf-8"))

    def sync(self) -> None:
        sync(self.pages)
        sync(self.rejects)

    def close(self) -> None:
        self.pages.close()
        self.rejects.close()


def process_shard(
    task: ShardTask, progress: Progress | None = None, starting: Starting | None = None
) -> ShardResult:
    """Clean the shard into its part files (continuing from its checkpoint, if any)."""
    started = time.perf_counter()
    where = part_dir(Path(task.parts_dir), task.shard.index)
    at = _Checkpoint.load(where / CHECKPOINT_FILE)
    tally = at.tally if at.tally is not None else Tally()
    if progress is not None and tally.pages_read:  # pages from the checkpoint count as done
        progress(tally.pages_read, tally.pages_written, tally.pages_rejected.total())
    if at.done:
        return ShardResult(task.shard.index, tally, tally.pages_read, 0.0)
    done_before = tally.pages_read
    writer = PartWriter(
        where,
        at.pages_bytes,
        at.rejects_bytes,
        task.markdown,
        task.keep_body,
        signals=task.config.signals,
        quality_filter=task.config.quality_filter,
    )
    try:
        items = islice(read_shard(task.shard), done_before, None)
        _clean_into(task, items, writer, tally, (progress, starting))
        writer.sync()
    finally:
        writer.close()
    if task.parquet:
        from decruft.run.parquet import jsonl_to_parquet  # pyarrow only when asked for

        jsonl_to_parquet(where / PAGES_FILE, where / PARQUET_PART, task.markdown is not None)
    _save(where, writer, tally, done=True)
    return ShardResult(task.shard.index, tally, done_before, time.perf_counter() - started)


def _clean_into(
    task: ShardTask,
    items: Iterator[RawRecord | Reject],
    writer: PartWriter,
    tally: Tally,
    report: tuple[Progress | None, Starting | None],
) -> None:
    where = part_dir(Path(task.parts_dir), task.shard.index)
    progress, starting = report
    condemned = dict(task.condemned)
    host = None
    if task.host_index:
        from decruft.corpus.boilerplate import HostPass  # loads with --corpus, --host-index
        from decruft.corpus.hostindex import HostIndex

        host = HostPass(HostIndex.open(Path(task.host_index)))
    batch_pages = 1 if task.careful else task.config.batch_pages
    every = 0.0 if task.careful else task.checkpoint_seconds
    last_checkpoint = time.monotonic()
    for batch in _batches(items, batch_pages):
        first = tally.pages_read  # the batch's position in the shard
        before = (tally.pages_written, tally.pages_rejected.total())
        records: list[RawRecord] = []
        for at, item in enumerate(batch, start=first):
            if isinstance(item, RawRecord) and at in condemned:
                item = Reject(item.id, item.source, condemned[at])
            if isinstance(item, Reject):  # read errors first, as the reader found them
                writer.write_reject(item)
                tally.add_reject(item)
            else:
                if starting is not None and not records:
                    starting(at)
                records.append(item)
        cleaned = clean_guarded(records, task.config, task.page_timeout, host) if records else []
        for result in cleaned:
            if isinstance(result, Page):
                dropped = writer.write_page(result)  # by the quality filter
                if dropped is None:
                    tally.add_page(result)
                else:
                    tally.add_reject(dropped)
            else:
                writer.write_reject(result)
                tally.add_reject(result)
        tally.pages_read += len(batch)
        if progress is not None:
            written = tally.pages_written - before[0]
            progress(len(batch), written, tally.pages_rejected.total() - before[1])
        if task.batch_pause:
            time.sleep(task.batch_pause)
        if time.monotonic() - last_checkpoint >= every:
            writer.sync()
            _save(where, writer, tally, done=False)
            last_checkpoint = time.monotonic()


def _batches(
    items: Iterator[RawRecord | Reject], batch_pages: int
) -> Iterator[list[RawRecord | Reject]]:
    """Runs of items holding ``batch_pages`` records each (and the rejects between them)."""
    batch: list[RawRecord | Reject] = []
    records = 0
    for item in items:
        batch.append(item)
        if isinstance(item, RawRecord):
            records += 1
            if records == batch_pages:
                yield batch
                batch, records = [], 0
    if batch:
        yield batch


def _save(where: Path, writer: PartWriter, tally: Tally, *, done: bool) -> None:
    write_json_atomic(
        where / CHECKPOINT_FILE,
        {
            "records": tally.pages_read,
            "pages_bytes": writer.pages_bytes,
            "rejects_bytes": writer.rejects_bytes,
            "tally": tally.to_dict(),
            "done": done,
        },
    )
