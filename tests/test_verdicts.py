"""Verdicts on real bundled pages: the status is a prior, content decides."""

from __future__ import annotations

from importlib.resources import files

import decruft
from decruft.model import VerdictKind

SAMPLES = files("decruft") / "data" / "samples"


def _page(name: str) -> decruft.Page:
    return decruft.clean_record((SAMPLES / name).read_text("utf-8"), id=name)


def test_seed_is_an_article_despite_403() -> None:
    page = _page("seed-menafn.txt")
    assert page.verdict.kind == VerdictKind.ARTICLE
    assert page.verdict.page_type == "article"


def test_soft_404_with_status_200_is_an_error_page() -> None:
    page = _page("soft-404.txt")
    assert page.http_status == 200
    assert page.verdict.kind == VerdictKind.ERROR_PAGE
    assert page.text == ""


def test_news_articles_are_articles() -> None:
    for name in ("sh-c82b3d1d540bbbd6.txt", "wcxb-0036.txt"):
        assert _page(name).verdict.kind == VerdictKind.ARTICLE, name


def test_forum_thread_is_not_an_article() -> None:
    page = _page("wcxb-0546.txt")
    assert page.verdict.kind == VerdictKind.NOT_ARTICLE
    assert page.verdict.page_type == "forum"
    assert any("forum" in r for r in page.verdict.reasons)
    assert page.text  # still cleaned and written
