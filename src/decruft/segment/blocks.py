"""A record's blocks, as the page steps and the corpus passes both see them.

Here, below the pipeline, so that a corpus pass (the host boilerplate count) can segment
pages the same way the cascade does without importing the cascade.
"""

from __future__ import annotations

from collections.abc import Sequence

from decruft.model import Block, Blocks, RawRecord, block_texts
from decruft.segment.html import HtmlPage, Recorded, segment_html
from decruft.segment.text import TextSegments, segment_body

# Features look at no more than this many characters of a block: a 50 MB line scores the
# same as its first 20k characters, and time and memory stay bounded.
FEATURE_MAX_BLOCK_CHARS = 20_000


def segment_record(record: RawRecord, recorded: Recorded | None = None) -> HtmlPage | TextSegments:
    """Blocks of the record: from its HTML when it has some (and no text), else its text
    (``recorded``: what else an HTML page's walk records: links, images, comment sections)."""
    if record.html is not None and not record.body:
        return segment_html(record.html, recorded if recorded is not None else Recorded())
    return segment_body(record.body)


def record_blocks(record: RawRecord) -> Blocks:
    """The blocks the cascade cleans for this record (what corpus passes count)."""
    return segment_record(record).blocks


def feature_texts(blocks: Sequence[Block]) -> list[str]:
    """The block texts the features look at (each cut at FEATURE_MAX_BLOCK_CHARS)."""
    return [t[:FEATURE_MAX_BLOCK_CHARS] for t in block_texts(blocks)]  # the same str if shorter
