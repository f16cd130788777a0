"""Tests for decruft.segment.html: blocks, spans, DOM features and metadata of HTML pages."""

from __future__ import annotations

import numpy as np
import pytest

from decruft.segment.html import DOM_FEATURE_NAMES, MAX_NESTING_DEPTH, HtmlPage, segment_html


def texts(html: str) -> list[str]:
    return [b.text for b in segment_html(html).blocks]


def feature(page: HtmlPage, block: int, name: str) -> float:
    return float(page.dom[block, DOM_FEATURE_NAMES.index(name)])


def flags_set(page: HtmlPage, block: int) -> set[str]:
    """The 0/1 tag, landmark and hint features that are on for a block (heading level,
    depth, density and the container features left out)."""
    container = DOM_FEATURE_NAMES[DOM_FEATURE_NAMES.index("in_container") :]
    numeric = {"heading_level", "depth", "link_density", *container}
    return {n for n in DOM_FEATURE_NAMES if n not in numeric and feature(page, block, n) == 1}


def assert_spans_exact(page: HtmlPage) -> None:
    assert page.body == "\n".join(b.text for b in page.blocks)
    for index, block in enumerate(page.blocks):
        assert block.index == index
        assert page.body[block.start : block.end] == block.text
        assert block.text and block.text == " ".join(block.text.split())
    assert page.dom.shape == (len(page.blocks), len(DOM_FEATURE_NAMES))
    assert page.dom.dtype == np.float32


# --- blocks and spans ----------------------------------------------------------------------


def test_nested_containers_give_their_text_once() -> None:
    page = segment_html("<article><main><div><p>x</p></div></main></article>")
    assert [tuple(b) for b in page.blocks] == [(0, "x", 0, 1)]
    assert flags_set(page, 0) == {"tag_p", "in_article", "in_main"}
    assert feature(page, 0, "depth") == 5  # html 0, body 1, article 2, main 3, div 4, p 5
    assert_spans_exact(page)


def test_invisible_content_is_dropped() -> None:
    html = """<html><head><title>T</title><style>p { color: red }</style>
    <script>var s = "<p>not text</p>";</script></head><body>
    <p>Kept one.</p><script>document.write("no")</script><style>.x{}</style>
    <noscript><p>Enable JavaScript</p></noscript><template><p>template</p></template>
    <svg><text>svg text</text></svg><iframe>frame</iframe><select><option>Pick</option></select>
    <!-- a comment --><p>Kept two.</p></body></html>"""
    assert texts(html) == ["Kept one.", "Kept two."]


def test_hidden_content_is_kept_and_flagged() -> None:
    page = segment_html(
        "<div role='tabpanel'>Python</div><div hidden><p>JavaScript <b>tab</b></p></div>"
        "<section hidden='until-found'>Found by search.</section>"
    )
    assert [b.text for b in page.blocks] == ["Python", "JavaScript tab", "Found by search."]
    assert [feature(page, i, "in_hidden") for i in range(3)] == [0, 1, 1]


def test_blocks_spans_and_inline_merging() -> None:
    html = (
        "<div>Intro <b>bold</b><i>ital</i>ic<p>Read the <a href='/s'>full story</a> here."
        "</p>tail text<br>after <span>the</span> break<br><br></div>"
    )
    page = segment_html(html)
    assert [tuple(b) for b in page.blocks] == [
        (0, "Intro bolditalic", 0, 16),
        (1, "Read the full story here.", 17, 42),
        (2, "tail text", 43, 52),
        (3, "after the break", 53, 68),
    ]
    # "fullstory" is 9 of the 21 non-space characters of "Readthefullstoryhere."
    assert feature(page, 1, "link_density") == pytest.approx(9 / 21)
    assert feature(page, 0, "link_density") == 0
    assert [flags_set(page, i) for i in range(4)] == [
        {"tag_other"},
        {"tag_p"},
        {"tag_other"},
        {"tag_other"},
    ]
    assert_spans_exact(page)


def test_whitespace_collapses_and_entities_decode() -> None:
    page = segment_html("<p>  a&amp;b \n\t c&nbsp;&nbsp;d&lt;e&gt;  </p><p> \n </p>")
    assert [tuple(b) for b in page.blocks] == [(0, "a&b c d<e>", 0, 10)]


def test_lists_and_navigation() -> None:
    html = (
        "<nav class='site-nav'><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/news'>World News</a></li></ul></nav>"
        "<ol><li>First <em>step</em></li><li>Second</li></ol>"
        "<dl><dt>Term</dt><dd>Definition</dd></dl>"
    )
    page = segment_html(html)
    assert texts(html) == ["Home", "World News", "First step", "Second", "Term", "Definition"]
    for nav_item in (0, 1):
        assert feature(page, nav_item, "link_density") == 1.0
        assert flags_set(page, nav_item) == {"tag_li", "in_nav", "hint_nav"}
    assert feature(page, 2, "link_density") == 0
    assert flags_set(page, 2) == {"tag_li"}
    assert {"tag_li"} == flags_set(page, 4) == flags_set(page, 5)
    assert_spans_exact(page)


def test_tables_give_one_block_per_cell() -> None:
    html = (
        "<table><caption>Prices</caption><tr><th>Item</th><th>Cost</th></tr>"
        "<tr><td>Tea <b>(green)</b></td><td>3</td></tr><tr><td></td><td> </td></tr></table>"
    )
    page = segment_html(html)
    assert texts(html) == ["Prices", "Item", "Cost", "Tea (green)", "3"]
    assert flags_set(page, 0) == {"tag_figcaption"}
    assert all(flags_set(page, i) == {"tag_cell"} for i in range(1, 5))
    assert feature(page, 3, "depth") == 5  # body 1, table 2, tbody 3, tr 4, td 5


def test_headings_quotes_captions_and_code() -> None:
    html = (
        "<h1>Title</h1><h3>Sub</h3><blockquote>Quoted words</blockquote>"
        "<figure><img src=a.jpg alt='no'><figcaption>Photo: AP</figcaption></figure>"
        "<pre>line one\n\n  line two\n</pre><p><code>x = 1</code></p>"
        "<p>Use <code>grep</code> here</p>"
    )
    page = segment_html(html)
    assert texts(html) == [
        "Title",
        "Sub",
        "Quoted words",
        "Photo: AP",
        "line one",
        "line two",
        "x = 1",
        "Use grep here",
    ]
    assert [feature(page, i, "heading_level") for i in range(3)] == [1, 3, 0]
    assert flags_set(page, 0) == set() and flags_set(page, 1) == set()  # headings: no one-hot
    assert flags_set(page, 2) == {"tag_blockquote"}
    assert flags_set(page, 3) == {"tag_figcaption"}
    assert flags_set(page, 4) == flags_set(page, 5) == flags_set(page, 6) == {"tag_pre"}
    assert flags_set(page, 7) == {"tag_p"}  # inline code does not make prose code


def test_text_directly_in_containers_between_blocks() -> None:
    html = "<section>before<div>inner</div>between<p>para</p>after</section>"
    assert texts(html) == ["before", "inner", "between", "para", "after"]


def test_landmarks_and_roles() -> None:
    html = (
        "<header>Site name</header><div role='navigation'>Menu links</div>"
        "<main><article><p>Story.</p><aside>Aside</aside></article></main>"
        "<form><label>Email</label></form><div role='contentinfo'>Legal</div>"
        "<footer>Footer text</footer>"
    )
    page = segment_html(html)
    assert [b.text for b in page.blocks] == [
        "Site name",
        "Menu links",
        "Story.",
        "Aside",
        "Email",
        "Legal",
        "Footer text",
    ]
    landmarks = [{f for f in flags_set(page, i) if f.startswith("in_")} for i in range(7)]
    assert landmarks == [
        {"in_header"},
        {"in_nav"},
        {"in_main", "in_article"},
        {"in_main", "in_article", "in_aside"},
        {"in_form"},
        {"in_footer"},
        {"in_footer"},
    ]


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ('class="post-comments"', {"hint_comment"}),
        ('class="main has-comments"', {"hint_comment"}),
        ('id="socialShareBar"', {"hint_share"}),
        ('class="ad-slot"', {"hint_ad"}),
        ('class="AD_unit top"', {"hint_ad"}),
        ('class="shadow header-bar load badge"', set()),  # "ad" inside words is not "ad"
        ('class="cookie-consent gdpr"', {"hint_cookie"}),
        ('class="related-posts"', {"hint_related"}),
        ('class="widget-area"', {"hint_sidebar"}),
        ('class="breadcrumbs"', {"hint_breadcrumb"}),
        ('class="newsletter-signup"', {"hint_newsletter"}),
        ('class="byline author"', {"hint_byline"}),
        ('class="wp-caption-text"', {"hint_caption"}),
        ('class="site-footer"', {"hint_footer"}),
        ('role="menu"', {"hint_nav"}),
        ('class="navigation" id="comments"', {"hint_nav", "hint_comment"}),
    ],
)
def test_class_id_role_hints_match_whole_parts(attrs: str, expected: set[str]) -> None:
    page = segment_html(f"<div {attrs}><span>inside</span></div>")
    assert {f for f in flags_set(page, 0) if f.startswith("hint_")} == expected


def test_hints_come_from_any_ancestor_and_inline_elements() -> None:
    html = (
        "<div class='sidebar'><section><p>Deep in a sidebar</p></section></div>"
        "<p>By <span class='byline'>Jane Roe</span></p><p>Plain</p>"
    )
    page = segment_html(html)
    assert "hint_sidebar" in flags_set(page, 0)
    assert "hint_byline" in flags_set(page, 1)
    assert not any(f.startswith("hint_") for f in flags_set(page, 2))


PROSE = "This sentence is long enough to count as prose, with a comma or two, surely."


def test_container_features_find_the_element_holding_the_prose() -> None:
    html = (
        "<body><nav><ul><li><a>Home</a></li><li><a>World</a></li></ul></nav>"
        f"<div class='story'><h1>Headline</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>"
        f"<p>{PROSE}</p></div>"
        f"<div class='aside'><p>{PROSE}</p></div><footer>Contact us</footer></body>"
    )
    page = segment_html(html)
    names = [b.text for b in page.blocks]
    assert names == ["Home", "World", "Headline", *[PROSE] * 5, "Contact us"]
    inside = [feature(page, i, "in_container") for i in range(len(names))]
    # the story div holds 4 of the 5 prose blocks (>= 60%): it is the container, the body
    # (which holds all 5) is not, being shallower
    assert inside == [0, 0, 1, 1, 1, 1, 1, 0, 0]
    assert feature(page, 3, "share_elem") == pytest.approx(0.8)
    assert feature(page, 7, "share_elem") == pytest.approx(0.2)
    assert feature(page, 3, "prose_in_elem") == 4
    assert feature(page, 7, "blocks_from_container") == 1
    assert feature(page, 8, "blocks_from_container") == 2
    assert feature(page, 0, "blocks_from_container") == 2
    assert feature(page, 3, "container_gap") == 0
    assert feature(page, 0, "container_gap") == -1
    assert [feature(page, i, "in_top_candidate") for i in (0, 3, 7)] == [0, 1, 0]


def test_container_features_of_a_page_without_prose() -> None:
    page = segment_html("<ul><li>One</li><li>Two</li></ul>")
    assert page.dom[:, DOM_FEATURE_NAMES.index("in_container")].tolist() == [0, 0]
    assert page.dom[:, DOM_FEATURE_NAMES.index("share_elem")].tolist() == [0, 0]


def test_empty_and_text_only_pages() -> None:
    empty = segment_html("")
    assert (empty.body, empty.blocks, empty.dom.shape) == ("", (), (0, len(DOM_FEATURE_NAMES)))
    assert texts("just some text") == ["just some text"]
    assert texts("<frameset><frame src=a></frameset>") == []


# --- hostile pages -------------------------------------------------------------------------


def test_hundred_thousand_nested_divs() -> None:
    depth = 100_000
    page = segment_html("<div>" * depth + "deep" + "</div>" * depth + "<p>after</p>")
    assert [b.text for b in page.blocks] == ["deep", "after"]
    assert_spans_exact(page)


def test_deep_nesting_keeps_text_order() -> None:
    over = MAX_NESTING_DEPTH + 100
    html = "<section>" * over + "a<p>b</p>" + "</section>" * over + "c"
    assert texts(html) == ["a", "b", "c"]
    inline = "<span>" * 50_000 + "x" + "</span>" * 50_000
    assert texts(inline) == ["x"]


def test_fifty_megabyte_attribute() -> None:
    page = segment_html('<div class="nav ' + "x" * 50_000_000 + '"><p>hi</p></div>')
    assert [b.text for b in page.blocks] == ["hi"]
    assert "hint_nav" in flags_set(page, 0)


def test_invalid_characters_and_broken_markup() -> None:
    html = "\x00<p>a\ud800b\ufffd</p><<</div></p><p>c</b></i><!-- unclosed <p>lost"
    page = segment_html(html)
    assert [b.text for b in page.blocks] == ["a?b\ufffd", "<<", "c"]
    assert_spans_exact(page)
    assert texts("<p>x</p><script>" + "<div>" * 5000) == ["x"]


def test_huge_text_node() -> None:
    page = segment_html("<p>" + "word " * 1_000_000 + "</p>")
    assert len(page.blocks) == 1 and len(page.blocks[0].text) == 5 * 1_000_000 - 1


# --- metadata ------------------------------------------------------------------------------


def test_metadata_from_meta_tags() -> None:
    html = """<html lang="en-US"><head>
    <title>  The  Headline | Site </title>
    <meta property="og:title" content="The Headline">
    <meta property="og:site_name" content="The Daily">
    <meta name="author" content="Jane Roe">
    <meta property="article:published_time" content="2024-05-07T10:11:12+02:00">
    <link rel="Canonical" href="https://daily.test/a/1">
    </head><body><h1>The <em>Headline</em></h1><p>Text.</p></body></html>"""
    meta = segment_html(html).meta
    assert meta.title == "The Headline | Site"
    assert meta.og_title == "The Headline"
    assert meta.h1 == "The Headline"
    assert meta.site_name == "The Daily"
    assert meta.author == "Jane Roe"
    assert meta.published == "2024-05-07"
    assert meta.language == "en"
    assert meta.canonical_url == "https://daily.test/a/1"


def test_metadata_from_json_ld_graph() -> None:
    html = """<head><meta property="article:author" content="https://facebook.com/jane">
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Daily"},
      {"@type": "NewsArticle", "datePublished": "2023-11-30T08:00:00Z",
       "author": [{"@type": "Person", "name": "Ann Lee"}, {"name": "Bo Chen"}, 7]}]}
    </script></head><body><time datetime="2020-01-01">old</time></body>"""
    meta = segment_html(html).meta
    assert meta.author == "Ann Lee, Bo Chen"  # the profile URL is not a name
    assert meta.published == "2023-11-30"


@pytest.mark.parametrize(
    "json_ld",
    [
        "{not json",
        "[1, 2, 3]",
        "42",
        '"just a string"',
        "[" * 100_000 + "]" * 100_000,
        '{"author": {"name": ["x"]}, "datePublished": 5}',
        '{"@graph": {"author": null}}',
        "",
    ],
)
def test_broken_json_ld_never_raises(json_ld: str) -> None:
    html = (
        f'<script type="application/ld+json">{json_ld}</script>'
        '<time datetime="May 7, 2024">May 7</time><p>x</p>'
    )
    meta = segment_html(html).meta
    assert meta.author in (None, "x")
    assert meta.published == "2024-05-07"  # from <time datetime>, JSON-LD gave nothing


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-07", "2024-05-07"),
        ("2024/5/7 10:00", "2024-05-07"),
        ("20240507T101112Z", "2024-05-07"),
        ("Tue, 07 May 2024 10:11:12 GMT", "2024-05-07"),
        ("Tuesday, May 7th, 2024", "2024-05-07"),
        ("7 May 2024", "2024-05-07"),
        ("2024-02-30", None),  # not a calendar date: no date rather than a wrong one
        ("last week", None),
        ("Dec 23", None),  # no year: not a full date
    ],
)
def test_published_dates_are_normalized_when_parseable(value: str, expected: str | None) -> None:
    meta = segment_html(f'<meta property="article:published_time" content="{value}">').meta
    assert meta.published == expected


def test_missing_metadata_is_none() -> None:
    meta = segment_html("<html lang='x-klingon-long'><p>Just text</p></html>").meta
    assert meta.title is meta.og_title is meta.h1 is meta.site_name is None
    assert meta.author is meta.published is meta.language is meta.canonical_url is None


def test_a_page_shown_only_in_noscript_is_read_without_scripts() -> None:
    # forums such as Discourse put the whole page in <noscript> for clients without scripts
    post = "Only here, for crawlers: " + "the whole discussion thread is in this block. " * 3
    page = segment_html(
        f"<body><div id=app>Loading</div><noscript><h1>Topic</h1><p>{post}</p></noscript></body>"
    )
    assert [b.text for b in page.blocks] == ["Loading", "Topic", post.strip()]


def test_noscript_notices_stay_out_of_a_page_with_content() -> None:
    body = "<p>" + "The article has plenty of words of its own. " * 10 + "</p>"
    page = segment_html(body + "<noscript><p>Please enable JavaScript.</p></noscript>")
    assert len(page.blocks) == 1
    assert "JavaScript" not in page.body
