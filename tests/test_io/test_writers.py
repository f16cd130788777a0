"""Tests for the writers of an output folder: pages.jsonl and rejects.jsonl (the run's
``PartWriter``, with ``decruft.io.writers``'s lines) and the txt-per-page output
(``TxtWriter``)."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest

from decruft.io.writers import (
    MAX_NAME_BYTES,
    TxtWriter,
    page_line,
    page_line_bytes,
    reason_key,
    safe_file_name,
)
from decruft.model import Block, Meta, Page, Reject, Removal, Verdict, VerdictKind
from decruft.run.worker import PartWriter


def make_page(
    page_id: str = "sh-04a6711caa7c6875",
    lines: tuple[str, ...] = ("Menü", "Élan vital — the article", "Share this"),
    removed: tuple[int, ...] = (0, 2),
) -> Page:
    body = "\n".join(lines)
    blocks, start = [], 0
    for index, line in enumerate(lines):
        blocks.append(Block(index=index, text=line, start=start, end=start + len(line)))
        start += len(line) + 1
    removals = tuple(
        Removal(blocks[i].start, blocks[i].end, "repeat", f"repeat of block {i}", i)
        for i in removed
    )
    return Page(
        id=page_id,
        source=f"bench/{page_id}.txt",
        body=body,
        blocks=tuple(blocks),
        removals=removals,
        meta=Meta(title="Élan vital", author="A. Writer", date="2025-05-07", language="en"),
        verdict=Verdict(VerdictKind.ARTICLE, ("long prose run",)),
        crawl_date="2025-05-07",
        http_status=200,
    )


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_pages_and_rejects_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out" / "nested"
    page = make_page()
    with closing(PartWriter(out)) as writer:
        writer.write_page(page)
        writer.write_page(make_page("seed-menafn"))
        writer.write_reject(Reject("x", "x.gz", "truncated or corrupt gzip: ended early"))
        writer.write_reject(Reject("y", "y.gz", "truncated or corrupt gzip: CRC check failed"))
        writer.write_reject(Reject("z", "z.txt", "empty file"))
    assert writer.pages_bytes == (out / "pages.jsonl").stat().st_size
    assert writer.rejects_bytes == (out / "rejects.jsonl").stat().st_size
    pages = read_jsonl(out / "pages.jsonl")
    assert pages == [page.to_dict(), make_page("seed-menafn").to_dict()]
    assert pages[0]["text"] == "Élan vital — the article"
    raw = (out / "pages.jsonl").read_bytes()
    assert "Élan".encode() in raw  # not \u-escaped
    assert b"\r" not in raw and raw.endswith(b"\n")
    assert read_jsonl(out / "rejects.jsonl") == [
        {"id": "x", "source": "x.gz", "reason": "truncated or corrupt gzip: ended early"},
        {"id": "y", "source": "y.gz", "reason": "truncated or corrupt gzip: CRC check failed"},
        {"id": "z", "source": "z.txt", "reason": "empty file"},
    ]
    assert not (out / "txt").exists()
    keys = [reason_key(r["reason"]) for r in read_jsonl(out / "rejects.jsonl")]
    assert keys == ["truncated or corrupt gzip", "truncated or corrupt gzip", "empty file"]


def test_rejects_file_exists_without_rejects(tmp_path: Path) -> None:
    with closing(PartWriter(tmp_path)) as writer:
        writer.write_page(make_page())
    assert (tmp_path / "rejects.jsonl").read_text() == ""
    assert writer.rejects_bytes == 0


def test_txt_format(tmp_path: Path) -> None:
    txt = TxtWriter(tmp_path / "txt")
    assert txt.write_page(make_page("seed-menafn").to_dict()) == "seed-menafn"
    txt.write_page(make_page("empty-one", lines=("only junk",), removed=(0,)).to_dict())
    assert (tmp_path / "txt" / "seed-menafn.txt").read_bytes() == (
        "Élan vital — the article\n".encode()
    )
    meta = json.loads((tmp_path / "txt" / "seed-menafn.meta.json").read_text(encoding="utf-8"))
    assert meta == {"title": "Élan vital", "author": "A. Writer", "date": "2025-05-07"}
    assert (tmp_path / "txt" / "empty-one.txt").read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["txt"]


def test_txt_from_a_line_read_back_is_the_same(tmp_path: Path) -> None:
    """The merger writes txt files from pages.jsonl lines; the training scripts from pages."""
    page = make_page("line\u2028sep", lines=("Menü", 'Say "hi"\tthen 😀', "x"), removed=(2,))
    TxtWriter(tmp_path / "a").write_page(page.to_dict())
    TxtWriter(tmp_path / "b").write_page(json.loads(page_line(page)))
    for name in ("line_sep.txt", "line_sep.meta.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_txt_keeps_lines_in_order(tmp_path: Path) -> None:
    page = make_page(lines=("one", "two", "three", "four"), removed=(1,))
    TxtWriter(tmp_path / "txt").write_page(page.to_dict())
    assert (tmp_path / "txt" / f"{page.id}.txt").read_text() == "one\nthree\nfour\n"


@pytest.mark.parametrize(
    ("page_id", "expected"),
    [
        ("sh-04a6711caa7c6875", "sh-04a6711caa7c6875"),
        ("seed-menafn", "seed-menafn"),
        ("batch:12", "batch:12"),
        ("café.page", "café.page"),
        ("a/b", "a_b"),
        ("../../etc/passwd", "___.._etc_passwd"),
        ("a\\b", "a_b"),
        ("nul\x00id", "nul_id"),
        (".hidden", "_hidden"),
        ("..", "__"),
        ("line\nbreak", "line_break"),
        ("", "_"),
    ],
)
def test_safe_file_name(page_id: str, expected: str) -> None:
    assert safe_file_name(page_id) == expected


def test_long_ids_are_cut_and_stay_distinct() -> None:
    a, b = safe_file_name("é" * 300 + "a"), safe_file_name("é" * 300 + "b")
    assert a != b
    assert len(a.encode()) <= MAX_NAME_BYTES and len(b.encode()) <= MAX_NAME_BYTES


def test_unsafe_and_colliding_ids_get_distinct_files(tmp_path: Path) -> None:
    ids = ["a/b", "a_b", "A_B", "../escape", ".hidden"]
    txt = TxtWriter(tmp_path / "txt")
    taken = [txt.write_page(make_page(page_id).to_dict()) for page_id in ids]
    names = sorted(p.name for p in (tmp_path / "txt").iterdir() if p.suffix == ".txt")
    assert names == ["A_B-3.txt", "___escape.txt", "_hidden.txt", "a_b-2.txt", "a_b.txt"]
    assert taken == ["a_b", "a_b-2", "a_b-3", "___escape", "_hidden"]  # casefolded


def test_txt_names_taken_before_are_not_reused(tmp_path: Path) -> None:
    """A resumed run's merger passes the names its earlier pages took."""
    txt = TxtWriter(tmp_path / "txt", used_names=["one", "one-2"])
    assert txt.write_page(make_page("ONE").to_dict()) == "one-3"
    assert (tmp_path / "txt" / "ONE-3.txt").exists()


def test_writing_at_a_size_drops_what_came_after(tmp_path: Path) -> None:
    """A shard resumed from its checkpoint continues after the checkpointed bytes."""
    with closing(PartWriter(tmp_path)) as writer:
        writer.write_page(make_page("one"))
    with closing(PartWriter(tmp_path, writer.pages_bytes, writer.rejects_bytes)) as writer:
        writer.write_page(make_page("two"))
    assert [p["id"] for p in read_jsonl(tmp_path / "pages.jsonl")] == ["one", "two"]
    with closing(PartWriter(tmp_path)) as writer:
        writer.write_page(make_page("three"))
    assert [p["id"] for p in read_jsonl(tmp_path / "pages.jsonl")] == ["three"]


def test_close_flushes_and_is_idempotent(tmp_path: Path) -> None:
    writer = PartWriter(tmp_path)
    writer.write_page(make_page())
    writer.close()
    writer.close()
    assert len(read_jsonl(tmp_path / "pages.jsonl")) == 1
    with pytest.raises(ValueError):
        writer.write_page(make_page())


@pytest.mark.parametrize("page_id", ["sh-04a6711caa7c6875", "emoji-😀", 'quote-"\\-\u2028'])
def test_page_line_bytes_are_the_encoded_line(page_id: str) -> None:
    page = make_page(page_id, lines=("Menü", 'Say "hi"\tthen 😀', "Share this"), removed=(2,))
    assert page_line_bytes(page) == page_line(page).encode("utf-8")
