"""The published date: chosen among the declared dates, ``<time>`` elements, the visible
date line and the URL, and parsed from the common ways of writing one into YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING

from decruft.lazy import LazyPattern
from decruft.segment.htmlmeta.collect import (
    _PUBLISHED_WORDS,
    MAX_DOM_CANDIDATES,
    MAX_HEADINGS,
    MAX_META_CHARS,
    clean,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from decruft.segment.htmlmeta.jsonld import _LdFacts

# Blocks under a heading searched for its date line (a byline or a reading time may come first).
HEADING_DATE_WINDOW = 4
# A date line ("Posted on March 3, 2024 by ...") is short; longer text is prose.
DATE_LINE_MAX_CHARS = 100
# A two-digit year ("01/25/26") is in this century: pages are recent.
CENTURY = 2000
# Years outside this range are misparses (a price, a product number), not publish dates.
MIN_YEAR = 1990
MAX_YEAR = 2100

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
# Words that mark the other dates a page shows (beside the published one, see
# collect._PUBLISHED_WORDS).
_OTHER_DATE_WORDS = ("modif", "updat", "expir", "revis", "review", "comment", "event")


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
_ISO_DATE = LazyPattern(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", re.ASCII)
_COMPACT_DATE = LazyPattern(r"\s*(\d{4})(\d{2})(\d{2})(?:T|\s|$)", re.ASCII)
# Dates inside a line of text ("Posted on Mar. 3rd, 2024 by ..."): searched, not matched.
_MONTH_FIRST = LazyPattern(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.ASCII
)
_DAY_FIRST = LazyPattern(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})(?!\d)", re.ASCII
)
_NUMERIC_DATE = LazyPattern(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)", re.ASCII)
_URL_DATE = LazyPattern(r"/(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|\.html|$)", re.ASCII)
_ISO_IN_TEXT = LazyPattern(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)", re.ASCII)


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
