"""The author: the person the markup credits (meta tags, JSON-LD), else the name the page's
visible byline shows (bounded CSS look-ups), else an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from decruft.lazy import LazyPattern
from decruft.segment.htmlmeta.collect import MAX_DOM_CANDIDATES, MAX_META_CHARS, clean
from decruft.segment.htmlmeta.names import (
    _BY_PREFIX,
    _NAME_PARTICLES,
    _NOT_NAMES,
    _has_role,
    _looks_like_name,
    _person,
    _same_name,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from decruft.segment.htmlmeta.jsonld import _LdFacts

# A byline element's text is a name with a "By" and maybe a date; longer text is a bio box.
BYLINE_MAX_CHARS = 80
# Byline elements after the first name that may narrow it (the name's own element is
# nested a few levels inside the byline box).
MAX_BYLINE_REFINE = 6
# Meta keys naming the author, best first; other keys ending in "author" come after them.
_AUTHOR_KEYS = ("author", "article:author", "byl", "dc.creator", "dcterms.creator")


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


def _weak_name(name: str, site_names: tuple[str, ...]) -> bool:
    """A user handle (one lowercase or digit-bearing token), a role ("NOC Admin") or the
    site's own name."""
    handle = " " not in name and (name.islower() or any(c.isdigit() for c in name))
    return handle or _has_role(name) or any(_same_name(name, site) for site in site_names)


def _is_prose(text: str) -> bool:
    """Whether ``text`` has a lowercase word that is not a name particle ("on", "network")."""
    return any(w[0].islower() and w.casefold() not in _NAME_PARTICLES for w in text.split())


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


# Byline elements: microdata, rel=author links, author/byline classes (a few selectors: each
# costs a pass over the tree).
_BYLINE_SELECTOR = '[itemprop~="author"], [rel~="author"], [class*="author"], [class*="byline"]'
# Where a byline's name ends: a date, "on"/"in"/"at", a separator, "updated".
_NAME_END = LazyPattern(
    r"\s+(?:on|in|at|for|updated|published|posted|last)\s|\s*[|•·,;–—/]|\s+-\s|\s+\d"
    r"|\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+\d",
    re.IGNORECASE,
)
# A forum user name: one token of letters, digits and ._- ("paulb203", "slow-poke").
_HANDLE = LazyPattern(r"[\w.-]{2,40}")


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
