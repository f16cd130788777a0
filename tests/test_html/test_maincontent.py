"""Resiliparse's main-content opinion as a block feature."""

from __future__ import annotations

from decruft.segment.html import DOM_FEATURE_NAMES, segment_html
from decruft.segment.maincontent import INSIDE_LINE, main_content_column, main_content_text

PROSE = (
    "The council approved the transport budget on Monday after a debate that lasted most "
    "of the afternoon, and the first works will start in the spring."
)
PAGE = f"""<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/a">About us</a></li>
<li><a href="/b">Contact</a></li></ul></nav><main><article><h1>Budget approved</h1>
<p>{PROSE}</p><p>{PROSE} Again, with more words.</p></article></main>
<footer><a href="/c">Imprint</a> <a href="/d">Privacy</a></footer></body></html>"""


def test_lines_of_the_main_content_score_one_and_blocks_inside_a_line_half() -> None:
    text = f"Budget approved\n{PROSE} and a dd joined on\n"
    blocks = ["Budget approved", PROSE, "Home", "2"]
    assert main_content_column(text, blocks).tolist() == [1.0, INSIDE_LINE, 0.0, 0.0]


def test_the_article_is_main_content_and_the_menus_are_not() -> None:
    segmented = segment_html(PAGE)
    column = DOM_FEATURE_NAMES.index("main_content")
    lines = segmented.body.split("\n")
    value = dict(zip(lines, segmented.dom[:, column].tolist(), strict=True))
    assert value[PROSE] == 1.0
    assert value["Home"] == 0.0


def test_bytes_that_are_no_html_give_text_or_nothing_and_never_raise() -> None:
    for junk in (
        b"",
        b"\xff\xfe\x00<<<>>>",
        b"<" * 10_000,
        "<p>\ud800</p>".encode("utf-8", "surrogatepass"),
    ):
        assert isinstance(main_content_text(junk, noscript=False), str)
