"""Executors of ``decruft clean``: inputs -> shards -> part files (one worker each) ->
outputs merged in shard order -> the ledger in ``run.json``.

``executor.run_clean`` is the whole run; ``worker.process_shard`` is the unit of work any
engine can call (see the README's "Running at scale").
"""

from decruft.run.executor import RunOptions, run_clean
from decruft.run.worker import ShardResult, ShardTask, process_shard

__all__ = ["RunOptions", "ShardResult", "ShardTask", "process_shard", "run_clean"]
