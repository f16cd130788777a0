"""A whole run: the corpus passes around the sharded cleaning.

``run_clean`` is what ``decruft clean`` does. Before the shards are cleaned (see
``decruft.run.executor``), the host pass counts every block per host over all inputs; after
them, the near-duplicate pass clusters the written pages. Either pass is optional; their
summaries go into run.json beside the cleaning's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from decruft.config import Config, DedupConfig, HostConfig
from decruft.io.readers import read_inputs
from decruft.io.writers import PAGES_FILE
from decruft.model import RawRecord
from decruft.run.defaults import PAGE_TIMEOUT_SECONDS
from decruft.run.executor import MAX_SHARD_DEATHS, RunError, RunOptions, run_clean as run_shards
from decruft.run.inputs import prepare_inputs
from decruft.run.merge import STATE_DIR
from decruft.run.shards import Shard, plan_shards

if TYPE_CHECKING:
    from decruft.corpus.boilerplate import HostPass
    from decruft.run.count import Row
    from decruft.run.pool import Died, Progressed, Task, WorkerPool

# Where ``--corpus`` keeps the host counts when no host index is given, and writes the
# near-duplicate clusters (beside pages.jsonl, which a resumed run must find unchanged).
HOST_INDEX_DIR = "host-index"
DEDUP_DIR = "dedup"

# Shards handed to the workers past the next one to count, per worker: enough to keep them
# busy, few enough that waiting results (a shard's block keys) stay small.
COUNT_AHEAD_PER_WORKER = 2


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
    clusters.jsonl, dedup.json). A ``host_index`` alone applies the host step only.
    With ``workers`` > 1 (local engine), the count and the cleaning run on the same worker
    processes, shard by shard, with the same care for a worker that dies or stalls."""
    opts = replace(options if options is not None else RunOptions(), formats=tuple(formats))
    inputs = prepare_inputs(inputs, out, out / STATE_DIR)  # the host count reads them first
    if not corpus and host_index is None:
        return run_shards(inputs, out, config, opts)
    from decruft.corpus.boilerplate import HostPass, host_counts_of_rows  # loads with --corpus

    index = host_index if host_index is not None else out / HOST_INDEX_DIR
    opts_host = replace(opts, host_index=str(index))

    def corpus_passes(host: HostPass) -> dict[str, object]:
        """What the corpus passes add to run.json: the host pass, and the clusters."""
        done: dict[str, object] = {"host_pass": host_summary(host)}
        if corpus:
            from decruft.corpus.files import run_dedup  # loads with --dedup

            done["dedup"] = run_dedup([out / PAGES_FILE], out / DEDUP_DIR, DedupConfig())
        return done

    if opts.workers <= 1 or opts.engine != "local":
        host = count_hosts(inputs, index, page_timeout=opts.page_timeout)
        return run_shards(inputs, out, config, opts_host, lambda: corpus_passes(host))
    from decruft.run.pool import WorkerPool, worker_main

    shards = plan_shards(inputs, opts.shard_records)
    main = opts.worker_main if opts.worker_main is not None else worker_main
    with WorkerPool(max(1, min(opts.workers, len(shards))), config, main) as pool:
        rows = _rows_on_pool(pool, shards, config, opts)
        host = HostPass(host_counts_of_rows(rows, HostConfig(), index))
        return run_shards(
            inputs, out, config, opts_host, lambda: corpus_passes(host), pool, planned=shards
        )


def count_hosts(
    inputs: Sequence[str | Path], index: Path | None, page_timeout: float = PAGE_TIMEOUT_SECONDS
) -> HostPass:
    """The host pass in this process: block counts per host over every record of
    ``inputs`` that the cleaning's bounds admit (see ``decruft.run.count``)."""
    from decruft.corpus.boilerplate import HostPass, host_counts_of_rows
    from decruft.run.count import bounded_rows

    records = (r for r in read_inputs(inputs) if isinstance(r, RawRecord))
    return HostPass(host_counts_of_rows(bounded_rows(records, page_timeout), HostConfig(), index))


def _rows_on_pool(
    pool: WorkerPool, shards: list[Shard], config: Config, opts: RunOptions
) -> Iterator[Row]:
    """The rows of every shard, counted on the pool's workers and yielded in shard order (so
    the index is the one a single process makes). A record a worker dies or stalls on is
    not counted: its shard is counted again one record at a time, past that record."""
    from decruft.run.count import CountTask, ShardRows
    from decruft.run.pool import Died, Failed

    def handle(event: Progressed | Failed | Died) -> None:
        if isinstance(event, Failed):
            raise RunError(f"counting shard {event.index} failed:\n{event.error}")
        if isinstance(event, Died) and event.deaths >= MAX_SHARD_DEATHS:
            raise RunError(f"the workers counting shard {event.task.shard.index} died too often")

    tasks: list[Task] = [CountTask(s, config, opts.page_timeout) for s in shards]
    ahead = COUNT_AHEAD_PER_WORKER * opts.workers
    for counted in pool.in_order(tasks, 0, ahead, handle):
        assert isinstance(counted, ShardRows)
        yield from counted.rows


def host_summary(host: HostPass) -> dict[str, object]:
    """The host pass's part of run.json."""
    return {
        "index": str(host.index.path) if host.index.path is not None else None,
        "pages_counted": host.index.pages,
        "hosts": host.index.hosts,
        "config": {k: getattr(host.config, k) for k in host.config.__slots__},
    }
