"""The byte pre-pass before parsing: start tags with thousands of attributes lose them, and
container tags nested deeper than a browser builds them are dropped.

Lexbor's tree builder is quadratic in the depth of nested block containers (100,000 nested
``<div>`` take minutes), and parsers slow down super-linearly on thousands of attributes in
one element; both passes are linear and leave ordinary pages untouched.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import numpy.typing as npt

from decruft.segment._html import _deep_tag_spans, _long_stretches
from decruft.segment.html.tags import _words

# Chrome builds at most 512 levels of elements; deeper nesting only happens in hostile or
# broken pages, and Lexbor's cost grows with the square of it.
MAX_NESTING_DEPTH = 512

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
    """``data`` with the attributes of start tags holding over MAX_TAG_ATTRIBUTES dropped.

    A long tag ends at a ``>`` with MAX_TAG_BYTES bytes and more since the one before it, and
    the pattern cannot match across a ``>``: only those stretches are searched, each for the
    leftmost long tag in it (what ``_LONG_TAG.sub`` over the whole page finds). Pages with
    a long script or data URI used to be searched whole: a fifth of the dev pages, ~1 ms
    each.
    """
    if len(data) <= MAX_TAG_BYTES:
        return data
    parts: list[bytes] = []
    kept_from = 0
    for start, stop in _long_stretches(data, ord(">"), MAX_TAG_BYTES):
        match = _LONG_TAG.search(data, start, stop)
        if match is not None:
            parts += (data[kept_from : match.start()], _without_attribute_flood(match))
            kept_from = match.end()
    if not parts:
        return data
    parts.append(data[kept_from:])
    return b"".join(parts)


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
