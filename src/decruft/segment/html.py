"""HTML segmentation: page HTML -> visible text blocks, their DOM features, page metadata.

The page is parsed once by Lexbor (via selectolax) and its tree is walked once, without
recursion, so any nesting depth works; the same walk picks up the metadata (``<meta>``,
``<title>``, JSON-LD, ...). Block-level elements (``p``, ``h1``-``h6``, ``li``,
``td``, ``pre``, ``div``, ...) start and end blocks, ``br`` ends a line, inline elements
(``a``, ``b``, ``span``, ...) merge into the block around them, and a text node belongs to
exactly one block, so text inside nested containers (``<article><main><p>``) comes out
once. Script, style, template, SVG, iframe and form-control content is never shown and is
dropped; ``hidden`` content (tab panels, collapsed sections) is kept and flagged.

Each block gets a row of DOM features (``DOM_FEATURE_NAMES``): the kind of element that
holds it, its depth, its link density, the landmarks around it (``<article>``, ``<nav>``,
...) and class/id/role hints of its ancestors. Hints match whole tokens or their ``-``/``_``
/camelCase parts, never substrings: ``class="main has-comments"`` says "comment" but
``class="shadow"`` does not say "ad".

Lexbor's tree builder is quadratic in the depth of nested block containers (100,000 nested
``<div>`` take minutes), so a linear pre-pass flattens containers nested deeper than a
browser would build them before the page is parsed.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import cache, lru_cache, reduce
from itertools import accumulate, chain
from operator import or_

import numpy as np
import numpy.typing as npt
from selectolax.lexbor import LexborHTMLParser, LexborNode

from decruft.model import Blocks
from decruft.segment._html import _container_kernel, _deep_tag_spans
from decruft.segment._walk import CONSTANTS as _WALK_CONSTANTS, Walker, layout_ok
from decruft.segment.htmlmeta import HtmlMeta, MetaSources, collect_meta, page_meta
from decruft.segment.maincontent import (
    _RULE_ATTRIBUTES,
    CLASS_ONLY,
    CUT,
    ID_ONLY,
    MC_HAS_NAMES,
    MC_LAST_IN_SECTION,
    MC_ROOT,
    ROOT_CLASSES,
    RULE_FLAGS,
    RULE_TAGS,
    TAG_CUT,
    TAG_FOOTER,
    TAG_NONE,
    TAG_SHIFT,
    attribute_rules,
    landmark_rules,
    off_main,
    off_main_blocks,
    token_rules,
)

# --- feature layout ------------------------------------------------------------------------

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

DOM_FEATURE_NAMES: tuple[str, ...] = (
    "heading_level",  # 1-6 for h1-h6, 0 otherwise
    "tag_p",
    "tag_li",  # li, dt, dd
    "tag_cell",  # td, th
    "tag_pre",  # pre, or a block whose text is all inside <code>
    "tag_blockquote",
    "tag_figcaption",  # figcaption, table caption
    "tag_other",  # div, section, body, ... (and no heading)
    "depth",  # element depth of the block's element (<html> = 0), capped
    "link_density",  # non-space characters inside <a> / non-space characters
    "in_article",
    "in_main",
    "in_nav",
    "in_header",
    "in_footer",
    "in_aside",
    "in_form",
    "in_hidden",
    "hint_nav",
    "hint_footer",
    "hint_comment",
    "hint_share",
    "hint_cookie",
    "hint_related",
    "hint_sidebar",
    "hint_ad",
    "hint_breadcrumb",
    "hint_newsletter",
    "hint_byline",
    "hint_caption",
    # where the page's prose is (see _container_features)
    "in_container",  # inside the deepest element holding CONTAINER_SHARE of the prose
    "container_gap",  # element levels below the container (-1 outside it)
    "blocks_from_container",  # blocks between this one and the container's (0 inside)
    "share_elem",  # share of the page's prose inside the block's element
    "share_parent",  # ... inside its parent
    "share_grandparent",  # ... inside its grandparent
    "prose_in_elem",  # prose blocks inside the block's element
    "prose_in_parent",  # ... inside its parent
    "in_top_candidate",  # inside the element a readability-style score ranks first
    "main_content",  # not cut by the landmark rules of segment/maincontent.py
)
_ONE_HOT_KINDS = (_KIND_P, _KIND_LI, _KIND_CELL, _KIND_PRE, _KIND_QUOTE, _KIND_CAPTION)
_FIRST_MASK_COLUMN = DOM_FEATURE_NAMES.index("in_article")
_FIRST_CONTAINER_COLUMN = DOM_FEATURE_NAMES.index("in_container")
_MAIN_CONTENT_COLUMN = DOM_FEATURE_NAMES.index("main_content")

# Thresholds of the container features; their compiled kernel (segment/_html.pyx) repeats
# these values.
# The article's container is the deepest element holding at least this share of the
# page's prose: the ratio the design study found to single out the article body.
CONTAINER_SHARE = 0.6
# A block is prose when it has at least this many words and is mostly not link text:
# shorter lines are headings, labels and menu items wherever they sit.
PROSE_MIN_WORDS = 8
MAX_PROSE_LINK_DENSITY = 0.5
# Readability's paragraph score (1 + commas + one point per 100 characters, at most 3)
# counts blocks of at least this many characters.
CANDIDATE_MIN_CHARS = 25
CANDIDATE_CHARS_PER_POINT = 100.0
CANDIDATE_MAX_LENGTH_POINTS = 3.0

# Real pages nest a few dozen elements deep; past this depth says nothing more.
MAX_DEPTH_FEATURE = 64
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
# Chrome builds at most 512 levels of elements; deeper nesting only happens in hostile or
# broken pages, and Lexbor's cost grows with the square of it.
MAX_NESTING_DEPTH = 512

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

# A word part of a class/id: an all-caps run, a capitalized or lowercase word, or digits.
_WORD_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", re.ASCII)


@dataclass(frozen=True, slots=True)
class _TagTable:
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
    if name in _META_TAGS:
        packed |= _F_META
    return packed | RULE_TAGS.get(name, TAG_NONE) << _F_RULE_SHIFT


@cache
def _tag_table(noscript_shown: bool = False) -> _TagTable:
    """Tag ids are Lexbor constants; read them once from a probe document. With
    ``noscript_shown``, ``<noscript>`` is a container like ``<div>`` (see segment_html)."""
    probe = LexborHTMLParser("<p>x<!---->")
    names = {
        *_SKIP_TAGS,
        *_BLOCK_KINDS,
        *_VOID_TAGS,
        *_TAG_BITS,
        *_NO_ATTR_TAGS,
        *_META_TAGS,
        *RULE_TAGS,
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
    return _TagTable(
        flags=flags,
        meta_names={ids[name]: name for name in _META_TAGS},
        text_id=text.tag_id,
        comment_id=comment.tag_id,
        body_id=ids["body"],
    )


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DomTree:
    """The elements that hold blocks, as flat arrays: what the learned class lexicon reads.

    ``parents[e]`` is the element around element ``e`` (-1: none); element ``e``'s class/id
    token hashes are ``token_hashes[token_offsets[e]:token_offsets[e + 1]]``;
    ``block_elems[b]`` is block ``b``'s own element (its ``<p>``, ``<li>``...) or, for text
    that no block element of its own holds, the innermost element around it (-1: none).
    """

    parents: npt.NDArray[np.int64]
    token_offsets: npt.NDArray[np.int64]
    token_hashes: npt.NDArray[np.uint32]
    block_elems: npt.NDArray[np.int64]

    @classmethod
    def build(
        cls, parents: list[int], tokens: list[tuple[int, ...]], block_elems: list[int]
    ) -> DomTree:
        offsets = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in tokens], out=offsets[1:])
        hashes = np.fromiter(chain.from_iterable(tokens), dtype=np.uint32, count=int(offsets[-1]))
        return cls(
            np.asarray(parents, dtype=np.int64),
            offsets,
            hashes,
            np.asarray(block_elems, dtype=np.int64),
        )


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """A page's visible text as blocks, one DOM feature row per block, and its metadata.

    ``body`` is the blocks joined by newlines, so ``body[b.start:b.end] == b.text``.
    """

    body: str
    blocks: Blocks
    dom: npt.NDArray[np.float32] = field(repr=False, compare=False)
    meta: HtmlMeta
    tree: DomTree = field(repr=False, compare=False)


# --- segmentation ------------------------------------------------------------------------


# A page whose scripted view shows fewer words than this is read again as a browser without
# scripts shows it: apps and forums (Discourse) put the whole page in <noscript> for crawlers.
NOSCRIPT_FALLBACK_MAX_WORDS = 50
# ... and that view is taken only if it shows at least this many more words: a short
# "please enable JavaScript" notice is not worth it.
NOSCRIPT_MIN_GAIN_WORDS = 20


def segment_html(html: str) -> HtmlPage:
    """Blocks, DOM features and metadata of one HTML page; never raises on bad HTML."""
    data = _flatten_deep_nesting(_trim_long_tags(html.encode("utf-8", "replace")))
    page = _segment(data, scripting=True)
    words = _words_in(page)
    if words < NOSCRIPT_FALLBACK_MAX_WORDS:
        unscripted = _segment(data, scripting=False)
        if _words_in(unscripted) >= words + NOSCRIPT_MIN_GAIN_WORDS:
            return unscripted
    return page


def _words_in(page: HtmlPage) -> int:
    return page.body.count(" ") + len(page.blocks)  # block texts are whitespace-collapsed


def _segment(data: bytes, scripting: bool) -> HtmlPage:
    tree = _parse(data, scripting)
    raw_blocks: list[_RawBlock] = []
    parents: list[int] = []
    tokens: list[tuple[int, ...]] = []
    rules: list[int] = []
    sources = MetaSources()
    root = tree.root
    if root is not None:
        table = _tag_table(noscript_shown=not scripting)
        _walk(root, table, raw_blocks, sources, parents, tokens, rules)
    collected = _Collected(raw_blocks, parents, rules)
    text, blocks = _join_blocks(collected.texts)
    meta = page_meta(root, sources, collected.texts)
    dom_tree = DomTree.build(parents, tokens, collected.owns)
    return HtmlPage(text, blocks, _dom_matrix(collected), meta, dom_tree)


def _parse(data: bytes, scripting: bool) -> LexborHTMLParser:
    """Parse (UTF-8 bytes, deep nesting flattened) as a browser would, with scripting on
    (``<noscript>`` is raw text) or off (its content is parsed and shown)."""
    return LexborHTMLParser(data, scripting=scripting)


# A block as the walk ends it: raw text, kind, depth, mask, link characters, the innermost
# open element around it (an index into the walk's element parents; -1: none), and its own
# element: the one that ends it, if its end does (a ``<p>`` of the element around it).
_RawBlock = tuple[str, int, int, int, int, int, int]


class _Collected:
    """Per-block columns of the page: whitespace-collapsed texts and their features."""

    __slots__ = (
        "depths",
        "elems",
        "kinds",
        "link_chars",
        "links",
        "masks",
        "owns",
        "parents",
        "rules",
        "texts",
    )

    def __init__(self, raw_blocks: list[_RawBlock], parents: list[int], rules: list[int]) -> None:
        self.parents = parents
        self.rules = rules
        self.link_chars = [block[4] for block in raw_blocks]
        self.elems = [block[5] for block in raw_blocks]
        self.owns = [block[6] for block in raw_blocks]
        self.texts = [" ".join(raw.split()) for raw, *_ in raw_blocks]
        self.kinds = [block[1] for block in raw_blocks]
        self.depths = [block[2] for block in raw_blocks]
        self.masks = [block[3] for block in raw_blocks]
        self.links = [
            min(1.0, block[4] / (len(text) - text.count(" "))) if block[4] else 0.0
            for block, text in zip(raw_blocks, self.texts, strict=True)
        ]


def _emit(
    pieces: list[str],
    masks: list[int],
    kind: int,
    depth: int,
    elem: int,
    out: list[_RawBlock],
    own: int | None = None,
) -> None:
    """End the block made of ``pieces`` (which start with visible text), then clear them.

    ``masks`` holds each piece's ancestor bits (0 for spacing); the block's mask is their
    OR. Link and code pieces are rare, so they are only looked at when the mask says so.
    Whitespace is collapsed for all blocks at once at the end (see _Collected).
    """
    block_mask = reduce(or_, masks)
    link_chars = _link_chars(pieces, masks) if block_mask & _IN_LINK else 0
    if block_mask & _IN_CODE and _all_code(pieces, masks):
        kind = _KIND_PRE
    if block_mask & _OFF_MAIN and not _all_off_main(pieces, masks):
        block_mask &= ~_OFF_MAIN
    own = elem if own is None else own
    out.append(("".join(pieces), kind, depth, block_mask, link_chars, elem, own))
    pieces.clear()
    masks.clear()


def _link_chars(pieces: list[str], masks: list[int]) -> int:
    """Non-space characters of the pieces inside ``<a>``."""
    return sum(
        sum(map(len, piece.split()))
        for piece, mask in zip(pieces, masks, strict=True)
        if mask & _IN_LINK
    )


def _all_code(pieces: list[str], masks: list[int]) -> bool:
    """Whether every piece with visible text is inside ``<code>``/``<pre>``."""
    return all(
        mask & _IN_CODE or piece.isspace() for piece, mask in zip(pieces, masks, strict=True)
    )


def _all_off_main(pieces: list[str], masks: list[int]) -> bool:
    """Whether every piece with visible text is inside an inline element the main-content
    rules cut (a date or a button inside a paragraph does not cut the paragraph)."""
    return all(
        mask & _OFF_MAIN or piece.isspace() for piece, mask in zip(pieces, masks, strict=True)
    )


def _walk(
    root: LexborNode,
    table: _TagTable,
    out: list[_RawBlock],
    sources: MetaSources,
    parents: list[int],
    tokens: list[tuple[int, ...]],
    rules: list[int],
) -> None:
    """Visit every node under ``root`` once, in document order (see _python_walk).

    The compiled walk (segment/_walk.pyx) does it, reading Lexbor's structs instead of
    asking selectolax for each node; where those structs are not laid out as it expects
    (another Lexbor), _python_walk, the same walk through selectolax's Python API, does.
    """
    walker = _compiled_walker(table)
    if walker is None:
        _python_walk(root, table, out, sources, parents, tokens, rules)
    else:
        walker.walk(root, out, sources, parents, tokens, rules)


# The compiled walk of each tag table, by the table's identity (the tables are cached, and
# are kept here with it); None where Lexbor's structs are not the ones it reads.
_WALKERS: dict[int, tuple[_TagTable, Walker | None]] = {}


def _compiled_walker(table: _TagTable) -> Walker | None:
    found = _WALKERS.get(id(table))
    if found is None:
        found = (table, _new_walker(table) if _layout_ok() else None)
        _WALKERS[id(table)] = found
    return found[1]


@cache
def _layout_ok() -> bool:
    return layout_ok()


def _new_walker(table: _TagTable) -> Walker:
    names = globals()
    return Walker(
        table.flags,
        table.meta_names,
        table.text_id,
        table.comment_id,
        table.body_id,
        {name: names[name] for name in _WALK_CONSTANTS},
        tuple(sorted(_RULE_ATTRIBUTES)),
        _value_info,
        _role_bits,
        attribute_rules,
        off_main,
        collect_meta,
    )


def _python_walk(
    root: LexborNode,
    table: _TagTable,
    out: list[_RawBlock],
    sources: MetaSources,
    parents: list[int],
    tokens: list[tuple[int, ...]],
    rules: list[int],
) -> None:
    """Visit every node under ``root`` once, in document order, with an explicit stack.

    ``stack`` holds each open element with the ancestor mask outside it and whether it
    owns blocks; ``owners`` the (kind, depth) of each enclosing block owner. A block ends
    where an owner opens or closes and at ``br``/``hr``. ``pieces`` is the text of the
    block being built; it stays empty until the block has visible text, so a block's
    leading whitespace is never added and an empty one costs nothing to end. ``parents``
    gets, for each element entered, the index of the element around it (-1: none), so
    each block can name the element it sits in (see _container_features), and ``tokens``
    its class/id token hashes (see DomTree) and ``rules`` its tag kind and rule flags for
    the main-content rules (see segment/maincontent.py).
    """
    flags_of, text_id, comment_id = table.flags, table.text_id, table.comment_id
    pieces: list[str] = []
    masks: list[int] = []
    stack: list[tuple[LexborNode, int, bool]] = []
    owners: list[tuple[int, int]] = []
    kind, depth, mask = _KIND_OTHER, 0, 0
    top = -1  # the innermost open element: its index in ``parents``
    node: LexborNode | None = root.first_child
    while node is not None:
        tid = node.tag_id
        if tid == text_id:
            text = node.text_content
            if text:
                if mask & _IN_PRE and "\n" in text:
                    _add_pre_lines(text, mask, pieces, masks, kind, depth, top, out)
                elif not text.isspace():
                    pieces.append(text)
                    masks.append(mask)
                elif pieces:
                    pieces.append(text)
                    masks.append(0)  # spacing says nothing about the block
        elif tid != comment_id:  # an element: under <html>, other nodes are comments
            packed = flags_of.get(tid, _F_INLINE)
            if packed & _F_META:
                collect_meta(node, table.meta_names[tid], sources)
            own = packed & _F_BITS
            names: tuple[int, ...] = ()
            flags = 0
            if not packed & (_F_SKIP | _F_NO_ATTRS):
                attrs = node.attributes
                if attrs:
                    bits, names, flags = _attributes(attrs)
                    own |= bits
            if not packed & _F_SKIP:
                tag = packed >> _F_RULE_SHIFT & _F_RULE_MASK
                if (
                    not packed & _F_OWNER
                    and (flags & RULE_FLAGS or tag == TAG_CUT)
                    and off_main(tag, flags, len(stack)) == CUT
                ):
                    own |= _OFF_MAIN
                if packed & _F_BOUNDARY and pieces:
                    _emit(pieces, masks, kind, depth, top, out)
                child = None if packed & _F_VOID else node.first_child
                if child is not None:
                    is_owner = bool(packed & _F_OWNER)
                    if is_owner:
                        owners.append((kind, depth))
                        kind = packed >> _F_KIND_SHIFT & _F_KIND_MASK
                        depth = min(len(stack) + 1, MAX_DEPTH_FEATURE)
                    stack.append((node, mask, is_owner))
                    parents.append(top)
                    tokens.append(names)
                    if tag == TAG_FOOTER and _last_in_section(node, table):
                        flags |= MC_LAST_IN_SECTION
                    rules.append(flags | tag << TAG_SHIFT)
                    top = len(parents) - 1
                    mask |= own
                    node = child
                    continue
        # nothing to enter: move on, closing every element left on the way up
        while True:
            sibling = node.next
            if sibling is not None:
                node = sibling
                break
            if not stack:
                node = None
                break
            node, mask, is_owner = stack.pop()
            closing = top
            top = parents[top]
            if is_owner:
                if pieces:
                    _emit(pieces, masks, kind, depth, top, out, closing)
                kind, depth = owners.pop()
    if pieces:
        _emit(pieces, masks, kind, depth, top, out)


def _add_pre_lines(
    text: str,
    mask: int,
    pieces: list[str],
    masks: list[int],
    kind: int,
    depth: int,
    elem: int,
    out: list[_RawBlock],
) -> None:
    """Preformatted text keeps its lines: each newline ends a block, as ``br`` does."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if number and pieces:
            _emit(pieces, masks, kind, depth, elem, out)
        if line and not line.isspace():
            pieces.append(line)
            masks.append(mask)


def _last_in_section(node: LexborNode, table: _TagTable) -> bool:
    """Whether nothing but text follows the element, and each element around it, up to
    the child of ``<body>`` that holds it."""
    current: LexborNode | None = node
    while current is not None:
        parent = current.parent
        if parent is None or parent.tag_id == table.body_id:
            return True
        after = current.next
        if after is not None and after.tag_id == table.text_id:
            after = after.next
        if after is not None:
            return False
        current = parent
    return True


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


def _join_blocks(texts: list[str]) -> tuple[str, Blocks]:
    """The body (blocks joined by newlines) and each block with its span in it."""
    ends = list(accumulate(len(text) + 1 for text in texts))  # one past each newline
    starts = [0, *ends[:-1]] if ends else []
    stops = [end - 1 for end in ends]
    return "\n".join(texts), Blocks(texts, starts, stops)


@cache
def _kind_rows() -> npt.NDArray[np.float32]:
    """Kind code -> its heading level and one-hot tag columns (DOM_FEATURE_NAMES[0:8])."""
    rows = np.zeros((_KIND_HEADING + 7, len(_ONE_HOT_KINDS) + 2), dtype=np.float32)
    for level in range(1, 7):
        rows[_KIND_HEADING + level, 0] = level
    for column, kind in enumerate(_ONE_HOT_KINDS, start=1):
        rows[kind, column] = 1
    rows[_KIND_OTHER, len(_ONE_HOT_KINDS) + 1] = 1
    rows.flags.writeable = False
    return rows


def _dom_matrix(collected: _Collected) -> npt.NDArray[np.float32]:
    """One row of DOM_FEATURE_NAMES per block, built column-wise."""
    n = len(collected.texts)
    dom = np.empty((n, len(DOM_FEATURE_NAMES)), dtype=np.float32)
    kind_rows = _kind_rows()
    width = kind_rows.shape[1]
    dom[:, :width] = kind_rows[np.asarray(collected.kinds, dtype=np.intp)]
    dom[:, width] = collected.depths
    dom[:, width + 1] = collected.links
    masks = np.asarray(collected.masks, dtype="<u4").view(np.uint8).reshape(n, 4)
    bits = np.unpackbits(masks, axis=1, bitorder="little")
    dom[:, _FIRST_MASK_COLUMN:_FIRST_CONTAINER_COLUMN] = bits[:, :_MASK_FEATURE_BITS]
    _container_features(collected, dom[:, _FIRST_CONTAINER_COLUMN:_MAIN_CONTENT_COLUMN])
    inline_cut = (np.asarray(collected.masks, dtype=np.int64) & _OFF_MAIN) != 0
    dom[:, _MAIN_CONTENT_COLUMN] = ~(_off_main(collected) | inline_cut)
    return dom


def _off_main(collected: _Collected) -> npt.NDArray[np.bool_]:
    """Per block, whether the main-content rules cut an element around it."""
    return off_main_blocks(
        np.asarray(collected.parents, dtype=np.int64),
        np.asarray(collected.rules, dtype=np.int64),
        np.asarray(collected.owns, dtype=np.int64),
        np.fromiter(map(len, collected.texts), dtype=np.float64, count=len(collected.texts)),
        np.asarray(collected.link_chars, dtype=np.float64),
    )


def _container_features(collected: _Collected, out: npt.NDArray[np.float32]) -> None:
    """Fill the container columns: where each block sits relative to the page's prose.

    A block's position in the tree says more than its own tags: the article is the one
    element that holds most of the sentence-like text, and comments, teasers and menus sit
    beside it, not in it (the strongest features of the design study's HTML model). The
    per-block text counts are made here; the tree walks are a compiled kernel
    (segment/_html.pyx).
    """
    texts = collected.texts
    n = len(texts)
    chars = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    words = np.fromiter((t.count(" ") + 1 for t in texts), dtype=np.int64, count=n)
    commas = np.fromiter((t.count(",") for t in texts), dtype=np.float64, count=n)
    _container_kernel(
        np.asarray(collected.parents, dtype=np.int64),
        np.asarray(collected.elems, dtype=np.int64),
        chars,
        words,
        commas,
        np.asarray(collected.links, dtype=np.float64),
        out,
    )


# --- hostile nesting ---------------------------------------------------------------------

# Containers whose start tag makes Lexbor search the open-element stack ("close a p element
# in button scope"); nesting them is what costs depth squared. p/li/dt/dd/h1-h6 close
# themselves implicitly, and nested forms are ignored, so they never nest deep.
_NESTING_TAGS = _words(
    "address article aside blockquote center details dialog dir div dl fieldset "
    "figcaption figure footer header hgroup main menu nav ol search section summary ul "
    "pre listing"
)
# Elements whose content is raw text: a "<div" inside them is not a tag.
_RAW_TEXT_TAGS = _words("script style textarea title xmp iframe noembed noframes noscript")
# Tag names are compared as base-37 numbers of their first characters (a-z, 0-9); the
# compiled scanner (_deep_tag_spans in segment/_html.pyx) repeats this length.
_NAME_CHARS = 12


def _name_code(name: str) -> int:
    code = 0
    for ch in name[:_NAME_CHARS]:
        code = code * 37 + (ord(ch) - 96 if ch.isalpha() else ord(ch) - 48 + 27)
    return code


@cache
def _name_codes(names: tuple[str, ...]) -> npt.NDArray[np.int64]:
    codes = np.array(sorted(_name_code(n) for n in names), dtype=np.int64)
    codes.flags.writeable = False
    return codes


# A start tag with more attributes than this loses them before parsing: parsers slow down
# super-linearly on thousands of attributes in one element (80k took 83 s), and no text is
# in attributes. Only tags longer than MAX_TAG_BYTES are counted (a thousand attributes
# take more bytes than that); one long attribute (a 50 MB class) parses in linear time.
MAX_TAG_ATTRIBUTES = 1000
MAX_TAG_BYTES = 16 * 1024
_LONG_TAG = re.compile(rb"<([A-Za-z][A-Za-z0-9:-]{0,63})[^>]{%d,}>" % MAX_TAG_BYTES)


def _trim_long_tags(data: bytes) -> bytes:
    """``data`` with the attributes of start tags holding over MAX_TAG_ATTRIBUTES dropped."""
    if len(data) <= MAX_TAG_BYTES or not _has_long_run(data, ord(">"), MAX_TAG_BYTES):
        return data
    return _LONG_TAG.sub(_without_attribute_flood, data)


def _has_long_run(data: bytes, stop: int, length: int) -> bool:
    """Whether ``data`` holds ``length`` bytes in a row none of which is ``stop``: a tag
    that long needs such a run before its ``>``, and most pages have none."""
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == stop)
    if len(ends) == 0:
        return True
    return bool(
        ends[0] >= length
        or len(data) - 1 - ends[-1] >= length
        or np.diff(ends).max(initial=0) > length
    )


def _without_attribute_flood(match: re.Match[bytes]) -> bytes:
    tag = match.group(0)
    return b"<" + match.group(1) + b">" if tag.count(b"=") > MAX_TAG_ATTRIBUTES else tag


def _flatten_deep_nesting(data: bytes) -> bytes:
    """``data`` without the container tags nested deeper than MAX_NESTING_DEPTH.

    Their text stays, in order; only the excess element boundaries go, as when a browser
    stops nesting at its depth limit.
    """
    array = np.frombuffer(data, dtype=np.uint8)
    spans = _deep_tag_spans(
        array,
        np.flatnonzero(array == ord("<")),
        _name_codes(tuple(_NESTING_TAGS)),
        _name_codes(tuple(_RAW_TEXT_TAGS)),
        MAX_NESTING_DEPTH,
    )
    if len(spans) == 0:
        return data
    parts: list[bytes] = []
    kept_from = 0
    for start, end in spans:
        parts.append(data[kept_from:start])
        kept_from = end
    parts.append(data[kept_from:])
    return b"".join(parts)
