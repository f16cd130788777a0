"""`decruft clean --corpus`: two passes over the inputs, counts kept in --host-index."""

from __future__ import annotations

import json
import os
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from host_builders import corpus

from decruft.cli import main
from decruft.config import Config
from decruft.model import RawRecord
from decruft.run import count, executor, guard, passes, worker
from decruft.run.executor import RunOptions
from decruft.run.pool import worker_main
from decruft.run.shards import Shard, plan_shards


def _write_inputs(tmp_path: Path, files: int = 1) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    records = corpus(hosts=2, pages=8)
    for k in range(files):
        with open(folder / f"crawl{k}.jsonl", "w", encoding="utf-8") as fh:
            for r in records[k::files]:
                fh.write(json.dumps({"id": r.id, "text": r.body, "url": r.url}) + "\n")
    return folder


def _pages(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "pages.jsonl").read_text("utf-8").splitlines()]


def _rules(pages: list[dict[str, object]]) -> set[str]:
    return {r["rule"] for p in pages for r in p["removed"]}  # type: ignore[attr-defined]


def test_clean_corpus_removes_host_boilerplate_and_persists_counts(tmp_path: Path) -> None:
    inputs, index = _write_inputs(tmp_path), tmp_path / "hosts"
    plain, first, again = tmp_path / "plain", tmp_path / "first", tmp_path / "again"
    assert main(["clean", str(inputs), "-o", str(plain), "-q"]) == 0
    assert "host-boilerplate" not in _rules(_pages(plain))
    args = ["clean", "--corpus", str(inputs), "--host-index", str(index), "-q", "-o"]
    assert main([*args, str(first)]) == 0
    pages = _pages(first)
    host_removed = [r for p in pages for r in p["removed"] if r["rule"] == "host-boilerplate"]  # type: ignore[attr-defined]
    assert host_removed
    assert {r["evidence"] for r in host_removed} <= {
        "seen on 8 of 8 pages of site0.example",
        "seen on 8 of 8 pages of site1.example",
    }
    assert all("Welcome to Site" not in str(p["text"]) for p in pages)
    summary = json.loads((first / "run.json").read_text("utf-8"))
    assert summary["host_pass"]["pages_counted"] == 16
    assert summary["host_pass"]["hosts"] == 2
    # a second run over the same input reuses the counts (nothing is counted twice)
    assert main([*args, str(again)]) == 0
    assert (again / "pages.jsonl").read_bytes() == (first / "pages.jsonl").read_bytes()
    assert json.loads((index / "host.json").read_text("utf-8"))["pages"] == 16


def test_unusable_host_index_is_an_error(tmp_path: Path) -> None:
    inputs, index = _write_inputs(tmp_path), tmp_path / "hosts"
    index.mkdir()
    (index / "host.json").write_text('{"format": 99}', "utf-8")
    out = tmp_path / "out"
    assert main(["clean", "--corpus", str(inputs), "--host-index", str(index), "-o", str(out)]) == 2


def test_clean_corpus_runs_both_passes_with_any_worker_count(tmp_path: Path) -> None:
    inputs = _write_inputs(tmp_path)
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        args = ["clean", "--corpus", str(inputs), "-q", "--workers", str(workers)]
        assert main([*args, "--shard-records", "5", "-o", str(out)]) == 0
        outs.append(out)
        summary = json.loads((out / "run.json").read_text("utf-8"))
        assert summary["conserved"] and summary["pages_written"] == 16
        assert summary["host_pass"]["pages_counted"] == 16
        assert (out / "host-index" / "host.json").is_file()  # counts kept beside the output
        assert summary["dedup"]["pages"] == 16
        assert not (out / "run.json.tmp").exists()  # written once, by replacing
        clustered = _pages(out / "dedup")
        assert [p["id"] for p in clustered] == [p["id"] for p in _pages(out)]
        assert all("cluster_id" in p and "is_canonical" in p for p in clustered)
        assert "host-boilerplate" in _rules(_pages(out))
    one, two = ((o / "pages.jsonl").read_bytes() for o in outs)
    assert one == two


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_the_host_count_in_parallel_makes_the_same_index_and_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count is sharded over --workers processes (four files: four shards) and added in
    input order: the index and the pages are those of one process. The shards are planned
    once, for the count and the cleaning (planning counts every JSONL input's lines)."""
    inputs = _write_inputs(tmp_path, files=4)
    plans = []

    def planning(*args: object, **kwargs: object) -> list[Shard]:
        plans.append(args)
        return plan_shards(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(passes, "plan_shards", planning)
    monkeypatch.setattr(executor, "plan_shards", planning)
    runs = {}
    for workers in ("1", "2"):
        out, index = tmp_path / f"out{workers}", tmp_path / f"hosts{workers}"
        args = ["clean", "--corpus", str(inputs), "--host-index", str(index), "-q"]
        plans.clear()
        assert main([*args, "--workers", workers, "--shard-records", "3", "-o", str(out)]) == 0
        assert len(plans) == 1
        runs[workers] = (_files(index), (out / "pages.jsonl").read_bytes())
    assert runs["1"] == runs["2"]
    assert any(p["rule"] == "host-boilerplate" for p in _removals(runs["2"][1]))


def _removals(pages_jsonl: bytes) -> list[dict[str, object]]:
    return [r for line in pages_jsonl.splitlines() for r in json.loads(line)["removed"]]


def test_the_host_count_is_bounded_like_the_cleaning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page the cleaning rejects unread (too many elements), or one over the page time
    limit, is not counted either: the host pass holds the cleaning's bounds."""
    monkeypatch.setattr(guard, "MAX_HTML_ELEMENTS", 50)
    real_rows = count.page_rows

    def slow_on_one(record: RawRecord) -> object:
        if record.id == "slow":
            time.sleep(5)
        return real_rows(record)

    monkeypatch.setattr(count, "page_rows", slow_on_one)
    prose = "<p>" + "Words of a plain article paragraph. " * 20 + "</p>"
    records = [
        RawRecord("ok", "ok", "", url="https://a.example/1", html=f"<html>{prose}</html>"),
        RawRecord("slow", "slow", "", url="https://a.example/2", html=f"<html>{prose}</html>"),
        RawRecord("big", "big", "", url="https://a.example/3", html="<p>x" * 60),
    ]
    rows = list(count.bounded_rows(records, page_timeout=0.2))
    assert len(rows) == 1 and rows[0] == real_rows(records[0])
    broken = RawRecord("broken", "broken", "", url="https://a.example/4", html=None)
    monkeypatch.setattr(count, "page_rows", lambda record: 1 / 0)
    assert count.bounded_row(broken, page_timeout=0.2) is None  # the cleaning rejects it


# Records on which the counting worker below dies, and stalls where the alarm cannot reach.
DEADLY, STUCK = "s0-p002", "s1-p005"


def _count_trapped_main(conn: Connection, config: Config, parent: int) -> None:
    """A worker whose host count dies on DEADLY and hangs with SIGALRM blocked on STUCK
    (its cleaning is untouched)."""
    real_rows = count.page_rows

    def trapped(record: RawRecord) -> object:
        if record.id == DEADLY:
            os.kill(os.getpid(), signal.SIGKILL)
        if record.id == STUCK:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(600)
        return real_rows(record)

    count.page_rows = trapped  # type: ignore[assignment]  # this worker process only
    worker_main(conn, config, parent)


def test_a_worker_dying_or_stuck_in_the_host_count_does_not_end_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count runs on the cleaning's worker pool, with its care: a shard whose worker
    dies is counted again record by record, past the record it died (or stalled) on; that
    record is not counted, and every page is still cleaned and written."""
    inputs = _write_inputs(tmp_path, files=4)
    monkeypatch.setattr(worker, "STALL_GRACE_SECONDS", 2.0)  # read by the supervisor
    opts = RunOptions(workers=2, shard_records=3, page_timeout=0.3, worker_main=_count_trapped_main)
    config = Config().with_(batch_pages=2)
    summary = passes.run_clean([inputs], tmp_path / "out", config, ["jsonl"], opts, corpus=True)
    assert summary["conserved"] and summary["pages_written"] == 16
    host_pass = summary["host_pass"]
    assert isinstance(host_pass, dict) and host_pass["pages_counted"] == 14
    written = {p["id"] for p in _pages(tmp_path / "out")}
    assert {DEADLY, STUCK} <= written
