"""What a run may read: missing inputs stop it, an output folder inside the inputs is refused,
``-`` reads standard input, HTML files in a folder are read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from decruft.cli import main
from decruft.run.inputs import InputError, check_inputs, spool_stdin

ROW = {"id": "a", "text": "The council approved the budget on Monday after a long debate."}


def _jsonl(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [json.dumps({**ROW, "id": f"r{i}"}) for i in range(n)]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_a_missing_input_is_an_error_exit(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["clean", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out"), "-q"]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    assert not (tmp_path / "out" / "pages.jsonl").exists()


def test_an_output_folder_inside_the_inputs_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in"
    _jsonl(src / "a.jsonl", 30)
    for out in (src, src / "out"):
        assert main(["clean", str(src), "-o", str(out), "-q"]) == 2
        assert "inside the input" in capsys.readouterr().err
    assert main(["clean", f"{src}/*.jsonl", "-o", str(src / "o2"), "-q"]) == 2
    assert sorted(p.name for p in src.iterdir()) == ["a.jsonl"]  # nothing written there


def test_an_input_that_is_an_output_of_the_run_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="one of the run's outputs"):
        check_inputs([_jsonl(tmp_path / "out" / "pages.jsonl", 1)], tmp_path / "out")
    (tmp_path / "out" / "txt").mkdir()
    with pytest.raises(InputError, match="one of the run's outputs"):
        check_inputs([tmp_path / "out" / "txt"], tmp_path / "out")
    check_inputs([_jsonl(tmp_path / "out" / "crawl.jsonl", 1)], tmp_path / "out")  # a file beside
    check_inputs([_jsonl(tmp_path / "x.jsonl", 1)], tmp_path)  # -o . beside the input


def test_runs_beside_each_other_are_fine(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in" / "a.jsonl", 3)
    check_inputs([src, tmp_path / "in"], tmp_path / "out")
    assert main(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert main(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"]) == 0
    lines = (tmp_path / "out" / "pages.jsonl").read_text().split("\n")
    assert len([line for line in lines if line]) == 3  # a rerun does not grow the output


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'\n{"id": "x", "text": "t"}\n', "stdin.jsonl"),
        (b"<html><p>hi</p></html>", "stdin.html"),
        (b"WARC/1.0\r\n", "stdin.warc"),
        (b" date 2025-05-07 200\nbody", "stdin.txt"),
    ],
)
def test_standard_input_is_saved_once_under_the_name_its_bytes_suggest(
    tmp_path: Path, data: bytes, name: str
) -> None:
    (spooled,) = spool_stdin(["-"], tmp_path / ".decruft", io.BytesIO(data))
    assert Path(spooled).name == name and Path(spooled).read_bytes() == data


def test_dash_reads_jsonl_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(json.dumps({**ROW, "id": f"s{i}"}) + "\n" for i in range(3))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(rows.encode())))
    assert main(["clean", "-", "-o", str(tmp_path / "out"), "-q"]) == 0
    pages = (tmp_path / "out" / "pages.jsonl").read_text().split("\n")
    assert [json.loads(line)["id"] for line in pages if line] == ["s0", "s1", "s2"]


def test_a_folder_of_html_files_is_read(tmp_path: Path) -> None:
    src = tmp_path / "html"
    src.mkdir()
    for i in range(5):
        (src / f"p{i}.html").write_text(f"<html><body><p>{ROW['text']} {i}</p>" + "<" * i)
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q"]) == 0
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["pages_read"] == 5


def test_page_ids_are_unique_over_a_run_whatever_the_inputs_say(tmp_path: Path) -> None:
    src = tmp_path / "in"
    rows = [{**ROW, "id": "same"} for _ in range(5)] + [{**ROW, "id": "page"}]
    src.mkdir()
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (src / "page.txt").write_text(f" date 2025-05-07 200\n{ROW['text']}\n")
    out = tmp_path / "out"
    args = ["clean", str(src), "-o", str(out), "--format", "txt", "--format", "parquet", "-q"]
    assert main([*args, "--shard-records", "2"]) == 0
    pages = [json.loads(x) for x in (out / "pages.jsonl").read_text().split("\n") if x]
    ids = [p["id"] for p in pages]
    assert ids == ["same", "same~2", "same~3", "same~4", "same~5", "page", "page~2"]
    assert ["renamed-id" in p["flags"] for p in pages] == [False, *[True] * 4, False, True]
    table = pq.read_table(out / "parquet")
    assert sorted(table.column("id").to_pylist()) == sorted(ids)
    assert len(list((out / "txt").glob("*.txt"))) == 7
