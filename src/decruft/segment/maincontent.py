"""A second opinion on where an HTML page's main content is not: rules of the web at large.

The learned model saw two sources; these rules saw none of them. They restate the
main-content rules of resiliparse 2 (the ChatNoir group's web-archive toolkit), tuned on the
web at large, so that the segmenter's one walk of the tree applies them instead of a second
parser: resiliparse's own extractor cost a third of decruft's time per page. An element is
*off the main content*, with everything inside it, when

- by its tag and place: ``<nav>``, ``<aside>``, ``<time>``, ``<figure>``, a form label or
  button; a ``<ul>`` near ``<body>``; a ``<footer>`` near ``<body>`` or last in its
  top-level section;
- by its place outside the one element of the page named as the article's body
  (ROOT_CLASSES or ``role="main"``), when there is exactly one;
- by its attributes: ``hidden``, ``aria-hidden="true"``, ``aria-expanded="false"``,
  ``style="display: none"``, ``rel`` author/tag/prev/next..., ``itemprop`` author/date/url,
  ``data-ad``, an ARIA role of a menu, banner, dialog, search box, tab ... (block elements);
- by its class/id names: hidden, skip link or pager, sign-in, share bar, logo, ad; and for
  block elements: the site's header, footer, cookie or legal notice, navigation or
  breadcrumbs, recommended/related/popular lists, comments, search bar, sidebar, modal,
  gallery, print-only blocks (unless named as the article, entry, post or content);
- by its links (see off_main_blocks): a ``<footer>`` or ``<ul>`` that is mostly link text, a
  teaser ``<article>`` that is short and mostly links, a ``<div>`` deep in the page that is.

unless it holds most of the page's text (MOST_OF_PAGE in segment/_maincontent.pyx). Names
are matched by whole tokens or their ``-``/``_`` parts, lowercased.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# An element's verdict (off_main), the per-block cuts (off_main_blocks) and the rule flags,
# tag kinds, verdicts and thresholds they read are defined once, in the compiled kernels
# (segment/_maincontent.pyx); this module re-exports them.
from decruft.lazy import LazyPattern
from decruft.segment._maincontent import (
    CHECK_LIST as CHECK_LIST,
    CHECK_NAMED_DIV as CHECK_NAMED_DIV,
    CHECK_PLAIN_DIV as CHECK_PLAIN_DIV,
    CHECK_TEASER as CHECK_TEASER,
    CUT as CUT,
    DEEP_DIV_DEPTH as DEEP_DIV_DEPTH,
    FRAME_DEPTH as FRAME_DEPTH,
    FRAME_LIST_DEPTH as FRAME_LIST_DEPTH,
    KEEP as KEEP,
    MC_AD as MC_AD,
    MC_ARTICLE as MC_ARTICLE,
    MC_COMMENTS as MC_COMMENTS,
    MC_FOOTER as MC_FOOTER,
    MC_GALLERY as MC_GALLERY,
    MC_HAS_NAMES as MC_HAS_NAMES,
    MC_HEADER as MC_HEADER,
    MC_HIDDEN as MC_HIDDEN,
    MC_JUNK as MC_JUNK,
    MC_LANDMARK_ID as MC_LANDMARK_ID,
    MC_LAST_IN_SECTION as MC_LAST_IN_SECTION,
    MC_LOGO as MC_LOGO,
    MC_MODAL as MC_MODAL,
    MC_NAV as MC_NAV,
    MC_OFF_ATTRIBUTE as MC_OFF_ATTRIBUTE,
    MC_OFF_ROLE as MC_OFF_ROLE,
    MC_PRINT as MC_PRINT,
    MC_RECOMMENDED as MC_RECOMMENDED,
    MC_ROOT as MC_ROOT,
    MC_SEARCH as MC_SEARCH,
    MC_SIDEBAR as MC_SIDEBAR,
    MC_SIGN_IN as MC_SIGN_IN,
    MC_SKIP as MC_SKIP,
    MC_SOCIAL as MC_SOCIAL,
    TAG_ARTICLE as TAG_ARTICLE,
    TAG_BLOCK as TAG_BLOCK,
    TAG_CELL as TAG_CELL,
    TAG_CUT as TAG_CUT,
    TAG_DIV as TAG_DIV,
    TAG_FOOTER as TAG_FOOTER,
    TAG_KEEP as TAG_KEEP,
    TAG_NONE as TAG_NONE,
    TAG_SHIFT as TAG_SHIFT,
    TAG_SKIPPABLE as TAG_SKIPPABLE,
    TAG_UL as TAG_UL,
    off_main as off_main,
    off_main_blocks as off_main_blocks,
)

# Flags that can cut an element (all but MC_HAS_NAMES / MC_LAST_IN_SECTION alone).
RULE_FLAGS = (1 << 21) - 1
# Class names of an article's body: when exactly one element of a page has one (or
# role="main"), everything outside it is off the main content.
ROOT_CLASSES = frozenset(
    [
        "article-body",
        "articleBody",
        "contentBody",
        "article-text",
        "main-content",
        "postcontent",
        "post-content",
        "single-post",
    ]
)

# Flags only a class gives, and only an id gives.
CLASS_ONLY = MC_HIDDEN | MC_SIGN_IN | MC_SOCIAL | MC_JUNK | MC_ROOT
ID_ONLY = MC_LANDMARK_ID
# Style values longer than this are cut before matching.
MAX_RULE_VALUE_CHARS = 256

# Tag names -> the element kinds the rules name (packed into the segmenter's tag flags).
RULE_TAGS: dict[str, int] = {
    "div": TAG_DIV,
    "ul": TAG_UL,
    "footer": TAG_FOOTER,
    "article": TAG_ARTICLE,
    **dict.fromkeys(("nav", "aside", "time", "button", "label", "figure", "figcaption"), TAG_CUT),
    **dict.fromkeys(("body", "main", "h1"), TAG_KEEP),
    **dict.fromkeys(("a", "li"), TAG_SKIPPABLE),
    **dict.fromkeys(
        [
            "address",
            "blockquote",
            "center",
            "details",
            "dialog",
            "dir",
            "dl",
            "dd",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "form",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hgroup",
            "menu",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "summary",
        ],
        TAG_BLOCK,
    ),
    "td": TAG_CELL,
}

# --- name rules ----------------------------------------------------------------------------

_OFF_ROLES = frozenset(
    [
        "alert",
        "banner",
        "checkbox",
        "comment",
        "complementary",
        "contentinfo",
        "dialog",
        "img",
        "menu",
        "menubar",
        "menuitem",
        "navigation",
        "presentation",
        "radio",
        "search",
        "searchbox",
        "separator",
        "tab",
        "toolbar",
        "tooltip",
    ]
)
_OFF_RELS = frozenset(["author", "icon", "search", "prev", "next", "tag"])
_OFF_ITEMPROPS = frozenset(("datePublished", "author", "url"))
_AD_ATTRIBUTES = frozenset(("data-ad", "data-advertisement", "data-text-ad"))
_RULE_ATTRIBUTES = _AD_ATTRIBUTES | {
    "hidden",
    "aria-hidden",
    "aria-expanded",
    "style",
    "rel",
    "itemprop",
    "role",
}
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:;|$)")

_SEP = r"[\s_-]"


def _alternatives(words: str) -> str:
    return "|".join(words.split())


def _part(words: str) -> str:
    """Any of ``words`` as a part of a name: between separators or the value's ends."""
    return rf"(?:^|{_SEP})(?:{_alternatives(words)})(?:$|{_SEP})"


def _token(words: str, tail: str = r"(?:$|\s)") -> str:
    """Any of ``words`` starting a whitespace-separated token."""
    return rf"(?:^|\s)(?:{_alternatives(words)}){tail}"


_FRAME = r"(?:(?:l|m|wp|global|page|site|full|sticky)[_-]*)"
# Compiled when a class or id name first asks for one (its stems pick the rules it tries):
# most pages' names ask for a few of them.
_NAME_RULES: tuple[tuple[int, LazyPattern[str]], ...] = tuple(
    (flag, LazyPattern(pattern))
    for flag, pattern in (
        (
            MC_HIDDEN,
            r"(?:^|\s)(?:(?:is|visually)[_-])?(?:display-none|hidden|invisible|collapsed|h-0|"
            r"nocontent|expandable)(?:-xs|-sm|-lg|-xl|-2xl)?(?:$|\s)",
        ),
        (
            MC_SKIP,
            r"(?:^|\s)(?:link[_-]?)?(?:skip(?:[_-]?(?:to|link))?|scroll[_-]?(?:up|down)|next|"
            r"prev|previous|permalink|pagination|skip-to-(?:main-)?content)"
            r"(?:$|\s|[_-]?(?:post|article))",
        ),
        (
            MC_SIGN_IN,
            _part("login log-in log_in signin sign-in sign_in signup sign-up sign_up account")
            + r"|"
            + _part("user-info user-profile user-settings user-actions"),
        ),
        (
            MC_SOCIAL,
            r"(?:^|\s|__|--|mobile-|desktop-|l-|m-|c-)(?:social(?:media|search)?|share(?:daddy)?|"
            r"syndication|newsletter|sharing|follow|email|likes?|(?:give[_-]?)?feedback|"
            r"(?:brand[_-])?engagement|facebook|twitter|subscribe|wa|jp)"
            r"(?:[_-]?(?:post|links?|section|icons?|btn|buttons?|target))?(?:$|[\s_-])",
        ),
        (MC_LOGO, r"(?:brand(?:ing)?[_-]*)?logo(?:$|\s)"),
        (
            MC_AD,
            r"(?:^|\s)(?:(?:google|wide)[_-]?ads?|ad(?:vert|vertise(?:ment|link)?|_[a-f0-9]+)?|"
            r"sponsor(?:ed)?|promoted|paid|(?:wide)?banner|donate)(?:$|[\s_-])",
        ),
        (MC_JUNK, _token("short-view-count spinner", r"(?:$|[\s_-])")),
        (
            MC_ARTICLE,
            _part(
                "article entry post story single-post singlepost main-content content body "
                "text page"
            ),
        ),
        (MC_HEADER, rf"(?:^|\s){_FRAME}header(?:[_-]?wrap(?:per)?|bar)?(?:$|\s)"),
        (
            MC_FOOTER,
            r"(?:^|[\s_-])(?:global|page|site|copyright)?(?:footer|copyright|cookie|consent|"
            r"legal|fcontainer)(?:$|[\s_-])",
        ),
        (
            MC_NAV,
            r"(?:^|\s)(?:(?:l|m|wp|main|site|page|sub|article|global|sticky)[_-]*)?"
            r"(?:nav(?:igation)?|menu(?:[_-]item)?|drop[_-]?down|bread[_-]?crumbs?)(?:$|[\s_-])"
            r"|(?:^|\s)links?[_-]?(?:bar|box|list|container|section|wrapper)?(?:$|[\s_-])",
        ),
        (
            MC_RECOMMENDED,
            r"(?:^|[\s_-])(?:trends|trending|recommended|featured|popular|editors?[_-]picks|"
            r"related|read-next|(?:related|more|other)[_-]?(?:links|articles|posts|guides|"
            r"stories))(?:$|[\s_-])",
        ),
        (
            MC_COMMENTS,
            r"(?:^|[\s_-])(?:(?:article|user|post)[_-]*)?(?:(?:no[_-]?)?comments?|"
            r"comment[_-]?list|reply)(?:$|[\s_-])",
        ),
        (MC_SEARCH, r"(?:^|[\s_-])search(?:[_-]?(?:bar|facility|box))?(?:$|\s)"),
        (
            MC_SIDEBAR,
            r"(?:^|\s)(?:(?:l|wp|right|left|global|sticky)[_-]*)?(?:(?:side|sticky)[_-]?"
            r"(?:bars?|box)|one-third)(?:$|[\s_-])",
        ),
        (
            MC_MODAL,
            r"(?:^|\s)(?:wp-|p-)?(?:modal|popup|lightbox)(?:[_-]*(?:window|pane|box))?"
            r"(?:$|[\s_-])",
        ),
        (MC_GALLERY, _part("gallery carousel")),
        (MC_PRINT, r"(?:^|\s)print[_-]"),
    )
)
_LANDMARK_ID = re.compile(rf"{_FRAME}?(?:head|header|foot|footer|right)")
# Each name rule needs one of its stems in the token: most class names (grid and utility
# classes, hashed CSS-in-JS names) hold none, and the others only try the rules theirs name.
_RULE_STEMS: dict[int, str] = {
    MC_HIDDEN: "hidden invisible collapsed h-0 nocontent expandable display",
    MC_SKIP: "skip scroll next prev permalink pagination",
    MC_SIGN_IN: "log sign account user",
    MC_SOCIAL: "social shar syndication newsletter follow email like feedback engagement "
    "facebook twitter subscribe wa jp",
    MC_LOGO: "logo",
    MC_AD: "ad google wide sponsor promoted paid banner donate",
    MC_JUNK: "short spinner",
    MC_ARTICLE: "article entry post story single content body text page",
    MC_HEADER: "head",
    MC_FOOTER: "foot copyright cookie consent legal fcontainer",
    MC_NAV: "nav menu drop bread link",
    MC_RECOMMENDED: "trend recommended featured popular editor related read more other",
    MC_COMMENTS: "comment reply",
    MC_SEARCH: "search",
    MC_SIDEBAR: "side sticky one-third",
    MC_MODAL: "modal popup lightbox",
    MC_GALLERY: "gallery carousel",
    MC_PRINT: "print",
}


def _stem_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for flag, stems in _RULE_STEMS.items():
        for stem in stems.split():
            table[stem] = table.get(stem, 0) | flag
    return table


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for the words, factored by shared prefixes ("a(?:d|rticle)"): it finds what
    their plain alternation longest first finds (at each place, the longest word there),
    but tries each character once instead of every word (~2.4x faster on class names).
    Ending a word is the last choice at its node, so a longer word is tried first."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        ends = "" in node
        if len(alts) == 1 and not ends:
            return alts[0]
        return f"(?:{'|'.join(alts)}{'|' if ends else ''})" if alts else ""

    return emit(root)


_STEM_FLAGS = _stem_table()
# The longest stem at each place, so that a stem holding another ("logo", "log") is found.
_STEMS = re.compile(trie_pattern(_STEM_FLAGS))


def token_rules(token: str) -> int:
    """Name rule flags of one lowercased class/id token (without MC_LANDMARK_ID)."""
    candidates = 0
    for stem in _STEMS.findall(token):
        candidates |= _STEM_FLAGS[stem]
    flags = 0
    if candidates:
        for flag, pattern in _NAME_RULES:
            if candidates & flag and pattern.search(token):
                flags |= flag
    return flags


def landmark_rules(value: str) -> int:
    """MC_LANDMARK_ID when a lowercased one-token id names the site's header or footer."""
    return MC_LANDMARK_ID if _LANDMARK_ID.fullmatch(value) else 0


def attribute_rules(attrs: dict[str, str | None]) -> int:
    """MC_OFF_ATTRIBUTE when hidden, aria, style, rel, itemprop or data-ad attributes say
    the element is not part of the content; MC_OFF_ROLE for a furniture role."""
    if _RULE_ATTRIBUTES.isdisjoint(attrs):
        return 0
    flags = 0
    if "hidden" in attrs or not _AD_ATTRIBUTES.isdisjoint(attrs):
        flags |= MC_OFF_ATTRIBUTE
    if attrs.get("aria-hidden") == "true" or attrs.get("aria-expanded") == "false":
        flags |= MC_OFF_ATTRIBUTE
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style[:MAX_RULE_VALUE_CHARS].lower()):
        flags |= MC_OFF_ATTRIBUTE
    rel = attrs.get("rel")
    if rel and rel.strip() in _OFF_RELS:
        flags |= MC_OFF_ATTRIBUTE
    itemprop = attrs.get("itemprop")
    if itemprop and itemprop.strip() in _OFF_ITEMPROPS:
        flags |= MC_OFF_ATTRIBUTE
    role = attrs.get("role")
    if role:
        role = role.strip().lower()
        if role in _OFF_ROLES:
            flags |= MC_OFF_ROLE
        elif role == "main":
            flags |= MC_ROOT
    return flags
