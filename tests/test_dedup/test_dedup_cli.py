"""`decruft dedup` on pages.jsonl files: fields added, reports written, bad lines rejected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from corpus_builders import article, edit_words

from decruft.cli import main


def _write(path: Path, objs: list[object], extra: bytes = b"") -> Path:
    path.write_bytes(b"".join(json.dumps(o).encode() + b"\n" for o in objs) + extra)
    return path


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().split("\n") if line]


def test_dedup_cli_adds_cluster_fields_and_rejects_bad_lines(tmp_path: Path) -> None:
    base = article(7, words=500)
    pages = _write(
        tmp_path / "pages.jsonl",
        [
            {"id": "a", "text": base, "date": "2025-01-02", "title": "kept as is"},
            {"id": "b", "text": edit_words(base, 3, seed=2), "date": "2025-01-01"},
            {"id": "c", "text": article(8)},
            {"id": "a", "text": "same id again"},
            {"id": "d"},
            {"id": "e", "text": "x", "date": 20250101},
            [1, 2],
        ],
        extra=b"{not json\n" + b'{"id": "f", "text": "\xff"}\n',
    )
    out = tmp_path / "out"
    assert main(["dedup", str(pages), "-o", str(out), "-q"]) == 0
    got = {p["id"]: p for p in _read(out / "pages.jsonl")}
    assert sorted(got) == ["a", "b", "c"]
    assert got["a"]["title"] == "kept as is" and got["a"]["text"] == base
    assert got["b"]["is_canonical"] and got["b"]["cluster_id"] == "b"
    assert got["a"]["duplicate_of"] == "b" and not got["a"]["is_canonical"]
    assert str(got["a"]["dedup_reason"]).endswith("canonical is earliest date 2025-01-01")
    assert got["c"]["cluster_size"] == 1 and got["c"]["duplicate_of"] is None
    clusters = _read(out / "clusters.jsonl")
    assert [(c["canonical"], c["members"]) for c in clusters] == [("b", ["a", "b"])]
    reasons = [str(r["reason"]) for r in _read(out / "rejects.jsonl")]
    assert len(reasons) == 6
    for words in (
        "occurs twice",
        "'text'",
        "'date' must be",
        "JSON object",
        "invalid JSON",
        "invalid UTF-8",
    ):
        assert any(words in r for r in reasons), words
    summary = json.loads((out / "dedup.json").read_text())
    assert summary["pages"] == 3 and summary["duplicates"] == 1 and summary["rejected"] == 6


def test_dedup_cli_index_points_new_pages_at_earlier_ids(tmp_path: Path) -> None:
    base = article(9, words=500)
    first = _write(tmp_path / "1.jsonl", [{"id": "old", "text": base, "date": "2025-01-01"}])
    second = _write(
        tmp_path / "2.jsonl",
        [{"id": "new", "text": edit_words(base, 2, seed=1), "date": "2025-02-01"}],
    )
    index = tmp_path / "index"
    assert main(["dedup", str(first), "-o", str(tmp_path / "o1"), "--index", str(index), "-q"]) == 0
    assert (
        main(["dedup", str(second), "-o", str(tmp_path / "o2"), "--index", str(index), "-q"]) == 0
    )
    (new,) = _read(tmp_path / "o2" / "pages.jsonl")
    assert new["duplicate_of"] == "old" and new["cluster_id"] == "old"
    summary = json.loads((tmp_path / "o2" / "dedup.json").read_text())
    assert summary["index"]["pages"] == 2 and summary["index"]["batch"] == "b00001"
    # the same files again (a rerun, or a run killed after the index took its batch):
    # the batch is replayed, the outputs are the same and the index does not grow
    index_json = (index / "index.json").read_bytes()
    assert (
        main(["dedup", str(second), "-o", str(tmp_path / "o3"), "--index", str(index), "-q"]) == 0
    )
    for name in ("pages.jsonl", "clusters.jsonl", "rejects.jsonl"):
        assert (tmp_path / "o3" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes()
    assert (index / "index.json").read_bytes() == index_json
    # another file holding an indexed id: that page is rejected, not added twice
    third = _write(tmp_path / "3.jsonl", [{"id": "new", "text": "other words here"}])
    assert main(["dedup", str(third), "-o", str(tmp_path / "o4"), "--index", str(index), "-q"]) == 0
    (rej,) = _read(tmp_path / "o4" / "rejects.jsonl")
    assert "already in the index" in str(rej["reason"])


def test_dedup_killed_after_the_index_took_its_batch_reruns_to_the_same_outputs(
    tmp_path: Path,
) -> None:
    base = article(9, words=500)
    rows = [{"id": f"p\u2028{k}", "text": edit_words(base, k, seed=k)} for k in range(4)]
    pages = _write(tmp_path / "pages.jsonl", rows)
    index = tmp_path / "index"
    args = ["dedup", str(pages), "--index", str(index), "-q"]
    assert main([*args, "-o", str(tmp_path / "whole")]) == 0
    # a kill right after the append: index complete, outputs of the run not yet written
    shutil.rmtree(tmp_path / "whole")
    assert main([*args, "-o", str(tmp_path / "again")]) == 0
    assert len(_read(tmp_path / "again" / "pages.jsonl")) == 4
    assert _read(tmp_path / "again" / "rejects.jsonl") == []
    assert json.loads((index / "index.json").read_text())["pages"] == 4


def test_dedup_cli_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    pages = _write(tmp_path / "pages.jsonl", [{"id": "a", "text": "one two three"}])
    assert main(["dedup", str(pages), "-o", str(tmp_path), "-q"]) == 2
    assert _read(pages) == [{"id": "a", "text": "one two three"}]


def test_dedup_cli_same_file_twice_rejects_the_second_copies(tmp_path: Path) -> None:
    pages = _write(tmp_path / "p.jsonl", [{"id": "a", "text": article(1)}, {"id": "b", "text": ""}])
    out = tmp_path / "out"
    assert main(["dedup", str(pages), str(pages), "-o", str(out), "-q"]) == 0
    assert [p["id"] for p in _read(out / "pages.jsonl")] == ["a", "b"]
    assert len(_read(out / "rejects.jsonl")) == 2


def test_dedup_cli_output_does_not_depend_on_line_order_or_workers(tmp_path: Path) -> None:
    objs: list[object] = []
    for k in range(6):
        base = article(50 + k, words=300)
        objs.append({"id": f"p{k}", "text": base, "date": f"2025-03-0{k + 1}"})
        objs.append({"id": f"p{k}-ed", "text": edit_words(base, 2, seed=k), "date": "2025-02-01"})
    runs = []
    for name, order, workers in (("fwd", objs, "1"), ("rev", objs[::-1], "3")):
        src = _write(tmp_path / f"{name}.jsonl", order)
        out = tmp_path / name
        assert main(["dedup", str(src), "-o", str(out), "--workers", workers, "-q"]) == 0
        runs.append(sorted(_read(out / "pages.jsonl"), key=lambda p: str(p["id"])))
        runs.append(_read(out / "clusters.jsonl"))
    assert runs[0] == runs[2] and runs[1] == runs[3]
    assert len(runs[1]) == 6
