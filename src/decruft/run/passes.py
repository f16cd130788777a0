"""A whole run: the corpus passes around the sharded cleaning.

``run_clean`` is what ``decruft clean`` does. Before the shards are cleaned (see
``decruft.run.executor``), the host pass counts every block per host over all inputs; after
them, the near-duplicate pass clusters the written pages. Either pass is optional; their
summaries go into run.json beside the cleaning's.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from pathlib import Path

from decruft.config import Config, DedupConfig, HostConfig
from decruft.corpus.boilerplate import HostPass, host_counts_of_rows, page_rows
from decruft.corpus.runs import U64
from decruft.io.readers import read_inputs
from decruft.io.writers import PAGES_FILE
from decruft.model import RawRecord
from decruft.run.defaults import PAGE_TIMEOUT_SECONDS, SHARD_RECORDS
from decruft.run.executor import RunOptions, run_clean as run_shards
from decruft.run.guard import PageTimeout, time_limit, too_big_reason
from decruft.run.inputs import prepare_inputs
from decruft.run.merge import STATE_DIR
from decruft.run.shards import Shard, plan_shards, read_shard

# Where ``--corpus`` keeps the host counts when no host index is given, and writes the
# near-duplicate clusters (beside pages.jsonl, which a resumed run must find unchanged).
HOST_INDEX_DIR = "host-index"
DEDUP_DIR = "dedup"


def run_clean(
    inputs: Sequence[str | Path],
    out: Path,
    config: Config,
    formats: Sequence[str],
    options: RunOptions | None = None,
    *,
    corpus: bool = False,
    host_index: Path | None = None,
) -> dict[str, object]:
    """Clean every input into ``out`` (see ``decruft.run``); returns the run summary.

    ``corpus``: the two corpus passes of ``decruft clean --corpus``. Before cleaning, every
    block is counted per host (into ``host_index``, else ``OUT/host-index``) and pages are
    cleaned with the host-boilerplate step; after it, the written pages are clustered into
    near-duplicates (``OUT/dedup/``: pages with cluster_id, is_canonical and duplicate_of,
    clusters.jsonl, dedup.json). A ``host_index`` alone applies the host step only."""
    opts = replace(options if options is not None else RunOptions(), formats=tuple(formats))
    inputs = prepare_inputs(inputs, out, out / STATE_DIR)  # the host count reads them first
    host = None
    if corpus or host_index is not None:
        index = host_index if host_index is not None else out / HOST_INDEX_DIR
        workers = opts.workers if opts.engine == "local" else 1
        host = count_hosts(inputs, index, workers, opts.shard_records, opts.page_timeout)
        opts = replace(opts, host_index=str(index))

    def corpus_passes() -> dict[str, object]:
        """What the corpus passes add to run.json: the host pass, and the clusters."""
        done: dict[str, object] = {}
        if host is not None:
            done["host_pass"] = host_summary(host)
        if corpus:
            from decruft.corpus.files import run_dedup  # loads with --dedup

            done["dedup"] = run_dedup([out / PAGES_FILE], out / DEDUP_DIR, DedupConfig())
        return done

    return run_shards(inputs, out, config, opts, corpus_passes if host is not None else None)


def count_hosts(
    inputs: Sequence[str | Path],
    index: Path | None,
    workers: int = 1,
    shard_records: int = SHARD_RECORDS,
    page_timeout: float = PAGE_TIMEOUT_SECONDS,
) -> HostPass:
    """The host pass: block counts per host over every record of ``inputs``; with
    ``workers`` > 1 the pages are segmented and keyed in that many processes, shard by
    shard (the shards the cleaning uses), and counted here in input order, so the index is
    the same as one process makes. A page the cleaning would reject unread (too many
    elements) or that takes over ``page_timeout`` seconds is not counted: it is bounded here
    as it is there."""
    if workers <= 1:
        records = (r for r in read_inputs(inputs) if isinstance(r, RawRecord))
        rows: Iterable[tuple[int, int, U64]] = _bounded_rows(records, page_timeout)
    else:
        rows = _rows_in_parallel(plan_shards(inputs, shard_records), workers, page_timeout)
    return HostPass(host_counts_of_rows(rows, HostConfig(), index))


def _bounded_rows(
    records: Iterable[RawRecord], page_timeout: float
) -> Iterator[tuple[int, int, U64]]:
    """``page_rows`` of each record the cleaning's bounds admit (see ``decruft.run.guard``)."""
    for record in records:
        if too_big_reason(record) is not None:
            continue
        try:
            with time_limit(page_timeout):
                row = page_rows(record)
        except PageTimeout:
            continue
        yield row


# Shards handed to the counting processes past the next one to count, per process: enough
# to keep them busy, few enough that waiting results (a shard's block keys) stay small.
COUNT_AHEAD_PER_WORKER = 2


def _rows_in_parallel(
    shards: list[Shard], workers: int, page_timeout: float
) -> Iterator[tuple[int, int, U64]]:
    """``_bounded_rows`` of the shards' records, computed in ``workers`` spawned processes,
    yielded in shard order."""
    ahead = workers * COUNT_AHEAD_PER_WORKER
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        pending: deque[Future[list[tuple[int, int, U64]]]] = deque()
        todo = iter(shards)
        for shard in islice(todo, ahead):
            pending.append(pool.submit(_shard_rows, shard, page_timeout))
        while pending:
            done = pending.popleft().result()
            for shard in islice(todo, 1):
                pending.append(pool.submit(_shard_rows, shard, page_timeout))
            yield from done


def _shard_rows(shard: Shard, page_timeout: float) -> list[tuple[int, int, U64]]:
    records = (r for r in read_shard(shard) if isinstance(r, RawRecord))
    return list(_bounded_rows(records, page_timeout))


def host_summary(host: HostPass) -> dict[str, object]:
    """The host pass's part of run.json."""
    return {
        "index": str(host.index.path) if host.index.path is not None else None,
        "pages_counted": host.index.pages,
        "hosts": host.index.hosts,
        "config": {k: getattr(host.config, k) for k in host.config.__slots__},
    }
