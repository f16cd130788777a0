"""The data model: what a page is, what was kept, what was removed and why.

Every object is a frozen, slotted dataclass so results can be shared between
steps and threads without copies and cannot be changed after the fact.
Offsets (``start``/``end``) always index the page's original ``body``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from itertools import compress
from operator import itemgetter
from typing import NamedTuple


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
block_start = itemgetter(Block._fields.index("start"))
block_end = itemgetter(Block._fields.index("end"))
removal_rule = itemgetter(Removal._fields.index("rule"))


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
class Page:
    """A cleaned page: kept text, metadata, verdict and every removal with its reason."""

    id: str
    source: str
    body: str
    blocks: tuple[Block, ...]
    removals: tuple[Removal, ...]
    meta: Meta
    verdict: Verdict
    url: str | None = None
    crawl_date: str | None = None
    http_status: int | None = None
    flags: tuple[str, ...] = ()
    scores: tuple[float, ...] = field(default=(), repr=False)

    @property
    def kept_mask(self) -> list[bool]:
        """For each block, whether it is in the clean text."""
        n = len(self.blocks)
        kept = [True] * n
        # a slice per removal (runs of hundreds of blocks are common), its fields unpacked
        for _, _, _, _, first, count in self.removals:
            if not 0 <= first <= first + count <= n:
                raise IndexError(f"removal of blocks {first}+{count} on a page of {n}")
            kept[first : first + count] = [False] * count
        return kept

    @property
    def kept_blocks(self) -> tuple[Block, ...]:
        return tuple(compress(self.blocks, self.kept_mask))

    @property
    def text(self) -> str:
        """The clean text: kept blocks in their original order, one per line."""
        return "\n".join(map(block_text, compress(self.blocks, self.kept_mask)))

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
