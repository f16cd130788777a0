"""Names: whether a value is a person's name (not a URL, an e-mail address, a placeholder
or a role), with a leading "By" cut, and names compared regardless of spacing and case
(``compact``, which the title code also uses).
"""

from __future__ import annotations

import re
import unicodedata

# A person's name has at most this many words (particles and "and" included).
NAME_MAX_WORDS = 8


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


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
# A URL (a profile link is not a name; og:url must be one).
_URL_LIKE = re.compile(r"[a-z][a-z0-9+.-]*://|www\.", re.ASCII | re.IGNORECASE)
# A leading "By", "Written by:", "Author:" before a name.
_BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|published|authored|words|story|text|reported|article)\s+)?by\b[:\s]*"
    r"|^(?:author|authors|writer)\b[:\s]*",
    re.IGNORECASE,
)
# Lowercase words a name may hold ("Ana de la Cruz").
_NAME_PARTICLES = frozenset(_words("de da del della der di du la le van von bin ibn al el and &"))


def _person(value: str | None) -> str | None:
    """A person's name; profile URLs, e-mail addresses and placeholders are not names."""
    if value is None or _URL_LIKE.match(value) or "@" in value or "{" in value:
        return None
    value = _BY_PREFIX.sub("", value).strip(" ,;:|-")
    if not value or value.casefold() in _NOT_NAMES:
        return None
    return value


def _has_role(text: str) -> bool:
    """Whether a word of ``text`` names a role rather than a person ("Topic Author")."""
    return any(word in _ROLE_WORDS for word in text.casefold().split())


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


def compact(text: str) -> str:
    """Letters and digits only, casefolded: names compared regardless of spacing, accents
    aside ("Move.org" == "move org")."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _same_name(a: str, b: str) -> bool:
    ca, cb = compact(a), compact(b)
    return bool(ca) and ca == cb
