"""Lists, tables and code blocks as units (``Config.units``): the model scores an HTML
page's blocks one by one, so a list or a table can come out half kept (the first ingredients
of a recipe and not the rest, a reference list cut in two). After the classifier, a unit
most of whose characters it kept gets the blocks it dropped back.

Only that half: dropping the kept blocks of a mostly dropped unit was measured too and hurt
(out-of-fold scores of the dev HTML pages: listings -.022, collections -.013 token F1; the
model is right to keep the one list of a listing page among the menus; for tables and code
blocks alone, articles +.0004 instead of +.0006 and listings -.002), while bringing
blocks back helps every page type or leaves it within .001 (articles .9437 -> .9443,
listings +.0055, collections +.0037, documentation +.0028; dupX .0034 -> .0036).

A unit is the innermost ``<ul>``, ``<ol>``, ``<dl>``, ``<table>`` or ``<pre>`` around a block.
A layout table (a cell of more than LAYOUT_CELL_CHARS characters: the page's paragraphs sit
in it) is no unit, nor is one of fewer than UNIT_MIN_BLOCKS blocks. Blocks a rule removed
stay removed and do not count.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from decruft.arrays import nearest_marked
from decruft.model import Blocks
from decruft.shapes import EL_LIST, EL_ORDERED_LIST, EL_PRE, EL_TABLE, BlockShapes

# A unit comes back whole when the model kept at least this share of its characters.
UNIT_KEEP_SHARE = 0.5
# A unit of fewer blocks is left to the model (a one-line list says nothing as a whole).
UNIT_MIN_BLOCKS = 3
# A table with a cell this long holds the page's paragraphs (a layout table): no unit (the
# Markdown's rule for pipe tables too).
LAYOUT_CELL_CHARS = 300
_UNIT_ELEMENTS = (EL_LIST, EL_ORDERED_LIST, EL_TABLE, EL_PRE)

B = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]


def block_units(shapes: BlockShapes) -> I64:
    """Per block, its unit: the innermost list, table or code block element around its own
    element (-1: none)."""
    return nearest_marked(shapes.parents, np.isin(shapes.elements, _UNIT_ELEMENTS), shapes.elem)


def whole_units(
    blocks: Blocks, units: I64, codes: I64, by_rule: B, dropped: B, repeated: B | None = None
) -> B:
    """The blocks the classifier dropped that come back with their unit: ``units`` per block
    (``block_units``), ``codes`` each element's ``EL_*`` code, ``by_rule``/``dropped`` the
    blocks a rule and the classifier removed; ``repeated``: blocks whose words another block
    of the page has (short ones, which the repeat step leaves to the model) never come back:
    a copy would be kept twice."""
    n = len(units)
    restore = np.zeros(n, dtype=bool)
    again = repeated if repeated is not None else np.zeros(n, dtype=bool)
    counted = np.flatnonzero((units >= 0) & ~by_rule)
    if not counted.size:
        return restore
    lengths = np.fromiter((len(blocks.texts[b]) for b in counted), np.int64, counted.size)
    order = np.argsort(units[counted], kind="stable")
    members, sizes = counted[order], lengths[order]
    starts = np.flatnonzero(np.r_[True, np.diff(units[members]) != 0])
    for first, last in zip(starts, [*starts[1:], members.size], strict=True):
        at, chars = members[first:last], sizes[first:last]
        unit = int(units[at[0]])
        code = int(codes[unit])
        if at.size < UNIT_MIN_BLOCKS or (code == EL_TABLE and chars.max() > LAYOUT_CELL_CHARS):
            continue
        total = int(chars.sum())
        kept = int(chars[~dropped[at]].sum())
        if total and kept < total and kept >= UNIT_KEEP_SHARE * total:
            restore[at[dropped[at] & ~again[at]]] = True
    return restore
