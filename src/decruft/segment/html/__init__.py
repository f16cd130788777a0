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

The modules: ``page`` (``segment_html``: pre-pass, parse, walk, assemble the page),
``prepass`` (the byte pre-pass: floods of attributes, deep nesting), ``tags`` (tag tables
and the walk's per-tag flags), ``hints`` (class/id/role hints), ``walk`` (the walk that
collects blocks, compiled or in Python) and ``dom`` (the DOM feature rows and the elements
holding blocks). The names other modules use are re-exported here.
"""

from decruft.segment.html.dom import (
    CANDIDATE_CHARS_PER_POINT as CANDIDATE_CHARS_PER_POINT,
    CANDIDATE_MAX_LENGTH_POINTS as CANDIDATE_MAX_LENGTH_POINTS,
    CANDIDATE_MIN_CHARS as CANDIDATE_MIN_CHARS,
    CONTAINER_SHARE as CONTAINER_SHARE,
    DOM_FEATURE_NAMES as DOM_FEATURE_NAMES,
    MAX_PROSE_LINK_DENSITY as MAX_PROSE_LINK_DENSITY,
    PROSE_MIN_WORDS as PROSE_MIN_WORDS,
    DomTree as DomTree,
)
from decruft.segment.html.hints import (
    HINT_CACHE_SIZE as HINT_CACHE_SIZE,
    MAX_CLASS_TOKENS as MAX_CLASS_TOKENS,
    MAX_HINT_ATTR_CHARS as MAX_HINT_ATTR_CHARS,
    TOKEN_CACHE_SIZE as TOKEN_CACHE_SIZE,
)
from decruft.segment.html.page import (
    NOSCRIPT_FALLBACK_MAX_WORDS as NOSCRIPT_FALLBACK_MAX_WORDS,
    NOSCRIPT_MIN_GAIN_WORDS as NOSCRIPT_MIN_GAIN_WORDS,
    HtmlPage as HtmlPage,
    Recorded as Recorded,
    _parse as _parse,
    segment_html as segment_html,
)
from decruft.segment.html.prepass import (
    MAX_NESTING_DEPTH as MAX_NESTING_DEPTH,
    MAX_TAG_ATTRIBUTES as MAX_TAG_ATTRIBUTES,
    MAX_TAG_BYTES as MAX_TAG_BYTES,
    _flatten_deep_nesting as _flatten_deep_nesting,
    _trim_long_tags as _trim_long_tags,
)
from decruft.segment.html.tags import _tag_table as _tag_table
from decruft.segment.html.walk import (
    MAX_DEPTH_FEATURE as MAX_DEPTH_FEATURE,
    _compiled_walker as _compiled_walker,
    _python_walk as _python_walk,
)
