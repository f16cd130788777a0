"""HTML and WARC inputs through the whole cleaner: API and CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from warc_builders import html_http, response, warc_file

import decruft
from decruft.cli import main

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
