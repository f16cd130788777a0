"""An HTML page's links and images as Markdown shows them: absolute targets of the kinds a
reader can follow, each with the text it was written on (an image: its alt text)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

# Targets a reader can follow (relative ones resolve to one of these); javascript:, data:
# and the like are kept as plain text.
FOLLOWED_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})
# Targets that are absolute already (most links): urljoin returns them as they are, unless
# they have no host or end in an empty query, fragment or parameters (which it drops).
_ABSOLUTE = ("http://", "https://")
_EMPTY_ENDS = ("?", "#", ";")


def absolute_links(
    links: tuple[tuple[str, str], ...], base: str | None, url: str | None
) -> tuple[tuple[str, str], ...]:
    """(text, target) of each (href, text), relative targets resolved against the page's
    <base href> (itself resolved against its URL) or its URL, and kept relative when
    neither is known; a link that only points within the page, or of another scheme
    (javascript:, data: ...), is left out."""
    root = _root(base, url)
    return tuple(
        (text, target)
        for href, text in links
        if not href.startswith("#") and (target := _absolute(href, root)) is not None
    )


def absolute_images(
    images: tuple[tuple[int, str, str], ...], base: str | None, url: str | None
) -> tuple[tuple[int, str, str], ...]:
    """(block, alt, target) of each (block, src, alt), the source resolved as a link's
    target is (``absolute_links``); one of another scheme is left out."""
    root = _root(base, url)
    return tuple(
        (block, alt, target)
        for block, src, alt in images
        if (target := _absolute(src, root)) is not None
    )


def _root(base: str | None, url: str | None) -> str:
    """What relative targets resolve against: the <base href> (resolved against the URL),
    else the URL, else nothing (they stay relative)."""
    return urljoin(url or "", base) if base else (url or "")


def _absolute(href: str, root: str) -> str | None:
    """``href`` resolved against ``root``; None when malformed or of a scheme not followed."""
    if _plainly_absolute(href):
        return href  # what urljoin gives, at a tenth of its cost
    try:
        target = urljoin(root, href)
        scheme = urlsplit(target).scheme.lower()
    except ValueError:  # a malformed target (an unbalanced IPv6 bracket ...)
        return None
    return target if scheme in FOLLOWED_SCHEMES or not scheme else None


def _plainly_absolute(href: str) -> bool:
    """Whether ``urljoin(anything, href) == href`` without calling it (an http(s) target with
    a host, no IPv6 brackets to check, and no empty query, fragment or parameters at its
    end)."""
    if not href.startswith(_ABSOLUTE) or href.endswith(_EMPTY_ENDS) or "[" in href:
        return False
    rest = href[href.index("//") + 2 :]
    return bool(rest) and rest[0] != "/"
