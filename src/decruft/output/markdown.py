"""A cleaned page as Markdown, derived from its kept blocks (never a second cleaner).

The model decides what is kept; Markdown only says what each kept block is. For an HTML
page the shapes come from the DOM (``Page.shapes``): ``<h1>``-``<h6>`` become ``#``
headings, list items ``-`` items (one list per ``<ul>``/``<ol>``), the cells of a table a
pipe table (its first row the header; a table nested in a cell is flattened into that
cell), the lines of a ``<pre>`` one fenced block, block quotes ``>`` lines. A text record
has no markup, so its lines say what they are: the headline is ``#``; a short line without
a sentence's end that a paragraph follows is a ``##`` heading; lines that start with a
bullet or a number are list items. Every other block is a paragraph, escaped so that no
text of the page turns into markup it did not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import NamedTuple

from decruft.shapes import (
    SHAPE_CELL,
    SHAPE_CODE,
    SHAPE_HEADING,
    SHAPE_LIST_ITEM,
    SHAPE_QUOTE,
    BlockShapes,
)

# A text line this short (in words) may be a heading ...
HEADING_MAX_WORDS = 12
# ... when the next kept line is at least this many words longer: a paragraph under it.
HEADING_MIN_WORDS_AFTER = 15
# Characters that end a sentence or a lead-in; a line ending in one is not a heading.
_LINE_ENDS = ".!?;:,。！？…\"'”’»)"
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
# not read an underscore inside a word as emphasis).
_INLINE = re.compile(r"[\\`*\[\]<]|(?<!\w)_|_(?!\w)")
_BACKTICKS = re.compile(r"`+")
# Any character _INLINE might escape.
_SPECIAL = re.compile(r"[\\`*\[\]<_]")


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    """What goes into the Markdown besides the text's structure."""

    tables: bool = True  # False: tables are left out (trafilatura's --no-tables)


def render(
    texts: Sequence[str],
    kept: Sequence[bool],
    shapes: BlockShapes | None,
    title: str | None,
    options: MarkdownOptions | None = None,
) -> str:
    """A page's kept blocks (``texts`` where ``kept``) as Markdown, one paragraph, list,
    table or code block after another (blank lines between), ending in a newline when there
    is any text; ``shapes``: an HTML page's, else the lines are read as text; ``title``: the
    page's, which a text page's first line equal to it is the heading of
    (``Page.markdown`` and ``Page.to_markdown`` call this)."""
    opts = options if options is not None else MarkdownOptions()
    if shapes is not None:
        at = list(compress(range(len(texts)), kept))
        chunks = list(_html_chunks(at, texts, _shape_rows(shapes), opts))
    else:
        lines = list(compress(texts, kept))
        chunks = list(_text_chunks(lines, title))
    body = "\n\n".join(c for c in chunks if c)
    return body + "\n" if body else ""


# --- HTML pages ----------------------------------------------------------------------------


class _Shape(NamedTuple):
    kind: int
    group: int
    row: int
    table: int
    within: int


def _shape_rows(shapes: BlockShapes) -> list[_Shape]:
    columns = (shapes.kind, shapes.group, shapes.row, shapes.table, shapes.within)
    return [_Shape(*row) for row in zip(*(c.tolist() for c in columns), strict=True)]


def _html_chunks(
    at: list[int], texts: Sequence[str], shapes: Sequence[_Shape], opts: MarkdownOptions
) -> Iterator[str]:
    i = 0
    while i < len(at):
        shape = shapes[at[i]]
        j = _run_end(at, i, shapes)
        run = at[i:j]
        kind = shape.kind
        if kind > SHAPE_HEADING:
            level = min(kind - SHAPE_HEADING, MAX_HEADING_LEVEL)
            yield from (f"{'#' * level} {escape_inline(texts[b])}" for b in run)
        elif kind == SHAPE_LIST_ITEM:
            yield "\n".join(f"- {escape_inline(texts[b])}" for b in run)
        elif kind == SHAPE_CELL:
            if opts.tables:
                yield _table(run, texts, shapes)
        elif kind == SHAPE_CODE:
            yield fenced([texts[b] for b in run])
        elif kind == SHAPE_QUOTE:
            yield "\n>\n".join(f"> {escape_line(texts[b])}" for b in run)
        else:
            yield from (escape_line(texts[b]) for b in run)
        i = j


def _run_end(at: list[int], i: int, shapes: Sequence[_Shape]) -> int:
    """End of the run of kept blocks from ``at[i]`` that render as one unit: items of one
    list, lines of one code block, cells of one table (with tables nested in its cells)."""
    first = shapes[at[i]]
    j = i + 1
    while j < len(at):
        s = shapes[at[j]]
        if first.kind == SHAPE_CELL:
            if s.kind != SHAPE_CELL or (s.table != first.table and s.within < 0):
                break
        elif first.kind in (SHAPE_LIST_ITEM, SHAPE_CODE):
            if s.kind != first.kind or s.group != first.group:
                break
        elif s.kind != first.kind:
            break
        j += 1
    return j


def _table(blocks: list[int], texts: Sequence[str], shapes: Sequence[_Shape]) -> str:
    """A pipe table of the cells: one row per ``<tr>``, the first row the header."""
    rows: list[list[str]] = []
    cell_at: dict[int, tuple[int, int]] = {}  # block -> (row, column) in ``rows``
    last_row = None
    for b in blocks:
        s = shapes[b]
        text = escape_cell(texts[b])
        outer = cell_at.get(s.within) if s.within >= 0 else None
        if outer is not None:  # a nested table's cell: its text joins the outer cell
            r, c = outer
            rows[r][c] = f"{rows[r][c]} {text}".strip()
            cell_at[b] = outer
            continue
        if s.row != last_row or not rows:
            rows.append([])
            last_row = s.row
        cell_at[b] = (len(rows) - 1, len(rows[-1]))
        rows[-1].append(text)
    width = min(max(len(r) for r in rows), MAX_TABLE_COLUMNS)
    lines = [_table_row(r, width) for r in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _table_row(cells: list[str], width: int) -> str:
    if len(cells) > width:
        cells = [*cells[: width - 1], " ".join(cells[width - 1 :])]
    cells = cells + [""] * (width - len(cells))
    return "| " + " | ".join(cells) + " |"


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
        return f"- {escape_inline(line[bullet.end() :])}"
    numbered = _NUMBERED.match(line)
    if numbered:
        return f"{numbered.group(1)}. {escape_inline(line[numbered.end() :])}"
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


def escape_cell(text: str) -> str:
    """A table cell: inline escapes, pipes escaped, on one line."""
    return escape_inline(" ".join(text.split())).replace("|", "\\|")


def fenced(lines: Sequence[str]) -> str:
    """Lines as a fenced code block, verbatim: the fence is longer than any run of
    backticks inside, so no line can close it."""
    longest = max((len(m.group(0)) for line in lines for m in _BACKTICKS.finditer(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join((fence, *lines, fence))
