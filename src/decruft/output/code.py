"""Code in Markdown: the kept lines of a ``<pre>`` as one fenced block, verbatim, and the
delimiters of an inline code span.

A block's text is whitespace-collapsed (what the model reads and pages.jsonl holds), so
the walk records, beside it, each ``<pre>`` line's indentation and the blank lines before
it (``BlockShapes.code_lines``); they are put back here, so that indented code (Python)
reads as it was written. A module of its own so that ``markdown`` stays about structure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# Blank lines kept between two code lines: two set Python's top-level definitions apart
# (PEP 8); more are layout, and a page's thousands of them render as two.
MAX_CODE_BLANK_LINES = 2

_BACKTICKS = re.compile(r"`+")


def code_lines(
    blocks: Sequence[int], texts: Sequence[str], layout: Mapping[int, tuple[int, str]]
) -> list[str]:
    """The lines of one code block: each block's text after its indentation (``layout``:
    block -> its blank lines before and indentation, where it has either), with the blank
    lines between two blocks (none before the first: it starts the block)."""
    lines: list[str] = []
    for b in blocks:
        found = layout.get(b)
        if found is None:
            lines.append(texts[b])
            continue
        blanks, indent = found
        if lines:
            lines.extend([""] * min(blanks, MAX_CODE_BLANK_LINES))
        lines.append(_indentation(indent) + texts[b])
    return lines


def _indentation(whitespace: str) -> str:
    """Tabs kept as tabs; any other whitespace (a no-break space, a form feed) as a space,
    which is what it shows as."""
    if not whitespace.strip(" \t"):
        return whitespace
    return "".join(c if c == "\t" else " " for c in whitespace)


def fenced(lines: Sequence[str], language: str = "") -> str:
    """Lines as a fenced code block, verbatim: the fence is longer than any run of
    backticks inside, so no line can close it; ``language`` its info string."""
    longest = max((len(m.group(0)) for line in lines for m in _BACKTICKS.finditer(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join((fence + language, *lines, fence))


def span_delimiters(text: str) -> tuple[str, str]:
    """The opening and closing of ``text`` as a code span (CommonMark), which is written
    verbatim between them (backslash escapes do not work inside): a backtick run longer
    than any inside, with a space inside each when the text starts or ends with a backtick
    or with spaces at both ends (a reader strips one from each end)."""
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=0)
    ticks = "`" * (longest + 1)
    padded = (
        text[:1] == "`"
        or text[-1:] == "`"
        or (text[:1] == " " and text[-1:] == " " and not text.isspace())
    )
    return (ticks + " ", " " + ticks) if padded else (ticks, ticks)
