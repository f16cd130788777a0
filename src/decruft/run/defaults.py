"""Run settings the command line shows before anything heavy is imported (``--help`` reads
them; numpy, the parsers and the models load only when a run starts)."""

from __future__ import annotations

# Output formats besides pages.jsonl (always written), and the engines that run shards.
# The one list of formats (the command line's choices, what a run accepts): here, not beside
# the file names in ``decruft.io.writers``, so that ``--help`` reads it without numpy.
FORMATS = ("jsonl", "txt", "parquet", "markdown")
ENGINES = ("local", "ray")

# Records per shard: big enough that a task's fixed costs (a pickle, two part files, a merge)
# vanish next to the ~2.5 s of cleaning, small enough to keep two workers busy on a few
# thousand pages and to make a shard lost in a crash cheap to redo.
SHARD_RECORDS = 1000

# A running shard is checkpointed this often: a crash costs at most this much work per
# worker, and the fsyncs a checkpoint needs stay a negligible share of the time.
CHECKPOINT_SECONDS = 5.0
# A page gets this long before it is written as a ``timeout`` reject: ~10,000x a typical
# page (a few ms), so only a pathological input (a huge line, a parser trap) ever hits it.
PAGE_TIMEOUT_SECONDS = 30.0
