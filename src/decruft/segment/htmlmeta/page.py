"""page_meta: the page's metadata (HtmlMeta) from the sources the walk collected."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from decruft.segment.htmlmeta.byline import _choose_author
from decruft.segment.htmlmeta.collect import MAX_META_CHARS, MetaSources
from decruft.segment.htmlmeta.dates import _choose_date, _month_first, url_date
from decruft.segment.htmlmeta.jsonld import MAX_SITE_NAMES, _json_ld_facts, _unique
from decruft.segment.htmlmeta.names import _URL_LIKE

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode


# A page declares a handful of types (WebPage, BreadcrumbList, NewsArticle, ...); more are
# repeats of list items and say nothing new about what the page is.
MAX_DECLARED_TYPES = 16
# Schema.org type names are short; a longer "type" is junk and is cut.
MAX_TYPE_CHARS = 40
# Meta keys naming the site.
_SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher")


class HtmlMeta(NamedTuple):
    """Metadata the page declares about itself (never guessed from its text).

    ``title`` is the raw ``<title>``, ``h1`` the first ``<h1>``, ``headings`` the first
    MAX_HEADINGS ``<h1>``; ``headline`` is JSON-LD's; ``site_names`` every name the site
    gives itself (og:site_name, application-name, JSON-LD publisher/WebSite), for telling a
    " | Brand" suffix from the title. ``published`` is always YYYY-MM-DD. ``is_article``: the
    page says it is an article (og:type, a JSON-LD Article/BlogPosting/...).
    """

    title: str | None = None
    og_title: str | None = None
    h1: str | None = None
    site_name: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    headings: tuple[str, ...] = ()
    headline: str | None = None
    site_names: tuple[str, ...] = ()
    page_url: str | None = None
    is_article: bool = False
    # Every JSON-LD @type the page declares (lowercased, first MAX_DECLARED_TYPES) and its
    # og:type as "og:<value>": what the page says it is, for the page-type model.
    declared_types: tuple[str, ...] = ()


def page_meta(root: LexborNode | None, sources: MetaSources, texts: list[str]) -> HtmlMeta:
    """The page's metadata from what the walk collected (and, if needed, its bylines and
    date lines); ``texts`` are the page's blocks, whitespace-collapsed."""
    meta = sources.meta
    ld = _json_ld_facts(sources.json_ld)
    site_names = _unique(
        [*(meta.get(key) for key in _SITE_KEYS), *ld.site_names], limit=MAX_SITE_NAMES
    )
    author = _choose_author(root, meta, ld, site_names)
    language = _language(root)
    month_first = _month_first(root, meta)
    page_url = sources.canonical or _url(meta.get("og:url"))
    return HtmlMeta(
        title=sources.title,
        og_title=meta.get("og:title"),
        h1=sources.h1s[0] if sources.h1s else None,
        site_name=meta.get("og:site_name"),
        author=author,
        published=_choose_date(root, meta, ld, sources.times, month_first, texts, sources.h1s)
        or url_date(page_url),
        language=language,
        canonical_url=sources.canonical,
        headings=tuple(sources.h1s),
        headline=ld.headline,
        site_names=site_names,
        page_url=page_url,
        is_article=ld.has_article or "article" in meta.get("og:type", "").lower(),
        declared_types=_declared_types(ld.types, meta.get("og:type")),
    )


def _declared_types(ld_types: tuple[str, ...], og_type: str | None) -> tuple[str, ...]:
    og = (f"og:{og_type.strip().lower()[:MAX_TYPE_CHARS]}",) if og_type else ()
    return tuple(dict.fromkeys((*og, *(t[:MAX_TYPE_CHARS] for t in ld_types))))[:MAX_DECLARED_TYPES]


def _url(value: str | None) -> str | None:
    return value if value is not None and _URL_LIKE.match(value) else None


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}", re.ASCII)


def _language(root: LexborNode | None) -> str | None:
    """The primary subtag of ``<html lang>`` ("en-US" -> "en")."""
    lang = root.attributes.get("lang") if root is not None else None
    primary = (lang or "")[:MAX_META_CHARS].strip().replace("_", "-").split("-")[0]
    return primary.lower() if _LANGUAGE.fullmatch(primary) else None
