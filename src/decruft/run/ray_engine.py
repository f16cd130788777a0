"""The Ray engine of ``decruft clean --engine ray``: the same shards, the same
``process_shard``, run as a Ray Data map; the driver merges the results in shard order with
the same ``Merger``, so the outputs are byte-identical to the local engine's.

Every Ray worker writes its shard's part files under ``OUT/.decruft/parts`` and the driver
reads them back, so ``OUT`` (and every input) must be on a filesystem all nodes share. Ray
is imported only when this engine runs (``pip install 'decruft[ray]'``).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from importlib.util import find_spec
from typing import Any

from decruft.run.merge import Merger
from decruft.run.progress import ProgressBar
from decruft.run.worker import ShardResult, ShardTask, process_shard

RAY_MISSING = "--engine ray needs Ray: pip install 'decruft[ray]'"
# CPUs each shard task asks Ray for: cleaning is single-threaded (Python and compiled kernels).
CPUS_PER_SHARD = 1
# Rows per Ray Data block: one shard per block, so each shard is its own task and a slow
# shard never holds another back behind it.
SHARDS_PER_BLOCK = 1
# Attempts Ray makes at a shard whose worker died, each continuing from the shard's
# checkpoint; bounded, so a page that always kills its worker stops the run instead of
# looping (the local engine narrows such a page down to a ``crash`` reject).
SHARD_RETRIES = 3


class RayMissing(ValueError):
    """--engine ray without Ray installed."""


class RayFailed(Exception):
    """A shard failed on Ray (the pages merged before it are saved; --resume continues)."""


def check_ray() -> None:
    """Fail early, before any output is touched, when Ray is not installed."""
    if find_spec("ray") is None:
        raise RayMissing(RAY_MISSING)


def _clean_row(row: dict[str, Any]) -> dict[str, Any]:
    """One shard, inside a Ray worker; tasks and results travel pickled (as bytes) so Ray
    Data's Arrow blocks never try to convert their dataclasses."""
    task: ShardTask = pickle.loads(row["task"])
    result = process_shard(task)
    return {"index": result.index, "result": pickle.dumps(result)}


def run_ray(
    tasks: list[ShardTask],
    merger: Merger,
    bar: ProgressBar,
    workers: int,
    address: str | None,
) -> list[ShardResult]:
    """The shards not merged yet on Ray (at most ``workers`` at a time), merged in order."""
    pending = tasks[merger.merged :]
    if not pending:
        return []
    check_ray()
    import ray

    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    try:
        results = []
        done: dict[int, ShardResult] = {}
        for result in _guarded(_results(pending, workers)):
            done[result.index] = result
            while merger.merged in done:
                ready = done.pop(merger.merged)
                merger.merge(ready)
                results.append(ready)
                read, written = ready.tally.pages_read, ready.tally.pages_written
                bar.advance(read, written, ready.tally.pages_rejected.total())
        if merger.merged < len(tasks):
            raise RayFailed(f"Ray returned no result for shard {merger.merged}")
        return results
    finally:
        if started_here:
            ray.shutdown()


def _guarded(results: Iterator[ShardResult]) -> Iterator[ShardResult]:
    """``results``, with Ray's errors turned into one that names the way on."""
    try:
        yield from results
    except Exception as exc:
        raise RayFailed(
            f"a shard failed on Ray ({type(exc).__name__}: {str(exc)[:500]}); the shards "
            "merged before it are saved: fix the cause and run again with --resume"
        ) from exc


def _results(pending: list[ShardTask], workers: int) -> Iterator[ShardResult]:
    """Shard results as Ray Data streams them out (in any order)."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # decruft draws its own
    items = [{"task": pickle.dumps(t)} for t in pending]
    dataset = ray.data.from_items(items, override_num_blocks=-(-len(items) // SHARDS_PER_BLOCK))
    mapped = dataset.map(
        _clean_row,
        num_cpus=CPUS_PER_SHARD,
        concurrency=max(1, workers),
        max_retries=SHARD_RETRIES,
    )
    for row in mapped.iter_rows():
        result: ShardResult = pickle.loads(row["result"])
        yield result
