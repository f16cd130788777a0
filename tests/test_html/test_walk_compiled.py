"""The compiled DOM walk (segment/_walk.pyx) against the Python walk it replaces: the same
raw blocks, element parents, class/id tokens, rule words and metadata sources, node for
node, on the dev pages and on generated hostile markup, and the same segment_html pages."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from decruft.segment import _walk, html
from decruft.segment.html import walk
from decruft.segment.htmlmeta import MetaSources

# The dev benchmark beside the repository (../shared/bench/dev), when it is there.
DEV = Path(__file__).resolve().parents[3] / "shared" / "bench" / "dev"
DEV_PAGES = sorted(DEV.glob("*.html.gz"))


def _sources(sources: MetaSources) -> dict[str, Any]:
    return {name: getattr(sources, name) for name in MetaSources.__slots__}


def _run(walk: Any, tree: Any, table: Any) -> tuple[Any, ...]:
    out: list[Any] = []
    parents: list[int] = []
    tokens: list[tuple[int, ...]] = []
    rules: list[int] = []
    tags: list[int] = []
    code_lines: list[tuple[int, int, str]] = []
    sources = MetaSources()
    walk(tree.root, table, out, sources, parents, tokens, rules, tags, code_lines)
    return out, parents, tokens, rules, tags, code_lines, _sources(sources)


def _compiled(*args: Any) -> None:
    root, table, *rest = args
    walker = html._compiled_walker(table)
    assert walker is not None
    walker.walk(root, *rest)


def assert_same_walks(data: bytes, modes: tuple[bool, ...] = (True, False)) -> None:
    """Both walks over one parse of ``data``, with scripting on and off, and with links
    recorded or not (Config.links), give the same."""
    for scripting in modes:
        tree = html._parse(data, scripting)
        if tree.root is None:
            continue
        for links in (False, True):
            table = html._tag_table(noscript_shown=not scripting, links=links)
            expected = _run(html._python_walk, tree, table)
            got = _run(_compiled, tree, table)
            names = ("blocks", "parents", "tokens", "rules", "tags", "code lines", "meta")
            for name, want, have in zip(names, expected, got, strict=True):
                assert have == want, f"{name} differ (scripting={scripting}, links={links})"


def _page_fields(page: html.HtmlPage) -> tuple[Any, ...]:
    tree = page.tree
    return (
        page.body,
        list(page.blocks),
        page.dom.dtype,
        page.dom.shape,
        page.dom.tobytes(),
        page.meta,
        tree.parents.tobytes(),
        tree.token_offsets.tobytes(),
        tree.token_hashes.tobytes(),
        tree.block_elems.tobytes(),
        tree.code_lines,
    )


def assert_same_pages(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """segment_html gives the same page whichever walk runs."""
    compiled = _page_fields(html.segment_html(text))
    with monkeypatch.context() as patch:
        patch.setattr(walk, "_compiled_walker", lambda table: None)
        python = _page_fields(html.segment_html(text))
    assert compiled == python


def test_the_compiled_walk_runs_here() -> None:
    """Lexbor's structs are the ones the compiled walk reads (else every page would take the
    slower Python walk: a selectolax upgrade that changes them shows up here)."""
    assert _walk.layout_ok()
    assert html._compiled_walker(html._tag_table()) is not None
    assert html._compiled_walker(html._tag_table(noscript_shown=True)) is not None


def test_constants_are_the_modules() -> None:
    names = walk._walk_constants()
    assert all(isinstance(names[name], int) for name in _walk.CONSTANTS)


@pytest.mark.skipif(not DEV_PAGES, reason="dev pages not present")
def test_dev_pages_walk_the_same() -> None:
    """Every page as a browser with scripts shows it; every fourth also without scripts."""
    for number, path in enumerate(DEV_PAGES):
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        data = html._flatten_deep_nesting(html._trim_long_tags(text.encode("utf-8", "replace")))
        assert_same_walks(data, (True, False) if number % 4 == 0 else (True,))


@pytest.mark.skipif(not DEV_PAGES, reason="dev pages not present")
def test_dev_pages_segment_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in DEV_PAGES[::8]:
        assert_same_pages(
            gzip.decompress(path.read_bytes()).decode("utf-8", "replace"), monkeypatch
        )


# --- generated hostile markup --------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_TAGS = _words(
    "div p span a b i em code pre br hr wbr img li ul ol dl dt dd table tr td th caption h1 "
    "h2 h6 article main nav header footer aside section form button label input time figure "
    "figcaption blockquote noscript script style template svg math title meta link iframe "
    "textarea select xmp listing object video body html head custom-el x-y font center"
)
_NAMES = _words(
    "class id role hidden style rel itemprop aria-hidden aria-expanded data-ad "
    "data-advertisement data-text-ad CLASS Id ROLE href src datetime content name property "
    "type pubdate data-x data-a-rather-long-attribute-name xlink:href viewBox Foo"
)
_VALUES = [
    b"",
    b"nav",
    b"main-content post",
    b"socialShare NAV_bar sidebar-widget",
    b"ad ads promo",
    b"comments reply",
    b"footer",
    b"header",
    b"entry-content",
    b"article",
    b"main",
    b"navigation",
    b"display:none",
    b"visibility: hidden; color: red",
    b"true",
    b"false",
    b"next",
    b"url",
    b"datePublished",
    b"author",
    b"application/ld+json",
    b"og:title",
    b"2024-01-02",
    b"caf\xc3\xa9 nav",
    b"\xff\xfe nav",
    b"x " * 700 + b"nav",
    "é".encode() * 600 + b" footer",
    b"a" * 1023 + "é".encode() * 4,
    b"a" * 1022 + "€".encode() * 4,
    b"a" * 1021 + "𝄞".encode() * 4,
    b"\xe2\x82" * 700,
    "é".encode() * 200 + b" nav comments",
    "€".encode() * 250 + b" ad",
    "𝄞".encode() * 255 + b"nav",
    "𝄞".encode() * 254 + b"\xff" + b"navFoo",
    b"\xf0\x9d" * 300 + b" sidebar",
    b"nav " * 40 + b"comment",
    b"\t nav \n",
]
_TEXTS = [
    b"hello world",
    b"Budget approved, after a long debate in the council on Monday.",
    b" ",
    b"\n",
    b"\t\n  \r\n",
    b"\xc2\xa0",
    b"\xe2\x80\xa8",
    b"\x1c\x1f",
    b"\xe3\x80\x80",
    b"\xc2\x85",
    b"a\nb\n\nc",
    b"\n    x = 1\n\tif y:\n\n  ",
    b"    ",
    b"\xc2\xa0\xc2\xa0z",
    b"  \n  ",
    b"&nbsp;&amp;&lt;div&gt;",
    b"caf\xc3\xa9",
    b"\xff\xfe",
    b"\xc3",
    b"\x00",
    b"<",
    b"</div>",
    b"</p></p>",
    b"<!-- c -->",
    b"<!--",
    b"<![CDATA[x]]>",
    b"<?php x ?>",
    b"<!DOCTYPE html>",
    b'<script type="application/ld+json">{"@type": "Article", "headline": "x"}</script>',
    b'<meta property="og:title" content="A title">',
    b'<link rel="canonical" href="https://example.com/a">',
    b"<title>Page title</title>",
    b'<time datetime="2024-01-02" class="published">Jan 2</time>',
]

_attribute = st.tuples(st.sampled_from(_NAMES), st.sampled_from(_VALUES), st.integers(0, 3)).map(
    lambda nv: (
        nv[0].encode()
        + (b"" if nv[2] == 0 else b"=" + nv[1] if nv[2] == 1 else b'="' + nv[1] + b'"')
    )
)
_text = st.sampled_from(_TEXTS)


def _element(children: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.builds(
        lambda tag, attrs, inside, closed: (
            b"<"
            + tag.encode()
            + b"".join(b" " + a for a in attrs)
            + b">"
            + inside
            + (b"</" + tag.encode() + b">" if closed else b"")
        ),
        st.sampled_from(_TAGS),
        st.lists(_attribute, max_size=5),
        st.lists(children, max_size=6).map(b"".join),
        st.booleans(),
    )


_markup = st.recursive(_text, lambda kids: st.one_of(kids, _element(kids)), max_leaves=80)
_pages = st.lists(_markup, max_size=10).map(b"".join)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(_pages)
def test_generated_markup_walks_the_same(data: bytes) -> None:
    assert_same_walks(data)


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(_pages)
def test_generated_markup_segments_the_same(data: bytes) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_pages(data.decode("utf-8", "replace"), monkeypatch)


@pytest.mark.parametrize("value", _VALUES)
def test_long_and_undecodable_class_values(value: bytes) -> None:
    """Only the start of a long class/id/role value is decoded: the same start as the
    whole value's, at every cut of a multi-byte character."""
    for name in (b"class", b"id", b"role"):
        assert_same_walks(b"<div " + name + b'="' + value + b'"><p>text</p></div>')


def test_deep_and_wide_trees() -> None:
    deep = b"<span>" * 5000 + b"x" + b"</span>" * 5000
    wide = b"<ul>" + b'<li class="item nav">x</li>' * 5000 + b"</ul>"
    pre = b"<pre>" + b"line\n" * 2000 + b"<code>a\n\nb</code></pre>"
    indented = b"<pre>" + b" " * 100_000 + b"x\n" + b"<b> </b>" * 5000 + b"\xc2\xa0y\n</pre>"
    footers = b"<body><div><footer>a</footer>x</div><p><footer>b</footer></p><footer>c</footer>"
    for data in (deep, wide, pre, indented, footers):
        assert_same_walks(data)
