"""What a cleaned page is rendered into besides its plain text (Markdown)."""

from decruft.output.markdown import MarkdownOptions, render

__all__ = ["MarkdownOptions", "render"]
