"""The text's language and how sure of it the detector is, from CLD2 (pycld2: the compact
language detector of Chromium, its tables compiled into the extension).

CLD2 was chosen over model-file detectors because it has nothing to load: py3langid spent
~0.5 s and ~70 MB per process unpacking its model before the first page, more than a
one-file ``decruft clean`` takes without it, and every worker process paid it again. CLD2
imports in ~2 ms.

Only LANGUAGE_PREFIX_CHARS characters are read, from the first prose line (a title, a
byline or a date line says less about the language than a paragraph), so a page's cost is
bounded.
"""

from __future__ import annotations

import re

# Characters of the text the detector reads, from the first line of PROSE_LINE_CHARS or
# more: on the 705 dev text pages with letters, 300 give the language the whole text gets
# on every one (python bench/signals.py), at ~30 us a page.
LANGUAGE_PREFIX_CHARS = 300
PROSE_LINE_CHARS = 60
# Decimals kept of the confidence (CLD2 reports whole percents).
CONFIDENCE_DECIMALS = 2
# CLD2's code for "no language found".
UNKNOWN = "un"
# Code points CLD2 refuses as invalid input (C0 controls but tab, newline and carriage
# return, DEL and the C1 controls, surrogates, noncharacters): found by offering it every
# code point; each is read as a space.
_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(1, 17))
    + "]"
)


def classify(text: str) -> tuple[str | None, float]:
    """CLD2's language of ``text`` (its ISO 639-1 code, or another CLD2 code where there is
    none, such as ``zh-Hant``) and its confidence: the share of the text's letters CLD2
    assigns to that language when it calls the guess reliable, else 0.0; (None, 0.0) when it
    finds no language."""
    import pycld2  # loads with the first page's signals

    data = _REFUSED.sub(" ", text).encode("utf-8")
    try:
        reliable, _, found = pycld2.detect(data, bestEffort=True)
    except pycld2.error:  # not expected after _REFUSED; a page still gets its other signals
        return None, 0.0
    _, code, percent, _ = found[0]
    if code == UNKNOWN:
        return None, 0.0
    return str(code), round(percent / 100, CONFIDENCE_DECIMALS) if reliable else 0.0


def language(text: str, start: int = 0) -> tuple[str | None, float]:
    """(language, confidence) of LANGUAGE_PREFIX_CHARS characters of the text from
    ``start`` (see ``classify``); (None, 0.0) when they hold no letter."""
    prefix = text[start : start + LANGUAGE_PREFIX_CHARS]
    if not any(map(str.isalpha, prefix)):
        return None, 0.0
    return classify(prefix)
