"""Text segmentation: one block per non-blank line.

A block's text is its line with whitespace collapsed (runs of any Unicode whitespace become
one space, as ``" ".join(line.split())``); its span points at the line's first and last
non-space character in the original body, so removals map back onto the input exactly.
One compiled pass finds the spans; Python only slices out the lines.
"""

from __future__ import annotations

from functools import cache
from itertools import repeat
from typing import NamedTuple

import numba
import numpy as np
import numpy.typing as npt

from decruft.model import Block

_BMP = 0x10000
_NEWLINE = 0x0A
_SPACE = 0x20


@cache
def _space_table() -> npt.NDArray[np.bool_]:
    """``str.isspace`` of every BMP code point (no code point above the BMP is a space)."""
    table = np.array([chr(cp).isspace() for cp in range(_BMP)], dtype=np.bool_)
    table.flags.writeable = False
    return table


@numba.njit(cache=True, nogil=True)
def _line_spans(
    cps: npt.NDArray[np.uint32], is_space: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Stripped span of every non-blank line, and whether its inner whitespace needs
    collapsing (anything but single ASCII spaces)."""
    total = cps.shape[0]
    starts = np.empty(total // 2 + 1, dtype=np.int64)
    ends = np.empty(total // 2 + 1, dtype=np.int64)
    messy = np.zeros(total // 2 + 1, dtype=np.bool_)
    n = 0
    first = -1  # first non-space of the current line
    last = -1
    dirty = False  # a whitespace run other than one ASCII space between two non-spaces
    run = 0  # length of the whitespace run since the last non-space
    run_odd = False  # that run holds something other than ASCII spaces
    for i in range(total + 1):
        cp = _NEWLINE if i == total else cps[i]
        if cp == _NEWLINE:
            if first >= 0:
                starts[n] = first
                ends[n] = last + 1
                messy[n] = dirty
                n += 1
            first = -1
            dirty = False
            run = 0
            run_odd = False
        elif cp < _BMP and is_space[cp]:
            run += 1
            run_odd = run_odd or cp != _SPACE
        else:
            if first < 0:
                first = i
            elif run > 1 or run_odd:
                dirty = True
            last = i
            run = 0
            run_odd = False
    return starts[:n], ends[:n], messy[:n]


class TextSegments(NamedTuple):
    """A body's blocks, with what segmenting it computed that the features reuse."""

    blocks: tuple[Block, ...]
    texts: list[str]  # each block's text
    cps: npt.NDArray[np.uint32]  # the body's code points
    starts: npt.NDArray[np.int64]  # each block's span in the body
    ends: npt.NDArray[np.int64]
    collapsed: bool  # some block's text is its line with whitespace collapsed, not its span


def segment_body(body: str) -> TextSegments:
    """The body's blocks (``segment_text``) and their spans, texts and code points."""
    cps = np.frombuffer(body.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts, ends, messy = _line_spans(cps, _space_table())
    first, last = starts.tolist(), ends.tolist()
    # The non-blank lines, stripped: str.strip strips what str.isspace calls space, as the
    # spans do, and split/strip/filter run in C (a slice per span was a Python loop).
    texts = list(filter(None, map(str.strip, body.split("\n"))))
    if len(texts) != len(first):  # never: the spans and the lines agree on what is blank
        texts = [body[s:e] for s, e in zip(first, last, strict=True)]
    collapse = np.flatnonzero(messy).tolist()
    for i in collapse:
        texts[i] = " ".join(texts[i].split())
    # tuple.__new__ straight from C skips the NamedTuple's Python-level __new__: half the cost
    # of building hundreds of blocks per page
    fields = zip(range(len(texts)), texts, first, last, strict=True)
    blocks = tuple(map(tuple.__new__, repeat(Block), fields))
    return TextSegments(blocks, texts, cps, starts, ends, bool(collapse))


def segment_text(body: str) -> tuple[Block, ...]:
    return segment_body(body).blocks
