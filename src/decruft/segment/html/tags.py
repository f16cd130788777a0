"""Tag tables of the walk: element kinds, landmark and hint bits, and each tag's flags.

A block's mask holds the landmark bits (``<article>``, ``<nav>``, ARIA roles...), the
class/id/role hint bits (see hints.py) and a few bits used only while walking; the first
_MASK_FEATURE_BITS of them are DOM feature columns (see dom.py). Each Lexbor tag id maps to
packed flags: its landmark bits, whether it is skipped, starts or owns blocks, is void, has
attributes worth reading or may hold metadata, its block kind and its main-content rule
kind (segment/maincontent.py).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from decruft.segment.maincontent import RULE_TAGS, TAG_NONE

# --- block kinds and mask bits -----------------------------------------------------------

# Element kinds of a block's innermost block-level element; headings are 11-16.
_KIND_OTHER = 0
_KIND_P = 1
_KIND_LI = 2
_KIND_CELL = 3
_KIND_PRE = 4
_KIND_QUOTE = 5
_KIND_CAPTION = 6
_KIND_HEADING = 10  # + level 1..6

# Landmark bits: set for everything inside such an element (or its ARIA role).
_IN_ARTICLE = 1 << 0
_IN_MAIN = 1 << 1
_IN_NAV = 1 << 2
_IN_HEADER = 1 << 3
_IN_FOOTER = 1 << 4
_IN_ASIDE = 1 << 5
_IN_FORM = 1 << 6
# Inside a ``hidden`` element: not rendered until a script or find-in-page shows it (tab
# panels, collapsed sections, menus, dialogs), so it is kept and flagged, not dropped.
_IN_HIDDEN = 1 << 7
# Hint bits from class/id/role tokens of any ancestor.
_HINT_NAV = 1 << 8
_HINT_FOOTER = 1 << 9
_HINT_COMMENT = 1 << 10
_HINT_SHARE = 1 << 11
_HINT_COOKIE = 1 << 12
_HINT_RELATED = 1 << 13
_HINT_SIDEBAR = 1 << 14
_HINT_AD = 1 << 15
_HINT_BREADCRUMB = 1 << 16
_HINT_NEWSLETTER = 1 << 17
_HINT_BYLINE = 1 << 18
_HINT_CAPTION = 1 << 19
# Bits after the exported ones: used while walking, not features.
_MASK_FEATURE_BITS = 20
_IN_LINK = 1 << 20
_IN_CODE = 1 << 21
_IN_PRE = 1 << 22  # newlines are line breaks here
# Inside an inline element the main-content rules cut (segment/maincontent.py); block
# elements' cuts are found after the walk, with their links counted.
_OFF_MAIN = 1 << 23

# --- tags --------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Content a reader never sees: dropped with everything inside. (<head> is walked for its
# metadata; everything in it is one of these.)
_SKIP_TAGS = _words(
    "script style noscript template svg math iframe object embed canvas video audio "
    "select datalist textarea title meta link base frameset noembed noframes"
)
# Elements laid out as blocks by default (HTML rendering section): their text is a block
# of its own. Table rows and list containers hold blocks but rarely text of their own.
_BLOCK_KINDS: dict[str, int] = {
    **dict.fromkeys(
        _words(
            "address article aside body center details dialog dir div dl fieldset figure "
            "footer form header hgroup html legend main menu nav ol search section summary "
            "table tbody thead tfoot tr ul"
        ),
        _KIND_OTHER,
    ),
    "p": _KIND_P,
    **dict.fromkeys(("li", "dt", "dd"), _KIND_LI),
    **dict.fromkeys(("td", "th"), _KIND_CELL),
    **dict.fromkeys(("pre", "listing", "xmp", "plaintext"), _KIND_PRE),
    "blockquote": _KIND_QUOTE,
    **dict.fromkeys(("figcaption", "caption"), _KIND_CAPTION),
    **{f"h{level}": _KIND_HEADING + level for level in range(1, 7)},
}
# Void elements never have children; br and hr also end the current line.
_VOID_TAGS = _words("area base br col embed hr img input link meta param source track wbr")
_BREAK_TAGS = ("br", "hr")
_TAG_BITS: dict[str, int] = {
    "article": _IN_ARTICLE,
    "main": _IN_MAIN,
    "nav": _IN_NAV,
    "header": _IN_HEADER,
    "footer": _IN_FOOTER,
    "aside": _IN_ASIDE,
    "form": _IN_FORM,
    "a": _IN_LINK,
    "code": _IN_CODE,
    **dict.fromkeys(("pre", "listing", "xmp", "plaintext"), _IN_CODE | _IN_PRE),
}
# Formatting tags never carry layout classes worth the cost of reading them; nor do links,
# which sit inside the menus, share bars and bylines whose containers are named.
_NO_ATTR_TAGS = _words(
    "a b i em strong small sub sup u s abbr cite q mark bdi bdo ins del kbd samp var data "
    "ruby rt rp"
)
# Where metadata is read from, found during the same walk.
_META_TAGS = ("meta", "link", "script", "title", "time", "h1")
# ... and <pre>, for the language it or the <code> inside it names (a Markdown code fence's
# info string); not every <code>: docs pages hold hundreds inline, a call each (~4% of
# cleaning such a page).
_CODE_TAGS = ("pre",)

# Per-tag flags of the walk, packed above the tag's kind and landmark bits.
_F_BITS = (1 << 32) - 1  # landmark/link/code bits the element gives its content
_F_SKIP = 1 << 32  # invisible: not entered
_F_BOUNDARY = 1 << 33  # its start ends the current block
_F_OWNER = 1 << 34  # its text forms blocks of its own kind
_F_VOID = 1 << 35  # never has children
_F_NO_ATTRS = 1 << 36  # attributes not read
_F_META = 1 << 37  # may hold page metadata
_F_KIND_SHIFT = 40
_F_KIND_MASK = 255
_F_RULE_SHIFT = 48  # its maincontent.RULE_TAGS kind
_F_RULE_MASK = 15
# Elements Lexbor does not know (custom elements) are inline, as in a browser.
_F_INLINE = 0


class _TagTable(NamedTuple):
    """Lexbor tag id -> packed flags, tag id -> name of metadata tags, text/comment/body
    ids."""

    flags: dict[int, int]
    meta_names: dict[int, str]
    text_id: int
    comment_id: int
    body_id: int


def _tag_flags(name: str) -> int:
    packed = _TAG_BITS.get(name, 0)
    if name in _SKIP_TAGS:
        packed |= _F_SKIP
    if name in _BLOCK_KINDS:
        packed |= _F_BOUNDARY | _F_OWNER | (_BLOCK_KINDS[name] << _F_KIND_SHIFT)
    if name in _BREAK_TAGS:
        packed |= _F_BOUNDARY
    if name in _VOID_TAGS:
        packed |= _F_VOID | _F_NO_ATTRS
    if name in _NO_ATTR_TAGS:
        packed |= _F_NO_ATTRS
    if name in _META_TAGS or name in _CODE_TAGS:
        packed |= _F_META
    return packed | RULE_TAGS.get(name, TAG_NONE) << _F_RULE_SHIFT


# With links recorded, these tags also go to the metadata collector: each <a> for its
# target and text, <base> for the URL relative targets resolve against; with images, each
# <img> and <base>.
_LINK_TAGS = ("a", "base")
_IMAGE_TAGS = ("img", "base")
# With formatting recorded, each emphasis element (``**`` for b/strong, ``*`` for i/em) and
# inline code element (a code span).
_EMPHASIS_TAGS = ("b", "strong", "i", "em", "code", "kbd", "samp", "tt")


@cache
def _tag_table(
    noscript_shown: bool = False,
    links: bool = False,
    images: bool = False,
    formatting: bool = False,
) -> _TagTable:
    """Tag ids are Lexbor constants; read them once from a probe document. With
    ``noscript_shown``, ``<noscript>`` is a container like ``<div>`` (see segment_html);
    with ``links``, <a> and <base> are collected too (Config.links), with ``images`` <img>
    and <base> (Config.images), with ``formatting`` <b>, <strong>, <i>, <em>, <code>,
    <kbd>, <samp> and <tt> (Config.formatting)."""
    probe = LexborHTMLParser("<p>x<!---->")
    names = {
        *_SKIP_TAGS,
        *_BLOCK_KINDS,
        *_VOID_TAGS,
        *_TAG_BITS,
        *_NO_ATTR_TAGS,
        *_META_TAGS,
        *RULE_TAGS,
        *_LINK_TAGS,
        *_IMAGE_TAGS,
        *_EMPHASIS_TAGS,
    }
    ids = {name: probe.create_node(name).tag_id for name in names}
    paragraph = probe.css_first("p")
    text = paragraph.first_child if paragraph is not None else None
    comment = paragraph.last_child if paragraph is not None else None
    if text is None or comment is None:  # pragma: no cover - Lexbor always parses this
        raise RuntimeError("Lexbor probe document did not parse")
    flags = {ids[name]: _tag_flags(name) for name in names}
    if noscript_shown:
        flags[ids["noscript"]] = _tag_flags("div")
    meta_names = {ids[name]: name for name in (*_META_TAGS, *_CODE_TAGS)}
    collected = (
        (_LINK_TAGS if links else ())
        + (_IMAGE_TAGS if images else ())
        + (_EMPHASIS_TAGS if formatting else ())
    )
    for name in collected:
        flags[ids[name]] |= _F_META
        meta_names[ids[name]] = name
    return _TagTable(
        flags=flags,
        meta_names=meta_names,
        text_id=text.tag_id,
        comment_id=comment.tag_id,
        body_id=ids["body"],
    )
