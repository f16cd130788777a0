"""Putting data and code into one HTML file so that no page's text can become markup.

Page data travels as JSON inside ``<script type="application/json">``: a data block the
browser never runs, which the report's script reads with ``JSON.parse`` and turns into DOM
nodes through ``textContent`` only. Inside a script element the HTML parser looks for
``</script`` (and ``<!--`` changes how it looks), so every ``<``, ``>`` and ``&`` in the JSON
is written as a ``\\u`` escape (JSON reads it back as the same character); U+2028 and U+2029
are escaped too, as some JavaScript parsers took them for line ends. Everything rendered in
Python goes through ``html.escape``.

The Content-Security-Policy allows exactly the report's own script and style (by their
SHA-256) and nothing else: no other script, no network, no forms, no base URL.
"""

from __future__ import annotations

import base64
import hashlib
import json

import orjson

# Bytes of UTF-8 JSON that must not appear raw inside a <script> element, and their escapes
# (UTF-8 never puts an ASCII byte inside a multi-byte character, so bytes can be replaced).
_SCRIPT_ESCAPES = (
    (b"&", b"\\u0026"),
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def json_bytes(obj: object) -> bytes:
    """Compact UTF-8 JSON of ``obj``, safe to put inside a ``<script>`` element."""
    try:
        data = orjson.dumps(obj)
    except TypeError:  # a lone surrogate orjson refuses: ASCII JSON escapes it (\\udXXX)
        data = json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    for raw, escaped in _SCRIPT_ESCAPES:
        data = data.replace(raw, escaped)
    return data


def json_script(element_id: str, data: bytes) -> bytes:
    """A JSON data block (``data`` from ``json_bytes``) the report's script finds by id."""
    return (
        b'<script type="application/json" id="' + element_id.encode() + b'">' + data + b"</script>"
    )


def csp_hash(source: str) -> str:
    """The CSP source expression allowing an inline script or style whose text is ``source``
    (the element's exact content)."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script: str, style: str) -> str:
    """The report's policy: its own inline script and style, nothing else at all."""
    return (
        f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def check_inline(source: str, tag: str) -> str:
    """``source`` if it can be the content of an inline ``<tag>``: it must not close the
    element early (or open a comment that changes how the parser looks for the end)."""
    lowered = source.lower()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise ValueError(f"inline {tag} holds '</{tag}' or '<!--'")
    return source
