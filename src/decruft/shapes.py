"""Block shapes: what element holds each block of an HTML page, as Markdown needs it.

Made by the HTML segmentation (``segment.html.dom.block_shapes``), carried by ``Page``,
read by ``output.markdown``; a module of its own so that none of those imports another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Block shapes (``BlockShapes.kind``); a heading of level L is SHAPE_HEADING + L.
SHAPE_TEXT, SHAPE_PARAGRAPH, SHAPE_LIST_ITEM, SHAPE_CELL, SHAPE_CODE = 0, 1, 2, 3, 4
SHAPE_QUOTE, SHAPE_CAPTION, SHAPE_HEADING = 5, 6, 10


@dataclass(frozen=True, slots=True)
class BlockShapes:
    """What element holds each block, as Markdown needs it (from an HTML page's DOM), one
    entry per block in each array.

    ``kind``: one of the ``SHAPE_*`` codes; ``group``: blocks of one element (the lines of a
    ``<pre>``) share it, and the items of one list; ``row`` and ``table``: the row and table
    of a cell (-1: none); ``within``: for a cell of a table nested in another table's cell,
    the block of that outer cell (-1: none)."""

    kind: npt.NDArray[np.int64]
    group: npt.NDArray[np.int64]
    row: npt.NDArray[np.int64]
    table: npt.NDArray[np.int64]
    within: npt.NDArray[np.int64]
