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

unless it holds most of the page's text (MOST_OF_PAGE). Names are matched by whole tokens
or their ``-``/``_`` parts, lowercased.
"""

from __future__ import annotations

import re

import numpy as np

# An element's verdict (off_main) and the per-block cuts (off_main_blocks) are compiled
# kernels: segment/_maincontent.pyx, which repeats the constants below that they read.
from decruft.segment._maincontent import off_main as off_main
from decruft.segment._maincontent import off_main_blocks as off_main_blocks

# --- rule flags of class/id values ---------------------------------------------------------

MC_HIDDEN = 1 << 0
MC_SKIP = 1 << 1
MC_SIGN_IN = 1 << 2
MC_SOCIAL = 1 << 3
MC_LOGO = 1 << 4
MC_AD = 1 << 5
MC_JUNK = 1 << 6
MC_ARTICLE = 1 << 7  # names the article: a block element so named is kept
MC_LANDMARK_ID = 1 << 8
MC_HEADER = 1 << 9
MC_FOOTER = 1 << 10
MC_NAV = 1 << 11
MC_RECOMMENDED = 1 << 12
MC_COMMENTS = 1 << 13
MC_SEARCH = 1 << 14
MC_SIDEBAR = 1 << 15
MC_MODAL = 1 << 16
MC_GALLERY = 1 << 17
MC_PRINT = 1 << 18
# Read from other attributes (see attribute_rules).
MC_OFF_ATTRIBUTE = 1 << 19  # hidden, aria-hidden, aria-expanded, display:none, rel, itemprop
MC_OFF_ROLE = 1 << 20  # an ARIA role of page furniture (applies to block elements)
MC_HAS_NAMES = 1 << 21  # the element has a class or id
MC_LAST_IN_SECTION = 1 << 22  # a footer with nothing after it in its top-level section
MC_ROOT = 1 << 23  # names the article's body (ROOT_CLASSES, role="main")
_FLAG_BITS = (1 << 24) - 1
# Flags that can cut an element (all but MC_HAS_NAMES / MC_LAST_IN_SECTION alone).
RULE_FLAGS = (1 << 21) - 1
# The segmenter packs an element's RULE_TAGS kind above its flags.
TAG_SHIFT = 28
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
# Cut any element, and cut any element below the page's frame (DEEP_DEPTH).
_CUT_ANY = MC_HIDDEN | MC_LOGO | MC_AD | MC_JUNK
_CUT_DEEP = MC_SIGN_IN | MC_SOCIAL
# Cut block elements.
_CUT_BLOCK = (
    MC_LANDMARK_ID
    | MC_HEADER
    | MC_FOOTER
    | MC_NAV
    | MC_RECOMMENDED
    | MC_COMMENTS
    | MC_SEARCH
    | MC_SIDEBAR
    | MC_MODAL
    | MC_GALLERY
    | MC_PRINT
)

# --- places --------------------------------------------------------------------------------

# Elements less deep than this below <body> (a child of body is 1) are the page's frame:
# its global menu, footer and sign-in links, not parts of an article.
FRAME_DEPTH = 3
# A list this close to <body> is the site's menu.
FRAME_LIST_DEPTH = 4
# A plain <div> deeper than this is looked at as a possible link cluster.
DEEP_DIV_DEPTH = 5
# Link clusters: link characters over all characters above this ratio ...
LIST_LINK_RATIO = 0.2  # <footer>, <ul>, teaser <article>
DIV_LINK_RATIO = 0.6  # <div>
# ... in elements with at most this many characters (0: any size): a long element with
# many links is an article that links, not a menu.
TEASER_MAX_CHARS = 500
PLAIN_DIV_MAX_CHARS = 800
NAMED_DIV_MAX_CHARS = 1500
# No rule cuts an element holding at least this share of the page's text outside links:
# layout wrappers carry names like "right-sidebar" or "has-comments" around the article.
MOST_OF_PAGE = 0.5
# Style values longer than this are cut before matching.
MAX_RULE_VALUE_CHARS = 256

# Element kinds the rules name (packed into the segmenter's tag flags).
TAG_NONE = 0
TAG_DIV = 1
TAG_UL = 2
TAG_FOOTER = 3
TAG_ARTICLE = 4
TAG_CUT = 5  # nav, aside, time, form labels and buttons, figures: never main content
TAG_KEEP = 6  # body, main, h1: always main content (their insides are still checked)
TAG_SKIPPABLE = 7  # a, li: where skip links sit
TAG_BLOCK = 8  # another block element (class/id rules for blocks apply)
TAG_CELL = 9  # td: a block for these rules
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

# Element verdicts of off_main.
KEEP = 0
CUT = 1
# Or: kept unless its links make it a cluster (LIST_LINK_RATIO / DIV_LINK_RATIO checks).
CHECK_LIST = 2  # footer, ul
CHECK_TEASER = 3  # article
CHECK_PLAIN_DIV = 4
CHECK_NAMED_DIV = 5
# Per verdict: (link ratio, most characters) of its link-cluster check.
CLUSTER_CHECKS = np.array(
    [
        (0.0, 0),
        (0.0, 0),
        (LIST_LINK_RATIO, 0),
        (LIST_LINK_RATIO, TEASER_MAX_CHARS),
        (DIV_LINK_RATIO, PLAIN_DIV_MAX_CHARS),
        (DIV_LINK_RATIO, NAMED_DIV_MAX_CHARS),
    ],
    dtype=np.float64,
)
CLUSTER_CHECKS.flags.writeable = False

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
_NAME_RULES: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (flag, re.compile(pattern))
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


_STEM_FLAGS = _stem_table()
# Longest first, so that a stem holding another ("logo", "log") is the one found.
_STEMS = re.compile("|".join(sorted(_STEM_FLAGS, key=len, reverse=True)))


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
