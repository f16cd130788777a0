"""Hostile pages through the cleaner: huge lines, many lines, control characters — no crash."""

from __future__ import annotations

import decruft
from decruft.config import Config


def test_fifty_megabyte_single_line() -> None:
    line = ("word " * 10_000_000)[:50_000_000]
    page = decruft.clean(line)
    assert len(page.blocks) == 1
    assert page.verdict.kind in {
        decruft.VerdictKind.ARTICLE,
        decruft.VerdictKind.NOT_ARTICLE,
        decruft.VerdictKind.EMPTY,
    }


def test_a_million_tiny_lines() -> None:
    body = "\n".join(f"x{i % 97}" for i in range(1_000_000))
    page = decruft.clean(body, Config(batch_pages=1))
    assert len(page.blocks) == 1_000_000
    # every later copy of a tiny line is left to the classifier, which removes the menu-like junk
    assert len(page.text) < len(body)


def test_control_characters_and_replacement_chars() -> None:
    text = (
        "\x00\x01\x1b[31m\ufffd\ufffd\n\u202e\u200b\t \r\n"
        + "A sentence that reads like prose, with words. " * 5
    )
    page = decruft.clean(text)
    assert all(0 <= r.start < r.end <= len(text) for r in page.removals)


def test_only_whitespace_is_empty() -> None:
    page = decruft.clean(" \n\t\n\r\n")
    assert page.blocks == () and page.verdict.kind == decruft.VerdictKind.EMPTY


def test_ten_megabytes_of_sentences_on_one_line() -> None:
    # a page run together on one line is cut into sentences (segment/text.py): ~230,000
    # equal blocks and a shorter last one, the order that made the features' quicksort
    # quadratic (minutes per page) before it became a merge sort
    line = ("This is a sentence of prose about the city. " * 240_000)[:10_000_000]
    page = decruft.clean(line)
    assert len(page.blocks) == 10_000_000 // 44 + 1
    assert page.blocks[-1].text == line[-(10_000_000 % 44) :]
    assert len(page.text) < len(line)  # the repeats go
