"""The walk over the parsed page: every node once, in document order, without recursion.

Block-level elements start and end blocks, ``br`` ends a line, inline elements merge into
the block around them, and a text node belongs to exactly one block. The walk also hands
the metadata elements to segment/htmlmeta, and records each element entered (its parent,
class/id name hashes and main-content rule flags). The compiled walk (segment/_walk.pyx)
runs it where Lexbor's structs are the ones it reads; the Python walk here otherwise.
"""

from __future__ import annotations

from functools import cache, reduce
from operator import or_

from selectolax.lexbor import LexborNode

from decruft.segment import maincontent
from decruft.segment._walk import CONSTANTS as _WALK_CONSTANTS, Walker, layout_ok
from decruft.segment.html import hints, tags
from decruft.segment.html.hints import _attributes, _role_bits, compiled_value_info
from decruft.segment.html.tags import (
    _F_BITS,
    _F_BOUNDARY,
    _F_INLINE,
    _F_KIND_MASK,
    _F_KIND_SHIFT,
    _F_META,
    _F_NO_ATTRS,
    _F_OWNER,
    _F_RULE_MASK,
    _F_RULE_SHIFT,
    _F_SKIP,
    _F_VOID,
    _IN_CODE,
    _IN_LINK,
    _IN_PRE,
    _KIND_OTHER,
    _KIND_PRE,
    _OFF_MAIN,
    _TagTable,
)
from decruft.segment.htmlmeta import MetaSources, collect_meta
from decruft.segment.maincontent import (
    _RULE_ATTRIBUTES,
    CUT,
    MC_LAST_IN_SECTION,
    RULE_FLAGS,
    TAG_CUT,
    TAG_FOOTER,
    TAG_SHIFT,
    attribute_rules,
    off_main,
)

# Real pages nest a few dozen elements deep; past this depth says nothing more.
MAX_DEPTH_FEATURE = 64
# Characters of a ``<pre>`` line's indentation kept for the Markdown: code nests a few
# dozen levels at most; a hostile line's 100,000 leading spaces are cut to this.
MAX_CODE_INDENT = 256

# A block as the walk ends it: raw text, kind, depth, mask, link characters, the innermost
# open element around it (an index into the walk's element parents; -1: none), and its own
# element: the one that ends it, if its end does (a ``<p>`` of the element around it).
_RawBlock = tuple[str, int, int, int, int, int, int]
# A ``<pre>`` line that starts with whitespace or follows blank lines (which the block's
# collapsed text loses, and a Markdown code block keeps): its block, the blank lines since
# the block before it, and the whitespace it starts with.
CodeLine = tuple[int, int, str]


def _emit(
    pieces: list[str],
    masks: list[int],
    kind: int,
    depth: int,
    elem: int,
    out: list[_RawBlock],
    own: int | None = None,
) -> None:
    """End the block made of ``pieces`` (which start with visible text), then clear them.

    ``masks`` holds each piece's ancestor bits (0 for spacing); the block's mask is their
    OR. Link and code pieces are rare, so they are only looked at when the mask says so.
    Whitespace is collapsed for all blocks at once at the end (see _Collected).
    """
    block_mask = reduce(or_, masks)
    link_chars = _link_chars(pieces, masks) if block_mask & _IN_LINK else 0
    if block_mask & _IN_CODE and _all_code(pieces, masks):
        kind = _KIND_PRE
    if block_mask & _OFF_MAIN and not _all_off_main(pieces, masks):
        block_mask &= ~_OFF_MAIN
    own = elem if own is None else own
    out.append(("".join(pieces), kind, depth, block_mask, link_chars, elem, own))
    pieces.clear()
    masks.clear()


def _link_chars(pieces: list[str], masks: list[int]) -> int:
    """Non-space characters of the pieces inside ``<a>``."""
    return sum(
        sum(map(len, piece.split()))
        for piece, mask in zip(pieces, masks, strict=True)
        if mask & _IN_LINK
    )


def _all_code(pieces: list[str], masks: list[int]) -> bool:
    """Whether every piece with visible text is inside ``<code>``/``<pre>``."""
    return all(
        mask & _IN_CODE or piece.isspace() for piece, mask in zip(pieces, masks, strict=True)
    )


def _all_off_main(pieces: list[str], masks: list[int]) -> bool:
    """Whether every piece with visible text is inside an inline element the main-content
    rules cut (a date or a button inside a paragraph does not cut the paragraph)."""
    return all(
        mask & _OFF_MAIN or piece.isspace() for piece, mask in zip(pieces, masks, strict=True)
    )


def _walk(
    root: LexborNode,
    table: _TagTable,
    out: list[_RawBlock],
    sources: MetaSources,
    parents: list[int],
    tokens: list[tuple[int, ...]],
    rules: list[int],
    tags: list[int],
    code_lines: list[CodeLine],
) -> None:
    """Visit every node under ``root`` once, in document order (see _python_walk).

    The compiled walk (segment/_walk.pyx) does it, reading Lexbor's structs instead of
    asking selectolax for each node; where those structs are not laid out as it expects
    (another Lexbor), _python_walk, the same walk through selectolax's Python API, does.
    """
    walker = _compiled_walker(table)
    if walker is None:
        _python_walk(root, table, out, sources, parents, tokens, rules, tags, code_lines)
    else:
        walker.walk(root, out, sources, parents, tokens, rules, tags, code_lines)


# The compiled walk of each tag table, by the table's identity (the tables are cached, and
# are kept here with it); None where Lexbor's structs are not the ones it reads.
_WALKERS: dict[int, tuple[_TagTable, Walker | None]] = {}


def _compiled_walker(table: _TagTable) -> Walker | None:
    found = _WALKERS.get(id(table))
    if found is None:
        found = (table, _new_walker(table) if _layout_ok() else None)
        _WALKERS[id(table)] = found
    return found[1]


@cache
def _layout_ok() -> bool:
    return layout_ok()


def _new_walker(table: _TagTable) -> Walker:
    return Walker(
        table.flags,
        table.meta_names,
        table.text_id,
        table.comment_id,
        table.body_id,
        _walk_constants(),
        tuple(sorted(_RULE_ATTRIBUTES)),
        compiled_value_info(),
        _role_bits,
        attribute_rules,
        off_main,
        collect_meta,
    )


def _walk_constants() -> dict[str, int]:
    """The constants the compiled walk reads (``_walk.CONSTANTS``), by name, from the
    modules that define them (this one, tags.py, hints.py and segment/maincontent.py)."""
    names = {**vars(maincontent), **vars(hints), **vars(tags), **globals()}
    return {name: names[name] for name in _WALK_CONSTANTS}


def _python_walk(
    root: LexborNode,
    table: _TagTable,
    out: list[_RawBlock],
    sources: MetaSources,
    parents: list[int],
    tokens: list[tuple[int, ...]],
    rules: list[int],
    tags: list[int],
    code_lines: list[CodeLine],
) -> None:
    """Visit every node under ``root`` once, in document order, with an explicit stack.

    ``stack`` holds each open element with the ancestor mask outside it and whether it
    owns blocks; ``owners`` the (kind, depth) of each enclosing block owner. A block ends
    where an owner opens or closes and at ``br``/``hr``. ``pieces`` is the text of the
    block being built; it stays empty until the block has visible text, so a block's
    leading whitespace is never added and an empty one costs nothing to end. ``parents``
    gets, for each element entered, the index of the element around it (-1: none), so
    each block can name the element it sits in (see _container_features), and ``tokens``
    its class/id token hashes (see DomTree), ``rules`` its tag kind and rule flags for
    the main-content rules (see segment/maincontent.py) and ``tags`` its Lexbor tag id
    (what Markdown reads: lists, tables, quotes). ``code_lines`` gets the indentation and
    blank lines of ``<pre>`` lines (see _add_pre_lines): ``lead`` is the whitespace of the
    current ``<pre>`` line while it has no text, ``blanks`` the blank lines since the last
    block; any element that starts or ends a block starts a new line, without either.
    """
    flags_of, text_id, comment_id = table.flags, table.text_id, table.comment_id
    pieces: list[str] = []
    masks: list[int] = []
    stack: list[tuple[LexborNode, int, bool]] = []
    owners: list[tuple[int, int]] = []
    kind, depth, mask = _KIND_OTHER, 0, 0
    top = -1  # the innermost open element: its index in ``parents``
    lead, blanks = "", 0
    node: LexborNode | None = root.first_child
    while node is not None:
        tid = node.tag_id
        if tid == text_id:
            text = node.text_content
            if text:
                if mask & _IN_PRE and "\n" in text:
                    lead, blanks = _add_pre_lines(
                        text, mask, pieces, masks, kind, depth, top, out, lead, blanks, code_lines
                    )
                elif not text.isspace():
                    if mask & _IN_PRE and not pieces:
                        _code_line(len(out), blanks, lead, text, code_lines)
                        lead, blanks = "", 0
                    pieces.append(text)
                    masks.append(mask)
                elif pieces:
                    pieces.append(text)
                    masks.append(0)  # spacing says nothing about the block
                elif mask & _IN_PRE:
                    lead = _indent(lead, text)
        elif tid != comment_id:  # an element: under <html>, other nodes are comments
            packed = flags_of.get(tid, _F_INLINE)
            if packed & _F_META:
                collect_meta(node, table.meta_names[tid], sources)
            own = packed & _F_BITS
            names: tuple[int, ...] = ()
            flags = 0
            if not packed & (_F_SKIP | _F_NO_ATTRS):
                attrs = node.attributes
                if attrs:
                    bits, names, flags = _attributes(attrs)
                    own |= bits
            if not packed & _F_SKIP:
                tag = packed >> _F_RULE_SHIFT & _F_RULE_MASK
                if (
                    not packed & _F_OWNER
                    and (flags & RULE_FLAGS or tag == TAG_CUT)
                    and off_main(tag, flags, len(stack)) == CUT
                ):
                    own |= _OFF_MAIN
                if packed & _F_BOUNDARY:
                    if pieces:
                        _emit(pieces, masks, kind, depth, top, out)
                    lead, blanks = "", 0
                child = None if packed & _F_VOID else node.first_child
                if child is not None:
                    is_owner = bool(packed & _F_OWNER)
                    if is_owner:
                        owners.append((kind, depth))
                        kind = packed >> _F_KIND_SHIFT & _F_KIND_MASK
                        depth = min(len(stack) + 1, MAX_DEPTH_FEATURE)
                    stack.append((node, mask, is_owner))
                    parents.append(top)
                    tokens.append(names)
                    tags.append(tid)
                    if tag == TAG_FOOTER and _last_in_section(node, table):
                        flags |= MC_LAST_IN_SECTION
                    rules.append(flags | tag << TAG_SHIFT)
                    top = len(parents) - 1
                    mask |= own
                    node = child
                    continue
        # nothing to enter: move on, closing every element left on the way up
        while True:
            sibling = node.next
            if sibling is not None:
                node = sibling
                break
            if not stack:
                node = None
                break
            node, mask, is_owner = stack.pop()
            closing = top
            top = parents[top]
            if is_owner:
                lead, blanks = "", 0
                if pieces:
                    _emit(pieces, masks, kind, depth, top, out, closing)
                kind, depth = owners.pop()
    if pieces:
        _emit(pieces, masks, kind, depth, top, out)


def _add_pre_lines(
    text: str,
    mask: int,
    pieces: list[str],
    masks: list[int],
    kind: int,
    depth: int,
    elem: int,
    out: list[_RawBlock],
    lead: str,
    blanks: int,
    code_lines: list[CodeLine],
) -> tuple[str, int]:
    """Preformatted text keeps its lines: each newline ends a block, as ``br`` does.

    A block's text is whitespace-collapsed, so a line's indentation and the blank lines
    before it go to ``code_lines`` (for Markdown). ``lead`` and ``blanks`` are those of the
    line the text starts in; returned: those of the line it ends in (the next text node, a
    ``<span>`` of highlighted code, may continue it).
    """
    for number, line in enumerate(text.split("\n")):
        if number:
            if pieces:
                _emit(pieces, masks, kind, depth, elem, out)
                blanks = 0
            else:
                blanks += 1
            lead = ""
        if line and not line.isspace():
            if not pieces:
                _code_line(len(out), blanks, lead, line, code_lines)
                lead, blanks = "", 0
            pieces.append(line)
            masks.append(mask)
        elif line and not pieces:
            lead = _indent(lead, line)
    return lead, blanks


def _indent(lead: str, text: str) -> str:
    """``lead`` and the whitespace ``text`` starts with (all of it, if it is all
    whitespace), at most MAX_CODE_INDENT characters."""
    room = MAX_CODE_INDENT - len(lead)
    if room <= 0 or not text[:1].isspace():  # most lines start with their text
        return lead
    return lead + text[: min(len(text) - len(text.lstrip()), room)]


def _code_line(block: int, blanks: int, lead: str, text: str, code_lines: list[CodeLine]) -> None:
    """Record the ``<pre>`` line that ``text`` starts (block ``block``), when it has
    indentation or blank lines before it."""
    indent = _indent(lead, text)
    if indent or blanks:
        code_lines.append((block, blanks, indent))


def _last_in_section(node: LexborNode, table: _TagTable) -> bool:
    """Whether nothing but text follows the element, and each element around it, up to
    the child of ``<body>`` that holds it."""
    current: LexborNode | None = node
    while current is not None:
        parent = current.parent
        if parent is None or parent.tag_id == table.body_id:
            return True
        after = current.next
        if after is not None and after.tag_id == table.text_id:
            after = after.next
        if after is not None:
            return False
        current = parent
    return True
