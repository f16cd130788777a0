"""Collection during the walk: what each ``<meta>``, ``<link>``, ``<script>``, ``<title>``,
``<time>`` and ``<h1>`` the segmenting walk passes says about the page, gathered into
MetaSources (and, when the Markdown asks for them, each link, image, emphasis and inline
code element); and ``clean``, the cut and whitespace-collapsed form every value is kept in.
"""

from __future__ import annotations

from collections.abc import Sized
from typing import TYPE_CHECKING

from decruft.lazy import LazyPattern
from decruft.shapes import CODE_MARK

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode


# Metadata values are short; longer ones are cut so a huge attribute cannot flood output.
MAX_META_CHARS = 1000
# A page has a few dozen meta/link/script tags; past this many the rest are ignored.
MAX_META_TAGS = 2000
# JSON-LD blocks are a few KB; a larger one is not worth parsing for an author and a date.
MAX_JSONLD_CHARS = 512 * 1024
# JSON-LD blocks read per page: pages have one to a handful; the rest are ignored.
MAX_JSONLD_BLOCKS = 20
# <h1> headings kept as title candidates: logos and section names come first on some pages,
# the headline rarely later than the fourth.
MAX_HEADINGS = 8
# <time> elements kept as date candidates (the published one is near the top).
MAX_TIMES = 8
# Byline / date-line elements read by the CSS look-ups, in document order.
MAX_DOM_CANDIDATES = 60
# Links recorded per page (Config.links): a few hundred on most pages; the rest are plain text.
MAX_LINKS = 5000
# Images recorded per page (Config.images): galleries hold a few hundred; the rest are left out.
MAX_IMAGES = 1000
# Where a lazy-loading page keeps an <img>'s real source (``src`` is then a placeholder).
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original")
# A declared width or height this small is a tracking pixel or a spacer, not a picture.
MAX_PIXEL_SIZE = 2
# Code blocks whose language is noted per page: documentation pages hold a few dozen.
MAX_CODE_LANGUAGES = 1000
# Emphasized pieces recorded per page (Config.formatting); the rest stay plain text.
MAX_EMPHASIS = 5000
# Each emphasis element's Markdown mark.
EMPHASIS_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_EMPHASIS_MARK_SET = frozenset(EMPHASIS_MARKS.values())
# An emphasis element inside another, or inside code, within this many levels is left to
# the outer one: its text is the outer one's or part of it (pieces are placed in the order
# they start), and Markdown does not nest ``**`` in ``*`` simply, nor anything in code.
EMPHASIS_NESTING_LEVELS = 3
# Inline code elements recorded per page (Config.formatting), besides the emphasis; the rest
# stay plain text (a reference page holds a few hundred).
MAX_CODE_SPANS = 5000
# Inline code elements: each one's text is recorded with CODE_MARK, a Markdown code span.
CODE_SPAN_TAGS = ("code", "kbd", "samp", "tt")
# Elements whose lines are a code block (a fenced block in Markdown): code inside is no span.
_CODE_BLOCK_TAGS = ("pre", "listing")
# A code element is looked up this many levels for a code block, code or emphasis around it
# (a highlighter's <pre><code><span><code> is found; one deeper is recorded, and placed
# where its text stands after the <pre>, if it does: the Markdown skips a <pre>'s lines).
CODE_NESTING_LEVELS = 4
# The language a <pre> or <code> names: highlight.js, Prism and GitHub's class names
# ("language-python", "lang-js", "highlight-source-rust"), or a data-lang attribute.
_CODE_CLASS = LazyPattern(
    r"(?:^|\s)(?:language|lang|highlight-source|highlight)-([A-Za-z][\w+#.-]{0,19})(?=\s|$)"
)
_CODE_ATTRIBUTES = ("data-lang", "data-language")
_LANGUAGE_NAME = LazyPattern(r"[A-Za-z][\w+#.-]{0,19}")

_LD_JSON = "application/ld+json"
# Words that mark a meta key, <time> or element as the published (not updated) date.
_PUBLISHED_WORDS = ("publish", "posted", "pubdate", "datecreated", "entry-date", "post-date")


class MetaSources:
    """What the metadata is read from, gathered during the walk (first one wins)."""

    __slots__ = (
        "base",
        "blocks",
        "canonical",
        "code_languages",
        "code_spans",
        "elements",
        "emphasis",
        "h1s",
        "images",
        "json_ld",
        "links",
        "meta",
        "seen",
        "times",
        "title",
    )

    def __init__(self) -> None:
        self.meta: dict[str, str] = {}  # property/name/itemprop -> content
        self.title: str | None = None
        self.h1s: list[str] = []
        self.times: list[tuple[str, bool]] = []  # (datetime or text, marked as published)
        self.canonical: str | None = None
        self.json_ld: list[str] = []
        self.seen = 0  # metadata tags looked at, capped by MAX_META_TAGS
        self.links: list[tuple[str, str]] = []  # (href, text) of each <a>, with Config.links
        self.base: str | None = None  # the <base href>, with Config.links or Config.images
        # (block, src, alt) of each <img>, with Config.images: the block is the one the walk
        # is in or starts next when it passes the image (``len(blocks)`` then).
        self.images: list[tuple[int, str, str]] = []
        self.blocks: Sized = ()  # the walk's blocks so far (segment/html/page.py sets it)
        # (element, language) of each <pre> whose markup names its language; the element
        # is the one the walk records next (``len(elements)`` then)
        self.code_languages: list[tuple[int, str]] = []
        self.elements: Sized = ()  # the walk's recorded elements so far (page.py sets it)
        # (text, mark), with Config.formatting: "**" or "*" for emphasis, CODE_MARK for inline
        # code, "**`" or "*`" for emphasis whose text is all inline code
        self.emphasis: list[tuple[str, str]] = []
        self.code_spans = 0  # pieces of ``emphasis`` that are inline code


def collect_meta(node: LexborNode, tag: str, sources: MetaSources) -> None:
    """Note what a meta/link/script/title/time/h1 element says about the page (and, when
    links or images are recorded, an <a>, <img> or <base>)."""
    if tag == "a":
        _add_anchor(node, sources)
        return
    if tag == "img":
        _add_image(node, sources)
        return
    if tag == "pre":
        _add_code_language(node, sources)
        return
    if tag in EMPHASIS_MARKS:
        _add_emphasis(node, tag, sources)
        return
    if tag in CODE_SPAN_TAGS:
        _add_code_span(node, sources)
        return
    if tag == "base":
        sources.base = sources.base or clean(node.attributes.get("href"))
        return
    sources.seen += 1
    if sources.seen > MAX_META_TAGS:
        return
    if tag == "meta":
        _add_meta_tag(node.attributes, sources.meta)
    elif tag == "link":
        _add_link(node.attributes, sources)
    elif tag == "script":
        _add_script(node, sources)
    elif tag == "title":
        sources.title = sources.title or clean(node.text())
    elif tag == "h1":
        if len(sources.h1s) < MAX_HEADINGS:
            heading = clean(node.text())
            if heading is not None:
                sources.h1s.append(heading)
    elif tag == "time" and len(sources.times) < MAX_TIMES:
        _add_time(node, sources)


def _add_anchor(node: LexborNode, sources: MetaSources) -> None:
    """An <a href>'s target and text (both whitespace-collapsed and cut), at most
    MAX_LINKS per page."""
    if len(sources.links) >= MAX_LINKS:
        return
    href = clean(node.attributes.get("href"))
    text = clean(node.text(deep=True))
    if href is not None and text is not None:
        sources.links.append((href, text))


def _add_image(node: LexborNode, sources: MetaSources) -> None:
    """An <img>'s source (its lazy-loading one if it has one, else ``src``, else the first
    of ``srcset``) and alt text, at the block the walk is at; at most MAX_IMAGES per page.
    Tracking pixels and inline data are left out."""
    if len(sources.images) >= MAX_IMAGES:
        return
    attrs = node.attributes
    if any(_is_pixel(attrs.get(side)) for side in ("width", "height")):
        return
    src = next((v for name in _LAZY_SOURCES if (v := clean(attrs.get(name)))), None)
    src = src or clean(attrs.get("src"))
    if src is None or src.startswith("data:"):
        srcset = clean(attrs.get("srcset"))
        src = srcset.split(",")[0].split()[0] if srcset and srcset.strip(", ") else None
    if src is None or src.startswith("data:"):
        return
    sources.images.append((len(sources.blocks), src, clean(attrs.get("alt")) or ""))


def _add_code_language(node: LexborNode, sources: MetaSources) -> None:
    """The language a <pre>, or the <code> that is its first element, names, noted against
    the element the <pre> is recorded as."""
    if len(sources.code_languages) >= MAX_CODE_LANGUAGES:
        return
    language = _language_named(node.attributes)
    if language is None:
        child = node.child
        while child is not None and child.tag == "-text":
            child = child.next
        if child is not None and child.tag == "code":
            language = _language_named(child.attributes)
    if language:
        sources.code_languages.append((len(sources.elements), language.lower()))


def _language_named(attrs: dict[str, str | None]) -> str | None:
    """The language an element's data-lang or class (language-x, lang-x ...) names."""
    named = next((v for name in _CODE_ATTRIBUTES if (v := attrs.get(name))), None)
    found = _LANGUAGE_NAME.fullmatch(named.strip()) if named else None
    if found is not None:
        return found.group(0)
    classes = attrs.get("class")
    found = _CODE_CLASS.search(classes) if classes else None
    return found.group(1) if found else None


def _add_emphasis(node: LexborNode, tag: str, sources: MetaSources) -> None:
    """An emphasis element's text and mark, unless it sits in another or in code (see
    EMPHASIS_NESTING_LEVELS); at most MAX_EMPHASIS per page."""
    if len(sources.emphasis) - sources.code_spans >= MAX_EMPHASIS:
        return
    up = node.parent
    for _ in range(EMPHASIS_NESTING_LEVELS):
        if up is None:
            break
        outer = up.tag
        if outer in EMPHASIS_MARKS or outer in CODE_SPAN_TAGS or outer in _CODE_BLOCK_TAGS:
            return
        up = up.parent
    text = clean(node.text(deep=True))
    if text is not None:
        sources.emphasis.append((text, EMPHASIS_MARKS[tag]))


def _add_code_span(node: LexborNode, sources: MetaSources) -> None:
    """An inline code element's text (CODE_MARK), at most MAX_CODE_SPANS per page; none
    for one in a code block or in other code (see CODE_NESTING_LEVELS). One in emphasis
    marks the emphasis as code when it is all of its text (``**`code`**``), else is left
    to it."""
    if sources.code_spans >= MAX_CODE_SPANS:
        return
    emphasized = False
    up = node.parent
    for _ in range(CODE_NESTING_LEVELS):
        if up is None:
            break
        outer = up.tag
        if outer in _CODE_BLOCK_TAGS or outer in CODE_SPAN_TAGS:
            return
        emphasized = emphasized or outer in EMPHASIS_MARKS
        up = up.parent
    text = clean(node.text(deep=True))
    if text is None:
        return
    if not emphasized:
        sources.emphasis.append((text, CODE_MARK))
        sources.code_spans += 1
        return
    # the emphasis around it was recorded last, if it was (nothing inside it is recorded;
    # past the cap it was not, and the last one is another)
    if len(sources.emphasis) - sources.code_spans >= MAX_EMPHASIS or not sources.emphasis:
        return
    last = sources.emphasis[-1]
    if last[0] == text and last[1] in _EMPHASIS_MARK_SET:
        sources.emphasis[-1] = (text, last[1] + CODE_MARK)


def _is_pixel(size: str | None) -> bool:
    """Whether a width/height attribute declares a tracking pixel or spacer."""
    digits = (size or "").strip().removesuffix("px")
    return digits.isdigit() and int(digits) <= MAX_PIXEL_SIZE


def _add_meta_tag(attrs: dict[str, str | None], into: dict[str, str]) -> None:
    """Record the first non-empty content for each of the tag's property/name/itemprop."""
    content = clean(attrs.get("content"))
    if content is None:
        return
    for key_attr in ("property", "name", "itemprop"):
        key = attrs.get(key_attr)
        if key:
            into.setdefault(key[:MAX_META_CHARS].strip().lower(), content)


def _add_link(attrs: dict[str, str | None], sources: MetaSources) -> None:
    rel = (attrs.get("rel") or "")[:MAX_META_CHARS].lower().split()
    if sources.canonical is None and "canonical" in rel:
        sources.canonical = clean(attrs.get("href"))


def _add_script(node: LexborNode, sources: MetaSources) -> None:
    kind = (node.attributes.get("type") or "")[:MAX_META_CHARS].strip().lower()
    if kind == _LD_JSON and len(sources.json_ld) < MAX_JSONLD_BLOCKS:
        text = node.text()
        if len(text) <= MAX_JSONLD_CHARS:
            sources.json_ld.append(text)


def _add_time(node: LexborNode, sources: MetaSources) -> None:
    """A ``<time>``: its datetime (else its text), and whether it says it is the published
    date (itemprop datePublished, a "published"/"posted" class) rather than any date."""
    attrs = node.attributes
    value = clean(attrs.get("datetime")) or clean(node.text())
    if value is None:
        return
    marks = " ".join(
        (attrs.get(name) or "")[:MAX_META_CHARS] for name in ("itemprop", "class", "pubdate")
    ).lower()
    published = "pubdate" in attrs or any(word in marks for word in _PUBLISHED_WORDS)
    sources.times.append((value, published))


def clean(value: str | None) -> str | None:
    """Whitespace-collapsed and cut to MAX_META_CHARS; None if nothing is left."""
    if not value:
        return None
    cleaned = " ".join(value[: MAX_META_CHARS * 4].split())[:MAX_META_CHARS]
    return cleaned or None
