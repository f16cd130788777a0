"""A cleaned page as Markdown, derived from its kept blocks (never a second cleaner).

The model decides what is kept; Markdown only says what each kept block is. For an HTML
page the shapes come from the DOM (``Page.shapes``): ``<h1>``-``<h6>`` become ``#``
headings, list items ``-`` items (one list per ``<ul>``/``<ol>``), the cells of a table a
pipe table (its first row the header; a table nested in a cell is flattened into that
cell), the lines of a ``<pre>`` one fenced block (with their indentation: see code.py),
block quotes ``>`` lines. A text record
has no markup, so its lines say what they are: the headline is ``#``; a short line without
a sentence's end that a paragraph follows is a ``##`` heading; lines that start with a
bullet or a number are list items. Every other block is a paragraph, escaped so that no
text of the page turns into markup it did not have; links, emphasis and inline code (when
the walk recorded them) are placed in it by inline.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import compress
from typing import NamedTuple

import numpy as np

from decruft.output.code import code_lines, fenced
from decruft.output.inline import UNSAFE_IN_TARGET, Span, align, link_spans, with_formatting
from decruft.output.options import MarkdownOptions
from decruft.shapes import (
    EL_CELL,
    EL_HEADER_CELL,
    EL_ITEM,
    EL_ORDERED_LIST,
    EL_PRE,
    EL_QUOTE,
    EL_TABLE,
    SHAPE_CELL,
    SHAPE_CODE,
    SHAPE_HEADING,
    SHAPE_LIST_ITEM,
    SHAPE_PARAGRAPH,
    SHAPE_QUOTE,
    BlockShapes,
)

# A text line this short (in words) may be a heading ...
HEADING_MAX_WORDS = 12
# ... when the next kept line is at least this many words longer: a paragraph under it.
HEADING_MIN_WORDS_AFTER = 15
# Characters that end a sentence or a lead-in; a line ending in one is not a heading (a
# question mark is not among them: "What changes for riders?" is a common heading; on the
# dev text records allowing it found more headings, at a higher share that are headings).
_LINE_ENDS = ".!;:,。！…\"'”’»)"
# Columns of a Markdown table: wider tables keep their extra cells in the last column
# (a generated page with thousands of columns renders as rows of bounded width).
MAX_TABLE_COLUMNS = 64
# Headings of level 1 to 6.
MAX_HEADING_LEVEL = 6

_BULLET = re.compile(r"^[-–—•*·▪►◦‣+]\s+(?=\S)")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
# What would start markup at the start of a line: ATX headings, quotes, list markers,
# thematic breaks / setext underlines, fences, HTML, tables.
_LINE_START = re.compile(r"^(?:#|>|[-+*](?:\s|$)|=+\s*$|-{3,}|`{3,}|~{3,}|<|\|)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(\s|$)")
# Inline characters with a meaning in Markdown; "_" only at a word's edge (CommonMark does
# not read an underscore inside a word as emphasis); "&" where it starts an entity or a
# character reference ("&amp;", "&#169;"), which a reader would decode.
_INLINE = re.compile(r"[\\`*\[\]<]|(?<!\w)_|_(?!\w)|&(?=#?[A-Za-z0-9]+;)")
# Any character _INLINE might escape.
_SPECIAL = re.compile(r"[\\`*\[\]<_&]")


def render(
    texts: Sequence[str],
    kept: Sequence[bool],
    shapes: BlockShapes | None,
    title: str | None,
    options: MarkdownOptions | None = None,
    links: Sequence[tuple[str, str]] = (),
    images: Sequence[tuple[int, str, str]] = (),
    emphasis: Sequence[tuple[str, str]] = (),
) -> str:
    """A page's kept blocks (``texts`` where ``kept``) as Markdown, one paragraph, list,
    table or code block after another (blank lines between), ending in a newline when there
    is any text; ``shapes``: an HTML page's, else the lines are read as text; ``title``: the
    page's, which a text page's first line equal to it is the heading of; ``links``: an
    HTML page's (text, target) in document order, placed where their text is found;
    ``images``: an HTML page's (block, alt, target), each shown at the start of its block
    when that block is kept; ``emphasis``: its emphasis and inline code, (text, mark) in
    document order, placed as links are, where no link is (see inline.py; ``Page.markdown``
    and ``Page.to_markdown`` call this)."""
    opts = options if options is not None else MarkdownOptions()
    if shapes is not None:
        at = list(compress(range(len(texts)), kept))
        els = _Elements(shapes)
        spans = link_spans(texts, links) if opts.links and links else {}
        if opts.formatting and emphasis:
            placed = align(texts, emphasis, _pre_lines(shapes, els))
            spans = with_formatting(spans, texts, placed)
        marks = _image_marks(images, kept) if opts.images and images else {}
        layout = {b: (blanks, indent) for b, blanks, indent in shapes.code_lines}
        tx = _Texts(texts, spans, marks, dict(shapes.languages), layout)
        chunks = list(_html_chunks(at, tx, shapes, els, opts))
    else:
        lines = list(compress(texts, kept))
        chunks = list(_text_chunks(lines, title))
    body = "\n\n".join(c for c in chunks if c)
    return body + "\n" if body else ""


# --- HTML pages ----------------------------------------------------------------------------

# A table is rendered as a pipe table only when it holds data: two cells or more, none
# longer than this many characters (a layout table's cells hold the page's paragraphs; its
# blocks are rendered as if it were not there).
MAX_CELL_CHARS = 300
# Elements walked up from a block to the cell, list item, quote or code block holding it.
MAX_ANCESTORS = 64
# _Shape.flags
_ORDERED = 1
# Spaces a nested list is indented by, a level (enough under "- " and under "10. ") ...
LIST_INDENT = 4
# ... for at most this many levels (deeper lists stay at the deepest indent).
MAX_LIST_DEPTH = 8
_HOLDERS = {EL_ITEM: SHAPE_LIST_ITEM, EL_QUOTE: SHAPE_QUOTE, EL_PRE: SHAPE_CODE}


class _Shape(NamedTuple):
    kind: int  # SHAPE_* as rendered
    unit: int  # the element one Markdown item is made of (cell, item, quote, code block)
    container: int  # a cell's row, an item's list (-1: none)
    table: int  # a cell's table (-1: none)
    outer: int  # the cell of another table that a cell's table sits in, the item of another
    # list that an item's list sits in (-1: none)
    flags: int
    depth: int = 0  # lists an item's list sits in


class _Elements:
    """The elements around the page's blocks, walked up once each (memoized)."""

    def __init__(self, shapes: BlockShapes) -> None:
        self.parents: list[int] = shapes.parents.tolist()
        self.codes: list[int] = shapes.elements.tolist()
        self._memo: dict[int, tuple[int, int]] = {}

    def code(self, e: int) -> int:
        return self.codes[e] if 0 <= e < len(self.codes) else 0

    def parent(self, e: int) -> int:
        return self.parents[e] if 0 <= e < len(self.parents) else -1

    def holders(self, e: int) -> tuple[int, int]:
        """The nearest cell around element ``e`` (itself included), and the nearest list
        item, quote or code block (-1: none within MAX_ANCESTORS)."""
        path: list[int] = []
        found = (-1, -1)
        while e >= 0 and len(path) < MAX_ANCESTORS:
            if e in self._memo:
                found = self._memo[e]
                break
            path.append(e)
            e = self.parent(e)
        for node in reversed(path):
            cell, other = found
            code = self.code(node)
            if code in (EL_CELL, EL_HEADER_CELL):
                cell = node
            elif code in _HOLDERS:
                other = node
            found = (cell, other)
            self._memo[node] = found
        return found

    def items_around(self, e: int) -> tuple[int, int]:
        """The nearest list item around element ``e`` (-1: none) and how many there are,
        within MAX_ANCESTORS."""
        nearest, count = -1, 0
        for _ in range(MAX_ANCESTORS):
            e = self.parent(e)
            if e < 0:
                break
            if self.code(e) == EL_ITEM:
                nearest = e if nearest < 0 else nearest
                count += 1
        return nearest, count

    def up_to(self, e: int, code: int, steps: int) -> int:
        """The nearest element of ``code`` at most ``steps`` above ``e`` (-1: none)."""
        for _ in range(steps):
            e = self.parent(e)
            if e < 0 or self.code(e) == code:
                return e
        return -1


def _resolve(b_kind: int, elem: int, els: _Elements, cells: bool = True) -> _Shape:
    """How one block renders: its heading, else the cell (unless not ``cells``: in a layout
    table), list item, quote or code block around it, else its own element's kind."""
    if b_kind > SHAPE_HEADING:
        return _Shape(b_kind, elem, -1, -1, -1, 0)
    cell, other = els.holders(elem) if elem >= 0 else (-1, -1)
    if cell >= 0 and cells:
        row = els.parent(cell)
        table = els.up_to(row, EL_TABLE, 3)
        outer = els.holders(els.parent(table))[0] if table >= 0 else -1
        return _Shape(SHAPE_CELL, cell, row, table, outer, 0)
    if other >= 0:
        kind = _HOLDERS[els.code(other)]
        if kind == SHAPE_LIST_ITEM:
            parent = els.parent(other)
            ordered = _ORDERED if els.code(parent) == EL_ORDERED_LIST else 0
            outer, depth = els.items_around(parent)
            return _Shape(kind, other, parent, -1, outer, ordered, depth)
        return _Shape(kind, other, -1, -1, -1, 0)
    if b_kind in (SHAPE_LIST_ITEM, SHAPE_CODE, SHAPE_QUOTE):
        return _Shape(b_kind, elem, elem, -1, -1, 0)
    if b_kind == SHAPE_CELL:  # a layout table's cell (or one whose element is unknown)
        return _Shape(SHAPE_PARAGRAPH, elem, -1, -1, -1, 0)
    return _Shape(b_kind, elem, -1, -1, -1, 0)


def _pre_lines(shapes: BlockShapes, els: _Elements) -> set[int]:
    """The blocks that are lines of a ``<pre>``: no emphasis or code span is recorded
    inside one (segment/htmlmeta), so none is placed there."""
    elems: list[int] = shapes.elem.tolist()
    return {
        b
        for b in np.flatnonzero(shapes.kind == SHAPE_CODE).tolist()
        if b < len(elems) and els.code(els.holders(elems[b])[1]) == EL_PRE
    }


def _html_chunks(
    at: list[int], tx: _Texts, shapes: BlockShapes, els: _Elements, opts: MarkdownOptions
) -> Iterator[str]:
    kinds: list[int] = shapes.kind.tolist()
    elems: list[int] = shapes.elem.tolist()

    def resolve(b: int, cells: bool = True) -> _Shape:
        return _resolve(kinds[b], elems[b] if b < len(elems) else -1, els, cells)

    yield from _chunks(at, [resolve(b) for b in at], tx, opts, resolve)


def _chunks(
    at: list[int],
    resolved: list[_Shape],
    tx: _Texts,
    opts: MarkdownOptions,
    resolve: Callable[[int, bool], _Shape],
) -> Iterator[str]:
    i = 0
    while i < len(at):
        j = _run_end(resolved, i)
        run = list(zip(at[i:j], resolved[i:j], strict=True))
        kind = resolved[i].kind
        if kind > SHAPE_HEADING:
            level = min(kind - SHAPE_HEADING, MAX_HEADING_LEVEL)
            yield from (f"{'#' * level} {tx.inline(b)}" for b, _ in run)
        elif kind == SHAPE_LIST_ITEM:
            yield _list(run, tx)
        elif kind == SHAPE_CELL:
            table = _table(run, tx)
            if table is None:  # a layout table: its blocks as if it were not there
                blocks = [b for b, _ in run]
                again = [resolve(b, False) for b in blocks]
                yield from _chunks(blocks, again, tx, opts, resolve)
            elif opts.tables:
                yield table
        elif kind == SHAPE_CODE:
            lines = code_lines([b for b, _ in run], tx.texts, tx.layout)
            yield fenced(lines, tx.language(run[0][1].unit))
        elif kind == SHAPE_QUOTE:
            yield "\n>\n".join(f"> {tx.line(b)}" for b, _ in run)
        else:
            yield from (tx.line(b) for b, _ in run)
        i = j


def _run_end(resolved: list[_Shape], i: int) -> int:
    """End of the run of kept blocks from ``i`` that render as one unit: the items of one
    list, the lines of one code block or quote, the cells of one table (with the tables
    nested in its cells)."""
    first = resolved[i]
    units, containers = {first.unit}, {first.container}
    j = i + 1
    while j < len(resolved):
        s = resolved[j]
        if s.kind != first.kind:
            break
        if first.kind == SHAPE_CELL:
            if s.table != first.table and s.outer not in units:
                break
        elif first.kind == SHAPE_LIST_ITEM:
            # its list, a list nested in one of its items, or the list around such a list
            if s.container not in containers and s.outer not in units:
                break
            containers.add(s.container)
        elif first.kind in (SHAPE_CODE, SHAPE_QUOTE) and s.unit != first.unit:
            break
        units.add(s.unit)
        j += 1
    return j


def _list(run: list[tuple[int, _Shape]], tx: _Texts) -> str:
    """One Markdown list: an item per list item element (its blocks joined), the items of
    a nested list indented under the item they sit in (LIST_INDENT spaces a level), each
    list numbered on its own when it is an ``<ol>``."""
    items: dict[int, list[str]] = {}
    shapes: dict[int, _Shape] = {}
    for b, s in run:
        parts = items.setdefault(s.unit, [])
        parts.append(tx.inline(b) if parts else tx.line(b))  # the item's text starts a line
        shapes.setdefault(s.unit, s)
    base = min(s.depth for s in shapes.values())
    numbers: dict[int, int] = {}  # list element -> items numbered so far
    lines = []
    for unit, parts in items.items():
        s = shapes[unit]
        numbers[s.container] = numbers.get(s.container, 0) + 1
        marker = f"{numbers[s.container]}." if s.flags & _ORDERED else "-"
        indent = " " * (LIST_INDENT * min(s.depth - base, MAX_LIST_DEPTH))
        lines.append(f"{indent}{marker} {' '.join(parts)}")
    return "\n".join(lines)


def _table(run: list[tuple[int, _Shape]], tx: _Texts) -> str | None:
    """A pipe table of the cells (one row per ``<tr>``, the first row the header; a nested
    table's text joins the cell it sits in), or None for a layout table."""
    cells: dict[int, list[int]] = {}  # cell element -> its blocks
    rows: dict[int, list[int]] = {}  # row element -> its cells, in order
    top = run[0][1].table
    for b, s in run:
        unit = s.unit
        if s.table != top and s.outer in cells:  # a nested table: into the outer cell
            unit = s.outer
        elif unit not in cells:
            rows.setdefault(s.container, []).append(unit)
        cells.setdefault(unit, []).append(b)
    longest = max(sum(len(tx.texts[b]) + 1 for b in blocks) for blocks in cells.values())
    if len(cells) < 2 or longest > MAX_CELL_CHARS:
        return None
    joined = {c: " ".join(tx.cell(b) for b in blocks) for c, blocks in cells.items()}
    table = [[joined[c] for c in row] for row in rows.values()]
    width = min(max(len(r) for r in table), MAX_TABLE_COLUMNS)
    lines = [_table_row(r, width) for r in table]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _table_row(cells: list[str], width: int) -> str:
    if len(cells) > width:
        cells = [*cells[: width - 1], " ".join(cells[width - 1 :])]
    cells = cells + [""] * (width - len(cells))
    return "| " + " | ".join(cells) + " |"


# --- images and inline marks --------------------------------------------------------------

# An image whose own block was removed (a figure's caption often is) is still shown when the
# kept text runs on around it: the block before it is kept, and one of this many after it.
IMAGE_CAPTION_BLOCKS = 2


def _image_marks(images: Sequence[tuple[int, str, str]], kept: Sequence[bool]) -> dict[int, str]:
    """Per kept block, the ``![alt](target) `` of the images shown before it, in order: an
    image stands before block b; it is shown there when b is kept, or before the next kept
    block when its figure sits inside kept text (see IMAGE_CAPTION_BLOCKS); an image among
    removed blocks (a gallery, a teaser, a logo) is not."""
    n = len(kept)
    marks: dict[int, str] = {}
    for b, alt, target in images:
        at = b if b < n and kept[b] else None
        if at is None and 0 < b < n and kept[b - 1]:
            after = range(b + 1, min(b + 1 + IMAGE_CAPTION_BLOCKS, n))
            at = next((k for k in after if kept[k]), None)
        if at is not None:
            mark = f"![{escape_cell(alt)}]({target.translate(UNSAFE_IN_TARGET)}) "
            marks[at] = marks.get(at, "") + mark
    return marks


# How a piece of text is written where it goes (escaped, or verbatim).
Escape = Callable[[str], str]


class _Texts:
    """The page's block texts, escaped for where they go, with their links, emphasis, code
    spans and images placed; the code blocks' languages and their lines' layout (see code.py)."""

    def __init__(
        self,
        texts: Sequence[str],
        spans: dict[int, list[Span]],
        images: dict[int, str],
        languages: dict[int, str],
        layout: dict[int, tuple[int, str]],
    ) -> None:
        self.texts, self.spans, self.images, self.languages = texts, spans, images, languages
        self.layout = layout

    def language(self, unit: int) -> str:
        """The language a code block's markup names (its <pre>: see segment/htmlmeta);
        "" when none does."""
        return self.languages.get(unit, "")

    def inline(self, b: int) -> str:
        return self._render(b, escape_inline, escape_inline, _as_is)

    def line(self, b: int) -> str:
        return self._render(b, escape_line, escape_inline, _as_is)

    def cell(self, b: int) -> str:
        return self._render(b, escape_cell, escape_cell, _pipes_escaped)

    def _render(self, b: int, first: Escape, rest: Escape, verbatim: Escape) -> str:
        images = self.images.get(b)
        if images:  # the text no longer starts the line
            return images + self._linked(b, rest, rest, verbatim)
        return self._linked(b, first, rest, verbatim)

    def _linked(self, b: int, first: Escape, rest: Escape, verbatim: Escape) -> str:
        """The block's text with its spans' marks around their pieces: the text before the
        first span escaped by ``first``, other text by ``rest``, a code span's by
        ``verbatim``."""
        text, spans = self.texts[b], self.spans.get(b)
        if not spans:
            return first(text)
        out: list[str] = []
        at = 0
        joint = ""  # the closing of a span that ends where the text is at
        for start, end, opening, closing, as_is in spans:
            if start < at:  # overlaps the span before (aligned wrongly): left plain
                continue
            piece = text[start:end]
            if start > at:
                out.append((rest if out else first)(text[at:start]))
            elif joint[-1:] == opening[:1]:  # `a``b` would be one span: the second plain
                out.append(rest(piece))
                at, joint = end, ""
                continue
            out.append(f"{opening}{verbatim(piece) if as_is else rest(piece)}{closing}")
            at, joint = end, closing
        if at < len(text):
            out.append(rest(text[at:]))
        return "".join(out)


def escape_cell(text: str) -> str:
    """Text in a table cell (block texts are on one line already): inline escapes, and
    pipes escaped."""
    return escape_inline(text).replace("|", "\\|")


def _as_is(text: str) -> str:
    return text


def _pipes_escaped(text: str) -> str:
    """A code span's text in a table cell: verbatim but for its pipes (a GFM table splits
    its cells at unescaped pipes before it reads code spans)."""
    return text.replace("|", "\\|")


# --- text records --------------------------------------------------------------------------


def _text_chunks(lines: list[str], title: str | None) -> Iterator[str]:
    titled = False
    items: list[str] = []
    for k, line in enumerate(lines):
        item = _list_item(line)
        if item is not None:
            if items and items[-1][0].isdigit() != item[0].isdigit():
                yield "\n".join(items)  # a bulleted and a numbered list: two lists
                items = []
            items.append(item)
            continue
        if items:
            yield "\n".join(items)
            items = []
        if not titled and title is not None and line == title:
            titled = True
            yield f"# {escape_inline(line)}"
        elif _is_heading(line, lines[k + 1] if k + 1 < len(lines) else None):
            yield f"## {escape_inline(line)}"
        else:
            yield escape_line(line)
    if items:
        yield "\n".join(items)


def _list_item(line: str) -> str | None:
    """A bulleted or numbered line as a Markdown list item, else None."""
    bullet = _BULLET.match(line)
    if bullet:
        return f"- {escape_line(line[bullet.end() :])}"
    numbered = _NUMBERED.match(line)
    if numbered:
        return f"{numbered.group(1)}. {escape_line(line[numbered.end() :])}"
    return None


def _is_heading(line: str, after: str | None) -> bool:
    if after is None or line[-1] in _LINE_ENDS or line[0].islower():
        return False  # the cheap tests first: most lines are sentences
    words = len(line.split())
    return 0 < words <= HEADING_MAX_WORDS and len(after.split()) >= words + HEADING_MIN_WORDS_AFTER


# --- escaping ------------------------------------------------------------------------------


def escape_inline(text: str) -> str:
    """Text with the characters Markdown reads inline (emphasis, code, links, HTML)
    backslash-escaped."""
    if _SPECIAL.search(text) is None:  # most lines: one fast scan, no substitution
        return text
    return _INLINE.sub(lambda m: "\\" + m.group(0), text)


def escape_line(text: str) -> str:
    """A block of text as a paragraph: inline escapes, and a start that would open a
    heading, quote, list, rule, fence or table escaped too."""
    out = escape_inline(text)
    ordered = _ORDERED_START.match(out)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{out[ordered.end(2) :]}"
    if _LINE_START.match(out):
        return "\\" + out
    return out
