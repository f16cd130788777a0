"""Segmentation: page body -> blocks (text now; HTML joins here later)."""

from decruft.segment.text import segment_text

__all__ = ["segment_text"]
