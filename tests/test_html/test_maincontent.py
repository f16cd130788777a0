"""The main-content rules as a block feature: which blocks the rules of the web cut."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from decruft.segment import maincontent
from decruft.segment.html import DOM_FEATURE_NAMES, segment_html

PROSE = (
    "The council approved the transport budget on Monday after a debate that lasted most "
    "of the afternoon, and the first works will start in the spring."
)
COLUMN = DOM_FEATURE_NAMES.index("main_content")


def _values(html: str) -> dict[str, float]:
    page = segment_html(html)
    lines = page.body.split("\n")
    return dict(zip(lines, page.dom[:, COLUMN].tolist(), strict=True))


def _page(inside: str) -> str:
    """``inside`` placed deep in an article, below the page's frame."""
    return (
        "<html><body><div><div><div><article><h1>Budget approved</h1>"
        f"<p>{PROSE}</p>{inside}</article></div></div></div></body></html>"
    )


def test_the_article_is_main_content_and_the_frame_is_not() -> None:
    value = _values(
        '<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/a">About us</a>'
        f"</li></ul></nav><main><article><h1>Budget approved</h1><p>{PROSE}</p></article>"
        '</main><footer><a href="/c">Imprint</a> <a href="/d">Privacy</a></footer>'
        "</body></html>"
    )
    assert value[PROSE] == 1.0
    assert value["Budget approved"] == 1.0
    assert value["Home"] == 0.0
    assert value["Imprint Privacy"] == 0.0


# (markup inside the article, text of the block, whether the rules keep it)
CASES = [
    ('<div class="share-buttons"><p>Share this story now</p></div>', "Share this story now", 0),
    ('<div class="post-share"><p>Share this story now</p></div>', "Share this story now", 1),
    ('<div class="comments"><p>First comment here</p></div>', "First comment here", 0),
    ('<section id="related-articles"><p>Read this next</p></section>', "Read this next", 0),
    ('<div class="entry-content"><p>A kept paragraph</p></div>', "A kept paragraph", 1),
    ('<div class="ad-slot"><p>Buy our product</p></div>', "Buy our product", 0),
    ('<div class="shadow"><p>Not an ad at all</p></div>', "Not an ad at all", 1),
    ("<div hidden><p>Hidden text block</p></div>", "Hidden text block", 0),
    ('<div style="display: none"><p>Hidden by style</p></div>', "Hidden by style", 0),
    ('<div aria-hidden="true"><p>Hidden from readers</p></div>', "Hidden from readers", 0),
    ('<div role="navigation"><p>Menu in a div</p></div>', "Menu in a div", 0),
    ("<aside><p>An aside anywhere</p></aside>", "An aside anywhere", 0),
    ("<button>Load more</button>", "Load more", 0),
    ("<p>Posted <time>May 5</time> by the desk</p>", "Posted May 5 by the desk", 1),
    ('<p class="Social-Links">Follow us</p>', "Follow us", 0),
    ('<div class="gallery"><p>Photo 2/50</p></div>', "Photo 2/50", 0),
    ('<div class="modal"><p>Sign up for the letter</p></div>', "Sign up for the letter", 0),
    ('<div class="modal-dialog-wrapper"><p>Inside a wrapper</p></div>', "Inside a wrapper", 0),
]


@pytest.mark.parametrize(("inside", "text", "kept"), CASES)
def test_named_parts_of_a_page_are_cut_and_the_article_is_not(
    inside: str, text: str, kept: int
) -> None:
    value = _values(_page(inside))
    assert value[text] == float(kept)
    assert value[PROSE] == 1.0


def test_a_footer_is_cut_when_last_in_its_section_and_kept_before_more_content() -> None:
    last = _values(_page('<footer class="byline"><p>Written by a reporter</p></footer>'))
    assert last["Written by a reporter"] == 0.0
    before = _values(
        _page("<footer><p>Written by a reporter</p></footer><p>Another long paragraph.</p>")
    )
    assert before["Written by a reporter"] == 1.0


def test_link_clusters_are_cut_and_prose_with_a_link_is_not() -> None:
    links = "".join(f'<li><a href="/{n}">Other story number {n}</a></li>' for n in range(6))
    prose = f"<p>{PROSE} <a href='/x'>Source</a></p><p>{PROSE}</p><p>{PROSE}</p>"
    value = _values(_page(f"<div><ul>{links}</ul></div>{prose}"))
    assert value["Other story number 3"] == 0.0
    assert value[f"{PROSE} Source"] == 1.0


def test_a_list_of_prose_is_kept() -> None:
    items = "".join(f"<li>{PROSE} Point {n}.</li>" for n in range(3))
    value = _values(_page(f"<div><ul>{items}</ul></div>"))
    assert value[f"{PROSE} Point 1."] == 1.0


TOKENS = st.text(alphabet="abcdefghiklmnoprstuvwxy-_0123456789", min_size=1, max_size=24)
WORDS = st.sampled_from(
    [stem for stems in maincontent._RULE_STEMS.values() for stem in stems.split()]
    + ["wrapper", "main", "sidebar", "item", "section", "l", "m", "c", "is", "no", "s"]
)


@given(st.lists(st.one_of(TOKENS, WORDS), min_size=1, max_size=4).map("-".join))
def test_the_stem_prefilter_finds_every_rule_the_full_rules_find(token: str) -> None:
    full = 0
    for flag, pattern in maincontent._NAME_RULES:
        if pattern.search(token):
            full |= flag
    assert maincontent.token_rules(token) == full


def test_page_furniture_without_attributes_is_cut_by_its_place() -> None:
    assert maincontent.off_main(maincontent.TAG_CUT, 0, 10) == maincontent.CUT
    assert maincontent.off_main(maincontent.TAG_UL, 0, 1) == maincontent.CUT
    assert maincontent.off_main(maincontent.TAG_UL, 0, 8) == maincontent.CHECK_LIST
    assert maincontent.off_main(maincontent.TAG_KEEP, maincontent.MC_AD, 1) == maincontent.KEEP


@given(st.lists(st.one_of(TOKENS, WORDS), min_size=1, max_size=4).map("-".join))
def test_the_stem_trie_finds_what_the_longest_first_alternation_finds(token: str) -> None:
    stems = list(maincontent._STEM_FLAGS)
    plain = re.compile("|".join(sorted(stems, key=len, reverse=True)))
    assert maincontent._STEMS.findall(token) == plain.findall(token)
    assert re.fullmatch(maincontent.trie_pattern(["log", "logo", "login"]), "logo")
