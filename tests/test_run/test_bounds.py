"""Bounds per page: attribute floods are cut before the parser, element floods are rejected
before they take memory, and a stuck worker is found after its real batch's time."""

from __future__ import annotations

from decruft.config import Config
from decruft.model import Page, RawRecord, Reject
from decruft.run.guard import MAX_HTML_ELEMENTS, REASON_TOO_MANY_ELEMENTS, clean_guarded
from decruft.run.shards import FilePart, Shard
from decruft.run.worker import ShardTask, stall_seconds
from decruft.segment.html import MAX_TAG_ATTRIBUTES, segment_html

TEXT = "The council approved the transport budget on Monday after a long debate."


def test_a_tag_with_thousands_of_attributes_loses_them_and_keeps_the_text() -> None:
    attributes = " ".join(f'a{i}="x"' for i in range(20 * MAX_TAG_ATTRIBUTES))
    page = segment_html(f"<html><body><div {attributes}><p>{TEXT}</p></div></body></html>")
    assert page.body == TEXT


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
