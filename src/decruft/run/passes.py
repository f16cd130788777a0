"""A whole run: the corpus passes around the sharded cleaning.

``run_clean`` is what ``decruft clean`` does. Before the shards are cleaned (see
``decruft.run.executor``), the host pass counts every block per host over all inputs; after
them, the near-duplicate pass clusters the written pages. Either pass is optional; their
summaries go into run.json beside the cleaning's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from decruft.config import Config, DedupConfig, HostConfig
from decruft.corpus.boilerplate import HostPass, host_counts
from decruft.io.readers import read_inputs
from decruft.io.writers import PAGES_FILE
from decruft.model import RawRecord
from decruft.run.executor import RunOptions, run_clean as run_shards
from decruft.run.inputs import prepare_inputs
from decruft.run.merge import STATE_DIR

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
        host = count_hosts(inputs, index)
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


def count_hosts(inputs: Sequence[str | Path], index: Path | None) -> HostPass:
    """The host pass: block counts per host over every record of ``inputs``."""
    records = (r for r in read_inputs(inputs) if isinstance(r, RawRecord))
    return HostPass(host_counts(records, HostConfig(), index))


def host_summary(host: HostPass) -> dict[str, object]:
    """The host pass's part of run.json."""
    return {
        "index": str(host.index.path) if host.index.path is not None else None,
        "pages_counted": host.index.pages,
        "hosts": host.index.hosts,
        "config": {k: getattr(host.config, k) for k in host.config.__slots__},
    }
