"""A page that kills its worker, or hangs where the alarm cannot reach, becomes a reject and
the run goes on; every other page is written as in a run without them."""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from run_corpus import build

from decruft.config import Config
from decruft.model import Page, RawRecord
from decruft.run import guard, worker
from decruft.run.executor import RunOptions, run_clean
from decruft.run.pool import worker_main

# Lines of the reference pages.jsonl whose pages the traps below take out.
TRAPPED = {"r004", "r009"}


def _trapped_main(conn: Connection, config: Config, parent: int) -> None:
    """A worker whose pipeline dies on r004 and hangs with SIGALRM blocked on r009."""
    clean_batch = guard.clean_batch

    def trapped(records: list[RawRecord], cfg: Config, **kwargs: object) -> list[Page]:
        ids = {r.id for r in records}
        if "r004" in ids:
            os.kill(os.getpid(), signal.SIGKILL)
        if "r009" in ids:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(600)
        return clean_batch(records, cfg, **kwargs)  # type: ignore[arg-type]

    guard.clean_batch = trapped  # type: ignore[assignment]  # this worker process only
    worker_main(conn, config, parent)


def test_deadly_and_stuck_pages_become_rejects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = build(tmp_path, records=16, jsonl_lines=6)
    config = Config().with_(batch_pages=3)
    opts = RunOptions(workers=2, shard_records=5, page_timeout=0.3)
    run_clean([src], tmp_path / "ref", config, opts)
    monkeypatch.setattr(worker, "STALL_GRACE_SECONDS", 2.0)  # read by the supervisor
    summary = run_clean(
        [src],
        tmp_path / "out",
        config,
        replace(opts, worker_main=_trapped_main),
    )
    rejects = {
        r["id"]: r["reason"] for r in map(json.loads, (tmp_path / "out" / "rejects.jsonl").open())
    }
    assert rejects["r004"].startswith("crash: the worker died on this page")
    assert rejects["r009"].startswith("timeout: stuck past")
    ref = (tmp_path / "ref" / "pages.jsonl").read_text().splitlines()
    kept = [line for line in ref if json.loads(line)["id"] not in TRAPPED]
    assert (tmp_path / "out" / "pages.jsonl").read_text().splitlines() == kept
    assert summary["conserved"] is True
    assert summary["pages_rejected"]["crash"] == 1 and summary["pages_rejected"]["timeout"] == 1
