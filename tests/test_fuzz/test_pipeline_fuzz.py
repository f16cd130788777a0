"""The page pipeline on random text and HTML: never raises, and every page is consistent
(kept text a subsequence of its blocks, blocks exact spans of the body)."""

from __future__ import annotations

from fuzzing import budget, check_page
from hypothesis import given, strategies as st

import decruft
from decruft.config import Config
from decruft.model import Page, RawRecord, Reject
from decruft.run.guard import clean_guarded

# Deep enough to pass the parser's and the segmenter's recursion comfort, small enough for CI.
MAX_DEPTH = 3000
# Attribute values up to this many characters (the 50 MB one is in test_html/test_segment).
MAX_ATTRIBUTE = 200_000
PAGE_TIMEOUT = 30.0

_TAGS = st.sampled_from(
    ["div", "p", "span", "a", "li", "ul", "table", "td", "tr", "script", "style", "br",
     "h1", "article", "nav", "footer", "pre", "title", "meta", "noscript", "svg", "!--", "",
     "template", "iframe", "html", "body", "head", "b", "x-weird", "p/", "/div"]
)  # fmt: skip
_CHARS = st.characters(blacklist_categories=("Cs",))
_WORDS = st.sampled_from(
    ["The council approved the plan on Tuesday after a long debate.", "Share", "Home",
     "© 2025 Example", "&amp;", "&#0;", "&#xD800;", "\x00", "\u202e", "<", ">", "\r\n", "\t"]
)  # fmt: skip
_TEXT = st.one_of(st.text(_CHARS, max_size=80), _WORDS)
_LINE = st.one_of(
    _TEXT,
    st.builds(lambda c, n: c * n, st.sampled_from("a ú\x00\u00a0<"), st.integers(0, 50_000)),
)
_PAGE_TEXT = st.lists(_LINE, max_size=30).map("\n".join)


@st.composite
def _tag_soup(draw: st.DrawFn) -> str:
    """Random open and close tags, attributes (some enormous), text and comments."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(_TAGS)
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(draw(_TEXT))
        elif kind == 1:
            value = draw(_TEXT) * draw(st.integers(1, MAX_ATTRIBUTE // 80))
            quote = draw(st.sampled_from(['"', "'", ""]))
            parts.append(f"<{tag} class={quote}{value}{quote} id=x>")
        elif kind == 2:
            parts.append(f"</{tag}>")
        else:
            parts.append(f"<{tag}>{draw(_TEXT)}")
    return "".join(parts)


@st.composite
def _nested(draw: st.DrawFn) -> str:
    """A page of ``depth`` nested elements around text, closed or left open."""
    depth = draw(st.integers(1, MAX_DEPTH))
    tag = draw(st.sampled_from(["div", "span", "p", "li", "table", "b"]))
    close = draw(st.booleans())
    inner = draw(_TEXT) + "<p>Officials said construction would begin next spring.</p>"
    return f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if close else "")


@given(_PAGE_TEXT)
@budget(150)
def test_clean_text(text: str) -> None:
    check_page(decruft.clean(text))


@given(st.one_of(_PAGE_TEXT, st.text(_CHARS, max_size=200)), st.text(_CHARS, max_size=40))
@budget(150)
def test_clean_record_with_any_header(body: str, header: str) -> None:
    check_page(decruft.clean_record(f"{header}\n{body}"))


@st.composite
def _attribute_flood(draw: st.DrawFn) -> str:
    """One element with thousands of attributes (names repeated or not, quoted or not)."""
    count = draw(st.integers(500, 30_000))
    repeat = draw(st.booleans())
    quote = draw(st.sampled_from(['"', "'", ""]))
    attrs = " ".join(f"a{0 if repeat else i}={quote}v{quote}" for i in range(count))
    inner = "<p>Officials said construction would begin next spring.</p>"
    return f"<html><body><div {attrs}>{draw(_TEXT)}{inner}</div>"


@given(st.one_of(_tag_soup(), _nested(), _attribute_flood(), st.text(_CHARS, max_size=300)))
@budget(150)
def test_clean_html(html: str) -> None:
    check_page(decruft.clean_html(html))


@given(st.lists(st.one_of(_tag_soup(), _PAGE_TEXT), min_size=1, max_size=4), st.data())
@budget(60)
def test_a_batch_gives_a_page_or_reject_per_record(items: list[str], data: st.DataObject) -> None:
    """As the executor cleans: one result per record, in order, a reject with a reason."""
    html = [data.draw(st.booleans()) for _ in items]
    records = [
        RawRecord(id=str(i), source="fuzz", body="" if h else s, html=s if h else None)
        for i, (s, h) in enumerate(zip(items, html, strict=True))
    ]
    results = clean_guarded(records, Config(), PAGE_TIMEOUT)
    assert [r.id for r in results] == [r.id for r in records]
    for result in results:
        if isinstance(result, Reject):
            assert result.reason
        else:
            assert isinstance(result, Page)
            check_page(result)
