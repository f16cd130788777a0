"""The data model: what a page is, what was kept, what was removed and why.

Every object is a frozen, slotted dataclass so results can be shared between
steps and threads without copies and cannot be changed after the fact.
Offsets (``start``/``end``) always index the page's original ``body``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import compress, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple, overload

import numpy as np
import numpy.typing as npt

from decruft.shapes import BlockShapes

if TYPE_CHECKING:
    from decruft.output.options import MarkdownOptions


class VerdictKind(StrEnum):
    """What a page is, decided from its content; the HTTP status is only a prior."""

    ARTICLE = "article"
    ERROR_PAGE = "error_page"
    EMPTY = "empty"
    NOT_ARTICLE = "not_article"
    PAYWALL = "paywall"  # a teaser and a subscribers-only notice: the article is not there
    CONSENT_WALL = "consent_wall"  # a cookie/consent notice and next to nothing else


class Block(NamedTuple):
    """One line of the body: its whitespace-normalized text and where it came from.

    A NamedTuple (immutable like the dataclasses here) because pages hold hundreds of
    blocks and tuples are several times cheaper to create.
    """

    index: int  # type: ignore[assignment]  # the block's position; shadows tuple.index
    text: str
    start: int
    end: int


class Removal(NamedTuple):
    """Removed blocks ``block`` .. ``block + blocks - 1``: which rule, and the evidence it saw.

    Rule removals name one block each; the classifier's cover a run of adjacent blocks (a
    menu, a footer), which keeps the output small without losing the span.
    """

    start: int
    end: int
    rule: str
    evidence: str
    block: int
    blocks: int = 1

    @property
    def block_range(self) -> range:
        return range(self.block, self.block + self.blocks)


# Fields as C-level getters (by their position in the tuple): loops over a page's hundreds of
# blocks and dozens of removals stay out of the interpreter.
block_text = itemgetter(Block._fields.index("text"))
removal_rule = itemgetter(Removal._fields.index("rule"))
removal_block = itemgetter(Removal._fields.index("block"))
removal_blocks = itemgetter(Removal._fields.index("blocks"))


# Block offsets as the cascade has them: a list of ints, or a numpy array of them.
Offsets = Sequence[int] | npt.NDArray[np.int64]


class Blocks(Sequence[Block]):
    """A page's blocks kept as columns: each block's text, start and end.

    A page has hundreds of blocks and the cascade reads them through the columns and the
    page's arrays: a ``Block`` is made only when one is asked for (making them all was ~5%
    of cleaning a page). Equal to the tuple of its Blocks; hashes and pickles as it does.
    """

    __slots__ = ("_ends", "_starts", "texts")

    def __init__(self, texts: list[str], starts: Offsets, ends: Offsets) -> None:
        if not len(texts) == len(starts) == len(ends):
            raise ValueError(f"{len(texts)} texts, {len(starts)} starts, {len(ends)} ends")
        self.texts = texts
        self._starts = starts
        self._ends = ends

    @property
    def starts(self) -> list[int]:
        """Each block's start in the body."""
        return _int_list(self._starts)

    @property
    def ends(self) -> list[int]:
        """Each block's end in the body."""
        return _int_list(self._ends)

    def starts_of(self, at: npt.NDArray[np.int64]) -> list[int]:
        """The starts of the blocks at these positions (a page's removals name dozens of its
        hundreds of blocks: no list of them all is made for that)."""
        return _offsets_of(self._starts, at)

    def ends_of(self, at: npt.NDArray[np.int64]) -> list[int]:
        """The ends of the blocks at these positions (see ``starts_of``)."""
        return _offsets_of(self._ends, at)

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, i: int) -> Block: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Block, ...]: ...
    def __getitem__(self, i: int | slice) -> Block | tuple[Block, ...]:
        if isinstance(i, slice):
            return tuple(map(self._block, range(len(self.texts))[i]))
        return self._block(range(len(self.texts))[i])  # negative indices, IndexError

    def _block(self, i: int) -> Block:
        fields = (i, self.texts[i], int(self._starts[i]), int(self._ends[i]))
        return tuple.__new__(Block, fields)  # from C, as __iter__ makes them

    def __iter__(self) -> Iterator[Block]:
        fields = zip(range(len(self.texts)), self.texts, self.starts, self.ends, strict=True)
        # tuple.__new__ straight from C skips the NamedTuple's Python-level __new__
        return map(tuple.__new__, repeat(Block), fields)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Blocks | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Blocks({tuple(self)!r})"

    def __reduce__(self) -> tuple[type[Blocks], tuple[list[str], list[int], list[int]]]:
        return Blocks, (self.texts, self.starts, self.ends)


def _offsets_of(values: Offsets, at: npt.NDArray[np.int64]) -> list[int]:
    if isinstance(values, np.ndarray):
        picked: list[int] = values[at].tolist()
        return picked
    return [values[i] for i in at.tolist()]


def _int_list(values: Offsets) -> list[int]:
    """The offsets as Python ints."""
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def block_texts(blocks: Sequence[Block]) -> list[str]:
    """Every block's text: a Blocks' column as it is, else read off the Blocks."""
    if isinstance(blocks, Blocks):
        return blocks.texts
    return list(map(block_text, blocks))


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata found in the text itself (never invented)."""

    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: VerdictKind
    reasons: tuple[str, ...] = ()
    # The page-type model's guess (article, forum, product, ...) when it ran.
    page_type: str | None = None


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A page as read from disk, before cleaning."""

    id: str
    source: str
    body: str
    url: str | None = None
    crawl_date: str | None = None
    http_status: int | None = None
    flags: tuple[str, ...] = ()
    # The decoded page of an HTML input; its ``body`` stays "" until the page is segmented.
    html: str | None = None
    content_type: str | None = None  # the HTTP Content-Type's media type, when known


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not be used at all, with a reason a person can act on."""

    id: str
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class KnownMask:
    """A page's kept mask, with the removals it is the mask of: a page made again with other
    removals (``dataclasses.replace``) counts its mask from them instead of using this one."""

    removals: tuple[Removal, ...]
    mask: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """A cleaned page: kept text, metadata, verdict and every removal with its reason."""

    id: str
    source: str
    body: str
    blocks: Sequence[Block]  # a Blocks from the cascade; any sequence of Blocks will do
    removals: tuple[Removal, ...]
    meta: Meta
    verdict: Verdict
    url: str | None = None
    crawl_date: str | None = None
    http_status: int | None = None
    flags: tuple[str, ...] = ()
    scores: tuple[float, ...] = field(default=(), repr=False)
    # One shape per block when the page came from HTML (what ``markdown`` renders), else ().
    shapes: BlockShapes | None = field(default=None, repr=False, compare=False)
    # With Config.links, an HTML page's links in document order: (text, absolute target).
    links: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    # With Config.images, an HTML page's images: (block it stands before, alt, absolute src).
    images: tuple[tuple[int, str, str], ...] = field(default=(), repr=False, compare=False)
    # With Config.formatting, an HTML page's emphasized and inline code pieces: (text,
    # mark): "**", "*", "`" (shapes.CODE_MARK), or "**`"/"*`" for code that is all of an
    # emphasis element's text.
    emphasis: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    # The kept mask as whoever made the page decided it (the cascade has it before it writes
    # the removals), so writing the page need not count it again; derived, so never compared.
    known_mask: KnownMask | None = field(default=None, repr=False, compare=False)

    @property
    def kept_mask(self) -> list[bool]:
        """For each block, whether it is in the clean text: in no removal's blocks."""
        return list(self._mask())

    def _mask(self) -> Sequence[bool]:
        """The kept mask: the one the page was made with, else counted in numpy (a page has
        dozens of removals; a Python loop over them was ~2% of cleaning a page): +1 where a
        removal starts, -1 past its end; kept where the sum is 0."""
        known = self.known_mask
        if known is not None and known.removals is self.removals:
            return known.mask
        n, removals = len(self.blocks), self.removals
        firsts = np.fromiter(map(removal_block, removals), np.int64, len(removals))
        counts = np.fromiter(map(removal_blocks, removals), np.int64, len(removals))
        ends = firsts + counts
        bad = np.flatnonzero((firsts < 0) | (counts < 0) | (ends > n))
        if len(bad):
            first, count = int(firsts[bad[0]]), int(counts[bad[0]])
            raise IndexError(f"removal of blocks {first}+{count} on a page of {n}")
        inside = np.bincount(firsts, minlength=n + 1) - np.bincount(ends, minlength=n + 1)
        kept: list[bool] = (np.cumsum(inside[:n]) == 0).tolist()
        return kept

    @property
    def kept_blocks(self) -> tuple[Block, ...]:
        return tuple(compress(self.blocks, self._mask()))

    @property
    def text(self) -> str:
        """The clean text: kept blocks in their original order, one per line."""
        return "\n".join(compress(block_texts(self.blocks), self._mask()))

    @property
    def markdown(self) -> str:
        """The clean text as Markdown: headings, lists, tables, code and quotes where the
        HTML had them (or, for text, where the lines show them); see ``decruft.output``."""
        return self.to_markdown()

    def to_markdown(self, options: MarkdownOptions | None = None) -> str:
        """``markdown``, rendered with ``options`` (e.g. without tables)."""
        from decruft.output.markdown import render

        kept = self._mask()
        texts = block_texts(self.blocks)
        return render(
            texts,
            kept,
            self.shapes,
            self.meta.title,
            options,
            self.links,
            self.images,
            self.emphasis,
        )

    def removed_by_rule(self) -> dict[str, int]:
        """Removed blocks per rule."""
        counts: dict[str, int] = {}
        for r in self.removals:
            counts[r.rule] = counts.get(r.rule, 0) + r.blocks
        return counts

    def to_dict(self) -> dict[str, object]:
        """The JSON-ready record written to ``pages.jsonl`` (schema in the README)."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "crawl_date": self.crawl_date,
            "http_status": self.http_status,
            "verdict": self.verdict.kind.value,
            "verdict_reasons": list(self.verdict.reasons),
            "page_type": self.verdict.page_type,
            "title": self.meta.title,
            "publisher": self.meta.publisher,
            "author": self.meta.author,
            "date": self.meta.date,
            "language": self.meta.language,
            "flags": list(self.flags),
            "text": self.text,
            "removed": [
                {
                    "start": start,
                    "end": end,
                    "rule": rule,
                    "evidence": evidence,
                    "block": block,
                    "blocks": blocks,
                }
                for start, end, rule, evidence, block, blocks in self.removals
            ],
        }
