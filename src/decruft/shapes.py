"""Block shapes: what element holds each block of an HTML page, as Markdown needs it.

Made by the HTML segmentation (``segment.html.dom.block_shapes``: no per-block work while
cleaning, the arrays the walk recorded), carried by ``Page``, read by ``output.markdown``
(which walks up the elements only for the pages it renders); a module of its own so that
none of those imports another.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

# Block shapes (``BlockShapes.kind``): the block's own element; a heading of level L is
# SHAPE_HEADING + L.
SHAPE_TEXT, SHAPE_PARAGRAPH, SHAPE_LIST_ITEM, SHAPE_CELL, SHAPE_CODE = 0, 1, 2, 3, 4
SHAPE_QUOTE, SHAPE_CAPTION, SHAPE_HEADING = 5, 6, 10

# What an element is, for Markdown (``BlockShapes.elements``); 0: none of these.
EL_CELL, EL_HEADER_CELL, EL_ROW, EL_TABLE = 1, 2, 3, 4
EL_LIST, EL_ORDERED_LIST, EL_ITEM, EL_QUOTE, EL_PRE = 5, 6, 7, 8, 9

# The mark the walk records (Config.formatting) with an inline code element's text
# (``Page.emphasis``): "`" alone, or after "**" or "*" for code that is all of an emphasis
# element's text; ``output.inline`` renders it as a code span.
CODE_MARK = "`"


class BlockShapes(NamedTuple):
    """Per block: ``kind`` (a ``SHAPE_*`` code) and ``elem``, its element (-1: none); per
    element: ``parents`` (-1: none) and ``elements``, what it is (an ``EL_*`` code);
    ``languages``: (element, language) of the code blocks whose markup names one;
    ``code_lines``: (block, blank lines before it, the whitespace it starts with) of each
    ``<pre>`` line that has either, which its whitespace-collapsed text has lost."""

    kind: npt.NDArray[np.int64]
    elem: npt.NDArray[np.int64]
    parents: npt.NDArray[np.int64]
    elements: npt.NDArray[np.int64]
    languages: tuple[tuple[int, str], ...] = ()
    code_lines: tuple[tuple[int, int, str], ...] = ()
