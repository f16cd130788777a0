"""Bounds per page: attribute floods are cut before the parser, element floods are rejected
before they take memory, and a stuck worker is found after its real batch's time."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from decruft.config import Config
from decruft.model import Page, RawRecord, Reject
from decruft.run.guard import MAX_HTML_ELEMENTS, REASON_TOO_MANY_ELEMENTS, clean_guarded
from decruft.run.shards import FilePart, Shard
from decruft.run.worker import ShardTask, stall_seconds
from decruft.segment.html import MAX_TAG_ATTRIBUTES, segment_html
from decruft.segment.html.prepass import (
    _LONG_TAG,
    MAX_TAG_BYTES,
    _trim_long_tags,
    _without_attribute_flood,
)

TEXT = "The council approved the transport budget on Monday after a long debate."


def test_a_tag_with_thousands_of_attributes_loses_them_and_keeps_the_text() -> None:
    attributes = " ".join(f'a{i}="x"' for i in range(20 * MAX_TAG_ATTRIBUTES))
    page = segment_html(f"<html><body><div {attributes}><p>{TEXT}</p></div></body></html>")
    assert page.body == TEXT


def _flood(n: int) -> bytes:
    return b"<div " + b" ".join(b"a%d=x" % i for i in range(n)) + b">"


# Pieces of pages: attribute floods either side of the limit, runs without a ">" either side
# of MAX_TAG_BYTES (a long script, a data URI), and short markup.
_PIECES = st.one_of(
    st.integers(MAX_TAG_ATTRIBUTES - 50, MAX_TAG_ATTRIBUTES + 300).map(_flood),
    st.tuples(st.sampled_from([b"<p", b"<img src='", b"x", b"<"]), st.integers(0, 3)).map(
        lambda t: t[0] + b"y" * (MAX_TAG_BYTES - 2 + t[1]) + b"'>"
    ),
    st.binary(max_size=40).map(lambda b: b.replace(b"\x00", b"<")),
    st.sampled_from([b">", b"<", b"<a ", b"</div>", b"<b=1 "]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=8))
def test_trimming_searches_only_long_stretches_and_finds_what_the_whole_page_search_finds(
    pieces: list[bytes],
) -> None:
    data = b"".join(pieces)
    assert _trim_long_tags(data) == _LONG_TAG.sub(_without_attribute_flood, data)


def test_ordinary_long_attributes_stay() -> None:
    page = segment_html(f'<p title="{"t" * 1000}">{TEXT}</p>')
    assert page.body == TEXT


def test_an_element_flood_is_rejected_and_its_batch_goes_on() -> None:
    flood = RawRecord("flood", "x.html", "", html="<p>a" * (MAX_HTML_ELEMENTS + 1))
    good = RawRecord("good", "y.html", "", html=f"<html><body><p>{TEXT}</p></body></html>")
    out = clean_guarded([good, flood, good], Config(), page_timeout=60)
    assert [type(r) for r in out] == [Page, Reject, Page]
    assert isinstance(out[1], Reject) and out[1].reason.startswith(REASON_TOO_MANY_ELEMENTS)


def test_stall_limit_follows_the_shard_not_the_configured_batch() -> None:
    one = ShardTask(Shard(0, (FilePart("a.html"),), 1), "parts", Config(), page_timeout=10)
    many = ShardTask(Shard(0, (FilePart("a.jsonl"),), 5000), "parts", Config(), page_timeout=10)
    unknown = ShardTask(Shard(0, (FilePart("a.warc"),), None), "parts", Config(), page_timeout=10)
    limit_one, limit_many = stall_seconds(one), stall_seconds(many)
    assert limit_one is not None and limit_many is not None
    assert limit_one < limit_many == stall_seconds(unknown)
