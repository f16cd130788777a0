"""Executors of ``decruft clean``: inputs -> shards -> part files (one worker each) ->
outputs merged in shard order -> the ledger in ``run.json``.

``passes.run_clean`` is the whole run with its corpus passes, ``executor.run_clean`` the
sharded cleaning; ``worker.process_shard`` is the unit of work any engine can call (see the
README's "Running at scale"). Those names load on first use, so that the command line's
light modules (``run.defaults``) load without the cleaning machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from decruft.lazy import lazy_names

if TYPE_CHECKING:
    from decruft.run.executor import RunOptions, run_clean
    from decruft.run.worker import ShardResult, ShardTask, process_shard

# Names this package offers and the module each lives in, imported on first use (PEP 562).
_LAZY = {
    "RunOptions": "decruft.run.executor",
    "run_clean": "decruft.run.executor",
    "ShardResult": "decruft.run.worker",
    "ShardTask": "decruft.run.worker",
    "process_shard": "decruft.run.worker",
}


__getattr__ = lazy_names("decruft.run", _LAZY, globals())


__all__ = ["RunOptions", "ShardResult", "ShardTask", "process_shard", "run_clean"]
