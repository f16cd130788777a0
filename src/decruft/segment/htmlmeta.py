"""Metadata an HTML page declares about itself: titles, site name, author, published date.

The segmenting walk (``segment/html.py``) hands every ``<meta>``, ``<link>``, ``<script>``,
``<title>``, ``<time>`` and ``<h1>`` it passes to ``collect_meta``; ``page_meta`` then reads
the collected sources, plus a few bounded CSS look-ups for bylines and date lines, and the
short lines under an ``<h1>``, when the declared metadata gives no author or date. Nothing
is guessed from the article's prose.

Where several sources speak, the most explicit wins: JSON-LD and ``<meta>`` values typed as
a person's name or an ISO date come first, then the page's visible byline and date line,
then weaker values (an organisation as author, a date not written the ISO way, which
schema.org and Open Graph require and templates that print the wrong date often break).
Choosing the title among ``<title>``, og:title and the ``<h1>`` headings is left to
``page/html_title.py``, which also sees the headline the text model found.

Every input is bounded: attribute values and texts are cut, JSON-LD blocks over
MAX_JSONLD_CHARS are skipped and at most MAX_JSONLD_OBJECTS objects of each of the first
MAX_JSONLD_BLOCKS are visited,
CSS look-ups read at most MAX_DOM_CANDIDATES elements, and every regex is linear.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode


# Metadata values are short; longer ones are cut so a huge attribute cannot flood output.
MAX_META_CHARS = 1000
# A page has a few dozen meta/link/script tags; past this many the rest are ignored.
MAX_META_TAGS = 2000
# JSON-LD blocks are a few KB; a larger one is not worth parsing for an author and a date.
MAX_JSONLD_CHARS = 512 * 1024
# JSON-LD blocks read per page: pages have one to a handful; the rest are ignored.
MAX_JSONLD_BLOCKS = 20
# Objects visited per JSON-LD block (top level, @graph members, mainEntity): bounds the work.
MAX_JSONLD_OBJECTS = 200
# Authors listed in a JSON-LD author array that are kept (joined by ", ").
MAX_AUTHORS = 5
# Names the site gives itself that are kept (og:site_name, JSON-LD publisher, ...): a few.
MAX_SITE_NAMES = 8
# A page declares a handful of types (WebPage, BreadcrumbList, NewsArticle, ...); more are
# repeats of list items and say nothing new about what the page is.
MAX_DECLARED_TYPES = 16
# Schema.org type names are short; a longer "type" is junk and is cut.
MAX_TYPE_CHARS = 40
# <h1> headings kept as title candidates: logos and section names come first on some pages,
# the headline rarely later than the fourth.
MAX_HEADINGS = 8
# <time> elements kept as date candidates (the published one is near the top).
MAX_TIMES = 8
# Byline / date-line elements read by the CSS look-ups, in document order.
MAX_DOM_CANDIDATES = 60
# A byline element's text is a name with a "By" and maybe a date; longer text is a bio box.
BYLINE_MAX_CHARS = 80
# Byline elements after the first name that may narrow it (the name's own element is
# nested a few levels inside the byline box).
MAX_BYLINE_REFINE = 6
# A person's name has at most this many words (particles and "and" included).
NAME_MAX_WORDS = 8
# Blocks under a heading searched for its date line (a byline or a reading time may come first).
HEADING_DATE_WINDOW = 4
# A date line ("Posted on March 3, 2024 by ...") is short; longer text is prose.
DATE_LINE_MAX_CHARS = 100
# A two-digit year ("01/25/26") is in this century: pages are recent.
CENTURY = 2000
# Years outside this range are misparses (a price, a product number), not publish dates.
MIN_YEAR = 1990
MAX_YEAR = 2100

_LD_JSON = "application/ld+json"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- result ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HtmlMeta:
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


# --- collection during the walk ----------------------------------------------------------


class MetaSources:
    """What the metadata is read from, gathered during the walk (first one wins)."""

    __slots__ = ("canonical", "h1s", "json_ld", "meta", "seen", "times", "title")

    def __init__(self) -> None:
        self.meta: dict[str, str] = {}  # property/name/itemprop -> content
        self.title: str | None = None
        self.h1s: list[str] = []
        self.times: list[tuple[str, bool]] = []  # (datetime or text, marked as published)
        self.canonical: str | None = None
        self.json_ld: list[str] = []
        self.seen = 0  # metadata tags looked at, capped by MAX_META_TAGS


def collect_meta(node: LexborNode, tag: str, sources: MetaSources) -> None:
    """Note what a meta/link/script/title/time/h1 element says about the page."""
    sources.seen += 1
    if sources.seen > MAX_META_TAGS:
        return
    if tag == "meta":
        _add_meta_tag(node.attributes, sources.meta)
    elif tag == "link":
        _add_link(node.attributes, sources)
    elif tag == "script":
        _add_script(node, sources)
    elif tag == "title":
        sources.title = sources.title or clean(node.text())
    elif tag == "h1":
        if len(sources.h1s) < MAX_HEADINGS:
            heading = clean(node.text())
            if heading is not None:
                sources.h1s.append(heading)
    elif tag == "time" and len(sources.times) < MAX_TIMES:
        _add_time(node, sources)


def _add_meta_tag(attrs: dict[str, str | None], into: dict[str, str]) -> None:
    """Record the first non-empty content for each of the tag's property/name/itemprop."""
    content = clean(attrs.get("content"))
    if content is None:
        return
    for key_attr in ("property", "name", "itemprop"):
        key = attrs.get(key_attr)
        if key:
            into.setdefault(key[:MAX_META_CHARS].strip().lower(), content)


def _add_link(attrs: dict[str, str | None], sources: MetaSources) -> None:
    rel = (attrs.get("rel") or "")[:MAX_META_CHARS].lower().split()
    if sources.canonical is None and "canonical" in rel:
        sources.canonical = clean(attrs.get("href"))


def _add_script(node: LexborNode, sources: MetaSources) -> None:
    kind = (node.attributes.get("type") or "")[:MAX_META_CHARS].strip().lower()
    if kind == _LD_JSON and len(sources.json_ld) < MAX_JSONLD_BLOCKS:
        text = node.text()
        if len(text) <= MAX_JSONLD_CHARS:
            sources.json_ld.append(text)


def _add_time(node: LexborNode, sources: MetaSources) -> None:
    """A ``<time>``: its datetime (else its text), and whether it says it is the published
    date (itemprop datePublished, a "published"/"posted" class) rather than any date."""
    attrs = node.attributes
    value = clean(attrs.get("datetime")) or clean(node.text())
    if value is None:
        return
    marks = " ".join(
        (attrs.get(name) or "")[:MAX_META_CHARS] for name in ("itemprop", "class", "pubdate")
    ).lower()
    published = "pubdate" in attrs or any(word in marks for word in _PUBLISHED_WORDS)
    sources.times.append((value, published))


def clean(value: str | None) -> str | None:
    """Whitespace-collapsed and cut to MAX_META_CHARS; None if nothing is left."""
    if not value:
        return None
    cleaned = " ".join(value[: MAX_META_CHARS * 4].split())[:MAX_META_CHARS]
    return cleaned or None


# --- the page's metadata -----------------------------------------------------------------

# Meta keys naming the published date, best first (Open Graph, schema.org microdata, Dublin
# Core, and the common CMS/analytics ones).
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "date",
)
# Words that mark a meta key, <time> or element as the published (not updated) date.
_PUBLISHED_WORDS = ("publish", "posted", "pubdate", "datecreated", "entry-date", "post-date")
# ... and the ones that mark the other dates a page shows.
_OTHER_DATE_WORDS = ("modif", "updat", "expir", "revis", "review", "comment", "event")
# Meta keys naming the author, best first; other keys ending in "author" come after them.
_AUTHOR_KEYS = ("author", "article:author", "byl", "dc.creator", "dcterms.creator")
# Meta keys naming the site.
_SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher")
# Author values that name a role or a placeholder, not who wrote the page.
_NOT_NAMES = frozenset(
    (
        *_words(
            "admin administrator author authors name user guest editor webmaster unknown "
            "anonymous null none undefined follow share subscribe"
        ),
        "sign in",
        "log in",
        *_words("monday tuesday wednesday thursday friday saturday sunday today yesterday"),
        *_words("january february march april may june july august september october"),
        *_words("november december jan feb mar apr jun jul aug sep sept oct nov dec"),
    )
)
# Words that make a byline a label or a role ("Topic Author", "Site Admin"), not a name.
_ROLE_WORDS = frozenset(_words("admin administrator author authors moderator webmaster"))
# A JSON-LD @type that is the page's article (Article, NewsArticle, BlogPosting, ...).
_ARTICLE_TYPE = re.compile(r"article|posting|report|review|howto|recipe", re.IGNORECASE)
_PERSON_TYPES = frozenset(("person",))


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


def _unique(values: list[str | None], limit: int) -> tuple[str, ...]:
    """Distinct non-empty values (compared casefolded), first ``limit`` of them."""
    out: list[str] = []
    for value in values:
        if value and value.casefold() not in {v.casefold() for v in out}:
            out.append(value)
    return tuple(out[:limit])


def _url(value: str | None) -> str | None:
    return value if value is not None and _URL_LIKE.match(value) else None


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}", re.ASCII)
_URL_LIKE = re.compile(r"[a-z][a-z0-9+.-]*://|www\.", re.ASCII | re.IGNORECASE)


def _language(root: LexborNode | None) -> str | None:
    """The primary subtag of ``<html lang>`` ("en-US" -> "en")."""
    lang = root.attributes.get("lang") if root is not None else None
    primary = (lang or "")[:MAX_META_CHARS].strip().replace("_", "-").split("-")[0]
    return primary.lower() if _LANGUAGE.fullmatch(primary) else None


# --- author ------------------------------------------------------------------------------


def _choose_author(
    root: LexborNode | None, meta: dict[str, str], ld: _LdFacts, site_names: tuple[str, ...]
) -> str | None:
    """A person credited by the markup, else the visible byline, else an organisation.

    A value that is the site's own name, a user handle ("jdoe") or a role ("Admin") is
    only used when nothing better is found: the visible byline usually names the person.
    """
    declared = [*(_person(meta.get(key)) for key in _AUTHOR_KEYS), *_meta_authors(meta)]
    strong = [ld.person_author, *declared]
    for name in strong:
        if name is not None and not _weak_name(name, site_names):
            return _without_site(name, site_names)
    byline = _dom_byline(root) if root is not None else None
    if byline is not None:
        return byline
    for name in (*strong, ld.other_author):
        if name is not None:
            return _without_site(name, site_names)
    return None


def _meta_authors(meta: dict[str, str]) -> Iterator[str | None]:
    """Values of other meta keys that end in "author" (sailthru.author, parsely-author)."""
    for key, value in meta.items():
        if key.endswith("author") and key not in _AUTHOR_KEYS and ":" not in key:
            yield _person(value)


def _person(value: str | None) -> str | None:
    """A person's name; profile URLs, e-mail addresses and placeholders are not names."""
    if value is None or _URL_LIKE.match(value) or "@" in value or "{" in value:
        return None
    value = _BY_PREFIX.sub("", value).strip(" ,;:|-")
    if not value or value.casefold() in _NOT_NAMES:
        return None
    return value


def _weak_name(name: str, site_names: tuple[str, ...]) -> bool:
    """A user handle (one lowercase or digit-bearing token), a role ("NOC Admin") or the
    site's own name."""
    handle = " " not in name and (name.islower() or any(c.isdigit() for c in name))
    return handle or _has_role(name) or any(_same_name(name, site) for site in site_names)


def _is_prose(text: str) -> bool:
    """Whether ``text`` has a lowercase word that is not a name particle ("on", "network")."""
    return any(w[0].islower() and w.casefold() not in _NAME_PARTICLES for w in text.split())


def _has_role(text: str) -> bool:
    """Whether a word of ``text`` names a role rather than a person ("Topic Author")."""
    return any(word in _ROLE_WORDS for word in text.casefold().split())


def _without_site(name: str, site_names: tuple[str, ...]) -> str | None:
    """ "Jane Roe, The Daily" -> "Jane Roe" when "The Daily" is the site's name; "Jane Roe,
    Garden network on Facebook" -> "Jane Roe" (a part written as prose is dropped when
    another part is not; "Jane Roe, MD" stays)."""
    parts = name.split(", ")
    names = [part for part in parts if not _is_prose(part)]
    if names and len(names) < len(parts):
        name = ", ".join(names)
    for separator in (", ", " - ", " | "):
        head, sep, tail = name.rpartition(separator)
        if sep and any(_same_name(tail, site) for site in site_names):
            return head.strip() or None
    return name


def compact(text: str) -> str:
    """Letters and digits only, casefolded: names compared regardless of spacing, accents
    aside ("Move.org" == "move org")."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _same_name(a: str, b: str) -> bool:
    ca, cb = compact(a), compact(b)
    return bool(ca) and ca == cb


# Byline elements: microdata, rel=author links, author/byline classes (a few selectors: each
# costs a pass over the tree).
_BYLINE_SELECTOR = '[itemprop~="author"], [rel~="author"], [class*="author"], [class*="byline"]'
_BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|published|authored|words|story|text|reported|article)\s+)?by\b[:\s]*"
    r"|^(?:author|authors|writer)\b[:\s]*",
    re.IGNORECASE,
)
# Where a byline's name ends: a date, "on"/"in"/"at", a separator, "updated".
_NAME_END = re.compile(
    r"\s+(?:on|in|at|for|updated|published|posted|last)\s|\s*[|•·,;–—/]|\s+-\s|\s+\d"
    r"|\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+\d",
    re.IGNORECASE,
)
# A forum user name: one token of letters, digits and ._- ("paulb203", "slow-poke").
_HANDLE = re.compile(r"[\w.-]{2,40}")
_NAME_PARTICLES = frozenset(_words("de da del della der di du la le van von bin ibn al el and &"))


def _dom_byline(root: LexborNode) -> str | None:
    """The name the first byline element (document order) shows that is a person's name or
    a user name (a forum's first poster). Elements marked as comments or avatars are passed
    over, and so are those whose text is too long (bio boxes), empty once "By" and dates
    are cut ("Written by" labels), or more than a name (a name and a job title: one of the
    elements inside it holds the name alone). A name followed by a job title in one element
    ("Jane Roe Staff Writer") gives way to an element inside it that holds less of it."""
    found: str | None = None
    refine = MAX_BYLINE_REFINE
    for node in root.css(_BYLINE_SELECTOR)[:MAX_DOM_CANDIDATES]:
        attrs = node.attributes
        marks = " ".join((attrs.get(a) or "")[:MAX_META_CHARS] for a in ("class", "id")).lower()
        if "comment" in marks or "avatar" in marks:
            continue
        text = _byline_text(node)
        if not text or text.casefold() in _NOT_NAMES or _has_role(text):
            continue
        if not (_looks_like_name(text) or _HANDLE.fullmatch(text)):
            continue
        if found is None:
            found = text
        elif len(text) < len(found) and found.startswith(text):
            found = text  # "Jane Roe" inside "Jane Roe Staff Writer"
        else:
            break
        refine -= 1
        if refine == 0:
            break
    return found


def _byline_text(node: LexborNode) -> str | None:
    """A byline element's text without "By", dates and what follows the name.

    When its first piece of text (up to the first child element's end) is a name of two
    words or more, that piece is the name: "<a>Jane Roe</a> <span>Staff Writer</span>".
    """
    prop = node.css_first('[itemprop~="name"]')
    source = prop if prop is not None else node
    text = clean(source.attributes.get("content"))
    if text is not None:
        return _cut_name(text)
    raw = source.text(deep=True, separator="\n")
    if len(raw) > BYLINE_MAX_CHARS * 4:  # markup whitespace aside, still a bio box
        return None
    whole = clean(raw)
    if whole is None or len(whole) > BYLINE_MAX_CHARS:
        return None
    pieces = [cut for line in raw.split("\n") if (cut := _cut_name(line))]
    first = pieces[0] if pieces else None
    if first is not None and len(first.split()) >= 2 and _looks_like_name(first):
        return first
    return _cut_name(whole)


def _cut_name(text: str) -> str | None:
    """``text`` without a leading "By"/"Written by:" and from where the name ends."""
    text = _BY_PREFIX.sub("", " ".join(text.split()))
    end = _NAME_END.search(text)
    if end is not None:
        text = text[: end.start()]
    return text.strip(" .:-") or None


def _looks_like_name(text: str) -> bool:
    """Capitalised words (particles aside), no digits: "Ana de la Cruz", "J. R. Smith"."""
    words = text.split()
    if not 1 <= len(words) <= NAME_MAX_WORDS or text.casefold() in _NOT_NAMES:
        return False
    if any(ch.isdigit() for ch in text):
        return False
    return all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words) and (
        len(words) > 1 or len(text) > 2
    )


# --- JSON-LD -----------------------------------------------------------------------------


@dataclass(slots=True)
class _LdFacts:
    """What the page's JSON-LD says: the article's person author (else another author),
    its published date, headline, the site's names, and whether it describes an article."""

    person_author: str | None = None
    other_author: str | None = None
    published: str | None = None
    headline: str | None = None
    site_names: tuple[str, ...] = ()
    has_article: bool = False
    types: tuple[str, ...] = ()


def _json_ld_facts(blocks: list[str]) -> _LdFacts:
    """Facts from all JSON-LD blocks; article-typed objects are read before the others."""
    objects = [obj for raw in blocks for obj in _json_ld_objects(raw)]
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    ranked = sorted(objects, key=lambda obj: not _is_article(obj))
    facts = _LdFacts()
    sites: list[str | None] = []
    for obj in ranked:
        person, other = _ld_authors(obj.get("author"), by_id)
        facts.person_author = facts.person_author or person
        facts.other_author = facts.other_author or other
        facts.published = facts.published or clean(_ld_string(obj.get("datePublished")))
        if _is_article(obj):
            facts.headline = facts.headline or clean(_ld_string(obj.get("headline")))
        publisher = _resolve(obj.get("publisher"), by_id)
        if isinstance(publisher, dict):
            sites.append(clean(_ld_string(publisher.get("name"))))
        if _types(obj) & {"website", "organization"}:
            sites.append(clean(_ld_string(obj.get("name"))))
    facts.site_names = _unique(sites, limit=MAX_SITE_NAMES)
    facts.has_article = bool(ranked) and _is_article(ranked[0])
    facts.types = tuple(dict.fromkeys(t for obj in objects for t in sorted(_types(obj))))
    return facts


def _types(obj: dict[str, object]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds[:MAX_AUTHORS] if isinstance(k, str)}


def _is_article(obj: dict[str, object]) -> bool:
    return any(_ARTICLE_TYPE.search(kind) for kind in _types(obj))


def _json_ld_objects(raw: str) -> Iterator[dict[str, object]]:
    """The objects of a JSON-LD block: top level, list items, @graph and mainEntity members.

    Bad JSON is read leniently (see _load_json) or yields nothing; the walk is
    breadth-first and stops after MAX_JSONLD_OBJECTS.
    """
    queue: deque[object] = deque(_load_json(raw))
    seen = 0
    while queue and seen < MAX_JSONLD_OBJECTS:
        item = queue.popleft()
        seen += 1
        if isinstance(item, list):
            queue.extend(item[:MAX_JSONLD_OBJECTS])
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if key in item:
                    queue.append(item[key])


# Trailing commas and // line comments (after a comma, bracket or line start), which
# hand-written JSON-LD has and JSON does not allow.
_TRAILING_COMMA = re.compile(r",\s*(?=[\]}])")
_LINE_COMMENT = re.compile(r"(?:(?<=[,{\[])|^)[ \t]*//[^\n]*", re.MULTILINE)


def _load_json(raw: str) -> list[object]:
    """The JSON values in a block: raw control characters in strings are allowed, and if
    that fails, trailing commas and line comments are dropped; several values one after
    another are all read. Unreadable JSON gives nothing."""
    decoder = json.JSONDecoder(strict=False)
    for text in (raw, _TRAILING_COMMA.sub("", _LINE_COMMENT.sub("", raw))):
        values: list[object] = []
        at = _skip_space(text, 0)
        try:
            while at < len(text) and len(values) < MAX_JSONLD_OBJECTS:
                value, at = decoder.raw_decode(text, at)
                values.append(value)
                at = _skip_space(text, at)
        except (ValueError, RecursionError):
            if not values:
                continue
        return values
    return []


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and (text[at].isspace() or text[at] == ";"):
        at += 1
    return at


def _resolve(value: object, by_id: dict[object, dict[str, object]]) -> object:
    """A ``{"@id": ...}`` reference replaced by the object it names, when the page has it."""
    if isinstance(value, dict) and len(value) <= 2 and "@id" in value:
        ref = value.get("@id")
        if isinstance(ref, str) and ref in by_id:
            return by_id[ref]
    return value


def _ld_authors(
    value: object, by_id: dict[object, dict[str, object]]
) -> tuple[str | None, str | None]:
    """(people's names, other names) of an author value: a string, a Person or
    Organization (or a reference to one), or a list of those; names joined by ", "."""
    items = value[:MAX_AUTHORS] if isinstance(value, list) else [value]
    people: list[str] = []
    others: list[str] = []
    for item in items:
        item = _resolve(item, by_id)
        kinds = _types(item) if isinstance(item, dict) else set()
        name = item.get("name") if isinstance(item, dict) else item
        cleaned = _person(clean(_ld_string(name)))
        if cleaned is None:
            continue
        # untyped values and Persons are people; Organizations and anything else are not
        is_person = not kinds or bool(kinds & _PERSON_TYPES)
        into = people if is_person else others
        if cleaned not in into:
            into.append(cleaned)
    return (
        ", ".join(people)[:MAX_META_CHARS] if people else None,
        ", ".join(others)[:MAX_META_CHARS] if others else None,
    )


def _ld_string(value: object) -> str | None:
    """A JSON-LD value as a string: itself, or the first string of a list."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) else None


# --- published date ----------------------------------------------------------------------


def _choose_date(
    root: LexborNode | None,
    meta: dict[str, str],
    ld: _LdFacts,
    times: list[tuple[str, bool]],
    month_first: bool,
    texts: list[str],
    headings: list[str],
) -> str | None:
    """The published date, YYYY-MM-DD.

    ISO dates in the published-date meta tags, JSON-LD and marked ``<time>`` come first;
    then any ``<time>``, the visible date line (a "date"/"published" element's text), a short
    line just under a heading, and last the structured values written some other way (often
    a template's wrong date).
    """
    declared = [
        *(meta.get(key) for key in _DATE_KEYS),
        *_published_meta(meta),
        ld.published,
        *(value for value, published in times if published),
    ]
    for value in declared:
        date = _iso_only(value)
        if date is not None:
            return date
    rest = chain(
        (value for value, _ in times),
        _dom_date_lines(root) if root is not None else (),
        _lines_after_headings(texts, headings),
        declared,
    )
    for value in rest:
        date = normalize_date(value, month_first) if value else None
        if date is not None:
            return date
    return None


def _lines_after_headings(texts: list[str], headings: list[str]) -> Iterator[str]:
    """The short blocks just under each ``<h1>`` (where a headline's date line sits)."""
    wanted = set(headings)
    found = 0
    for at, text in enumerate(texts):
        if text in wanted:
            after = texts[at + 1 : at + 1 + HEADING_DATE_WINDOW]
            yield from (line for line in after if len(line) <= DATE_LINE_MAX_CHARS)
            found += 1
            if found == MAX_HEADINGS:  # a page of repeated headings: enough looked at
                return


def url_date(url: str | None) -> str | None:
    """The date in a URL's path ("/2018/01/23/story-name/"), which news CMSs put there."""
    match = _URL_DATE.search(url[:MAX_META_CHARS]) if url else None
    if match is None:
        return None
    date = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return date.isoformat() if date is not None else None


def _month_first(root: LexborNode | None, meta: dict[str, str]) -> bool:
    """Whether "05/07/2024" is May 7th: on US English pages, and on pages that do not say
    which English (``<html lang>`` "en" or none, og:locale none or en_US)."""
    lang = root.attributes.get("lang") if root is not None else None
    for value in (lang, meta.get("og:locale")):
        tag = (value or "")[:MAX_META_CHARS].strip().lower().replace("_", "-")
        if tag not in ("", "en"):
            return tag == "en-us"
    return True


def _published_meta(meta: dict[str, str]) -> Iterator[str]:
    """Values of other meta keys that say "publish" (w-published-date, ...)."""
    for key, value in meta.items():
        published = any(word in key for word in _PUBLISHED_WORDS)
        if published and key not in _DATE_KEYS and not any(w in key for w in _OTHER_DATE_WORDS):
            yield value


def _iso_only(value: str | None) -> str | None:
    if value is None:
        return None
    date = _iso_date(value)
    return date.isoformat() if date is not None else None


# Date-line elements (a few selectors: each costs a pass over the tree).
_DATE_LINE_SELECTOR = (
    '[class*="date"], [class*="publish"], [class*="time"], [class*="meta"], [class*="byline"]'
)


def _dom_date_lines(root: LexborNode) -> Iterator[str]:
    """Texts of short date-line elements (document order), published ones not skipped for
    being marked "updated"."""
    for node in root.css(_DATE_LINE_SELECTOR)[:MAX_DOM_CANDIDATES]:
        attrs = node.attributes
        marks = " ".join((attrs.get(a) or "")[:MAX_META_CHARS] for a in ("class", "id")).lower()
        if any(word in marks for word in _OTHER_DATE_WORDS) and not any(
            word in marks for word in _PUBLISHED_WORDS
        ):
            continue
        value = clean(attrs.get("content")) or clean(attrs.get("datetime"))
        if value is None:
            text = clean(node.text(deep=True, separator=" "))
            value = text if text is not None and len(text) <= DATE_LINE_MAX_CHARS else None
        if value is not None:
            yield value


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", re.ASCII)
_COMPACT_DATE = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:T|\s|$)", re.ASCII)
# Dates inside a line of text ("Posted on Mar. 3rd, 2024 by ..."): searched, not matched.
_MONTH_FIRST = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.ASCII
)
_DAY_FIRST = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})(?!\d)", re.ASCII
)
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)", re.ASCII)
_URL_DATE = re.compile(r"/(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|\.html|$)", re.ASCII)
_ISO_IN_TEXT = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)", re.ASCII)


def normalize_date(value: str, month_first: bool = True) -> str | None:
    """YYYY-MM-DD when the value holds a full date in a common form, else None.

    ISO and compact ISO, RFC 2822, "May 7, 2024", "7 May 2024", "Posted 2024/05/07", and
    numeric "05/07/2024", read month first for English pages (else day first) unless one
    of the numbers cannot be a month.
    """
    for parse in (_iso_date, _rfc2822_date):
        date = parse(value)
        if date is not None:
            return date.isoformat()
    date = _date_in_text(value[: DATE_LINE_MAX_CHARS * 2], month_first)
    return date.isoformat() if date is not None else None


def _iso_date(value: str) -> dt.date | None:
    match = _ISO_DATE.match(value) or _COMPACT_DATE.match(value)
    if match is None:
        return None
    return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _date_in_text(text: str, month_first: bool) -> dt.date | None:
    """The first full date written in a short line of text."""
    match = _ISO_IN_TEXT.search(text)
    if match is not None:
        return _date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    match = _MONTH_FIRST.search(text)
    if match is not None and match.group(1).lower() in _MONTHS:
        month, day, year = match.groups()
        return _date(int(year), _MONTHS[month.lower()], int(day))
    match = _DAY_FIRST.search(text)
    if match is not None and match.group(2).lower() in _MONTHS:
        day, month, year = match.groups()
        return _date(int(year), _MONTHS[month.lower()], int(day))
    match = _NUMERIC_DATE.search(text)
    if match is not None:
        first, _, second, year = match.groups()
        a, b = int(first), int(second)
        if a > 12 or (not month_first and b <= 12):
            a, b = b, a
        return _date(int(year) + (CENTURY if len(year) == 2 else 0), a, b)
    return None


def _rfc2822_date(value: str) -> dt.date | None:
    import email.utils  # here, not at start: a few ms of every run that parse no such date

    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
