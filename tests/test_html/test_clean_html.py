"""HTML and WARC inputs through the whole cleaner: API and CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
from warc_builders import html_http, response, warc_file

import decruft
from decruft.cli import main
from decruft.config import Config
from decruft.model import RawRecord
from decruft.page.classifier import STACK_FEATURES, BlockScorer, shipped_scorer
from decruft.page.classlex import CLASS_FEATURE_NAMES, CLASS_LEX_BITS, name_bucket
from decruft.page.features import FEATURE_NAMES, LEX_BITS
from decruft.page.forest import Forest
from decruft.pipeline import clean_batch
from decruft.segment.html import DOM_FEATURE_NAMES

PARAGRAPH = (
    "The city council approved the new transport budget on Monday after a debate that "
    "lasted most of the afternoon, and the first works will start in the spring. "
)
PAGE = f"""<!doctype html><html lang="en"><head><title>Budget approved | City News</title>
<meta property="og:title" content="Council approves transport budget">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-05-06T08:00:00Z">
<script>var tracking = "never shown";</script><style>p {{ color: red }}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article><h1>Council approves transport budget</h1>
<p>{PARAGRAPH * 3}</p><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH}</p></article>
<footer><p>Copyright 2024 City News. All rights reserved.</p></footer></body></html>"""


def test_clean_html_keeps_the_article_and_explains_the_rest() -> None:
    page = decruft.clean_html(PAGE, url="https://news.test/budget", http_status=200)
    assert page.verdict.kind is decruft.VerdictKind.ARTICLE
    assert PARAGRAPH.strip() in page.text
    assert "tracking" not in page.body and "color: red" not in page.body
    assert "Home" not in page.text.splitlines()
    assert "Copyright" not in page.text
    assert page.meta.title == "Council approves transport budget"
    assert page.meta.author == "Jane Doe"
    assert page.meta.date == "2024-05-06"
    assert page.meta.language == "en"
    assert page.url == "https://news.test/budget"
    for r in page.removals:  # spans index the page's visible text exactly
        first = page.blocks[r.block]
        last = page.blocks[r.block + r.blocks - 1]
        assert (r.start, r.end) == (first.start, last.end)
        assert page.body[r.start : r.end].startswith(first.text)


def test_cli_cleans_html_files_and_warcs_together(tmp_path: Path) -> None:
    html_file = tmp_path / "story.html.gz"
    html_file.write_bytes(gzip.compress(PAGE.encode()))
    png = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG"
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(
        warc_file(
            [
                response(html_http(PAGE.encode()), uri="https://news.test/a"),
                response(png, uri="https://news.test/logo.png"),
            ]
        )
    )
    out = tmp_path / "out"
    assert main(["clean", str(html_file), str(warc), "-o", str(out), "-q"]) == 0
    pages = [json.loads(line) for line in (out / "pages.jsonl").read_text().splitlines()]
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert [p["id"] for p in pages] == ["story", "crawl-0"]
    assert all(p["verdict"] == "article" for p in pages)
    assert pages[1]["url"] == "https://news.test/a" and pages[1]["http_status"] == 200
    assert len(rejects) == 1 and "image/png" in rejects[0]["reason"]


def _one_split_forest(feature: int, border: float, n_features: int) -> Forest:
    """A one-tree forest: far below 0.5 when ``feature`` <= border, far above when greater."""
    split = {"float_feature_index": feature, "border": border, "split_type": "FloatFeature"}
    model = {
        "features_info": {"float_features": [{"feature_index": feature, "borders": [border]}]},
        "oblivious_trees": [{"splits": [split], "leaf_values": [-5.0, 5.0]}],
        "scale_and_bias": [1.0, [0.0]],
    }
    return Forest.from_catboost_json(model, n_features=n_features)


def test_a_mixed_batch_scores_each_page_with_its_own_model() -> None:
    """Text and HTML pages in one batch come out as they do alone: the HTML page is scored
    by the HTML model (reading DOM features after the text features), the text page by the
    text model."""
    n_text = len(FEATURE_NAMES)
    tag_p = n_text + DOM_FEATURE_NAMES.index("tag_p")
    html_model = BlockScorer(
        _one_split_forest(tag_p, 0.5, n_text + len(DOM_FEATURE_NAMES)),
        _one_split_forest(0, 0.5, STACK_FEATURES),
        np.zeros(1 << LEX_BITS, dtype=np.float32),
    )
    text = RawRecord("t", "t.txt", "Menu\nCouncil approves budget\n" + PARAGRAPH * 2)
    html = RawRecord("h", "h.html", "", html=PAGE)
    models = {"scorer": shipped_scorer(), "html_scorer": html_model}
    together = clean_batch([text, html, text], Config(), **models)
    alone = [clean_batch([r], Config(), **models)[0] for r in (text, html, text)]
    assert [p.to_dict() for p in together] == [p.to_dict() for p in alone]
    assert together[0].to_dict() == clean_batch([text], Config())[0].to_dict()
    # the HTML model kept exactly the <p> blocks (and the headline the pipeline gives back)
    paragraphs = {b.text for b in together[1].blocks if b.text.startswith("The city council")}
    kept = set(together[1].text.splitlines())
    assert kept == paragraphs | {"Council approves transport budget"}


def test_the_shipped_html_model_reads_text_dom_class_and_container_features() -> None:
    from decruft.page.classifier import shipped_html_scorer
    from decruft.page.containers import CONTAINER_FEATURE_NAMES

    scorer = shipped_html_scorer()
    assert scorer is not None
    assert scorer.class_lexicon is not None and scorer.containers
    n_html = len(DOM_FEATURE_NAMES) + len(CLASS_FEATURE_NAMES)
    assert scorer.stage1.n_features == len(FEATURE_NAMES) + n_html
    assert scorer.stage2.n_features == STACK_FEATURES + len(CONTAINER_FEATURE_NAMES)


def test_an_html_model_with_a_class_lexicon_reads_the_names_around_each_block() -> None:
    """The class features come after the DOM features: a model that keeps blocks whose
    nearest named element scores above 0 keeps the story and drops the comments, whatever
    their text says."""
    n_text = len(FEATURE_NAMES)
    nearest = n_text + len(DOM_FEATURE_NAMES) + CLASS_FEATURE_NAMES.index("class_nearest")
    lexicon = np.zeros(1 << CLASS_LEX_BITS, dtype=np.float32)
    lexicon[name_bucket("story")] = 2.0
    lexicon[name_bucket("comment")] = -2.0
    model = BlockScorer(
        _one_split_forest(nearest, 0.0, nearest + len(CLASS_FEATURE_NAMES)),
        _one_split_forest(0, 0.5, STACK_FEATURES),
        np.zeros(1 << LEX_BITS, dtype=np.float32),
        lexicon,
    )
    html = (
        f'<div class="story-body"><p>{PARAGRAPH}</p><p>{PARAGRAPH[::-1]}</p></div>'
        '<div class="user-comments"><p>I think the council got this one right, although '
        "the works will surely take longer than they say, as they always do.</p></div>"
    )
    page = clean_batch([RawRecord("h", "h.html", "", html=html)], Config(), html_scorer=model)[0]
    assert page.text.splitlines() == [PARAGRAPH.strip(), PARAGRAPH[::-1].strip()]
    assert [r.rule for r in page.removals] == ["classifier"]


def test_html_pages_get_their_page_type_from_the_html_page_typer() -> None:
    from decruft.page.pagetype import N_FEATURES, N_HTML_FEATURES, shipped_page_typer

    typer = shipped_page_typer(html=True)
    assert typer is not None
    assert typer.forest.n_features == N_FEATURES + N_HTML_FEATURES
    page = decruft.clean_html(PAGE, url="https://news.test/budget")
    assert page.verdict.page_type == "article"


def test_declared_types_and_dom_shape_fill_the_html_page_type_row() -> None:
    from decruft.page.pagetype import N_HTML_FEATURES, html_page_type_features
    from decruft.segment.html import segment_html

    shop = segment_html(
        '<script type="application/ld+json">{"@type": "Product", "name": "Lamp"}</script>'
        "<ul><li>Lamp</li><li>Shade</li><li>Bulb</li></ul><table><tr><td>9.99</td></tr></table>"
    )
    row = html_page_type_features(shop.dom, shop.meta.declared_types)
    assert row.shape == (N_HTML_FEATURES,)
    assert row[2] == 1 and row[0] == 0  # declares a product, not an article
    empty = html_page_type_features(np.zeros((0, len(DOM_FEATURE_NAMES)), np.float32), ())
    assert not empty.any()


def test_clean_html_takes_bytes_and_decodes_them_as_files_are() -> None:
    latin = PAGE.replace("Monday", "Montag über").encode("cp1252")
    head = b'<meta charset="windows-1252">'
    page = decruft.clean_html(head + latin)
    assert "Montag über" in page.text
    assert decruft.clean_html(PAGE.encode()).text == decruft.clean_html(PAGE).text
