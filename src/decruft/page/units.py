"""Lists, tables and code blocks as units (``Config.units``): the model scores an HTML
page's blocks one by one, so a list or a table can come out half kept (the first ingredients
of a recipe and not the rest, a reference list cut in two). After the classifier, a unit
most of whose characters it kept gets the blocks it dropped back.

By default only that half: dropping the kept blocks of a mostly dropped unit was measured
too and hurt (out-of-fold scores of the dev HTML pages: listings -.022, collections -.013
token F1; the model is right to keep the one list of a listing page among the menus; for
tables and code blocks alone, articles +.0004 instead of +.0006 and listings -.002), so it
is an option (``Config.drop_units``: each such block removed as ``unit``), while bringing
blocks back helps every page type or leaves it within .001 (articles .9437 -> .9443,
listings +.0055, collections +.0037, documentation +.0028; dupX .0034 -> .0036).

A unit is the innermost ``<ul>``, ``<ol>``, ``<dl>``, ``<table>`` or ``<pre>`` around a block.
A layout table (a cell of more than LAYOUT_CELL_CHARS characters: the page's paragraphs sit
in it) is no unit, nor is one of fewer than UNIT_MIN_BLOCKS blocks. Blocks a rule removed
stay removed and do not count.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from decruft.arrays import nearest_marked
from decruft.model import Blocks, Removal, removal_block
from decruft.shapes import EL_LIST, EL_ORDERED_LIST, EL_PRE, EL_TABLE, BlockShapes

# A unit comes back whole when the model kept at least this share of its characters.
UNIT_KEEP_SHARE = 0.5
# A unit of fewer blocks is left to the model (a one-line list says nothing as a whole).
UNIT_MIN_BLOCKS = 3
# A table with a cell this long holds the page's paragraphs (a layout table): no unit (the
# Markdown's rule for pipe tables too).
LAYOUT_CELL_CHARS = 300
_UNIT_ELEMENTS = (EL_LIST, EL_ORDERED_LIST, EL_TABLE, EL_PRE)
_UNIT_NAMES = {EL_LIST: "list", EL_ORDERED_LIST: "list", EL_TABLE: "table", EL_PRE: "code block"}
# The rule of a block dropped with its unit (Config.drop_units).
UNIT_RULE = "unit"

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
    restore = np.zeros(len(units), dtype=bool)
    again = repeated if repeated is not None else np.zeros(len(units), dtype=bool)
    for at, kept, total in _unit_shares(blocks, units, codes, by_rule, dropped):
        if kept < total and kept >= UNIT_KEEP_SHARE * total:
            restore[at[dropped[at] & ~again[at]]] = True
    return restore


def dropped_units(blocks: Blocks, units: I64, codes: I64, by_rule: B, dropped: B) -> list[Removal]:
    """With ``Config.drop_units``: a ``unit`` removal for each block the classifier kept of a
    unit most of whose characters it dropped (the other half of making units whole; off by
    default, see the module's docstring). Arguments as ``whole_units``'."""
    out: list[Removal] = []
    for at, kept, total in _unit_shares(blocks, units, codes, by_rule, dropped):
        if 0 < kept < UNIT_KEEP_SHARE * total:
            what = _UNIT_NAMES.get(int(codes[int(units[at[0]])]), "unit")
            evidence = f"dropped with its {what}, {kept / total:.0%} of which the model kept"
            gone = at[~dropped[at]]
            starts, ends = blocks.starts_of(gone), blocks.ends_of(gone)
            for b, start, end in zip(gone.tolist(), starts, ends, strict=True):
                out.append(Removal(start, end, UNIT_RULE, evidence, b))
    return sorted(out, key=removal_block)


def _unit_shares(
    blocks: Blocks, units: I64, codes: I64, by_rule: B, dropped: B
) -> Iterator[tuple[I64, int, int]]:
    """Each unit's blocks no rule removed, the characters of them the classifier kept, and
    all their characters; not layout tables, nor units of fewer than UNIT_MIN_BLOCKS."""
    counted = np.flatnonzero((units >= 0) & ~by_rule)
    if not counted.size:
        return
    lengths = np.fromiter((len(blocks.texts[b]) for b in counted), np.int64, counted.size)
    order = np.argsort(units[counted], kind="stable")
    members, sizes = counted[order], lengths[order]
    starts = np.flatnonzero(np.r_[True, np.diff(units[members]) != 0])
    for first, last in zip(starts, [*starts[1:], members.size], strict=True):
        at, chars = members[first:last], sizes[first:last]
        code = int(codes[int(units[at[0]])])
        if at.size < UNIT_MIN_BLOCKS or (code == EL_TABLE and chars.max() > LAYOUT_CELL_CHARS):
            continue
        yield at, int(chars[~dropped[at]].sum()), int(chars.sum())
