"""decruft clean with workers: the same outputs for any number of workers, a balanced
ledger in run.json, Parquet equal to pages.jsonl, and a run that fails when pages are lost."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from run_corpus import build

from decruft.cli import INTERRUPTED, main
from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.io.writers import page_line
from decruft.model import RawRecord
from decruft.pipeline import clean_records
from decruft.run import files, guard, ray_engine, worker
from decruft.run.executor import RunOptions, run_clean
from decruft.run.merge import Merger
from decruft.run.worker import ShardResult

# Small shards and batches so a tiny corpus spans many shards, line ranges and checkpoints.
OPTIONS = ["--shard-records", "7", "--batch-pages", "3", "-q"]


def _run(inputs: list[str], out: Path, *extra: str) -> int:
    return main(["clean", *inputs, "-o", str(out), *OPTIONS, *extra])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    src = build(tmp_path_factory.mktemp("corpus"))
    return [str(src), str(src / "page.html")]


def _outputs(out: Path) -> dict[str, bytes]:
    """Every output file by its path under ``out`` (the run's state and run.json aside)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".decruft" not in p.parts and p.name != "run.json"
    }


def test_same_outputs_for_one_and_two_workers(corpus: list[str], tmp_path: Path) -> None:
    formats = ["--format", "txt", "--format", "parquet"]
    assert _run(corpus, tmp_path / "w1", *formats) == 0
    assert _run(corpus, tmp_path / "w2", *formats, "--workers", "2") == 0
    one, two = _outputs(tmp_path / "w1"), _outputs(tmp_path / "w2")
    assert one == two
    assert {"pages.jsonl", "rejects.jsonl", "parquet/pages-00000.parquet"} <= set(one)
    assert any(name.startswith("txt/") for name in one)


def test_pages_are_what_the_pipeline_writes(corpus: list[str], tmp_path: Path) -> None:
    """Shards, batches cut at shard ends and part files change nothing in pages.jsonl."""
    assert _run(corpus, tmp_path / "out") == 0
    records = (r for r in read_inputs(corpus) if isinstance(r, RawRecord))
    expected = "".join(page_line(p, signals=True) for p in clean_records(records, Config()))
    assert (tmp_path / "out" / "pages.jsonl").read_text(encoding="utf-8") == expected


def test_run_json_ledger(corpus: list[str], tmp_path: Path) -> None:
    assert _run(corpus, tmp_path / "out") == 0
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    rejected = run["pages_rejected"]
    assert run["pages_read"] == run["pages_written"] + sum(rejected.values())
    assert run["conserved"] is True and run["resumed_pages"] == 0
    assert rejected == {
        "binary content (NUL bytes) — not a text record": 1,
        "empty file": 1,
        "invalid JSON": 1,
        "truncated or corrupt gzip": 1,
    }
    assert run["removed_chars_by_rule"]["repeat"] > 0
    assert set(run["removed_chars_by_rule"]) == set(run["removed_blocks_by_rule"])
    assert {"decruft", "python", "numpy", "selectolax"} <= set(run["versions"])
    assert run["config"]["batch_pages"] == 3 and run["shards"] > 1
    assert set(run["durations"]) >= {"plan", "clean_and_merge", "verify"}


def test_parquet_holds_the_jsonl_pages(corpus: list[str], tmp_path: Path) -> None:
    assert _run(corpus, tmp_path / "out", "--format", "parquet") == 0
    table = pq.read_table(tmp_path / "out" / "parquet")
    pages = [json.loads(line) for line in (tmp_path / "out" / "pages.jsonl").open()]
    assert table.to_pylist() == pages
    removed = table.schema.field("removed").type
    assert pa.types.is_list(removed) and pa.types.is_struct(removed.value_type)


def test_resume_of_a_finished_run_redoes_nothing(corpus: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(corpus, out, "--format", "txt") == 0
    before = _outputs(out)
    assert _run(corpus, out, "--format", "txt", "--resume") == 0
    run = json.loads((out / "run.json").read_text())
    assert run["resumed_pages"] == run["pages_read"] and _outputs(out) == before


def test_resume_keeps_shards_cleaned_before_the_first_merge(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Merger, result: ShardResult) -> None:
        raise KeyboardInterrupt  # the run stops with shard 0 cleaned but nothing merged

    monkeypatch.setattr(Merger, "merge", interrupted)
    assert _run(corpus, tmp_path / "out") == INTERRUPTED
    monkeypatch.undo()
    assert _run(corpus, tmp_path / "out", "--resume") == 0
    assert _run(corpus, tmp_path / "ref") == 0
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["resumed_pages"] == 7  # shard 0 (7 records) came from its checkpoint
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "ref")


def test_resume_with_other_inputs_is_refused(corpus: list[str], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(corpus, tmp_path / "out") == 0
    assert _run(corpus[:1], tmp_path / "out", "--resume") == 2
    assert "without --resume" in capsys.readouterr().err
    record = Path(corpus[0]) / "r001.txt"
    stamp = record.stat()
    record.write_text(record.read_text() + "An edited line.\n")  # same name, new content
    assert _run(corpus, tmp_path / "out", "--resume") == 2
    record.write_text(record.read_text().removesuffix("An edited line.\n"))
    os.utime(record, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # the module's corpus again


@pytest.mark.parametrize("damage", ["deleted", "cut"])
def test_resume_into_outputs_deleted_or_cut_is_refused_untouched(
    corpus: list[str], tmp_path: Path, damage: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert _run(corpus, out, "--format", "txt") == 0
    pages = out / "pages.jsonl"
    if damage == "deleted":
        pages.unlink()
    else:
        pages.write_bytes(pages.read_bytes()[:100])
    before = _outputs(out)
    assert _run(corpus, out, "--format", "txt", "--resume") == 2
    assert "without --resume" in capsys.readouterr().err
    assert _outputs(out) == before  # no file recreated, grown or cut


def test_a_writer_that_drops_a_page_fails_the_run(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    write_page = worker.PartWriter.write_page
    seen = []

    def dropping(self: worker.PartWriter, page: object) -> None:
        seen.append(page)
        if len(seen) != 5:
            write_page(self, page)  # type: ignore[arg-type]

    monkeypatch.setattr(worker.PartWriter, "write_page", dropping)
    assert _run(corpus, tmp_path / "out") == 1
    assert "pages lost or doubled" in capsys.readouterr().err
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["conserved"] is False and run["ledger_errors"]


def test_a_failing_pass_after_cleaning_leaves_the_ledger(corpus: list[str], tmp_path: Path) -> None:
    def failing() -> dict[str, object]:
        raise OSError("dedup ran out of disk")

    out = tmp_path / "out"
    with pytest.raises(OSError, match="out of disk"):
        run_clean(corpus, out, Config(), RunOptions(), failing)
    run = json.loads((out / "run.json").read_text())
    assert run["conserved"] is True and "dedup" not in run
    summary = run_clean(
        corpus, tmp_path / "again", Config(), RunOptions(), lambda: {"dedup": {"pages": 1}}
    )
    assert summary["dedup"] == {"pages": 1}
    assert json.loads((tmp_path / "again" / "run.json").read_text())["dedup"] == {"pages": 1}


def test_a_writer_that_raises_fails_the_run(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    def raising(self: worker.PartWriter, page: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(worker.PartWriter, "write_page", raising)
    assert _run(corpus, tmp_path / "out") != 0
    assert "No space left on device" in capsys.readouterr().err


def test_slow_and_failing_pages_become_rejects(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_batch = guard.clean_batch

    def trapped(records: list[RawRecord], config: Config, **kwargs: object) -> object:
        if any(r.id == "r004" for r in records):
            time.sleep(30)  # the alarm cuts this short
        if any(r.id == "r009" for r in records):
            raise ValueError("a bug on this page")
        return clean_batch(records, config, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(guard, "clean_batch", trapped)
    assert _run(corpus, tmp_path / "out", "--page-timeout", "0.2") == 0
    rejects = {
        r["id"]: r["reason"] for r in map(json.loads, (tmp_path / "out" / "rejects.jsonl").open())
    }
    assert rejects["r004"] == "timeout: over 0.2 s"
    assert rejects["r009"] == "error: ValueError: a bug on this page"
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["pages_rejected"]["timeout"] == 1 and run["pages_rejected"]["error"] == 1
    ids = {json.loads(line)["id"] for line in (tmp_path / "out" / "pages.jsonl").open()}
    assert {"r003", "r005", "r008", "r010"} <= ids  # their batch-mates were cleaned


def test_ray_engine_without_ray_says_how_to_install(
    corpus: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(ray_engine, "find_spec", lambda name: None)
    assert _run(corpus, tmp_path / "out", "--engine", "ray") == 2
    assert "pip install 'decruft[ray]'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # stopped before touching the output


@pytest.mark.parametrize(
    "data", [b"", b"x", b"\n", b"a\nb\n", b"a\nb", b"\n" * 5, b"y\n" * 3 + b"z" * 9 + b"\n"]
)
def test_the_ledger_counts_every_newline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    """count_lines, whose counts the ledger checks, counts every newline of a file read in
    chunks, whatever side of a chunk's edge it falls on (chunks of 4 bytes here)."""
    monkeypatch.setattr(files, "COUNT_CHUNK_BYTES", 4)
    path = tmp_path / "pages.jsonl"
    path.write_bytes(data)
    assert files.count_lines(path) == data.count(b"\n")
    assert files.count_lines(tmp_path / "missing.jsonl") == 0


@pytest.mark.parametrize("kernel", ["short", "none", "fails midway", "absent"])
def test_part_files_are_appended_whole_however_the_kernel_copies(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: str
) -> None:
    """The merger appends part files with copy_file_range where it can, through a buffer
    where it cannot: the outputs are the same when the kernel copies a few bytes per call,
    has no such call, or fails after copying some, and on a system whose os module lacks it."""
    assert _run(corpus, tmp_path / "plain") == 0
    real = os.copy_file_range
    calls = []

    def copy(src: int, dst: int, count: int, offset_src: int, offset_dst: int) -> int:
        calls.append(count)
        if kernel == "none" or (kernel == "fails midway" and len(calls) > 1):
            raise OSError(38, "Function not implemented")
        return real(src, dst, min(count, 5), offset_src, offset_dst)

    if kernel == "absent":
        monkeypatch.delattr(os, "copy_file_range")
    else:
        monkeypatch.setattr(os, "copy_file_range", copy)
    assert _run(corpus, tmp_path / "copied") == 0
    assert _outputs(tmp_path / "copied") == _outputs(tmp_path / "plain")
    assert bool(calls) == (kernel != "absent")


def test_versions_match_what_importlib_metadata_reads() -> None:
    from importlib.metadata import version

    from decruft.run.ledger import KEY_PACKAGES, versions

    found = versions()
    for name in ("decruft", *KEY_PACKAGES):
        if name in found:
            assert found[name] == version(name)
