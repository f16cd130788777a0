"""Text segmentation: one block per non-blank line, and per sentence of a run-on line.

A block's text is its line with whitespace collapsed (runs of any Unicode whitespace become
one space, as ``" ".join(line.split())``); its span points at the line's first and last
non-space character in the original body, so removals map back onto the input exactly.
One compiled pass (``_line_spans`` of ``_text.pyx``) finds the spans, and another slices
them out.

Some scrapers give a whole page as one line (a library's full-page text such as
trafilatura's ``html2txt``: menus, article and footer run together). Kept or dropped whole,
such a line makes the cleaner worse than no cleaning, so a line longer than RUN_ON_CHARS (or
one that is most of a page's text and longer than RUN_ON_ALONE_CHARS) is cut after each
sentence end (``.``, ``!``, ``?``, maybe closed by quotes or brackets, then
whitespace and a capital, digit or opening quote): the pieces are blocks the model can judge.
Dev records hold a paragraph per line, and only a handful of their lines are that long.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple, overload

import numpy as np
import numpy.typing as npt

from decruft.model import Blocks
from decruft.segment._text import _code_points, _cut_run_ons, _line_spans, _span_texts

_BMP = 0x10000
# A line longer than this is cut into sentences: longer than all but ~0.01% of the dev
# records' lines (17 of ~200k, on 7 of 723 pages), far shorter than a page run together.
RUN_ON_CHARS = 2000
# A shorter line is cut too when it holds RUN_ON_SHARE of the page's characters: a short
# page run together (a 1,500-character blog post with its menus) is one line as well, and a
# record whose text is one paragraph loses nothing when its sentences are judged apart.
RUN_ON_ALONE_CHARS = 400
RUN_ON_SHARE = 0.8
# ... into pieces of at least this many characters (a shorter sentence joins the next one):
# "Log In." or "Dr." alone is no block. The compiled cut (``_text.pyx``) has it built in.
RUN_ON_MIN_PIECE = 25
_SENTENCE_ENDS = ".!?"
# Closing quotes and brackets that may follow a sentence end.
_CLOSERS = "\"')]\u201d\u2019\u00bb"
# What may open the next sentence besides a capital or a digit.
_OPENERS = "\"'(\u201c\u2018\u00ab"


@cache
def _space_table() -> npt.NDArray[np.bool_]:
    """``str.isspace`` of every BMP code point (no code point above the BMP is a space),
    mapped at C level over the 65,536 characters (a Python loop was ~10 ms of a start)."""
    table = np.fromiter(map(str.isspace, _bmp_chars()), np.bool_, _BMP)
    table.flags.writeable = False
    return table


@cache
def _sentence_tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    """Per BMP code point: 1 sentence end, 2 closer (quote, bracket); and whether it may
    open a sentence (an uppercase letter, a digit, an opening quote or bracket)."""
    kind = np.zeros(_BMP, dtype=np.uint8)
    kind[[ord(c) for c in _SENTENCE_ENDS]] = 1
    kind[[ord(c) for c in _CLOSERS]] = 2
    chars = _bmp_chars()
    opens = np.fromiter(map(str.isupper, chars), np.bool_, _BMP)
    opens |= np.fromiter(map(str.isdigit, chars), np.bool_, _BMP)
    opens[[ord(c) for c in _OPENERS]] = True
    kind.flags.writeable = False
    opens.flags.writeable = False
    return kind, opens


def _bmp_chars() -> str:
    return "".join(map(chr, range(_BMP)))


@overload
def _run_on(lengths: int, chars: int) -> bool: ...
@overload
def _run_on(lengths: npt.NDArray[np.int64], chars: int) -> npt.NDArray[np.bool_]: ...
def _run_on(lengths: int | npt.NDArray[np.int64], chars: int) -> bool | npt.NDArray[np.bool_]:
    """Whether a line of each length is cut into sentences (see the module's docstring),
    ``chars`` being all lines' length: for an array of lengths, or for one (the longest line
    tells whether any line is cut: if any is long enough, the longest is)."""
    return (lengths > RUN_ON_CHARS) | (
        (lengths > RUN_ON_ALONE_CHARS) & (lengths >= RUN_ON_SHARE * chars)
    )


class TextSegments(NamedTuple):
    """A body's blocks, with what segmenting it computed that the features reuse."""

    blocks: Blocks
    texts: list[str]  # each block's text
    cps: npt.NDArray[np.uint32]  # the body's code points
    starts: npt.NDArray[np.int64]  # each block's span in the body
    ends: npt.NDArray[np.int64]
    collapsed: bool  # some block's text is its line with whitespace collapsed, not its span
    longest: int  # the longest block's length (0 without blocks)


def code_points(text: str) -> npt.NDArray[np.uint32]:
    """The text's code points, lone surrogates included, widened from the str's own buffer
    in C (``_text.pyx``)."""
    return _code_points(text)


def segment_body(body: str) -> TextSegments:
    """The body's blocks (``segment_text``) and their spans, texts and code points."""
    cps = code_points(body)
    starts, ends, messy, longest, chars = _line_spans(cps, _space_table())
    run_on = _run_on(longest, chars)
    if run_on:
        cut = _run_on(ends - starts, chars)
        starts, ends, messy = _cut_run_ons(
            cps, starts, ends, messy, cut, _space_table(), *_sentence_tables()
        )
        longest = int((ends - starts).max())
    # The spans' texts, sliced in C (split, strip and filter made them a third slower; a
    # Python loop of slices, three times)
    texts = _span_texts(body, starts, ends)
    collapse = np.flatnonzero(messy).tolist()
    for i in collapse:
        texts[i] = " ".join(texts[i].split())
    blocks = Blocks(texts, starts, ends)  # a Block is made when one is read
    return TextSegments(blocks, texts, cps, starts, ends, bool(collapse), longest)


def segment_text(body: str) -> Blocks:
    return segment_body(body).blocks
