"""Images in the Markdown (``--images``: ![alt](src) where the kept text has them) and the
comment-section step (``--no-comments``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import given, settings, strategies as st

import decruft
from decruft.config import Config
from decruft.output.markdown import MarkdownOptions, render
from decruft.segment.html import Recorded, segment_html
from decruft.segment.html.dom import _Collected, comment_blocks
from decruft.segment.html.links import absolute_images
from decruft.segment.maincontent import MC_COMMENTS

PROSE = "The council approved the plan on Monday after a long debate about its cost. " * 2
FIGURE_PAGE = f"""<html><head><base href="https://news.example/a/"><title>Bridge</title></head>
<body><nav><a href="/">Home</a><img src="/logo.png" alt="Logo"></nav>
<article><h1>Bridge reopens after two years</h1>
<figure><img data-src="img/bridge.jpg" src="data:image/gif;base64,R0lGOD"
 alt="The [new] bridge | at dusk"><figcaption>The bridge at dusk.</figcaption></figure>
<p>{PROSE}</p>
<p><img src="pixel.gif" width="1" height="1"><img srcset="small.jpg 480w, big.jpg 1080w">
{PROSE}</p>
<p>{PROSE}</p></article></body></html>"""


def test_images_are_recorded_only_when_asked_and_resolved() -> None:
    assert segment_html(FIGURE_PAGE).images == ()
    seg = segment_html(FIGURE_PAGE, Recorded(images=True))
    found = absolute_images(seg.images, seg.base, "https://news.example/a/b.html")
    assert [(alt, src) for _, alt, src in found] == [
        ("Logo", "https://news.example/logo.png"),
        # the lazy-loading source, not the placeholder; the pixel is left out
        ("The [new] bridge | at dusk", "https://news.example/a/img/bridge.jpg"),
        ("", "https://news.example/a/small.jpg"),  # the first candidate of srcset
    ]
    blocks = [b for b, _, _ in found]
    texts = seg.blocks.texts
    assert texts[blocks[1]] == "The bridge at dusk." and texts[blocks[2]].startswith("The council")


def test_an_image_shows_where_the_kept_text_holds_it() -> None:
    texts = ["Menu", "Headline", "Caption", "First paragraph.", "Second.", "Gallery 2/50", "x"]
    kept = [False, True, False, True, True, False, False]
    images = [
        (0, "Logo", "https://e.x/logo.png"),  # among removed blocks: not shown
        (2, "Figure", "https://e.x/f.jpg"),  # its caption removed, inside kept text: shown
        (4, "Inline (a)", "https://e.x/i i.jpg"),  # its block kept
        (5, "Gallery", "https://e.x/g.jpg"),  # after the kept text: not shown
    ]
    md = render(texts, kept, None, None, None, (), images)
    assert "Logo" not in md and "Gallery" not in md  # text pages: no shapes, no images
    shapes = _shapes_of(len(texts))
    md = render(texts, kept, shapes, None, None, (), images)
    assert md == (
        "Headline\n\n![Figure](https://e.x/f.jpg) First paragraph.\n\n"
        "![Inline (a)](https://e.x/i%20i.jpg) Second.\n"
    )
    plain = render(texts, kept, shapes, None, MarkdownOptions(images=False), (), images)
    assert plain == "Headline\n\nFirst paragraph.\n\nSecond.\n"


def _shapes_of(n: int) -> object:
    """The shapes of ``n`` plain paragraphs."""
    seg = segment_html("".join(f"<p>b{k}</p>" for k in range(n)))
    from decruft.segment.html.dom import block_shapes

    return block_shapes(seg.dom, seg.tree)


def test_images_through_the_cleaner_and_in_a_table_cell() -> None:
    plain = decruft.clean_html(FIGURE_PAGE, url="https://news.example/a/b.html")
    shown = decruft.clean_html(
        FIGURE_PAGE, Config(images=True), url="https://news.example/a/b.html"
    )
    assert plain.images == () and "![" not in plain.markdown
    assert "![The \\[new\\] bridge \\| at dusk](https://news.example/a/img/bridge.jpg)" in (
        shown.markdown
    )
    assert "logo.png" not in shown.markdown  # the menu it sits in is removed
    assert plain.to_dict() == shown.to_dict()  # the cleaning is the same
    table = (
        "<table><tr><th>Item</th><th>Photo</th></tr>"
        '<tr><td>Bolt</td><td><img src="b.png" alt="a|b">Bolt, 5 mm</td></tr></table>'
    )
    seg = segment_html(table, Recorded(images=True))
    from decruft.segment.html.dom import block_shapes

    md = render(
        seg.blocks.texts,
        [True] * len(seg.blocks),
        block_shapes(seg.dom, seg.tree),
        None,
        None,
        (),
        absolute_images(seg.images, None, None),
    )
    assert "| Bolt | ![a\\|b](b.png) Bolt, 5 mm |" in md


def _comments_case() -> str:
    case = Path(__file__).parent / "cases_html" / "comments.json"
    return str(json.loads(case.read_text("utf-8"))["html"])


def test_no_comments_removes_the_comment_section_with_its_reason() -> None:
    html = _comments_case()
    kept = decruft.clean_html(html, Config(classifier=False))  # the model would drop them
    gone = decruft.clean_html(html, Config(classifier=False, comments=False))
    removed = [r for r in gone.removals if r.rule == "comment-section"]
    assert removed and not [r for r in kept.removals if r.rule == "comment-section"]
    assert all("--no-comments" in r.evidence for r in removed)
    assert all(gone.body[r.start : r.end] not in gone.text for r in removed)
    assert "Water authority to replace 200 km of old pipes" in gone.text
    assert len(gone.text) < len(kept.text)


def test_no_comments_and_images_from_the_command_line(tmp_path: Path) -> None:
    from decruft.cli import main

    src = tmp_path / "page.html"
    src.write_text(_comments_case().replace("<article>", '<article><img src="/top.jpg">'), "utf-8")
    out = tmp_path / "out"
    args = ["clean", str(src), "-o", str(out), "-q", "--format", "markdown"]
    assert main([*args, "--images", "--no-comments", "--threshold", "0"]) == 0
    page = json.loads((out / "pages.jsonl").read_text("utf-8"))
    assert "![](/top.jpg)" in page["markdown"]
    assert any(r["rule"] == "comment-section" for r in page["removed"])
    run = json.loads((out / "run.json").read_text("utf-8"))
    assert run["removed_blocks_by_rule"]["comment-section"] >= 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.booleans()), min_size=1, max_size=40))
def test_comment_marks_pass_down_the_tree(nodes: list[tuple[int, bool]]) -> None:
    """comment_blocks (pointer jumping) is: some element on the way up from a block's own
    element is marked."""
    parents = [-1 if k == 0 else p % k for k, (p, _) in enumerate(nodes)]  # parents first
    rules = [MC_COMMENTS if marked else 0 for _, marked in nodes]
    owns = list(range(-1, len(nodes)))  # a block of each element, and one of none
    collected = _Collected.__new__(_Collected)
    collected.parents, collected.rules, collected.owns = parents, rules, owns

    def naive(e: int) -> bool:
        while e >= 0:
            if rules[e]:
                return True
            e = parents[e]
        return False

    assert comment_blocks(collected).tolist() == [naive(e) for e in owns]
    assert comment_blocks(collected).dtype == np.bool_


EMPHASIS_PAGE = (
    "<html><body><article><h1>Council approves the renewal plan</h1><p>The renewal of the "
    "<b>council</b> plan is <em>new</em>, after a <a href='/x'>long <b>debate</b></a> about "
    "its cost, and <strong><i>everyone</i> agreed</strong> on it in the end, said the mayor "
    "to a crowd of residents.</p><p>A <i>*starred*</i> word and a [bracket] stay text, as "
    "the renderer escapes what Markdown would read as markup in them.</p></article></body></html>"
)


def test_emphasis_only_when_asked_as_whole_words_and_never_inside_links() -> None:
    plain = decruft.clean_html(EMPHASIS_PAGE, url="https://e.x/")
    marked = decruft.clean_html(
        EMPHASIS_PAGE, Config(formatting=True, links=True), url="https://e.x/"
    )
    assert plain.emphasis == () and "**" not in plain.markdown
    assert plain.to_dict() == marked.to_dict()  # the cleaning is the same
    # the outer of two nested elements only
    assert ("everyone agreed", "**") in marked.emphasis and ("everyone", "*") not in marked.emphasis
    md = marked.markdown
    assert "The renewal of the **council** plan is *new*," in md  # not re*new*al
    assert "[long debate](https://e.x/x)" in md  # emphasis inside a link: the link only
    assert "**everyone agreed**" in md and "*\\*starred\\**" in md and "\\[bracket\\]" in md
    assert marked.to_markdown(MarkdownOptions(formatting=False)).count("*") == md.count("\\*")


def test_formatting_from_the_command_line(tmp_path: Path) -> None:
    from decruft.cli import main

    src = tmp_path / "page.html"
    src.write_text(EMPHASIS_PAGE, "utf-8")
    out = tmp_path / "out"
    args = ["clean", str(src), "-o", str(out), "-q", "--format", "markdown", "--formatting"]
    assert main([*args, "--threshold", "0"]) == 0
    page = json.loads((out / "pages.jsonl").read_text("utf-8"))
    assert "**council**" in page["markdown"]
