"""The page's title, chosen among what its HTML declares and the headline found in its text.

``<title>`` and og:title usually carry the site's name (" | Brand", "Brand - ", " — Site
Name"); the ``<h1>`` usually does not, but on some pages the first ``<h1>`` is the logo or a
section name. So the title is chosen by agreement:

1. the first heading (``<h1>`` in document order, then the text model's headline) that is
   not the site's name and that the ``<title>``/og:title/JSON-LD headline confirm: equal to
   one of them once the site's name is cut off, or its leading part before a separator, or
   (for a title the CMS cut short) its start;
2. else, on a page that declares itself an article (og:type, JSON-LD), the first heading
   that is not the site's name: a news or blog headline is the title even when the SEO
   title is worded differently; a short heading that shares no word with any declared
   title ("<h1>Blog</h1>") is a logo or section name and comes last;
3. else og:title, else the JSON-LD headline, then (if not tried yet) that heading, else
   ``<title>``, each without the site name: a landing page's ``<h1>`` is often a slogan.

The site's name is what the page calls itself (og:site_name, application-name, JSON-LD
publisher/WebSite), its host name ("guidetoiceland.is" is "Guide to Iceland"), or a heading
that is the short last segment of a title (a logo in an ``<h1>``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from decruft.segment.htmlmeta import HtmlMeta, compact

# Separators between a title and the site's name: "Title | Site", "Site - Title",
# "Title — Site", "Title :: Site", "Title · Site", "Title • Site", "Title » Site".
_SEPARATOR = re.compile(r"(\s+(?:\|\|?|-|–|—|::|·|•|»|~)\s+)")
# Punctuation and underscores count as spaces when titles are compared.
_PUNCT = re.compile(r"[^\w\s]|_")
# A title segment is the site's name if it is part of that name ("NoGood" of "NoGood:
# Growth Agency") with at least this many letters/digits ("A" is part of every name) ...
MIN_SITE_CHARS = 4
# ... or holds the name and is at most this many times as long ("EcoFlow ZA" is EcoFlow, a
# heading "Best Movers 2026" is not the site "move.org").
MAX_SITE_GROWTH = 2
# A title that is the start of the heading confirms it when it has at least this many words
# (CMSs cut long titles; two words in common say little).
MIN_TRUNCATED_WORDS = 5
# With no known site name, a last " | " segment of at most this many words (and shorter than
# the rest) is taken for the brand: "Easy Car Checklist | Farm Bureau Financial Services".
MAX_BRAND_WORDS = 4
# A heading of at most this many words that shares no word with any title the page declares
# is a logo or a section name, not the headline ("<h1>Blog</h1>" over "<title>Raw HTTP
# Message Logging | CODE FARM"): the declared titles go before it.
MAX_STRAY_HEADING_WORDS = 3
# Host labels that say nothing about the site's name.
_HOST_NOISE = frozenset(("www", "blog", "blogs", "news", "m", "amp", "en"))


def choose_title(declared: HtmlMeta, text_title: str | None, url: str | None) -> str | None:
    """The page's title (see the module doc), or None when the page names none."""
    full = [t for t in (declared.og_title, declared.headline, declared.title) if t]
    sites = _site_names(declared, url) + _logo_headings(declared.headings, full)
    bare = [strip_site(t, sites) for t in full]
    heads = [h for h in (*declared.headings, text_title) if h and not _is_site(h, sites, 1)]
    for head in heads:
        if any(_agrees(head, f, b) for f, b in zip(full, bare, strict=True)):
            return head
    og_or_headline = [strip_site(t, sites) for t in (declared.og_title, declared.headline) if t]
    h1s = [h for h in declared.headings if h in heads and not _stray(h, full)]
    if declared.is_article:  # an article's headline is its title, whatever the SEO title says
        fallback = [*h1s, *og_or_headline, *bare, *heads]
    else:  # a landing page's <h1> is often a slogan; its og:title names the page
        fallback = [*og_or_headline, *h1s, *bare, *heads]
    return fallback[0] if fallback else None


def strip_site(title: str, sites: tuple[str, ...]) -> str:
    """``title`` without leading and trailing segments that name the site; when none does,
    without a short last " | " segment (see MAX_BRAND_WORDS)."""
    parts = _SEPARATOR.split(title)  # segment, separator, segment, ...
    count = len(parts)
    while len(parts) > 1 and _is_site(parts[-1], sites):
        del parts[-2:]
    while len(parts) > 1 and _is_site(parts[0], sites):
        del parts[:2]
    if len(parts) == count and len(parts) > 1 and parts[-2].strip() in ("|", "||"):
        tail, head = parts[-1].split(), "".join(parts[:-2]).split()
        if len(tail) <= MAX_BRAND_WORDS and len(tail) < len(head):
            del parts[-2:]
    return "".join(parts).strip() or title


def _agrees(head: str, full: str, bare: str) -> bool:
    """Whether a title confirms the heading: equal to it with or without the site's name,
    or made of the heading, a separator and more ("Heading | Section | Site")."""
    key, cut = _norm(head), _norm(bare)
    if key in (_norm(full), cut):
        return True
    if len(cut.split()) >= MIN_TRUNCATED_WORDS and key.startswith(cut) and len(key) > len(cut):
        # a <title> the CMS cut short: mid-word, or with an ellipsis
        return key[len(cut)].isalnum() or bare.endswith(("...", "…"))
    parts = _SEPARATOR.split(full)
    return any(_norm("".join(parts[:end])) == key for end in range(1, len(parts) - 1, 2))


def _stray(head: str, full: list[str]) -> bool:
    """A short heading that shares no word with the declared titles (MAX_STRAY_HEADING_WORDS)."""
    words = set(_norm(head).split())
    if not full or len(words) > MAX_STRAY_HEADING_WORDS:
        return False
    return not any(words & set(_norm(title).split()) for title in full)


def _logo_headings(headings: tuple[str, ...], full: list[str]) -> tuple[str, ...]:
    """Headings that are a title's last segment and shorter than the rest of it: the site's
    name shown as a heading ("<h1>Courier</h1>", "Budget Approved — Courier")."""
    found: list[str] = []
    for title in full:
        parts = _SEPARATOR.split(title)
        if len(parts) < 3:
            continue
        key = _norm(parts[-1])
        if len(key.split()) < len(_norm("".join(parts[:-2])).split()):
            found.extend(h for h in headings if _norm(h) == key)
    return tuple(found)


def _norm(text: str) -> str:
    """Casefolded words, punctuation dropped: how titles are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_PUNCT.sub(" ", folded).split())


def _is_site(segment: str, sites: tuple[str, ...], growth: int = MAX_SITE_GROWTH) -> bool:
    """Whether a title segment is the site's name (see MIN_SITE_CHARS, MAX_SITE_GROWTH); a
    heading must not be longer than the name (``growth`` 1): "Acme Catalog" is a heading on
    acme.com."""
    seg = compact(segment)
    if not seg:
        return False
    for site in sites:
        name = compact(site)
        if not name:
            continue
        if seg == name or (len(seg) >= MIN_SITE_CHARS and seg in name):
            return True
        if len(name) >= MIN_SITE_CHARS and name in seg and len(seg) <= growth * len(name):
            return True
    return False


def _site_names(declared: HtmlMeta, url: str | None) -> tuple[str, ...]:
    """The names the site gives itself, and its host name without "www." and the suffix."""
    names = list(declared.site_names)
    for address in (url, declared.page_url):
        host = urlsplit(address).hostname if address else None
        if host:
            labels = [label for label in host.split(".") if label not in _HOST_NOISE]
            if len(labels) >= 2:
                names.append(".".join(labels))  # "move.org"
                names.append(labels[-2])  # "guidetoiceland"
    return tuple(names)
