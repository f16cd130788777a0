"""A second opinion on where an HTML page's main content is: resiliparse's extractor.

Resiliparse (the ChatNoir group's web-archive toolkit) finds a page's main content with
hand-made rules that never saw our benchmark: its landmarks, class names and link density
were tuned on the web at large. Alone it scores .850 token F1 on the dev articles, below the
learned model; as one more feature of each block it carries knowledge that does not come
from the two sources the model was trained on, which is what pages from other sites need.

A block's value is 1 when its text is a line of resiliparse's main-content text, 0.5 when it
lies inside one (resiliparse joined it with a neighbour), else 0.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

F32 = npt.NDArray[np.float32]

# Value of a block inside a longer line of the main content (resiliparse joins some
# elements decruft keeps apart, such as a <dt> and its <dd>).
INSIDE_LINE = 0.5
# Shorter blocks are not looked for inside lines: "Share" or "2" occurs anywhere.
INSIDE_MIN_CHARS = 20


def main_content_text(html: bytes, noscript: bool) -> str:
    """Resiliparse's main-content text of the page, one block element a line ('' when it
    cannot parse the page); ``noscript``: read as a browser without scripts shows it."""
    try:
        tree = HTMLTree.parse_from_bytes(html, "utf-8")
        text: str = extract_plain_text(
            tree,
            preserve_formatting=True,
            main_content=True,
            list_bullets=False,
            alt_texts=False,
            comments=False,
            noscript=noscript,
        )
    except Exception:  # a page it cannot read just gives no opinion
        return ""
    return text


def main_content_column(text: str, blocks: list[str]) -> F32:
    """Each block's main-content value (see the module docstring); ``blocks`` are
    whitespace-collapsed, as the segmenter makes them."""
    lines = {" ".join(line.split()) for line in text.splitlines()}
    lines.discard("")
    joined = "\n".join(lines)
    out = np.zeros(len(blocks), dtype=np.float32)
    for i, block in enumerate(blocks):
        if block in lines:
            out[i] = 1.0
        elif len(block) >= INSIDE_MIN_CHARS and block in joined:
            out[i] = INSIDE_LINE
    return out
