"""Tests for reading HTML files, JSONL html fields and WARC files with decruft.io.readers."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest
from warc_builders import html_http, response, warc_file, warc_record

from decruft.io.readers import (
    FLAG_INVALID_ENCODING,
    FLAG_INVALID_UTF8,
    FLAG_MALFORMED_METADATA,
    FLAG_UNKNOWN_CHARSET,
    REASON_NO_TEXT,
    decode_html,
    read_inputs,
    streams,
)
from decruft.io.warc import FLAG_BAD_CONTENT_ENCODING, FLAG_TRUNCATED_PAYLOAD
from decruft.model import RawRecord, Reject

Item = RawRecord | Reject


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_all(*paths: str | Path) -> list[Item]:
    return list(read_inputs(paths))


def record(path: Path) -> RawRecord:
    items = read_all(path)
    assert len(items) == 1 and isinstance(items[0], RawRecord), items
    return items[0]


def reject(path: Path) -> Reject:
    items = read_all(path)
    assert len(items) == 1 and isinstance(items[0], Reject), items
    return items[0]


# --- HTML files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected_id"),
    [
        ("story.html", "story"),
        ("story.htm", "story"),
        ("story.HTML.gz", "story"),
        ("story.htm.gz", "story"),
        ("story.xhtml", "story"),
    ],
)
def test_html_file_becomes_one_record(tmp_path: Path, name: str, expected_id: str) -> None:
    page = "<html><body><p>Héllo</p></body></html>"
    data = page.encode("utf-8")
    path = write(tmp_path / name, gzip.compress(data) if name.endswith(".gz") else data)
    rec = record(path)
    assert (rec.id, rec.source, rec.body, rec.html, rec.flags) == (
        expected_id,
        str(path),
        "",
        page,
        (),
    )
    assert (rec.url, rec.crawl_date, rec.http_status, rec.content_type) == (None,) * 4


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_byte_order_mark_decides(tmp_path: Path, bom: bytes, codec: str) -> None:
    page = '<meta charset="iso-8859-1"><p>café</p>'
    rec = record(write(tmp_path / "bom.html", bom + page.encode(codec)))
    assert (rec.html, rec.flags) == (page, ())


def test_meta_charset_is_used_for_non_utf8_pages(tmp_path: Path) -> None:
    cyrillic = '<meta charset="windows-1251"><p>Привет, мир</p>'
    rec = record(write(tmp_path / "ru.html", cyrillic.encode("cp1251")))
    assert (rec.html, rec.flags) == (cyrillic, ())
    latin = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>é€</p>'
    rec = record(write(tmp_path / "fr.html", latin.encode("cp1252")))
    assert (rec.html, rec.flags) == (latin, ())  # Latin-1 is read as windows-1252, as browsers do


def test_valid_utf8_wins_over_a_wrong_declaration(tmp_path: Path) -> None:
    page = '<meta charset="iso-8859-1"><p>Zürich</p>'
    assert record(write(tmp_path / "p.html", page.encode("utf-8"))).html == page


def test_invalid_utf8_is_replaced_and_flagged(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "bad.html", b"<p>ok \xff\xfe? \xc3</p>"))
    assert rec.html == "<p>ok \ufffd\ufffd? \ufffd</p>"
    assert rec.flags == (FLAG_INVALID_UTF8,)


def test_unknown_charset_is_flagged(tmp_path: Path) -> None:
    rec = record(write(tmp_path / "odd.html", b'<meta charset="klingon-8"><p>\xe9</p>'))
    assert rec.html == '<meta charset="klingon-8"><p>\ufffd</p>'
    assert rec.flags == (FLAG_UNKNOWN_CHARSET, FLAG_INVALID_UTF8)


def test_bytes_invalid_in_the_declared_charset_are_flagged() -> None:
    html, flags = decode_html("<p>日本".encode("cp932") + b"\x82 </p>", "shift_jis")
    assert (html, flags) == ("<p>日本\ufffd </p>", (FLAG_INVALID_ENCODING,))


def test_http_charset_comes_before_meta() -> None:
    data = '<meta charset="utf-8"><p>Grüße</p>'.encode("cp1252")
    assert decode_html(data, "windows-1252") == ('<meta charset="utf-8"><p>Grüße</p>', ())


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"<p>\x00\x01\x00\x02</p>", "binary content (NUL bytes) — not an HTML page"),
    ],
)
def test_unusable_html_files_are_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    rej = reject(write(tmp_path / "x.html", data))
    assert (rej.id, rej.reason) == ("x", reason)


def test_truncated_gzip_html_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    broken = write(tmp_path / "a.html.gz", gzip.compress(b"<p>" + b"x" * 5000)[:-30])
    good = write(tmp_path / "b.html", "<p>fine</p>")
    first, second = read_all(broken, good)
    assert isinstance(first, Reject) and first.reason.startswith("truncated or corrupt gzip")
    assert isinstance(second, RawRecord) and second.html == "<p>fine</p>"


def test_html_over_the_cap_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "MAX_RECORD_BYTES", 100)
    rej = reject(write(tmp_path / "big.html.gz", gzip.compress(b"<p>" + b"x" * 200)))
    assert rej.reason == "record exceeds 100 bytes limit"


def test_directory_walk_takes_warc_but_not_html(tmp_path: Path) -> None:
    write(tmp_path / "page.txt", "page text")
    write(tmp_path / "page.html.gz", gzip.compress(b"<p>page text</p>"))
    write(tmp_path / "crawl.warc.gz", warc_file([response(html_http(b"<p>w</p>"))]))
    write(tmp_path / "old.arc", b"not read")
    assert [i.id for i in read_all(tmp_path)] == ["crawl-0", "page"]


def test_a_glob_naming_html_takes_html_and_a_bare_one_does_not(tmp_path: Path) -> None:
    write(tmp_path / "page.txt", "page text")
    write(tmp_path / "page.html.gz", gzip.compress(b"<p>page text</p>"))
    write(tmp_path / "other.HTML", b"<p>other</p>")
    html = [i for i in read_all(str(tmp_path / "*.html.gz")) if isinstance(i, RawRecord)]
    assert [(r.id, r.html) for r in html] == [("page", "<p>page text</p>")]
    assert [i.id for i in read_all(str(tmp_path / "*.HTML"))] == ["other"]
    # a pattern that does not name HTML lists the folder as a walk would: no page twice
    assert [i.id for i in read_all(str(tmp_path / "*"))] == ["page"]


def test_arc_files_are_rejected(tmp_path: Path) -> None:
    rej = reject(write(tmp_path / "old.arc.gz", gzip.compress(b"filedesc://")))
    assert (rej.id, rej.reason) == ("old", "ARC files are not supported (only WARC)")


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_html_field(tmp_path: Path) -> None:
    lines = [
        {"id": "h", "html": "<p>only html</p>", "url": "https://x.test/h", "status": 200},
        {"id": "both", "text": "plain", "html": "<p>rich</p>", "date": "2024-05-07"},
        {"id": "odd", "text": "text", "html": 5},
        {"id": "nul", "html": None, "text": "t"},
        {"id": "none", "html": None},
    ]
    body = "".join(json.dumps(line) + "\n" for line in lines) + '{"id": "s", "html": "\\ud800"}\n'
    items = read_all(write(tmp_path / "b.jsonl", body))
    h, both, odd, nul, none, surrogate = items
    assert isinstance(h, RawRecord)
    assert (h.body, h.html, h.url, h.http_status, h.flags) == (
        "",
        "<p>only html</p>",
        "https://x.test/h",
        200,
        (),
    )
    assert isinstance(both, RawRecord)
    assert (both.body, both.html, both.crawl_date) == ("plain", "<p>rich</p>", "2024-05-07")
    assert isinstance(odd, RawRecord)
    assert (odd.body, odd.html, odd.flags) == ("text", None, (FLAG_MALFORMED_METADATA,))
    assert isinstance(nul, RawRecord) and (nul.html, nul.flags) == (None, ())
    assert isinstance(none, Reject) and none.reason == REASON_NO_TEXT
    assert isinstance(surrogate, RawRecord)
    assert (surrogate.html, surrogate.flags) == ("\ufffd", (FLAG_INVALID_UTF8,))


# --- WARC ----------------------------------------------------------------------------------


def chunked(data: bytes, size: int = 7) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size])
        for i in range(0, len(data), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def sample_records() -> list[bytes]:
    """A request, then three responses: HTML, gzipped+chunked HTML (cp1252), a PNG."""
    zipped = gzip.compress("<title>Zip</title><p>Grüße aus Köln</p>".encode("cp1252"))
    return [
        warc_record(
            "request", "https://news.test/a", b"GET /a HTTP/1.1\r\nHost: news.test\r\n\r\n"
        ),
        response(html_http("<p>Héllo world</p>".encode())),
        response(
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=windows-1252\r\n"
            b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(zipped),
            uri="<https://news.test/missing>",
        ),
        response(
            html_http(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, headers="Content-Type: image/png"),
            uri="https://news.test/logo.png",
        ),
        warc_record("metadata", "https://news.test/a", b"via: https://news.test/\r\n"),
    ]


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_warc_round_trip(tmp_path: Path, gzipped: bool) -> None:
    name = "crawl-01.warc.gz" if gzipped else "crawl-01.warc"
    path = write(tmp_path / name, warc_file(sample_records(), gzipped))
    page, missing, image = read_all(path)
    assert isinstance(page, RawRecord) and isinstance(missing, RawRecord)
    assert (page.id, page.body, page.html, page.flags) == (
        "crawl-01-0",
        "",
        "<p>Héllo world</p>",
        (),
    )
    assert (page.url, page.crawl_date, page.http_status, page.content_type) == (
        "https://news.test/a",
        "2024-05-07",
        200,
        "text/html",
    )
    assert page.source.startswith(f"{path}@")
    assert (missing.id, missing.url, missing.http_status) == (
        "crawl-01-1",
        "https://news.test/missing",
        404,
    )
    assert missing.html == "<title>Zip</title><p>Grüße aus Köln</p>"  # gunzipped, cp1252
    assert isinstance(image, Reject)
    assert (image.id, image.reason) == ("crawl-01-2", "not an HTML page: Content-Type image/png")


def test_truncated_warc_gz_yields_good_records_then_one_reject(tmp_path: Path) -> None:
    records = sample_records()[:3]  # request, HTML page, gzipped page
    data = warc_file(records)
    last_member = len(gzip.compress(records[-1]))
    broken = write(tmp_path / "cut.warc.gz", data[: len(data) - last_member // 2])
    after = write(tmp_path / "next.html", "<p>next input</p>")
    items = read_all(broken, after)
    assert [(type(i).__name__, i.id) for i in items] == [
        ("RawRecord", "cut-0"),
        ("Reject", "cut"),
        ("RawRecord", "next"),
    ]
    failure = items[1]
    assert isinstance(failure, Reject) and failure.source == str(broken)
    # the gzip error surfaces while FastWARC reads ahead for the next record's header
    assert failure.reason.startswith(
        "truncated or corrupt WARC after 3 complete records (the last starts at uncompressed byte "
    )
    assert failure.reason.endswith("gzip stream ends inside a member (truncated)")


def test_truncated_plain_warc_says_where(tmp_path: Path) -> None:
    records = sample_records()[:3]
    data = warc_file(records, gzipped=False)
    items = read_all(write(tmp_path / "cut.warc", data[:-40]))  # 36 block bytes + CRLF CRLF
    assert [i.id for i in items] == ["cut-0", "cut"]
    failure = items[-1]
    block = len(records[-1]) - (records[-1].index(b"\r\n\r\n") + 4) - 4
    last_start = len(data) - len(records[-1])
    assert isinstance(failure, Reject) and failure.reason == (
        f"truncated or corrupt WARC after 3 complete records, in the record at byte "
        f"{last_start}: record ends after {block - 36} of its {block} bytes"
    )


def test_corrupt_gzip_member_ends_the_file(tmp_path: Path) -> None:
    info = warc_record("warcinfo", "", b"x\r\n")
    members = [gzip.compress(r) for r in [info, *sample_records()]]
    members[3] = b"\x00\x00" + members[3][2:]  # the second response's member is not gzip
    items = read_all(write(tmp_path / "bad.warc.gz", b"".join(members)))
    assert [i.id for i in items] == ["bad-0", "bad"]
    assert isinstance(items[1], Reject)
    assert items[1].reason.startswith("truncated or corrupt WARC after 3 complete records")
    assert "corrupt gzip: Not a gzipped file" in items[1].reason


def record_ends(records: list[bytes], gzipped: bool) -> list[int]:
    """Where each record of ``warc_file(records, gzipped)`` ends in the file."""
    info = warc_record("warcinfo", "", b"software: decruft-tests\r\n")
    sizes = [len(gzip.compress(r)) if gzipped else len(r) for r in [info, *records]]
    return [sum(sizes[: i + 1]) for i in range(len(sizes))]


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_any_truncation_gives_the_complete_records_then_one_reject(
    tmp_path: Path, gzipped: bool
) -> None:
    records = sample_records()[:3]  # request, then two HTML responses
    data = warc_file(records, gzipped)
    path = tmp_path / "t.warc"
    full = read_all(write(path, data))
    assert [i.id for i in full] == ["t-0", "t-1"]
    ends = record_ends(records, gzipped)
    slack = 0 if gzipped else 4  # a plain record is whole without its closing CRLF CRLF
    for cut in range(1, len(data)):
        items = read_all(write(path, data[:cut]))
        responses = max(0, sum(end - slack <= cut for end in ends) - 2)  # warcinfo, request
        at_boundary = any(end - slack <= cut <= end for end in ends)
        pages, rest = [i for i in items if i.id != "t"], [i for i in items if i.id == "t"]
        # a gzip member cut in its trailer still gave all its data: its record comes out
        assert responses <= len(pages) <= responses + gzipped, cut
        assert pages == full[: len(pages)], cut
        assert items == pages + rest and len(rest) == (0 if at_boundary else 1), cut


def test_non_html_and_empty_responses_are_rejected_per_record(tmp_path: Path) -> None:
    records = [
        response(html_http(b'{"a": 1}', headers="Content-Type: application/json")),
        response(html_http(b"", status="301 Moved Permanently")),
        response(b"HTTP/1.1 200 OK\r\n\r\n<!doctype html><p>no type</p>"),
        response(b"HTTP/1.1 200 OK\r\n\r\n%PDF-1.4 binary"),
        response(html_http(b"<p>last</p>")),
    ]
    items = read_all(write(tmp_path / "w.warc.gz", warc_file(records)))
    assert [(type(i).__name__, i.id) for i in items] == [
        ("Reject", "w-0"),
        ("Reject", "w-1"),
        ("RawRecord", "w-2"),
        ("Reject", "w-3"),
        ("RawRecord", "w-4"),
    ]
    reasons = [i.reason for i in items if isinstance(i, Reject)]
    assert reasons == [
        "not an HTML page: Content-Type application/json",
        "empty HTTP body (status 301)",
        "no Content-Type and the body does not look like HTML",
    ]


def test_mislabelled_content_encoding_is_used_and_flagged(tmp_path: Path) -> None:
    plain = b"<p>sent plain</p>"
    deflated = zlib.compress(b"<p>deflated</p>")
    records = [
        response(html_http(plain, headers="Content-Type: text/html\r\nContent-Encoding: gzip")),
        response(
            html_http(deflated, headers="Content-Type: text/html\r\nContent-Encoding: deflate")
        ),
        response(html_http(b"<p>cut</p>"), extra="WARC-Truncated: length\r\n"),
    ]
    first, second, third = read_all(write(tmp_path / "m.warc", warc_file(records, False)))
    assert isinstance(first, RawRecord) and isinstance(second, RawRecord)
    assert (first.html, first.flags) == ("<p>sent plain</p>", (FLAG_BAD_CONTENT_ENCODING,))
    assert (second.html, second.flags) == ("<p>deflated</p>", ())
    assert isinstance(third, RawRecord) and third.flags == (FLAG_TRUNCATED_PAYLOAD,)


def test_warc_record_over_the_cap_is_rejected_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streams, "MAX_RECORD_BYTES", 500)
    records = [response(html_http(b"<p>" + b"x" * 1000)), response(html_http(b"<p>small</p>"))]
    big, small = read_all(write(tmp_path / "c.warc.gz", warc_file(records)))
    assert isinstance(big, Reject) and big.reason == "record exceeds 500 bytes limit"
    assert isinstance(small, RawRecord) and small.html == "<p>small</p>"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"this is not a WARC file\n" * 20, "not a WARC file, or damaged at its start"),
        (gzip.compress(b"<html>not a warc</html>"), "not a WARC file, or damaged at its start"),
    ],
)
def test_files_that_are_not_warc(tmp_path: Path, data: bytes, reason: str) -> None:
    rej = reject(write(tmp_path / "x.warc", data))
    assert rej.id == "x" and rej.reason.startswith(reason)


def test_html_resource_records_are_pages_and_other_resources_are_skipped(tmp_path: Path) -> None:
    page = b"<html><body><p>Saved without its HTTP exchange.</p></body></html>"
    records = [
        warc_record(
            "resource", "https://news.test/r", page, content_type="text/html; charset=utf-8"
        ),
        warc_record("resource", "https://news.test/logo.png", b"\x89PNG", content_type="image/png"),
        response(html_http(b"<p>an ordinary response</p>"), uri="https://news.test/b"),
    ]
    path = tmp_path / "archive.warc.gz"
    path.write_bytes(warc_file(records))
    items = list(read_inputs([path]))
    assert [(i.id, i.url) for i in items if isinstance(i, RawRecord)] == [
        ("archive-0", "https://news.test/r"),
        ("archive-1", "https://news.test/b"),
    ]
    first = items[0]
    assert isinstance(first, RawRecord) and "Saved without" in (first.html or "")
    assert first.http_status is None
