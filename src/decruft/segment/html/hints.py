"""Class/id/role hints: the landmark, hidden and hint bits of an element's attributes, the
hashes of its class/id names (for the learned class lexicon, see dom.DomTree) and its
main-content rule flags (segment/maincontent.py).

Hints match whole tokens or their ``-``/``_``/camelCase parts, never substrings:
``class="main has-comments"`` says "comment" but ``class="shadow"`` does not say "ad".
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

from decruft.segment._hints import ValueInfo
from decruft.segment.html.tags import (
    _HINT_AD,
    _HINT_BREADCRUMB,
    _HINT_BYLINE,
    _HINT_CAPTION,
    _HINT_COMMENT,
    _HINT_COOKIE,
    _HINT_FOOTER,
    _HINT_NAV,
    _HINT_NEWSLETTER,
    _HINT_RELATED,
    _HINT_SHARE,
    _HINT_SIDEBAR,
    _IN_ARTICLE,
    _IN_ASIDE,
    _IN_FOOTER,
    _IN_FORM,
    _IN_HEADER,
    _IN_HIDDEN,
    _IN_MAIN,
    _IN_NAV,
)
from decruft.segment.maincontent import (
    _NAME_RULES,
    _STEM_FLAGS,
    CLASS_ONLY,
    ID_ONLY,
    MC_HAS_NAMES,
    MC_ROOT,
    ROOT_CLASSES,
    attribute_rules,
    landmark_rules,
    token_rules,
)

# Class/id/role values longer than this are cut before matching: hints sit in the first
# few tokens, and a 50 MB attribute must not cost 50 MB of tokenizing.
MAX_HINT_ATTR_CHARS = 256
# Class/id tokens read per attribute for the learned class lexicon (see DomTree): layout
# names come first, long utility-class lists add noise.
MAX_CLASS_TOKENS = 16
# Distinct class/id values seen across pages are few (framework class lists repeat), so a
# bounded cache of their hint bits saves re-tokenizing the same strings.
HINT_CACHE_SIZE = 16384
# Tokens repeat across values and sites far more than whole values do ("clearfix",
# "col-md-6"), so a miss on a value mostly hits on its tokens.
TOKEN_CACHE_SIZE = 65536

# ARIA landmark roles mean the same as the landmark elements.
_ROLE_BITS: dict[str, int] = {
    "article": _IN_ARTICLE,
    "main": _IN_MAIN,
    "navigation": _IN_NAV,
    "banner": _IN_HEADER,
    "contentinfo": _IN_FOOTER,
    "complementary": _IN_ASIDE,
    "form": _IN_FORM,
    "search": _IN_FORM,
}
# Class/id/role token parts that hint at boilerplate; whole parts only (see module doc).
_HINT_WORDS: dict[int, str] = {
    _HINT_NAV: "nav navbar navigation navi menu menus menubar megamenu submenu topnav subnav "
    "sitenav mainnav pagination pager",
    _HINT_FOOTER: "footer foot colophon copyright",
    _HINT_COMMENT: "comment comments commentlist disqus respond reply replies discussion",
    _HINT_SHARE: "share shares sharing social socials sharebar sharethis addthis addtoany",
    _HINT_COOKIE: "cookie cookies consent gdpr ccpa cmp onetrust cookiebanner cookiebar",
    _HINT_RELATED: "related recommend recommended recommendation recommendations recirc "
    "recirculation outbrain taboola trending popular",
    _HINT_SIDEBAR: "sidebar sidebars rail siderail widget widgets",
    _HINT_AD: "ad ads advert adverts advertisement advertising sponsor sponsored sponsors "
    "promo promoted dfp adsense adslot adunit",
    _HINT_BREADCRUMB: "breadcrumb breadcrumbs crumb crumbs",
    _HINT_NEWSLETTER: "newsletter newsletters subscribe subscription signup optin mailchimp",
    _HINT_BYLINE: "byline bylines author authors writer contributor",
    _HINT_CAPTION: "caption captions figcaption credit credits legend",
}


def _hint_table() -> dict[str, int]:
    bits: dict[str, int] = {}
    for bit, words in _HINT_WORDS.items():
        for word in words.split():
            bits[word] = bits.get(word, 0) | bit
    return bits


_HINT_BITS = _hint_table()

# A word part of a class/id: an all-caps run, a capitalized or lowercase word, or digits.
_WORD_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", re.ASCII)


def _attributes(attrs: dict[str, str | None]) -> tuple[int, tuple[int, ...], int]:
    """Landmark, hidden and hint bits of an element's class/id/role/hidden attributes, the
    hashes of its class/id names (see DomTree) and its main-content rule flags."""
    bits = 0
    names: tuple[int, ...] = ()
    rules = attribute_rules(attrs)
    value = attrs.get("class")
    if value:
        value = value[:MAX_HINT_ATTR_CHARS]
        bits, names, class_rules = _value_info(value)
        rules |= class_rules & ~ID_ONLY
    value = attrs.get("id")
    if value:
        value = value[:MAX_HINT_ATTR_CHARS]
        id_bits, id_names, id_rules = _value_info(value)
        bits |= id_bits
        names += id_names
        rules |= id_rules & ~CLASS_ONLY
    value = attrs.get("role")
    if value:
        bits |= _role_bits(value[:MAX_HINT_ATTR_CHARS])
    if "hidden" in attrs:
        bits |= _IN_HIDDEN
    return bits, names, rules


def compiled_value_info(
    max_values: int = HINT_CACHE_SIZE, max_tokens: int = TOKEN_CACHE_SIZE
) -> ValueInfo:
    """``_value_info`` compiled (segment/_hints.pyx: a fifth of an HTML page's cleaning was
    reading class/id names in Python), with caches of its own, of at most ``max_values``
    values and ``max_tokens`` tokens: what the compiled walk reads names with."""
    return ValueInfo(
        _HINT_BITS,
        ROOT_CLASSES,
        _STEM_FLAGS,
        _NAME_RULES,
        landmark_rules,
        MC_HAS_NAMES,
        MC_ROOT,
        MAX_CLASS_TOKENS,
        max_values,
        max_tokens,
    )


@lru_cache(maxsize=HINT_CACHE_SIZE)
def _value_info(value: str) -> tuple[int, tuple[int, ...], int]:
    """Hint bits, name hashes and main-content rule flags of a class/id value.

    Bits: each word part of its tokens is looked up. Parts split at anything but letters
    and at case changes ("site-nav", "socialShare", "NAV_bar"); a whole token without
    separators is one part. Names: stable hashes (CRC-32, the same in every process) of the
    lowercased word parts of the first MAX_CLASS_TOKENS tokens, and of those tokens whole
    when they have several parts: "post-content" gives "post-content", "post", "content".
    Rules: see segment/maincontent.py (token by token; an id of one token may name a
    landmark).
    """
    bits = 0
    rules = MC_HAS_NAMES
    names: set[int] = set()
    tokens = value.split()
    for number, token in enumerate(tokens):
        token_bits, token_names, token_rules = _token_info(token)
        bits |= token_bits
        rules |= token_rules
        if number < MAX_CLASS_TOKENS:
            names.update(token_names)
    if len(tokens) == 1:
        rules |= landmark_rules(tokens[0].lower())
    return bits, tuple(sorted(names)), rules


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _token_info(token: str) -> tuple[int, tuple[int, ...], int]:
    """Hint bits, name hashes and rule flags of one class/id token (see _value_info)."""
    bits = 0
    parts = [part.lower() for part in _WORD_PART.findall(token)]
    for part in parts:
        bits |= _HINT_BITS.get(part, 0)
    names = set(parts)
    lowered = token.lower()
    if len(parts) > 1:
        names.add(lowered)
    rules = token_rules(lowered) | (MC_ROOT if token in ROOT_CLASSES else 0)
    return bits, tuple(zlib.crc32(name.encode()) for name in names), rules


@lru_cache(maxsize=HINT_CACHE_SIZE)
def _role_bits(value: str) -> int:
    """Landmark bits of ARIA roles, plus the hints their words give (``role="menu"``)."""
    bits = 0
    for token in value.lower().split():
        bits |= _ROLE_BITS.get(token, 0) | _HINT_BITS.get(token, 0)
    return bits
