"""Markdown: golden pages (tests/cases_markdown: NAME.html or NAME.txt and the NAME.md it
renders to, every block kept; a formatting_*.html page with links, emphasis and inline code
recorded), hostile tables and code, and the words it keeps."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from decruft.model import KnownMask, Meta, Page, Verdict, VerdictKind
from decruft.output.code import MAX_CODE_BLANK_LINES, fenced
from decruft.output.markdown import MAX_TABLE_COLUMNS, MarkdownOptions
from decruft.segment.html import Recorded, segment_html
from decruft.segment.html.dom import block_shapes
from decruft.segment.html.walk import MAX_CODE_INDENT
from decruft.segment.text import segment_body

CASES = Path(__file__).parent / "cases_markdown"
_WORD = re.compile(r"\w+")
_ESCAPED = re.compile(r"\\(.)")


_BACKTICKS = re.compile(r"`+")


def _words(markdown_or_text: str, markdown: bool = True) -> list[str]:
    """The words, as a Markdown reader sees them (backslash escapes read, except inside a
    fenced code block or a code span, whose text is verbatim)."""
    if not markdown:
        return sorted(_WORD.findall(markdown_or_text))
    lines, fence = [], ""
    for line in markdown_or_text.splitlines():
        if fence and line == fence:
            fence = ""
        elif not fence and line.startswith("```") and set(line) == {"`"}:
            fence = line
        else:
            lines.append(line if fence else _read_inline(line))
    return sorted(_WORD.findall("\n".join(lines)))


def _read_inline(line: str) -> str:
    """A line's text as CommonMark reads it, for its words: a code span (a backtick run up
    to the next run as long) verbatim, one space stripped from each end when both are
    spaces; elsewhere a backslash escapes the character after it."""
    if "`" not in line:
        return _ESCAPED.sub(r"\1", line)
    out: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            out.append(line[i + 1])
            i += 2
        elif line[i] == "`":
            run = _BACKTICKS.match(line, i)
            assert run is not None
            n = run.end() - i
            close = next((m for m in _BACKTICKS.finditer(line, run.end()) if len(m[0]) == n), None)
            if close is None:
                out.append(run[0])
                i = run.end()
                continue
            inside = line[run.end() : close.start()]
            if inside[:1] == inside[-1:] == " " and inside.strip(" "):
                inside = inside[1:-1]
            out.append(inside)
            i = close.end()
        else:
            out.append(line[i])
            i += 1
    return "".join(out)


def _page(body: str, blocks: object, shapes: object = None, title: str | None = None) -> Page:
    return Page(
        id="p",
        source="p",
        body=body,
        blocks=blocks,  # type: ignore[arg-type]
        removals=(),
        meta=Meta(title=title),
        verdict=Verdict(VerdictKind.ARTICLE),
        shapes=shapes,  # type: ignore[arg-type]
    )


def html_page(html: str) -> Page:
    """Every block of the HTML kept, with its shapes: the rendering alone is tested."""
    seg = segment_html(html)
    return _page(seg.body, seg.blocks, block_shapes(seg.dom, seg.tree, seg.code_languages))


def formatted_page(html: str, url: str = "https://ex.com/page") -> Page:
    """``html_page`` with links, emphasis and inline code recorded (Config.links and
    Config.formatting)."""
    from decruft.segment.html.links import absolute_links

    seg = segment_html(html, Recorded(links=True, formatting=True))
    page = _page(seg.body, seg.blocks, block_shapes(seg.dom, seg.tree, seg.code_languages))
    links = absolute_links(seg.links, seg.base, url)
    return replace(page, links=links, emphasis=seg.emphasis)


def text_page(text: str, title: str | None = None) -> Page:
    seg = segment_body(text)
    return _page(text, seg.blocks, title=title)


def _case_page(path: Path) -> Page:
    if path.suffix == ".html":
        html = path.read_text("utf-8")
        return formatted_page(html) if path.name.startswith("formatting_") else html_page(html)
    meta = path.with_suffix(".meta.json")
    title = json.loads(meta.read_text("utf-8"))["title"] if meta.is_file() else None
    return text_page(path.read_text("utf-8"), title)


@pytest.mark.parametrize(
    "path", sorted([*CASES.glob("*.html"), *CASES.glob("*.txt")]), ids=lambda p: p.name
)
def test_golden(path: Path) -> None:
    want = path.with_suffix(".md").read_text("utf-8")
    assert _case_page(path).markdown == want


def test_a_thousand_column_table_stays_bounded() -> None:
    cells = "".join(f"<td>c{k}</td>" for k in range(1000))
    md = html_page(f"<table><tr>{cells}</tr><tr>{cells}</tr></table>").markdown
    lines = md.splitlines()
    assert len(lines) == 3
    assert all(line.count(" | ") == MAX_TABLE_COLUMNS - 1 for line in lines if "c0" in line)
    assert "c999" in lines[0] and "c999" in lines[2]  # extra cells join the last column


def test_no_tables_option_leaves_tables_out() -> None:
    page = _case_page(CASES / "table.html")
    md = page.to_markdown(MarkdownOptions(tables=False))
    assert "Results by year:" in md and "After the table." in md and "|" not in md


def _without(page: Page, block: int) -> str:
    """The page's Markdown with ``block`` taken out of its kept blocks."""
    kept = page.kept_mask
    kept[block] = False
    return replace(page, known_mask=KnownMask(page.removals, tuple(kept))).markdown


def test_removed_blocks_are_not_rendered() -> None:
    page = html_page("<h2>Keep me</h2><ul><li>one</li><li>gone</li></ul><p>Kept text.</p>")
    assert _without(page, 2) == "## Keep me\n\n- one\n\nKept text.\n"


@pytest.mark.parametrize("inside", ["```", "````", "a ``` b", ""])
def test_fences_are_longer_than_any_backtick_run(inside: str) -> None:
    block = fenced([inside, "x"])
    fence = block.splitlines()[0]
    assert set(fence) == {"`"} and len(fence) >= 3
    assert all(fence not in line for line in block.splitlines()[1:-1])


def test_hostile_code_layout_stays_bounded() -> None:
    """100,000 leading spaces (or tabs, or one-space spans) and 100,000 blank lines render
    as MAX_CODE_INDENT characters and MAX_CODE_BLANK_LINES lines."""
    spaces, tabs, spans = " " * 100_000, "\t" * 100_000, "<span> </span>" * 50_000
    page = html_page(f"<pre>{spaces}x\n{tabs}y{chr(10) * 100_000}{spans}z</pre>")
    assert page.text == "x\ny\nz"
    blank = [""] * MAX_CODE_BLANK_LINES
    lines = [" " * MAX_CODE_INDENT + "x", "\t" * MAX_CODE_INDENT + "y", *blank]
    assert page.markdown == "\n".join(["```", *lines, " " * MAX_CODE_INDENT + "z", "```\n"])


def test_code_layout_leaves_block_texts_collapsed() -> None:
    """Indentation is the Markdown's alone: the blocks (what the model reads and
    pages.jsonl holds) are the same whitespace-collapsed lines."""
    seg = segment_html((CASES / "code_indent.html").read_text("utf-8"))
    texts = [block.text for block in seg.blocks]
    assert "def push(self, item):" in texts
    assert all(text == " ".join(text.split()) for text in texts)
    assert seg.tree.code_lines[0] == (2, 0, "    ")  # the block after "class Stack:"


def test_a_code_block_starts_at_its_first_kept_line() -> None:
    """Blank lines before a kept line are kept only when a line of the block is above it."""
    page = html_page("<p>Intro text.</p><pre>a\n\n    b\n\n\tc</pre>")
    assert _without(page, 1) == "Intro text.\n\n```\n    b\n\n\tc\n```\n"


_texts = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_text_pages_keep_every_word(lines: list[str]) -> None:
    page = text_page("\n".join(lines), title=lines[0] if lines else None)
    md = page.markdown
    assert _words(md) == _words(page.text, markdown=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["p", "li", "td", "pre", "h2", "blockquote"]), max_size=10), _texts)
@example(["pre"], ["0\\0"])  # a backslash in code is verbatim, not an escape
def test_html_pages_keep_every_word(tags: list[str], texts: list[str]) -> None:
    from html import escape

    body = "".join(f"<{t}>{escape(x)}</{t}>" for t, x in zip(tags, texts, strict=False))
    page = html_page(f"<html><body>{body}</body></html>")
    md = page.markdown
    assert _words(md) == _words(page.text, markdown=False)


_INLINE_TAGS = st.sampled_from(["code", "kbd", "b", "em"])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["p", "li", "td", "pre", "h2", "blockquote"]),
            _texts.map(lambda xs: [*xs, "", "", ""][:3]),
            _INLINE_TAGS,
        ),
        max_size=10,
    )
)
@example([("p", ["a", "0\\0", "b"], "code")])  # a backslash in a code span is verbatim
@example([("li", ["x", "`", "y"], "code"), ("td", ["", "a|b", ""], "kbd")])
def test_formatted_pages_keep_every_word(blocks: list[tuple[str, list[str], str]]) -> None:
    """With emphasis and inline code recorded, every word of the kept text still reads."""
    from html import escape

    body = "".join(
        f"<{t}>{escape(a)}<{i}>{escape(b)}</{i}>{escape(c)}</{t}>" for t, (a, b, c), i in blocks
    )
    page = formatted_page(f"<html><body>{body}</body></html>")
    assert _words(page.markdown) == _words(page.text, markdown=False)


_code_texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_code_texts)
@example("a`b")
@example("``")
@example("` x")
@example("*a* _b_ [c](d) <e> \\f")
@example("a|b\\|c")
def test_code_spans_read_back_as_their_text(code: str) -> None:
    """A CommonMark reader (GFM tables on) reads each code span back as the code's text,
    in a paragraph and in a table cell."""
    from html import escape

    markdown_it = pytest.importorskip("markdown_it")
    text = " ".join(code.split())
    if not text:
        return
    reader = markdown_it.MarkdownIt("commonmark").enable("table")
    code_html = f"<code>{escape(code)}</code>"
    for html in (
        f"<p>{code_html} tail</p>",
        f"<table><tr><th>{code_html}</th><th>k</th></tr><tr><td>v</td><td>w</td></tr></table>",
    ):
        md = formatted_page(html).markdown
        tokens = reader.parse(md)
        spans = [
            c.content
            for t in tokens
            if t.type == "inline"
            for c in t.children or ()
            if c.type == "code_inline"
        ]
        assert spans == [text], md


def test_pieces_are_found_past_a_long_gap_and_not_in_code_lines() -> None:
    """Pieces are looked for in characters, not blocks: a link and code after 25 plain
    paragraphs (or a 30-line code block) are placed; code is not placed in a <pre>'s line
    that holds its text (``Summary`` in the listing), but where it stands after it."""
    gap = "".join(f"<p>Paragraph {k} of plain text.</p>" for k in range(25))
    listing = "<pre>" + "\n".join(f"line {k}" for k in range(30)) + "\ntrait Summary</pre>"
    html = (
        f"<p>First <code>a()</code>.</p>{gap}<p>Then <a href='/x'>a link</a> and <code>b()</code>"
        f".</p>{listing}<p>A <code>Summary</code> trait.</p>"
    )
    md = formatted_page(html).markdown
    assert "First `a()`." in md and "Then [a link](https://ex.com/x) and `b()`." in md
    assert "\ntrait Summary\n```" in md and "A `Summary` trait." in md


def test_a_hostile_page_of_code_elements_stays_bounded() -> None:
    """100,000 inline code elements, side by side, each in its paragraph, nested, in one
    huge block, and in links: at most MAX_CODE_SPANS recorded, placed in bounded time
    (running into each other, none is a whole word: each place they stand is tried, within
    ALIGN_BUDGET_CHARS; each is checked against only the links next to it)."""
    import time

    from decruft.segment.htmlmeta.collect import MAX_CODE_SPANS

    n = 100_000
    pages = {
        "spaced": "<p>y " + "<code>x</code> " * n + "</p>",
        "adjacent": "<p>y" + "<code>x</code>" * n + "</p>",
        "paragraphs": "<p><code>x()</code> y</p>" * n,
        "nested": "<p>y " + "<code>" * n + "x" + "</code>" * n + "</p>",
        "split": "<p>" + "z" * 1_000_000 + "<code>a<br>b</code>" * n + "</p>",
        "linked": "<p>y " + "<a href='/x'><code>x</code></a> " * n + "</p>",
    }
    spans = {}
    for name, html in pages.items():
        started = time.perf_counter()
        page = formatted_page(html)
        md = page.markdown
        assert time.perf_counter() - started < 30, name  # seconds, not the minutes unbounded
        assert len(page.emphasis) <= MAX_CODE_SPANS
        spans[name] = md.count("`x`") + md.count("`x()`")
    assert spans == {
        "spaced": MAX_CODE_SPANS,
        "adjacent": 0,
        "paragraphs": MAX_CODE_SPANS,
        "nested": 1,
        "split": 0,
        "linked": 0,  # the links win
    }


def _run(tmp_path: Path, *extra: str) -> Path:
    from decruft.cli import main

    out = tmp_path / "out"
    src = tmp_path / "in"
    if src.exists():  # a second run of the same inputs (a resumed run checks their times)
        assert main(["clean", str(src), "-o", str(out), "-q", *extra]) == 0
        return out
    src.mkdir()
    for name in ("table.html", "lists.html"):
        (src / name).write_text((CASES / name).read_text("utf-8"), "utf-8")
    (src / "a.txt").write_text((CASES / "article.txt").read_text("utf-8"), "utf-8")
    (src / "b.html").write_text("<h2>A heading</h2><p>Another page.</p>", "utf-8")
    assert main(["clean", str(src), "-o", str(out), "-q", *extra]) == 0
    return out


def _records(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "pages.jsonl").read_text("utf-8").splitlines()]


def test_the_markdown_format_writes_files_and_a_field(tmp_path: Path) -> None:
    out = _run(tmp_path, "--format", "markdown", "--format", "txt")
    records = _records(out)
    assert len(records) == 4 and all(isinstance(r["markdown"], str) for r in records)
    files = sorted(p.name for p in (out / "md").iterdir())
    assert files == ["a.md", "b.md", "lists.md", "table.md"]
    assert sorted(p.stem for p in (out / "txt").glob("*.txt")) == [f[:-3] for f in files]
    by_id = {r["id"]: r for r in records}
    for f in files:
        assert (out / "md" / f).read_text("utf-8") == by_id[f[:-3]]["markdown"]
    assert "| Year |" in by_id["table"]["markdown"]  # type: ignore[operator]


def test_without_the_format_pages_have_no_markdown_field(tmp_path: Path) -> None:
    out = _run(tmp_path)
    assert all("markdown" not in r for r in _records(out)) and not (out / "md").exists()


def test_no_tables_and_parquet(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = _run(tmp_path, "--format", "markdown", "--format", "parquet", "--no-tables")
    by_id = {r["id"]: r for r in _records(out)}
    assert "|" not in by_id["table"]["markdown"]  # type: ignore[operator]
    (part,) = (out / "parquet").glob("*.parquet")
    table = pq.read_table(part)
    assert table.column_names[-1] == "markdown"
    assert sorted(table.column("markdown").to_pylist()) == sorted(
        str(r["markdown"]) for r in by_id.values()
    )


def test_a_resumed_markdown_run_writes_the_same(tmp_path: Path) -> None:
    out = _run(tmp_path, "--format", "markdown")
    first = {p.name: p.read_bytes() for p in (out / "md").iterdir()}
    lines = (out / "pages.jsonl").read_bytes()
    _run(tmp_path, "--format", "markdown", "--resume")
    assert {p.name: p.read_bytes() for p in (out / "md").iterdir()} == first
    assert (out / "pages.jsonl").read_bytes() == lines


LINKS_PAGE = """<html><head><base href="/docs/"></head><body><article><h1>Guide</h1>
<p>Read the <a href="intro.html">introduction</a> first, then <a href="https://example.org/x y">the
(spec)</a> and <a href="#top">top</a>.</p>
<ul><li><a href="/a">Alpha</a> item</li><li>Beta <a href="javascript:void(0)">js</a></li></ul>
<table><tr><th>Name</th><th>Link</th></tr><tr><td>One</td><td><a href="one|two">o|t</a></td></tr>
</table><p><a href="/x">Starts</a> with a link, [brackets] and <a href="mailto:a@b.c">mail</a></p>
</article></body></html>"""
LINKS_MARKDOWN = (
    "# Guide\n\n"
    "Read the [introduction](https://ex.com/docs/intro.html) first, then "
    "[the (spec)](https://example.org/x%20y) and top.\n\n"
    "- [Alpha](https://ex.com/a) item\n"
    "- Beta js\n\n"
    "| Name | Link |\n"
    "| --- | --- |\n"
    r"| One | [o\|t](https://ex.com/docs/one%7Ctwo) |"
    "\n\n"
    r"[Starts](https://ex.com/x) with a link, \[brackets\] and [mail](mailto:a@b.c)"
    "\n"
)


def linked_page(html: str, url: str) -> Page:
    from dataclasses import replace

    from decruft.segment.html.links import absolute_links

    seg = segment_html(html, Recorded(links=True))
    page = _page(seg.body, seg.blocks, block_shapes(seg.dom, seg.tree))
    return replace(page, links=absolute_links(seg.links, seg.base, url))


def test_links_resolve_against_base_and_url_and_escape() -> None:
    page = linked_page(LINKS_PAGE, "https://ex.com/start/page")
    assert page.markdown == LINKS_MARKDOWN
    assert page.to_markdown(MarkdownOptions(links=False)) == html_page(LINKS_PAGE).markdown


def test_links_are_recorded_only_when_asked() -> None:
    import decruft
    from decruft.config import Config

    plain = decruft.clean_html(LINKS_PAGE, url="https://ex.com/p")
    linked = decruft.clean_html(LINKS_PAGE, url="https://ex.com/p", config=Config(links=True))
    assert plain.links == () and ("introduction", "https://ex.com/docs/intro.html") in linked.links
    assert plain.to_dict() == linked.to_dict()  # the cleaning is the same


def test_a_link_text_that_is_not_found_stays_plain() -> None:
    from decruft.output.markdown import render

    texts = ["one two", "three"]
    md = render(texts, [True, True], None, None, None, [("absent", "https://x")])
    assert "](" not in md
    shapes = html_page("<p>one two</p><p>three</p>").shapes
    md = render(texts, [True, True], shapes, None, None, [("zz", "https://x"), ("three", "u:")])
    assert md == "one two\n\n[three](u:)\n"


def test_links_from_the_command_line(tmp_path: Path) -> None:
    from decruft.cli import main

    src = tmp_path / "page.html"
    src.write_text(LINKS_PAGE, "utf-8")
    out = tmp_path / "out"
    args = ["clean", str(src), "-o", str(out), "-q", "--format", "markdown", "--links"]
    assert main([*args, "--threshold", "0"]) == 0  # every block kept
    markdown = str(_records(out)[0]["markdown"])
    assert "[introduction](/docs/intro.html)" in markdown  # no URL: resolved against <base>
    assert "[Starts](/x)" in markdown and "js" in markdown and "](javascript" not in markdown


@pytest.mark.parametrize(
    "href",
    [
        "https://a.example/x",
        "https://a.example/x?",
        "https://a.example/x#",
        "https://a.example/x;",
        "https://",
        "http:///path",
        "HTTPS://A.example/X",
        "rel/path?q=1",
        "../up",
        "//cdn.example/x.js",
        "mailto:a@b.c",
        "javascript:void(0)",
        "data:text/plain,hi",
        "#top",
        "http://[::1",
        "http://[::1]/x",
    ],
)
def test_absolute_links_match_urljoin(href: str) -> None:
    from urllib.parse import urljoin, urlsplit

    from decruft.segment.html.links import FOLLOWED_SCHEMES, absolute_links

    for url, base in (
        ("https://ex.com/d/page", None),
        ("https://ex.com/d/page", "/b/"),
        (None, None),
    ):
        got = absolute_links(((href, "t"),), base, url)
        root = urljoin(url or "", base) if base else (url or "")
        try:
            target = urljoin(root, href)
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            assert got == ()
            continue
        keep = not href.startswith("#") and (scheme in FOLLOWED_SCHEMES or not scheme)
        assert got == ((("t", target),) if keep else ())


def test_a_list_items_text_cannot_open_another_block() -> None:
    """An item whose text starts like a list, a heading or a quote stays one item."""
    from decruft.output.markdown import render

    page = html_page("<ul><li>1. first</li><li># two</li><li>> three</li><li>plain</li></ul>")
    assert page.markdown == "- 1\\. first\n- \\# two\n- \\> three\n- plain\n"
    texts = ["• 1. first", "• # two", "2. - three"]
    assert render(texts, [True] * 3, None, None) == "- 1\\. first\n- \\# two\n\n2. \\- three\n"


def test_text_that_reads_as_an_entity_stays_text() -> None:
    """A page whose text shows "&amp;" (escaped twice in its HTML) keeps it literally; a
    lone "&" needs nothing."""
    from decruft.output.markdown import escape_inline

    assert escape_inline("AT&amp;T and &#169; and &copy;") == "AT\\&amp;T and \\&#169; and \\&copy;"
    assert escape_inline("Tom & Jerry, a&b, AT&T") == "Tom & Jerry, a&b, AT&T"
    page = html_page("<p>Write &amp;amp; to show an ampersand in HTML.</p>")
    assert page.text == "Write &amp; to show an ampersand in HTML."
    assert page.markdown == "Write \\&amp; to show an ampersand in HTML.\n"
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt().render(page.markdown)
    assert html == "<p>Write &amp;amp; to show an ampersand in HTML.</p>\n"
