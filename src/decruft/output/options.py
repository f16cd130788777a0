"""What the Markdown holds besides the text's structure: a module of its own, so that the
runs and writers that carry the options do not load the renderer until a page is rendered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    """What goes into the Markdown besides the text's structure."""

    tables: bool = True  # False: tables are left out (trafilatura's --no-tables)
    # Links as [text](target), when the page has them (Config.links recorded them).
    links: bool = True
    # Images as ![alt](src) at the start of the block they stand before, when the page has
    # them (Config.images recorded them).
    images: bool = True
    # Emphasis as **bold** and *italic*, inline code as `code`, when the page has them
    # (Config.formatting recorded them).
    formatting: bool = True
