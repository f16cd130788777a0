"""Metadata rules for HTML pages: title choice, site-name stripping, JSON-LD, bylines, dates."""

from __future__ import annotations

import json

import pytest

import decruft
from decruft.page.metadata.title_agreement import choose_title, strip_site
from decruft.segment.html import segment_html
from decruft.segment.htmlmeta import HtmlMeta, normalize_date, url_date

BODY = "<p>" + "The council met on Monday and approved the budget for next year. " * 6 + "</p>"


def meta_of(head: str, body: str = "") -> HtmlMeta:
    return segment_html(f"<html><head>{head}</head><body>{body}{BODY}</body></html>").meta


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# --- site names and titles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("How to Brew Tea | Leaf & Cup", ("Leaf & Cup",), "How to Brew Tea"),
        ("Leaf & Cup - How to Brew Tea", ("Leaf & Cup",), "How to Brew Tea"),
        ("How to Brew Tea — Leaf and Cup Magazine", ("Leaf and Cup Magazine",), "How to Brew Tea"),
        ("How to Brew Tea :: LeafCup", ("leafcup",), "How to Brew Tea"),
        ("How to Brew Tea · Leaf Cup ZA", ("Leaf Cup",), "How to Brew Tea"),  # a variant
        ("How to Brew Tea | Tips | Leaf Cup", ("Leaf Cup",), "How to Brew Tea | Tips"),
        ("Tea - Leaf Cup", ("Leaf Cup - Fine teas since 1900",), "Tea"),  # part of a long name
        ("Co-op news - a long-read", ("Leaf Cup",), "Co-op news - a long-read"),  # no site
        ("Leaf Cup", ("Leaf Cup",), "Leaf Cup"),  # nothing but the name: kept
        ("How to Brew Good Tea | Leafcup Shop", (), "How to Brew Good Tea"),  # a brand, surely
        ("Brew Tea | Leaf Cup Fine Teas Shop", (), "Brew Tea | Leaf Cup Fine Teas Shop"),
        ("Brew Tea - Leaf Cup", (), "Brew Tea - Leaf Cup"),  # a dash may be the title's own
    ],
)
def test_strip_site(title: str, sites: tuple[str, ...], expected: str) -> None:
    assert strip_site(title, sites) == expected


def test_site_suffix_dropped_using_og_site_name() -> None:
    meta = meta_of(
        "<title>Budget Approved After Long Debate | City Courier</title>"
        '<meta property="og:site_name" content="City Courier">'
    )
    assert choose_title(meta, None, None) == "Budget Approved After Long Debate"


def test_site_suffix_dropped_using_the_host_name() -> None:
    meta = meta_of("<title>Budget Approved After Long Debate - City Courier</title>")
    url = "https://www.citycourier.example/news/budget"
    assert choose_title(meta, None, url) == "Budget Approved After Long Debate"
    canonical = f'<link rel="canonical" href="{url}">'
    meta = meta_of(f"<title>Budget Approved After Long Debate - City Courier</title>{canonical}")
    assert choose_title(meta, None, None) == "Budget Approved After Long Debate"


def test_heading_confirmed_by_title_prefix_wins_without_a_site_name() -> None:
    meta = meta_of(
        "<title>Budget Approved After Long Debate | Local | Courier</title>",
        "<h1>Budget Approved After Long Debate</h1>",
    )
    assert choose_title(meta, None, None) == "Budget Approved After Long Debate"


def test_logo_heading_is_skipped_for_the_one_the_title_confirms() -> None:
    meta = meta_of(
        '<title>Budget Approved — City Courier</title><meta property="og:site_name" '
        'content="City Courier">',
        "<header><h1>City Courier</h1></header><article><h1>Budget Approved</h1></article>",
    )
    assert meta.headings == ("City Courier", "Budget Approved")
    assert choose_title(meta, None, None) == "Budget Approved"


def test_heading_that_is_only_the_title_suffix_is_not_the_title() -> None:
    meta = meta_of(
        "<title>Budget Approved After Long Debate — Courier Blog</title>",
        "<h1>Courier Blog</h1>",
    )
    assert choose_title(meta, None, None) == "Budget Approved After Long Debate"


def test_short_heading_sharing_no_word_with_the_titles_is_a_logo() -> None:
    head = (
        "<title>Raw HTTP Message Logging for .NET HttpClient | CODE FARM</title>"
        '<meta property="og:type" content="article">'
    )
    meta = meta_of(head, "<h1>Blog</h1>")
    assert choose_title(meta, None, None) == "Raw HTTP Message Logging for .NET HttpClient"
    # a short headline that shares a word with the title is still the headline
    meta = meta_of(head, "<h1>Raw HTTP Logging</h1>")
    assert choose_title(meta, None, None) == "Raw HTTP Logging"


def test_title_cut_short_by_the_cms_confirms_the_heading() -> None:
    heading = "Council approves the transport budget after a debate that lasted all afternoon"
    meta = meta_of(
        "<title>Council approves the transport budget after a debate th | Courier</title>",
        f"<h1>{heading}</h1>",
    )
    assert choose_title(meta, None, None) == heading


def test_unconfirmed_heading_wins_on_articles_og_title_on_other_pages() -> None:
    head = '<meta property="og:title" content="Transport Budget 2025: What It Means | Courier">'
    body = "<h1>Council Approves the Transport Budget</h1>"
    landing = meta_of(head, body)
    article = meta_of(head + '<meta property="og:type" content="article">', body)
    assert not landing.is_article and article.is_article
    assert choose_title(article, None, None) == "Council Approves the Transport Budget"
    assert choose_title(landing, None, None) == "Transport Budget 2025: What It Means"
    as_ld = meta_of(head + ld({"@type": "NewsArticle", "headline": "x"}), body)
    assert as_ld.is_article


def test_text_headline_used_when_the_html_names_nothing() -> None:
    assert choose_title(meta_of(""), "Found In The Text", None) == "Found In The Text"
    assert choose_title(meta_of(""), None, None) is None


def test_clean_html_title_end_to_end() -> None:
    page = decruft.clean_html(
        "<html><head><title>Council Approves Transport Budget | City News</title>"
        '<meta property="og:site_name" content="City News"></head><body><header><h1>City '
        "News</h1></header><article><h1>Council Approves Transport Budget</h1>"
        f"{BODY}</article></body></html>"
    )
    assert page.meta.title == "Council Approves Transport Budget"


# --- JSON-LD ---------------------------------------------------------------------------------


def test_json_ld_graph_with_id_references() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://c.test/#site", "name": "Courier"},
            {
                "@type": "BlogPosting",
                "headline": "Budget Approved",
                "datePublished": "2024-03-05T08:00:00+01:00",
                "author": {"@id": "https://c.test/#/person/1"},
                "publisher": {"@id": "https://c.test/#org"},
            },
            {"@type": "Person", "@id": "https://c.test/#/person/1", "name": "Ann Lee"},
            {"@type": "Organization", "@id": "https://c.test/#org", "name": "Courier Media"},
        ],
    }
    meta = meta_of(ld(graph))
    assert meta.author == "Ann Lee"
    assert meta.published == "2024-03-05"
    assert meta.headline == "Budget Approved"
    assert meta.is_article
    assert set(meta.site_names) == {"Courier", "Courier Media"}


def test_declared_types_from_json_ld_and_og_type() -> None:
    blocks = [
        {"@type": ["WebPage", "FAQPage"], "mainEntity": [{"@type": "Question"}]},
        {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem"}] * 3},
    ]
    meta = meta_of(ld(blocks) + '<meta property="og:type" content=" Website ">')
    assert meta.declared_types == (
        "og:website",
        "faqpage",
        "webpage",
        "breadcrumblist",
        "question",
        "listitem",
    )
    assert meta_of("<title>T</title>").declared_types == ()


def test_json_ld_list_of_blocks_and_article_first() -> None:
    blocks = [
        {"@type": "WebPage", "datePublished": "2020-01-01", "author": "Web Team"},
        {"@type": "NewsArticle", "datePublished": "2024-06-07", "author": [{"name": "Bo Chen"}]},
    ]
    meta = meta_of(ld(blocks))
    assert meta.published == "2024-06-07"  # the article's, not the page's
    assert meta.author == "Bo Chen"


def test_organization_author_gives_way_to_the_visible_byline() -> None:
    org = ld({"@type": "Article", "author": {"@type": "Organization", "name": "Acme Corp"}})
    meta = meta_of(org, '<div class="post-author">By Jane Roe</div>')
    assert meta.author == "Jane Roe"
    assert meta_of(org).author == "Acme Corp"  # still better than nothing


@pytest.mark.parametrize(
    "raw",
    [
        '{"@type": "Article", "author": {"name": "Ann Lee"}, "description": "two\nlines"}',
        '{"@type": "Article", "author": {"name": "Ann Lee"}, "keywords": ["a", "b", ],}',
        '{"@type": "Article", // the post\n "author": {"name": "Ann Lee"}}',
        '{"@type": "Article", "author": {"name": "Ann Lee"}} {"@type": "WebSite"}',
    ],
)
def test_malformed_json_ld_read_leniently(raw: str) -> None:
    meta = meta_of(f'<script type="application/ld+json">{raw}</script>')
    assert meta.author == "Ann Lee"


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        '{"author": ',
        "[" * 50_000,
        '{"@graph": [' + "{}," * 10_000 + "{}]}",
        '{"author": {"@id": "x"}, "@id": "x"}',  # refers to itself
        '{"author": [null, 3, {"name": {"x": 1}}], "datePublished": ["soon"]}',
    ],
)
def test_broken_json_ld_gives_nothing_and_never_raises(raw: str) -> None:
    meta = meta_of(f'<script type="application/ld+json">{raw}</script>')
    assert meta.author is None and meta.published is None


# --- authors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<span class="byline">By Jane Roe | March 3, 2024</span>', "Jane Roe"),
        ('<div class="author">Written by: Jane Roe</div>', "Jane Roe"),
        ('<a rel="author" href="/u/jr">Jane Roe</a>', "Jane Roe"),
        (
            '<div itemprop="author"><span itemprop="name">Ana de la Cruz</span></div>',
            "Ana de la Cruz",
        ),
        ('<p class="author-box"><a>Jane Roe</a> <span>Staff Writer</span></p>', "Jane Roe"),
        ('<div class="byline"><span>Jane Roe</span><span>Dec 3, 2025</span></div>', "Jane Roe"),
        ('<div class="author">Written by</div><a class="author-name">Jane Roe</a>', "Jane Roe"),
        ('<span class="comment-author">Troll</span>', None),
        ('<div class="author">Jun</div>', None),  # a month is not a name
        ('<div class="author">' + "Jane Roe " * 30 + "</div>", None),  # a bio box
    ],
)
def test_byline_from_the_dom(body: str, expected: str | None) -> None:
    assert meta_of("", body).author == expected


def test_forum_user_name_is_the_first_poster() -> None:
    posts = "".join(
        f'<div class="post"><span class="author">{u}</span></div>' for u in ("ab_9", "Cy")
    )
    assert meta_of("", posts).author == "ab_9"


def test_author_meta_tags() -> None:
    assert meta_of('<meta name="author" content="Jane Roe">').author == "Jane Roe"
    assert meta_of('<meta name="sailthru.author" content="Jane Roe">').author == "Jane Roe"
    assert meta_of('<meta name="byl" content="By Jane Roe">').author == "Jane Roe"
    assert meta_of('<meta name="author" content="https://x.test/jr">').author is None
    assert meta_of('<meta name="author" content="admin">').author is None


def test_handle_or_site_name_gives_way_to_a_byline() -> None:
    head = '<meta name="author" content="jroe42"><meta property="og:site_name" content="Courier">'
    assert meta_of(head, '<span class="byline">By Jane Roe</span>').author == "Jane Roe"
    assert meta_of(head).author == "jroe42"
    site = '<meta name="author" content="Courier"><meta property="og:site_name" content="Courier">'
    assert meta_of(site, '<span class="byline">By Jane Roe</span>').author == "Jane Roe"


def test_roles_are_not_names() -> None:
    assert meta_of("", '<span class="author">Topic Author</span>').author is None
    head = '<meta name="author" content="Site Admin">'
    assert meta_of(head, '<span class="byline">By Jane Roe</span>').author == "Jane Roe"


def test_prose_after_the_author_is_dropped() -> None:
    head = '<meta name="author" content="Jane Roe, Garden network on Facebook">'
    assert meta_of(head).author == "Jane Roe"
    assert meta_of('<meta name="author" content="Jane Roe, MD">').author == "Jane Roe, MD"


def test_site_name_after_the_author_is_dropped() -> None:
    head = (
        '<meta name="author" content="Ann Lee and Bo Chen, The Courier">'
        '<meta property="og:site_name" content="The Courier">'
    )
    assert meta_of(head).author == "Ann Lee and Bo Chen"


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "month_first", "expected"),
    [
        ("2024-05-07T10:11:12+02:00", True, "2024-05-07"),
        ("2024/5/7", True, "2024-05-07"),
        ("20240507", True, "2024-05-07"),
        ("Tue, 07 May 2024 10:11:12 GMT", True, "2024-05-07"),
        ("Posted on Tuesday, May 7th, 2024 by Jane", True, "2024-05-07"),
        ("7th of May, 2024", True, "2024-05-07"),
        ("Thu, 09/25/2025 - 11:38", True, "2025-09-25"),
        ("05/07/2024", True, "2024-05-07"),
        ("05/07/2024", False, "2024-07-05"),
        ("25.09.2025", True, "2025-09-25"),  # 25 cannot be a month
        ("Published on 01/25/26", True, "2026-01-25"),
        ("Dec 23", True, None),
        ("in 3024 light years", True, None),
        ("PT7M", True, None),
        ("2024-13-45", True, None),
    ],
)
def test_normalize_date(value: str, month_first: bool, expected: str | None) -> None:
    assert normalize_date(value, month_first) == expected


def test_published_date_sources_in_order() -> None:
    time_tag = '<time datetime="2023-02-03">Feb 3</time>'
    assert meta_of("", time_tag).published == "2023-02-03"
    marked = '<time datetime="2020-01-01">x</time><time itemprop="datePublished">2023-02-04</time>'
    assert meta_of("", marked).published == "2023-02-04"  # marked as published
    iso_meta = '<meta itemprop="datePublished" content="2022-02-02">'
    assert meta_of(iso_meta, time_tag).published == "2022-02-02"
    updated = '<div class="updated-date">June 1, 2024</div><div class="post-date">May 7, 2024</div>'
    assert meta_of("", updated).published == "2024-05-07"  # not the "updated" line
    assert meta_of('<meta name="w-published-date" content="2021-09-09">').published == "2021-09-09"


def test_non_iso_structured_date_ranks_below_the_visible_date() -> None:
    head = ld({"@type": "Article", "datePublished": "Jun 24, 2025"})
    assert meta_of(head, '<div class="text__date">August 25, 2024</div>').published == "2024-08-25"
    assert meta_of(head).published == "2025-06-24"


def test_day_first_on_pages_not_in_us_english() -> None:
    body = '<span class="date">05/07/2024</span>'
    page = "<html lang='{}'><body>{}{}</body></html>"
    assert segment_html(page.format("en-GB", body, BODY)).meta.published == "2024-07-05"
    assert segment_html(page.format("en-US", body, BODY)).meta.published == "2024-05-07"


def test_date_from_the_url() -> None:
    assert url_date("https://news.test/story/2018/01/23/a-title/1043/") == "2018-01-23"
    assert url_date("https://news.test/2018-01-23/a-title.html") == "2018-01-23"
    assert url_date("https://news.test/story/9999/99/99/a/") is None
    assert url_date("https://news.test/items/2018/a/") is None
    canonical = '<link rel="canonical" href="https://news.test/2019/12/31/story/">'
    assert meta_of(canonical).published == "2019-12-31"
    page = decruft.clean_html(f"<p>{BODY}</p>", url="https://news.test/2017/03/04/x")
    assert page.meta.date == "2017-03-04"


def test_date_line_just_under_the_heading() -> None:
    body = "<h1>Budget Approved</h1><p>Jane Roe</p><p>17.05.2021</p>"
    page = f"<html lang='de'><body>{body}{BODY}<p>Old post 01.01.2019</p></body></html>"
    assert segment_html(page).meta.published == "2021-05-17"
    far = "<h1>Budget Approved</h1>" + "<p>x</p>" * 10 + "<p>17.05.2021</p>"
    assert meta_of("", far).published is None


def test_repeated_elements_are_capped() -> None:
    from decruft.segment.htmlmeta import MAX_HEADINGS

    meta = meta_of("", "<h1>Same Heading</h1><p>x</p>" * 5000)
    assert meta.headings == ("Same Heading",) * MAX_HEADINGS
    block = ld({"@type": "Article", "author": {"name": "Ann Lee"}})
    meta = meta_of(ld({"@type": "WebSite", "name": "Courier"}) * 500 + block)
    assert meta.author is None  # past the first JSON-LD blocks nothing more is read


def test_og_locale_says_which_english() -> None:
    body = '<span class="date">05/07/2024</span>'
    gb = '<meta property="og:locale" content="en_GB">'
    assert meta_of(gb, body).published == "2024-07-05"
    us = '<meta property="og:locale" content="en_US">'
    assert meta_of(us, body).published == "2024-05-07"


def test_date_line_pieces_are_not_glued() -> None:
    body = (
        '<div class="post-meta"><a>Health</a>DECEMBER 22, 2022'
        "<span>Updated: JAN 2, 2026</span></div>"
    )
    assert meta_of("", body).published == "2022-12-22"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Daniel Renfrow April 3, 2024", "Daniel Renfrow"),
        ("By ALLIN ONE on Jan 5, 2025", "ALLIN ONE"),
        ("By Jane Roe", "Jane Roe"),
        ("By Mayra Decker 3 May 2024", "Mayra Decker"),  # a name that starts like a month
        ("By Tom May", "Tom May"),  # a month-like surname with no date after it
    ],
)
def test_text_byline_stops_at_the_date(line: str, expected: str) -> None:
    from decruft.model import Block
    from decruft.page.metadata.text import find_author

    assert find_author([Block(0, line, 0, len(line))], 0) == expected


def test_month_like_surnames_stay() -> None:
    assert meta_of("", '<span class="byline">By Tom May</span>').author == "Tom May"
    assert (
        meta_of("", '<span class="byline">By Ann Decker 3 May 2024</span>').author == "Ann Decker"
    )
