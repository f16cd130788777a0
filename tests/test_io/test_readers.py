"""Tests for decruft.io.readers: crawl records, gzip, JSON Lines, directories and globs."""

from __future__ import annotations

import gzip
import hashlib
import inspect
import json
import os
import threading
from pathlib import Path

import pytest

from decruft.io import readers
from decruft.io.readers import read_inputs, streams
from decruft.model import RawRecord, Reject

BINARY_NUL = "binary content (NUL bytes) — not a text record"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_all(*paths: str | Path) -> list[RawRecord | Reject]:
    return list(read_inputs(paths))


def read_one(path: Path) -> RawRecord | Reject:
    items = read_all(path)
    assert len(items) == 1, items
    return items[0]


def record(path: Path) -> RawRecord:
    item = read_one(path)
    assert isinstance(item, RawRecord), item
    return item


def reject(path: Path) -> Reject:
    item = read_one(path)
    assert isinstance(item, Reject), item
    return item


def jsonl_line(**fields: object) -> str:
    return json.dumps(fields) + "\n"


# --- crawl record header -----------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        " date 2025-05-07 403",
        "date 2025-05-07 403",
        " date 2025-05-07 403  \t",
        "date\t2025-05-07\t403",
    ],
)
def test_header_is_parsed_with_or_without_leading_space(tmp_path: Path, header: str) -> None:
    rec = record(write(tmp_path / "seed-menafn.txt", f"{header}\nSorry!!\nError!\n"))
    assert rec.id == "seed-menafn"
    assert rec.source == str(tmp_path / "seed-menafn.txt")
    assert (rec.crawl_date, rec.http_status) == ("2025-05-07", 403)
    assert rec.body == "Sorry!!\nError!\n"
    assert rec.flags == ()


def test_header_without_status(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "a.txt", " date 2019-12-12\nbody"))
    assert (rec.crawl_date, rec.http_status, rec.body, rec.flags) == (
        "2019-12-12",
        None,
        "body",
        (),
    )


@pytest.mark.parametrize(
    "header",
    [
        " date 2025-02-30 200",  # not a calendar date
        " date 2025-05-07 999",  # status out of range
        " date 2025-05-07 099",  # status out of range
        " date 2025-05-07 2000",  # four-digit status
        " date 2025-05-07 200 extra",  # trailing junk
        " date yesterday",
        " date",
        "date 25-05-07 200",
        " date 2025-05-07 ２００",  # non-ASCII digits
    ],
)
def test_malformed_header_is_flagged_and_dropped(tmp_path: Path, header: str) -> None:
    rec = record(write(tmp_path / "a.txt", f"{header}\nline one\nline two"))
    assert rec.body == "line one\nline two"
    assert rec.flags == ("malformed-header",)
    assert (rec.crawl_date, rec.http_status) == (None, None)


@pytest.mark.parametrize(
    "text",
    ["Hello\nworld\n", "dated text\nmore", "update 2025-05-07\nx", "  date 2025-05-07 200\nx"],
)
def test_text_without_header_is_all_body(tmp_path: Path, text: str) -> None:
    rec = record(write(tmp_path / "plain.txt", text))
    assert rec.body == text
    assert (rec.crawl_date, rec.http_status, rec.flags) == (None, None, ())


def test_crlf_line_endings_are_kept_in_body(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "a.txt", b" date 2025-05-07 200\r\nline1\r\nline2\r\n"))
    assert (rec.crawl_date, rec.http_status, rec.flags) == ("2025-05-07", 200, ())
    assert rec.body == "line1\r\nline2\r\n"


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "a.txt", b"\xef\xbb\xbf date 2025-05-07 200\nbody"))
    assert (rec.crawl_date, rec.body) == ("2025-05-07", "body")
    plain = record(write(tmp_path / "b.txt", b"\xef\xbb\xbfHello"))
    assert plain.body == "Hello"


@pytest.mark.parametrize("data", [" date 2025-05-07 200\n", " date 2025-05-07 200"])
def test_header_only_gives_empty_body(tmp_path: Path, data: str) -> None:
    rec = record(write(tmp_path / "a.txt", data))
    assert (rec.body, rec.crawl_date, rec.http_status, rec.flags) == ("", "2025-05-07", 200, ())


def test_body_is_kept_exactly(tmp_path: Path) -> None:
    body = "  indented\n\n\ttabs  \n\x0cform feed\ntrailing   "
    rec = record(write(tmp_path / "a.txt", f" date 2025-05-07 200\n{body}"))
    assert rec.body == body


def test_explicit_file_is_read_whatever_its_extension(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "notes.md", "# Title\ntext"))
    assert (rec.id, rec.body) == ("notes.md", "# Title\ntext")


# --- decoding ----------------------------------------------------------------------------


def test_invalid_utf8_is_replaced_and_flagged(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "a.txt", b" date 2025-05-07 200\ncaf\xe9 \xff ok"))
    assert rec.body == "caf\ufffd \ufffd ok"
    assert rec.flags == ("invalid-utf8",)


def test_invalid_utf8_and_malformed_header_both_flagged(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "a.txt", b" date soon\n\xff"))
    assert rec.flags == ("invalid-utf8", "malformed-header")


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    rej = reject(write(tmp_path / "empty.txt", b""))
    assert (rej.id, rej.source, rej.reason) == ("empty", str(tmp_path / "empty.txt"), "empty file")


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    assert reject(write(tmp_path / "a.txt", b"text\x00more")).reason == BINARY_NUL


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 9)) * 100 + b"some text" * 10
    assert reject(write(tmp_path / "a.txt", data)).reason == (
        "binary content (control characters) — not a text record"
    )


def test_a_few_control_characters_are_fine(tmp_path: Path) -> None:
    data = b"\x1b[1mbold\x1b[0m text with escape codes and a bell \x07\n" * 10
    assert record(write(tmp_path / "a.txt", data)).body == data.decode()


def test_plain_file_over_the_cap_is_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streams, "MAX_RECORD_BYTES", 2 * readers.MIB)
    path = write(tmp_path / "big.txt", b"x" * (2 * readers.MIB + 1))
    assert reject(path).reason == "record exceeds 2 MiB limit"


def test_default_cap_is_256_mib() -> None:
    assert readers.MAX_RECORD_BYTES == 256 * 1024**2


def test_fifty_megabyte_single_line_reads_fine(tmp_path: Path) -> None:
    line = b"x" * 50_000_000
    rec = record(write(tmp_path / "big.txt", b" date 2025-05-07 200\n" + line))
    assert len(rec.body) == len(line)
    assert rec.http_status == 200


def test_million_tiny_lines(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "many.txt", b" date 2025-05-07 200\n" + b"a\n" * 1_000_000))
    assert len(rec.body) == 2_000_000
    assert rec.body.count("\n") == 1_000_000


# --- gzip --------------------------------------------------------------------------------


def test_gzipped_record(tmp_path: Path) -> None:
    data = gzip.compress(b" date 2025-05-07 404\nNot found\n")
    for name, expected_id in [("a.txt.gz", "a"), ("b.gz", "b"), ("C.TXT.GZ", "C")]:
        rec = record(write(tmp_path / name, data))
        assert (rec.id, rec.crawl_date, rec.http_status, rec.body) == (
            expected_id,
            "2025-05-07",
            404,
            "Not found\n",
        )


def test_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    data = gzip.compress(b" date 2025-05-07 200\n" + os.urandom(20_000))
    rej = reject(write(tmp_path / "a.txt.gz", data[: len(data) // 2]))
    assert rej.id == "a"
    assert rej.reason.startswith("truncated or corrupt gzip: ")


def test_gzip_missing_trailer_is_rejected(tmp_path: Path) -> None:
    data = gzip.compress(b" date 2025-05-07 200\nbody")
    assert reject(write(tmp_path / "a.gz", data[:-8])).reason.startswith(
        "truncated or corrupt gzip"
    )


def test_not_gzip_is_rejected(tmp_path: Path) -> None:
    rej = reject(write(tmp_path / "a.txt.gz", b"this is not gzip at all"))
    assert rej.reason.startswith("truncated or corrupt gzip: ")


def test_corrupt_gzip_stream_is_rejected(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(b"hello world, " * 1000))
    data[20:40] = b"\xff" * 20  # damage the deflate stream
    assert reject(write(tmp_path / "a.gz", bytes(data))).reason.startswith(
        "truncated or corrupt gzip"
    )


def test_gzip_over_the_cap_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "MAX_RECORD_BYTES", 1000)
    path = write(tmp_path / "bomb.txt.gz", gzip.compress(b"a" * 100_000))
    assert path.stat().st_size < 1000  # small on disk, large unpacked
    assert reject(path).reason == "record exceeds 1000 bytes limit"


def test_empty_gzip_content_is_rejected(tmp_path: Path) -> None:
    assert reject(write(tmp_path / "a.gz", gzip.compress(b""))).reason == "empty file"


def test_gzipped_binary_is_rejected(tmp_path: Path) -> None:
    assert reject(write(tmp_path / "a.gz", gzip.compress(b"\x00\x01" * 100))).reason == BINARY_NUL


# --- JSON Lines --------------------------------------------------------------------------


def test_jsonl_good_bad_and_missing_text(tmp_path: Path) -> None:
    lines = [
        jsonl_line(id="first", text="Hello", url="https://x.test/a", date="2025-05-07", status=200),
        jsonl_line(text="no id here", status="404"),
        "\n",
        "   \n",
        '{"text": "broken",\n',
        "[1, 2]\n",
        jsonl_line(id=7, title="no text"),
        jsonl_line(id="n", text=None),
        jsonl_line(id="h", html="<p>hi</p>"),
        jsonl_line(id="last", text="Bye"),
    ]
    path = write(tmp_path / "batch.jsonl", "".join(lines))
    items = read_all(path)
    summary = [(type(i).__name__, i.id, i.source) for i in items]
    assert summary == [
        ("RawRecord", "first", f"{path}:1"),
        ("RawRecord", "batch:2", f"{path}:2"),
        ("Reject", "batch:5", f"{path}:5"),
        ("Reject", "batch:6", f"{path}:6"),
        ("Reject", "7", f"{path}:7"),
        ("Reject", "n", f"{path}:8"),
        ("RawRecord", "h", f"{path}:9"),
        ("RawRecord", "last", f"{path}:10"),
    ]
    first, second = items[0], items[1]
    assert isinstance(first, RawRecord) and isinstance(second, RawRecord)
    assert (first.body, first.url, first.crawl_date, first.http_status, first.flags) == (
        "Hello",
        "https://x.test/a",
        "2025-05-07",
        200,
        (),
    )
    assert (second.body, second.http_status) == ("no id here", 404)
    reasons = [i.reason for i in items if isinstance(i, Reject)]
    assert reasons[0].startswith("invalid JSON: ") and "at line 5" in reasons[0]
    assert reasons[1] == "JSON record is not an object (got array)"
    assert reasons[2:4] == [readers.REASON_NO_TEXT] * 2
    assert len(reasons) == 4
    html_record = items[6]
    assert isinstance(html_record, RawRecord)
    assert (html_record.body, html_record.html) == ("", "<p>hi</p>")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "abc"}, (None, None)),
        ({"status": 700}, (None, None)),
        ({"status": True}, (None, None)),
        ({"date": "2025-13-01"}, (None, None)),
        ({"date": 20250507}, (None, None)),
        ({"url": 5}, (None, None)),
        ({"status": " 301 ", "date": "2024-02-29"}, ("2024-02-29", 301)),
    ],
)
def test_jsonl_bad_metadata_is_flagged_not_rejected(
    tmp_path: Path, fields: dict[str, object], expected: tuple[object, object]
) -> None:
    rec = record(write(tmp_path / "a.jsonl", jsonl_line(text="body", **fields)))
    assert rec.body == "body"
    assert (rec.crawl_date, rec.http_status) == expected
    malformed = expected == (None, None)
    assert rec.flags == (("malformed-metadata",) if malformed else ())


def test_jsonl_invalid_utf8_is_replaced_and_flagged(tmp_path: Path) -> None:
    path = write(tmp_path / "a.ndjson", b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    first, second = read_all(path)
    assert isinstance(first, RawRecord) and isinstance(second, RawRecord)
    assert (first.id, first.body, first.flags) == ("a:1", "caf\ufffd", ("invalid-utf8",))
    assert second.flags == ()


def test_jsonl_lone_surrogate_escape_is_replaced(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"text": "x\\ud800y \\u00e9 \\ud83d\\ude00"}\n')
    rec = record(path)
    assert rec.body == "x\ufffdy \u00e9 \U0001f600"
    assert rec.flags == ("invalid-utf8",)
    rec.body.encode("utf-8")  # can be written out


@pytest.mark.parametrize("escape", ["\\ud800", "\\udc00", "x\\ud83d", "\\ude00\\ud83d"])
def test_orjson_refuses_lone_surrogates_so_its_records_need_no_check(escape: str) -> None:
    """The reader skips the lone-surrogate pass for records orjson parsed: it relies on
    orjson refusing them (escaped or UTF-8-encoded), which falls back to the json module."""
    import orjson

    for line in (f'{{"text": "{escape}"}}', f'{{"text": "{escape}"}}'.encode()):
        with pytest.raises(orjson.JSONDecodeError):
            orjson.loads(line)
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(b'{"text": "\xed\xa0\x80"}')  # a surrogate encoded as UTF-8 bytes


def test_jsonl_bom_crlf_and_missing_final_newline(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", b'\xef\xbb\xbf{"text": "a"}\r\n{"text": "b"}')
    assert [(r.id, r.body) for r in read_all(path) if isinstance(r, RawRecord)] == [
        ("a:1", "a"),
        ("a:2", "b"),
    ]


def test_jsonl_deep_nesting_and_huge_numbers_are_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl", "[" * 100_000 + "\n" + '{"text": "x", "n": ' + "9" * 5000 + "}\n"
    )
    items = read_all(path)
    assert [type(i) for i in items] == [Reject, Reject]
    assert all(isinstance(i, Reject) and i.reason.startswith("invalid JSON: ") for i in items)


def test_gzipped_jsonl(tmp_path: Path) -> None:
    data = gzip.compress("".join(jsonl_line(text=f"t{i}") for i in range(3)).encode())
    path = write(tmp_path / "part-0.jsonl.gz", data)
    assert [(r.id, r.body) for r in read_all(path) if isinstance(r, RawRecord)] == [
        ("part-0:1", "t0"),
        ("part-0:2", "t1"),
        ("part-0:3", "t2"),
    ]


def test_truncated_gzip_jsonl_keeps_records_read_so_far(tmp_path: Path) -> None:
    lines = [
        jsonl_line(id=f"r{i}", text=hashlib.sha256(str(i).encode()).hexdigest())
        for i in range(5000)
    ]
    data = gzip.compress("".join(lines).encode())
    path = write(tmp_path / "a.jsonl.gz", data[: len(data) // 2])
    items = read_all(path)
    *records, last = items
    assert len(records) > 100
    assert [r.id for r in records] == [f"r{i}" for i in range(len(records))]
    assert all(isinstance(r, RawRecord) for r in records)
    assert isinstance(last, Reject)
    assert last.reason.startswith("truncated or corrupt gzip: ")
    assert last.source == f"{path}:{len(records) + 1}"


def test_jsonl_line_over_the_cap_is_rejected_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streams, "MAX_RECORD_BYTES", 100)
    monkeypatch.setattr(streams, "READ_CHUNK_BYTES", 7)  # lines span many chunks
    lines = [jsonl_line(text="short"), jsonl_line(text="x" * 500), jsonl_line(text="after")]
    items = read_all(write(tmp_path / "a.jsonl", "".join(lines)))
    assert [type(i) for i in items] == [RawRecord, Reject, RawRecord]
    assert isinstance(items[1], Reject)
    assert (items[1].id, items[1].reason) == ("a:2", "record exceeds 100 bytes limit")
    assert [i.body for i in items if isinstance(i, RawRecord)] == ["short", "after"]


def test_jsonl_small_chunks_give_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "".join(jsonl_line(text=f"line {i} é" * (i % 7)) for i in range(200)) + '{"text": "end"}'
    path = write(tmp_path / "a.jsonl", text)
    expected = read_all(path)
    monkeypatch.setattr(streams, "READ_CHUNK_BYTES", 3)
    assert read_all(path) == expected
    assert len(expected) == 201  # every 7th text is empty; the last line has no newline


def test_fifty_megabyte_jsonl_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl_line(text="x" * 50_000_000) + jsonl_line(text="y"))
    first, second = read_all(path)
    assert isinstance(first, RawRecord) and isinstance(second, RawRecord)
    assert (len(first.body), second.body) == (50_000_000, "y")


def test_many_jsonl_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", b"".join(b'{"text": "t%d"}\n' % i for i in range(100_000)))
    items = list(read_inputs([path]))
    assert len(items) == 100_000
    assert {type(item) for item in items} == {RawRecord}


def test_binary_jsonl_is_one_reject(tmp_path: Path) -> None:
    rej = reject(write(tmp_path / "a.jsonl", b'{"text": "a"}\n' + b"\x00" * 10_000 + b"\n" * 100))
    assert rej.reason == "binary content (NUL bytes) — not a JSON Lines file"


def test_empty_jsonl_has_no_records(tmp_path: Path) -> None:
    assert read_all(write(tmp_path / "a.jsonl", b"")) == []


def test_read_inputs_is_lazy(tmp_path: Path) -> None:
    items = read_inputs([tmp_path / "missing.txt"])
    assert inspect.isgenerator(items)
    assert isinstance(next(items), Reject)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_jsonl_streams_first_record_before_the_file_ends(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    release = threading.Event()
    timed_out: list[bool] = []

    def feed() -> None:
        with open(fifo, "wb") as out:
            out.write(jsonl_line(text="first").encode())
            out.flush()
            timed_out.append(not release.wait(timeout=10))
            out.write(jsonl_line(text="second").encode())

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    items = read_inputs([fifo])
    first = next(items)  # must come while the writer still holds the rest back
    release.set()
    rest = list(items)
    feeder.join(timeout=10)
    assert timed_out == [False], "the reader waited for the whole file"
    assert isinstance(first, RawRecord) and first.body == "first"
    assert [r.body for r in rest if isinstance(r, RawRecord)] == ["second"]


# --- paths: directories, globs, missing --------------------------------------------------


def make_tree(root: Path) -> None:
    write(root / "a.txt", " date 2025-05-07 200\na")
    write(root / "a.truth.txt", "truth")
    write(root / "a.meta.json", "{}")
    write(root / "manifest.jsonl", jsonl_line(id="a", text="manifest"))
    write(root / ".hidden.txt", "hidden")
    write(root / ".git" / "b.txt", "in hidden dir")
    write(root / "page.html.gz", gzip.compress(b"<html></html>"))
    write(root / "notes.md", "not a record extension")
    write(root / "sub" / "b.txt.gz", gzip.compress(b"b"))
    write(root / "sub" / "c.truth.txt", "truth")
    write(root / "d.gz", gzip.compress(b"d"))
    write(root / "e.jsonl", jsonl_line(id="e1", text="e") + jsonl_line(id="e2", text="e"))
    write(root / "f.ndjson", jsonl_line(id="f1", text="f"))


def test_directory_walk_takes_records_only_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    items = read_all(tmp_path)
    assert all(isinstance(i, RawRecord) for i in items)
    # page.html.gz has no text record beside it: it is read; a.html would not be (a.txt is)
    assert [i.id for i in items] == ["a", "d", "e1", "e2", "f1", "page", "b"]
    assert items[-1].source == str(tmp_path / "sub" / "b.txt.gz")


def test_walk_reads_html_files_unless_their_text_record_sits_beside_them(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "a text record")
    write(tmp_path / "a.html.gz", gzip.compress(b"<p>the same page as HTML</p>"))
    write(tmp_path / "B.HTM", "<p>only HTML</p>")
    write(tmp_path / "c.xhtml", "<<<not really html")
    write(tmp_path / ".d.html", "<p>hidden</p>")
    items = read_all(tmp_path)
    assert [(i.id, Path(i.source).name) for i in items] == [
        ("B", "B.HTM"),
        ("a", "a.txt"),
        ("c", "c.xhtml"),
    ]


def test_directory_walk_is_deterministic(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert read_all(tmp_path) == read_all(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_directory_walk_skips_pipes(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "a.txt", "a")
    assert [i.id for i in read_all(tmp_path)] == ["a"]


def test_explicit_html_is_read(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "page.html.gz", gzip.compress(b"<html></html>")))
    assert (rec.id, rec.body, rec.html) == ("page", "", "<html></html>")


def test_explicit_benchmark_file_is_read(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert [i.id for i in read_all(tmp_path / "a.truth.txt")] == ["a.truth"]


def test_glob(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert [i.id for i in read_all(str(tmp_path / "*.txt"))] == ["a"]
    assert [i.id for i in read_all(str(tmp_path / "**" / "*.gz"))] == ["d", "b"]
    assert [i.id for i in read_all(str(tmp_path / "su*"))] == ["b"]


def test_paths_are_read_in_the_order_given(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.txt", "b")
    assert [i.id for i in read_all(tmp_path / "b.txt", tmp_path / "a.txt")] == ["b", "a"]


@pytest.mark.parametrize("name", ["missing.txt", "nothing-*.txt", "no/such/dir"])
def test_missing_path_is_rejected(tmp_path: Path, name: str) -> None:
    path = str(tmp_path / name)
    assert read_all(path) == [Reject(path, path, "no such file or directory")]


def test_empty_path_is_rejected() -> None:
    assert read_all("") == [Reject("", "", "no such file or directory")]


def test_broken_symlink_is_rejected(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    rej = reject(link)
    assert rej.reason == "cannot read file: No such file or directory"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "x")
    path.chmod(0)
    try:
        assert reject(path).reason == "cannot read file: Permission denied"
    finally:
        path.chmod(0o644)


def test_bad_inputs_never_stop_the_run(tmp_path: Path) -> None:
    write(tmp_path / "1.txt", b"")
    write(tmp_path / "2.txt", b"\x00")
    write(tmp_path / "3.gz", b"junk")
    write(tmp_path / "4.jsonl", "nope\n")
    write(tmp_path / "5.txt", "fine")
    items = read_all(tmp_path, tmp_path / "missing")
    assert [type(i).__name__ for i in items] == ["Reject"] * 4 + ["RawRecord", "Reject"]


# --- floods of blank lines ---------------------------------------------------------------


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("gzipped", [False, True])
def test_blank_line_runs_keep_line_numbers_whatever_the_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, gzipped: bool
) -> None:
    monkeypatch.setattr(streams, "READ_CHUNK_BYTES", chunk)
    lines = ["", "  ", '{"text": "a"}', "", "\t \r", "", '  {"text": "b"}', "x", "", ""]
    lines += ["\n" * 50 + '{"text": "c"}', " " * 40, '{"text": "d"}']
    data = "\n".join(lines).encode()
    path = write(tmp_path / ("x.jsonl.gz" if gzipped else "x.jsonl"), data)
    if gzipped:
        path.write_bytes(gzip.compress(data))
    wanted = [n for n, line in enumerate(data.split(b"\n"), 1) if line.strip()]
    got = read_all(path)
    assert [int(r.source.rsplit(":", 1)[1]) for r in got] == wanted
    assert [r.body for r in got if isinstance(r, RawRecord)] == ["a", "b", "c", "d"]


def test_a_flood_of_newlines_is_counted_not_stepped_through(tmp_path: Path) -> None:
    path = tmp_path / "flood.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        for _ in range(8):
            fh.write(b"\n" * (16 << 20))  # 128 MiB: a count per chunk, not a step per line
        fh.write(b'{"id": "last", "text": "the one record"}\n')
    (record,) = read_all(path)
    assert record.id == "last" and record.source.endswith(f":{8 * (16 << 20) + 1}")


def test_ids_are_unique_across_files_of_one_run(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "a text record")
    write(tmp_path / "in" / "sub" / "a.txt", "another a")
    write(tmp_path / "A.html", "<p>the same name as HTML</p>")
    warc = tmp_path / "example.warc"
    ids = [r.id for r in read_all(tmp_path / "in", tmp_path / "A.html", tmp_path / "in/a.txt")]
    assert ids == ["a", "a~2", "A~3", "a~4"]
    assert len(set(ids)) == len(ids)
    assert readers.unique_stems([warc, tmp_path / "example.warc.gz"]) == ["example", "example~2"]
