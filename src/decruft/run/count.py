"""The host pass's work on one shard: each record's block keys, for the host count.

A ``CountTask`` runs where a ``ShardTask`` does (in this process, or on the cleaning's
``WorkerPool``, which hands it to a fresh worker when one dies or stalls on it). The count
holds the cleaning's bounds: a record the cleaning would reject unread (too many elements),
one over the page time limit, one whose segmentation raises, and one that killed or stalled
a worker are not counted; the cleaning then writes it as a reject with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from decruft.config import Config
from decruft.corpus.boilerplate import page_rows
from decruft.corpus.runs import U64
from decruft.model import RawRecord
from decruft.run.guard import time_limit, too_big_reason
from decruft.run.shards import Shard, read_shard
from decruft.run.worker import Progress, Starting

# One page's row for the host count: host key, page key, its distinct block keys.
Row = tuple[int, int, U64]


@dataclass(frozen=True, slots=True)
class CountTask:
    """One shard to count; small to pickle (the shard's paths, not its records)."""

    shard: Shard
    config: Config  # its batch size sets how often the worker reports (see stall_seconds)
    page_timeout: float
    # After a worker died on this shard: one record at a time, each reported before it.
    careful: bool = False
    # Positions in the shard of records that killed or stalled a worker: not counted.
    skipped: tuple[int, ...] = ()

    def after_death(self, position: int | None, stalled: bool, exitcode: int | None) -> CountTask:
        """This task again after its worker died (or stalled): careful, and skipping the
        record at ``position`` it died on (known once careful)."""
        if not self.careful or position is None:
            return replace(self, careful=True)
        return replace(self, skipped=(*self.skipped, position))


@dataclass(frozen=True, slots=True)
class ShardRows:
    index: int
    rows: list[Row]


def count_shard(
    task: CountTask, progress: Progress | None = None, starting: Starting | None = None
) -> ShardRows:
    """The rows of the shard's records that the cleaning's bounds admit, in shard order.
    ``progress`` hears of every batch of records (so a supervisor knows the worker lives);
    ``starting`` of each record's position before it is counted."""
    batch = 1 if task.careful else task.config.batch_pages
    skipped = set(task.skipped)
    rows: list[Row] = []
    since = 0
    for at, item in enumerate(read_shard(task.shard)):
        if not isinstance(item, RawRecord) or at in skipped:
            continue
        if starting is not None:
            starting(at)
        row = bounded_row(item, task.page_timeout)
        if row is not None:
            rows.append(row)
        since += 1
        if since == batch and progress is not None:
            progress(since, 0, 0)
            since = 0
    return ShardRows(task.shard.index, rows)


def bounded_rows(records: Iterable[RawRecord], page_timeout: float) -> Iterator[Row]:
    """``page_rows`` of each record the cleaning's bounds admit (see ``decruft.run.guard``)."""
    for record in records:
        row = bounded_row(record, page_timeout)
        if row is not None:
            yield row


def bounded_row(record: RawRecord, page_timeout: float) -> Row | None:
    """The record's row, or None where the cleaning rejects it: too big, too slow, or
    raising (a bug the cleaning reports as an error reject)."""
    if too_big_reason(record) is not None:
        return None
    try:
        with time_limit(page_timeout):
            return page_rows(record)
    except Exception:  # PageTimeout too: the cleaning rejects it, with its reason
        return None
