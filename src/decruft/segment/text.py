"""Text segmentation: one block per non-blank line.

A block's text is its line with whitespace collapsed; its span points at the line's
first and last non-space character in the original body, so removals can be mapped
back onto the input exactly. Linear in the body size, no regex.
"""

from __future__ import annotations

from decruft.model import Block


def normalize_line(stripped: str) -> str:
    """Collapse inner whitespace runs to one space (the common clean line is returned as is)."""
    if "  " not in stripped and stripped.isprintable():
        return stripped
    return " ".join(stripped.split())


def segment_text(body: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    pos = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            blocks.append(
                Block(len(blocks), normalize_line(stripped), start, start + len(stripped))
            )
        pos += len(line) + 1
    return tuple(blocks)
