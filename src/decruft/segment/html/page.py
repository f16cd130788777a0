"""segment_html: one page's HTML -> its blocks, their DOM feature rows and its metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from selectolax.lexbor import LexborHTMLParser

from decruft.model import Blocks
from decruft.segment.html.dom import DomTree, _Collected, _dom_matrix, comment_blocks
from decruft.segment.html.prepass import _flatten_deep_nesting, _trim_long_tags
from decruft.segment.html.tags import _tag_table
from decruft.segment.html.walk import CodeLine, _RawBlock, _walk
from decruft.segment.htmlmeta import HtmlMeta, MetaSources, page_meta


class Recorded(NamedTuple):
    """What the walk records beyond blocks, DOM rows and metadata: each costs a little, so
    only when something reads it (the Config fields of the same names)."""

    links: bool = False  # each <a>'s target and text, for the Markdown's [text](url)
    images: bool = False  # each <img>'s source, alt text and block, for ![alt](src)
    comments: bool = False  # which blocks sit in a comment section (Config.comments off)
    formatting: bool = False  # each emphasis and inline code element's text (** * `)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """A page's visible text as blocks, one DOM feature row per block, and its metadata.

    ``body`` is the blocks joined by newlines, so ``body[b.start:b.end] == b.text``.
    """

    body: str
    blocks: Blocks
    dom: npt.NDArray[np.float32] = field(repr=False, compare=False)
    meta: HtmlMeta
    tree: DomTree = field(repr=False, compare=False)
    # With links recorded: each <a>'s (href, text) in document order, and the <base href>.
    links: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    base: str | None = None
    # With images recorded: each <img>'s (block it sits in or before, src, alt).
    images: tuple[tuple[int, str, str], ...] = field(default=(), repr=False, compare=False)
    # (element, language) of each <pre> whose class or data-lang (or its <code>'s) names one
    code_languages: tuple[tuple[int, str], ...] = field(default=(), repr=False, compare=False)
    # With formatting recorded: (text, mark) of each emphasis and inline code element, in
    # document order (see Page.emphasis).
    emphasis: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    # With comments recorded: per block, whether it sits in a comment section.
    comment_blocks: npt.NDArray[np.bool_] | None = field(default=None, repr=False, compare=False)


# A page whose scripted view shows fewer words than this is read again as a browser without
# scripts shows it: apps and forums (Discourse) put the whole page in <noscript> for crawlers.
NOSCRIPT_FALLBACK_MAX_WORDS = 50
# ... and that view is taken only if it shows at least this many more words: a short
# "please enable JavaScript" notice is not worth it.
NOSCRIPT_MIN_GAIN_WORDS = 20


_NOTHING_MORE = Recorded()


def segment_html(html: str, record: Recorded = _NOTHING_MORE) -> HtmlPage:
    """Blocks, DOM features and metadata of one HTML page; never raises on bad HTML.
    ``record``: what else to record (links, images, comment sections)."""
    data = _flatten_deep_nesting(_trim_long_tags(html.encode("utf-8", "replace")))
    page = _segment(data, scripting=True, record=record)
    words = _words_in(page)
    if words < NOSCRIPT_FALLBACK_MAX_WORDS:
        unscripted = _segment(data, scripting=False, record=record)
        if _words_in(unscripted) >= words + NOSCRIPT_MIN_GAIN_WORDS:
            return unscripted
    return page


def _words_in(page: HtmlPage) -> int:
    return page.body.count(" ") + len(page.blocks)  # block texts are whitespace-collapsed


def _segment(data: bytes, scripting: bool, record: Recorded) -> HtmlPage:
    tree = _parse(data, scripting)
    raw_blocks: list[_RawBlock] = []
    parents: list[int] = []
    tokens: list[tuple[int, ...]] = []
    rules: list[int] = []
    tags: list[int] = []
    code_lines: list[CodeLine] = []
    sources = MetaSources()
    sources.blocks, sources.elements = raw_blocks, parents
    root = tree.root
    if root is not None:
        table = _tag_table(not scripting, record.links, record.images, record.formatting)
        _walk(root, table, raw_blocks, sources, parents, tokens, rules, tags, code_lines)
    collected = _Collected(raw_blocks, parents, rules)
    text, blocks = _join_blocks(collected.texts)
    meta = page_meta(root, sources, collected.texts)
    dom_tree = DomTree.build(parents, tokens, collected.owns, tags, code_lines)
    return HtmlPage(
        text,
        blocks,
        _dom_matrix(collected),
        meta,
        dom_tree,
        tuple(sources.links),
        sources.base,
        tuple(sources.images),
        tuple(sources.code_languages),
        tuple(sources.emphasis),
        comment_blocks(collected) if record.comments else None,
    )


def _parse(data: bytes, scripting: bool) -> LexborHTMLParser:
    """Parse (UTF-8 bytes, deep nesting flattened) as a browser would, with scripting on
    (``<noscript>`` is raw text) or off (its content is parsed and shown)."""
    return LexborHTMLParser(data, scripting=scripting)


def _join_blocks(texts: list[str]) -> tuple[str, Blocks]:
    """The body (blocks joined by newlines) and each block with its span in it."""
    ends = list(accumulate(len(text) + 1 for text in texts))  # one past each newline
    starts = [0, *ends[:-1]] if ends else []
    stops = [end - 1 for end in ends]
    return "\n".join(texts), Blocks(texts, starts, stops)
