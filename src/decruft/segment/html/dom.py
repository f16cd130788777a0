"""DOM features: one row of DOM_FEATURE_NAMES per block, and the elements holding blocks.

Each block's row says what kind of element holds it, its depth, its link density, the
landmarks and class/id/role hints around it, where it sits relative to the page's prose
(the container features, a compiled kernel: segment/_html.pyx) and whether the
main-content rules of segment/maincontent.py cut it.
"""

from __future__ import annotations

from functools import cache
from itertools import chain
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from selectolax.lexbor import LexborHTMLParser

from decruft.arrays import nearest_marked
from decruft.segment._html import _container_kernel
from decruft.segment.html.tags import (
    _KIND_CAPTION,
    _KIND_CELL,
    _KIND_HEADING,
    _KIND_LI,
    _KIND_OTHER,
    _KIND_P,
    _KIND_PRE,
    _KIND_QUOTE,
    _MASK_FEATURE_BITS,
    _OFF_MAIN,
)
from decruft.segment.html.walk import CodeLine, _RawBlock
from decruft.segment.maincontent import MC_COMMENTS, off_main_blocks
from decruft.shapes import (
    EL_CELL,
    EL_HEADER_CELL,
    EL_ITEM,
    EL_LIST,
    EL_ORDERED_LIST,
    EL_PRE,
    EL_QUOTE,
    EL_ROW,
    EL_TABLE,
    BlockShapes,
)

DOM_FEATURE_NAMES: tuple[str, ...] = (
    "heading_level",  # 1-6 for h1-h6, 0 otherwise
    "tag_p",
    "tag_li",  # li, dt, dd
    "tag_cell",  # td, th
    "tag_pre",  # pre, or a block whose text is all inside <code>
    "tag_blockquote",
    "tag_figcaption",  # figcaption, table caption
    "tag_other",  # div, section, body, ... (and no heading)
    "depth",  # element depth of the block's element (<html> = 0), capped
    "link_density",  # non-space characters inside <a> / non-space characters
    "in_article",
    "in_main",
    "in_nav",
    "in_header",
    "in_footer",
    "in_aside",
    "in_form",
    "in_hidden",
    "hint_nav",
    "hint_footer",
    "hint_comment",
    "hint_share",
    "hint_cookie",
    "hint_related",
    "hint_sidebar",
    "hint_ad",
    "hint_breadcrumb",
    "hint_newsletter",
    "hint_byline",
    "hint_caption",
    # where the page's prose is (see _container_features)
    "in_container",  # inside the deepest element holding CONTAINER_SHARE of the prose
    "container_gap",  # element levels below the container (-1 outside it)
    "blocks_from_container",  # blocks between this one and the container's (0 inside)
    "share_elem",  # share of the page's prose inside the block's element
    "share_parent",  # ... inside its parent
    "share_grandparent",  # ... inside its grandparent
    "prose_in_elem",  # prose blocks inside the block's element
    "prose_in_parent",  # ... inside its parent
    "in_top_candidate",  # inside the element a readability-style score ranks first
    "main_content",  # not cut by the landmark rules of segment/maincontent.py
)
_ONE_HOT_KINDS = (_KIND_P, _KIND_LI, _KIND_CELL, _KIND_PRE, _KIND_QUOTE, _KIND_CAPTION)
_FIRST_MASK_COLUMN = DOM_FEATURE_NAMES.index("in_article")
_FIRST_CONTAINER_COLUMN = DOM_FEATURE_NAMES.index("in_container")
_MAIN_CONTENT_COLUMN = DOM_FEATURE_NAMES.index("main_content")

# Thresholds of the container features; their compiled kernel (segment/_html.pyx) repeats
# these values.
# The article's container is the deepest element holding at least this share of the
# page's prose: the ratio the design study found to single out the article body.
CONTAINER_SHARE = 0.6
# A block is prose when it has at least this many words and is mostly not link text:
# shorter lines are headings, labels and menu items wherever they sit.
PROSE_MIN_WORDS = 8
MAX_PROSE_LINK_DENSITY = 0.5
# Readability's paragraph score (1 + commas + one point per 100 characters, at most 3)
# counts blocks of at least this many characters.
CANDIDATE_MIN_CHARS = 25
CANDIDATE_CHARS_PER_POINT = 100.0
CANDIDATE_MAX_LENGTH_POINTS = 3.0


# A tree without recorded tag ids shares this empty, read-only array.
_NO_TAGS = np.zeros(0, dtype=np.int64)
_NO_TAGS.flags.writeable = False


class DomTree(NamedTuple):
    """The elements that hold blocks, as flat arrays: what the learned class lexicon reads.

    ``parents[e]`` is the element around element ``e`` (-1: none); element ``e``'s class/id
    token hashes are ``token_hashes[token_offsets[e]:token_offsets[e + 1]]``;
    ``block_elems[b]`` is block ``b``'s own element (its ``<p>``, ``<li>``...) or, for text
    that no block element of its own holds, the innermost element around it (-1: none);
    ``tags[e]`` is element ``e``'s Lexbor tag id (empty when not recorded);
    ``code_lines``: each ``<pre>`` line's (block, blank lines before it, indentation) that
    has either (walk.CodeLine), for Markdown. Made by the walk, it travels here, with the
    elements, to ``block_shapes``.
    """

    parents: npt.NDArray[np.int64]
    token_offsets: npt.NDArray[np.int64]
    token_hashes: npt.NDArray[np.uint32]
    block_elems: npt.NDArray[np.int64]
    tags: npt.NDArray[np.int64] = _NO_TAGS
    code_lines: tuple[CodeLine, ...] = ()

    @classmethod
    def build(
        cls,
        parents: list[int],
        tokens: list[tuple[int, ...]],
        block_elems: list[int],
        tags: list[int] | None = None,
        code_lines: list[CodeLine] | None = None,
    ) -> DomTree:
        offsets = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in tokens], out=offsets[1:])
        hashes = np.fromiter(chain.from_iterable(tokens), dtype=np.uint32, count=int(offsets[-1]))
        return cls(
            np.asarray(parents, dtype=np.int64),
            offsets,
            hashes,
            np.asarray(block_elems, dtype=np.int64),
            np.asarray(tags if tags is not None else [], dtype=np.int64),
            tuple(code_lines) if code_lines else (),
        )


class _Collected:
    """Per-block columns of the page: whitespace-collapsed texts and their features."""

    __slots__ = (
        "depths",
        "elems",
        "kinds",
        "link_chars",
        "links",
        "masks",
        "owns",
        "parents",
        "rules",
        "texts",
    )

    def __init__(self, raw_blocks: list[_RawBlock], parents: list[int], rules: list[int]) -> None:
        self.parents = parents
        self.rules = rules
        self.link_chars = [block[4] for block in raw_blocks]
        self.elems = [block[5] for block in raw_blocks]
        self.owns = [block[6] for block in raw_blocks]
        self.texts = [" ".join(raw.split()) for raw, *_ in raw_blocks]
        self.kinds = [block[1] for block in raw_blocks]
        self.depths = [block[2] for block in raw_blocks]
        self.masks = [block[3] for block in raw_blocks]
        self.links = [
            min(1.0, block[4] / (len(text) - text.count(" "))) if block[4] else 0.0
            for block, text in zip(raw_blocks, self.texts, strict=True)
        ]


@cache
def _kind_rows() -> npt.NDArray[np.float32]:
    """Kind code -> its heading level and one-hot tag columns (DOM_FEATURE_NAMES[0:8])."""
    rows = np.zeros((_KIND_HEADING + 7, len(_ONE_HOT_KINDS) + 2), dtype=np.float32)
    for level in range(1, 7):
        rows[_KIND_HEADING + level, 0] = level
    for column, kind in enumerate(_ONE_HOT_KINDS, start=1):
        rows[kind, column] = 1
    rows[_KIND_OTHER, len(_ONE_HOT_KINDS) + 1] = 1
    rows.flags.writeable = False
    return rows


def _dom_matrix(collected: _Collected) -> npt.NDArray[np.float32]:
    """One row of DOM_FEATURE_NAMES per block, built column-wise."""
    n = len(collected.texts)
    dom = np.empty((n, len(DOM_FEATURE_NAMES)), dtype=np.float32)
    kind_rows = _kind_rows()
    width = kind_rows.shape[1]
    dom[:, :width] = kind_rows[np.asarray(collected.kinds, dtype=np.intp)]
    dom[:, width] = collected.depths
    dom[:, width + 1] = collected.links
    masks = np.asarray(collected.masks, dtype="<u4").view(np.uint8).reshape(n, 4)
    bits = np.unpackbits(masks, axis=1, bitorder="little")
    dom[:, _FIRST_MASK_COLUMN:_FIRST_CONTAINER_COLUMN] = bits[:, :_MASK_FEATURE_BITS]
    _container_features(collected, dom[:, _FIRST_CONTAINER_COLUMN:_MAIN_CONTENT_COLUMN])
    inline_cut = (np.asarray(collected.masks, dtype=np.int64) & _OFF_MAIN) != 0
    dom[:, _MAIN_CONTENT_COLUMN] = ~(_off_main(collected) | inline_cut)
    return dom


def _off_main(collected: _Collected) -> npt.NDArray[np.bool_]:
    """Per block, whether the main-content rules cut an element around it."""
    return off_main_blocks(
        np.asarray(collected.parents, dtype=np.int64),
        np.asarray(collected.rules, dtype=np.int64),
        np.asarray(collected.owns, dtype=np.int64),
        np.fromiter(map(len, collected.texts), dtype=np.float64, count=len(collected.texts)),
        np.asarray(collected.link_chars, dtype=np.float64),
    )


def comment_blocks(collected: _Collected) -> npt.NDArray[np.bool_]:
    """Per block, whether its element or one around it is named as a comment section (the
    main-content rules' MC_COMMENTS: a class, id or role like "comments", "comment-list",
    "reply")."""
    marked = (np.asarray(collected.rules, dtype=np.int64) & MC_COMMENTS) != 0
    parents = np.asarray(collected.parents, dtype=np.int64)
    owns = np.asarray(collected.owns, dtype=np.int64)
    inside: npt.NDArray[np.bool_] = nearest_marked(parents, marked, owns) >= 0
    return inside


def _container_features(collected: _Collected, out: npt.NDArray[np.float32]) -> None:
    """Fill the container columns: where each block sits relative to the page's prose.

    A block's position in the tree says more than its own tags: the article is the one
    element that holds most of the sentence-like text, and comments, teasers and menus sit
    beside it, not in it (the strongest features of the design study's HTML model). The
    per-block text counts are made here; the tree walks are a compiled kernel
    (segment/_html.pyx).
    """
    texts = collected.texts
    n = len(texts)
    chars = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    words = np.fromiter((t.count(" ") + 1 for t in texts), dtype=np.int64, count=n)
    commas = np.fromiter((t.count(",") for t in texts), dtype=np.float64, count=n)
    _container_kernel(
        np.asarray(collected.parents, dtype=np.int64),
        np.asarray(collected.elems, dtype=np.int64),
        chars,
        words,
        commas,
        np.asarray(collected.links, dtype=np.float64),
        out,
    )


# What Markdown needs to know of an element, by tag name (shapes.EL_*).
_ELEMENT_CODES = {
    "td": EL_CELL,
    "th": EL_HEADER_CELL,
    "tr": EL_ROW,
    "table": EL_TABLE,
    "ul": EL_LIST,
    "dl": EL_LIST,
    "ol": EL_ORDERED_LIST,
    "li": EL_ITEM,
    "dt": EL_ITEM,
    "dd": EL_ITEM,
    "blockquote": EL_QUOTE,
    "pre": EL_PRE,
}


@cache
def _element_code_table() -> npt.NDArray[np.int64]:
    """Lexbor tag id -> its EL_* code (0 for every other tag)."""
    probe = LexborHTMLParser("")
    ids = {name: probe.create_node(name).tag_id for name in _ELEMENT_CODES}
    table = np.zeros(max(ids.values()) + 1, dtype=np.int64)
    for name, tid in ids.items():
        table[tid] = _ELEMENT_CODES[name]
    table.flags.writeable = False
    return table


def block_shapes(
    dom: npt.NDArray[np.float32], tree: DomTree, languages: tuple[tuple[int, str], ...] = ()
) -> BlockShapes:
    """Each block's shape for Markdown: its kind read back from its DOM row's kind columns,
    its element, and what each element around it is (vectorized: no per-block work while
    cleaning; ``output.markdown`` walks the elements of the pages it renders); the code
    languages and the ``<pre>`` lines' indentation as recorded."""
    levels = dom[:, 0].astype(np.int64)
    one_hot = dom[:, 1 : 1 + len(_ONE_HOT_KINDS)]
    codes = np.asarray(_ONE_HOT_KINDS, dtype=np.int64)[one_hot.argmax(axis=1)]
    kind = np.where(levels > 0, _KIND_HEADING + levels, np.where(one_hot.any(axis=1), codes, 0))
    lut = _element_code_table()
    tags = tree.tags
    known = (tags >= 0) & (tags < len(lut))
    elements = np.where(known, lut[np.where(known, tags, 0)], 0)
    return BlockShapes(kind, tree.block_elems, tree.parents, elements, languages, tree.code_lines)
