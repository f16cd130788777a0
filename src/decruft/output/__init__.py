"""What a cleaned page is rendered into besides its plain text (Markdown). The renderer
loads when first used (``decruft.lazy``): a run that writes no Markdown never imports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from decruft.lazy import lazy_names

if TYPE_CHECKING:
    from decruft.output.markdown import render
    from decruft.output.options import MarkdownOptions

__all__ = ["MarkdownOptions", "render"]

__getattr__ = lazy_names(
    __name__,
    {"MarkdownOptions": "decruft.output.options", "render": "decruft.output.markdown"},
    globals(),
)
