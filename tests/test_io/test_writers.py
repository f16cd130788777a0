"""Tests for decruft.io.writers: pages.jsonl, rejects.jsonl and the txt-per-page output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decruft.io.writers import (
    MAX_NAME_BYTES,
    OutputWriter,
    page_line,
    page_line_bytes,
    safe_file_name,
)
from decruft.model import Block, Meta, Page, Reject, Removal, Verdict, VerdictKind


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
    with OutputWriter(out) as writer:
        writer.write_page(page)
        writer.write_page(make_page("seed-menafn"))
        writer.write_reject(Reject("x", "x.gz", "truncated or corrupt gzip: ended early"))
        writer.write_reject(Reject("y", "y.gz", "truncated or corrupt gzip: CRC check failed"))
        writer.write_reject(Reject("z", "z.txt", "empty file"))
    assert writer.pages_written == 2
    assert writer.rejected == {"truncated or corrupt gzip": 2, "empty file": 1}
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


def test_rejects_file_exists_without_rejects(tmp_path: Path) -> None:
    with OutputWriter(tmp_path) as writer:
        writer.write_page(make_page())
    assert (tmp_path / "rejects.jsonl").read_text() == ""
    assert writer.rejected == {}


def test_txt_format(tmp_path: Path) -> None:
    with OutputWriter(tmp_path, formats=("jsonl", "txt")) as writer:
        writer.write_page(make_page("seed-menafn"))
        writer.write_page(make_page("empty-one", lines=("only junk",), removed=(0,)))
    assert (tmp_path / "txt" / "seed-menafn.txt").read_bytes() == (
        "Élan vital — the article\n".encode()
    )
    meta = json.loads((tmp_path / "txt" / "seed-menafn.meta.json").read_text(encoding="utf-8"))
    assert meta == {"title": "Élan vital", "author": "A. Writer", "date": "2025-05-07"}
    assert (tmp_path / "txt" / "empty-one.txt").read_bytes() == b""
    assert len(read_jsonl(tmp_path / "pages.jsonl")) == 2


def test_txt_keeps_lines_in_order(tmp_path: Path) -> None:
    page = make_page(lines=("one", "two", "three", "four"), removed=(1,))
    with OutputWriter(tmp_path, formats=["txt"]) as writer:
        writer.write_page(page)
    assert (tmp_path / "txt" / f"{page.id}.txt").read_text() == "one\nthree\nfour\n"
    assert (tmp_path / "pages.jsonl").exists()  # always written


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
    with OutputWriter(tmp_path, formats=("txt",)) as writer:
        for page_id in ids:
            writer.write_page(make_page(page_id))
    names = sorted(p.name for p in (tmp_path / "txt").iterdir() if p.suffix == ".txt")
    assert names == ["A_B-3.txt", "___escape.txt", "_hidden.txt", "a_b-2.txt", "a_b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.jsonl", "rejects.jsonl", "txt"]
    ids_written = [p["id"] for p in read_jsonl(tmp_path / "pages.jsonl")]
    assert ids_written == ids  # the record keeps the real id


def test_append_mode_adds_to_existing_output(tmp_path: Path) -> None:
    with OutputWriter(tmp_path) as writer:
        writer.write_page(make_page("one"))
    with OutputWriter(tmp_path, append=True) as writer:
        writer.write_page(make_page("two"))
    assert [p["id"] for p in read_jsonl(tmp_path / "pages.jsonl")] == ["one", "two"]
    with OutputWriter(tmp_path) as writer:
        writer.write_page(make_page("three"))
    assert [p["id"] for p in read_jsonl(tmp_path / "pages.jsonl")] == ["three"]


def test_close_flushes_and_is_idempotent(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    writer.write_page(make_page())
    writer.close()
    writer.close()
    assert len(read_jsonl(tmp_path / "pages.jsonl")) == 1
    with pytest.raises(ValueError):
        writer.write_page(make_page())


def test_unknown_format_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="parquet"):
        OutputWriter(tmp_path, formats=("jsonl", "parquet"))


@pytest.mark.parametrize("page_id", ["sh-04a6711caa7c6875", "emoji-😀", 'quote-"\\-\u2028'])
def test_page_line_bytes_are_the_encoded_line(page_id: str) -> None:
    page = make_page(page_id, lines=("Menü", 'Say "hi"\tthen 😀', "Share this"), removed=(2,))
    assert page_line_bytes(page) == page_line(page).encode("utf-8")
