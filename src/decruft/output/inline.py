"""Where a page's links, emphasis and code spans stand in its kept block texts.

The walk records each piece as its text (and a target or a mark), not as a place: block
texts are whitespace-collapsed and made of many elements. The pieces are placed here by
finding their text in the blocks, in document order, as whole words; a module of its own
so that ``markdown`` stays about structure.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Sequence
from itertools import accumulate

from decruft.output.code import span_delimiters
from decruft.shapes import CODE_MARK

# A piece's text is looked for from where the piece before it was found, in this many
# characters of the page's block texts after it (pieces and blocks are both in document
# order; a piece whose text spans blocks, or sits in content the walk skips, is not found
# and stays plain text). Counted in characters, not blocks: the dev pages' pieces are
# placed best at about this (a long code block or table between two pieces is no gap; a
# piece found nowhere near does not jump ahead over the ones after it).
LOOKAHEAD_CHARS = 20_000
# Characters the placing of one page's pieces may look through, a place where a piece's
# text stands but runs into a word counting as WORD_TRY_CHARS more (a Python step costs as
# much as scanning that many): ample for pages; a hostile page (thousands of pieces found
# nowhere, or standing only inside other words) stops there in tens of milliseconds, its
# remaining pieces plain text.
ALIGN_BUDGET_CHARS = 20_000_000
# What one try at a place costs, in characters of ALIGN_BUDGET_CHARS (measured: a Python
# step of find_words takes about as long as str.find scanning this many).
WORD_TRY_CHARS = 500
# Characters a link target cannot hold as is in Markdown (or in a table cell).
UNSAFE_IN_TARGET = str.maketrans(
    {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "|": "%7C"}
)

# A piece of a block's text with marks around it: (start, end, opening, closing, verbatim),
# e.g. a link's ("[", "](target)"), an emphasis' ("**", "**"), a code span's ("`", "`");
# a verbatim piece's text is written as it is (a code span's: escapes do not work there).
Span = tuple[int, int, str, str, bool]


def align(
    texts: Sequence[str], pieces: Sequence[tuple[str, str]], skip: Container[int] = ()
) -> dict[int, list[tuple[int, int, str]]]:
    """Per block, the (start, end, payload) of each (text, payload) whose text is found in
    it, in order: each looked for after the one before it (see LOOKAHEAD_CHARS) as whole
    words (see find_words), in no block of ``skip``, within ALIGN_BUDGET_CHARS."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    joined = "\n".join(texts)  # one search over the page, not one per block
    starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
    pos, budget = 0, ALIGN_BUDGET_CHARS
    for text, payload in pieces:
        if not text or "\n" in text:
            continue
        start, end = pos, pos + LOOKAHEAD_CHARS
        while True:
            at, spent = find_words(joined, text, start, end, budget)
            budget -= spent
            if at < 0:
                break
            b = bisect_right(starts, at) - 1
            if b not in skip:
                offset = at - starts[b]
                found.setdefault(b, []).append((offset, offset + len(text), payload))
                pos = at + len(text)
                break
            start = starts[b + 1]  # the next block
        if budget <= 0:
            break
    return found


def find_words(text: str, piece: str, start: int, end: int, budget: int) -> tuple[int, int]:
    """Where ``piece`` first stands in ``text[start:end]`` as whole words, -1 when nowhere
    or not within ``budget``; and what looking cost (see ALIGN_BUDGET_CHARS). An end of the
    piece that is a word character must not run on into one, nor be joined to one by a dot
    (not "new" in "renewal", "go" in "go.mod", "rustc" in "rustc_codegen"); an end that is
    another character, as code's often is (``.class``, ``foo()``), may touch anything."""
    spent = 0
    at = text.find(piece, start, end)
    while at >= 0:
        spent += at - start + WORD_TRY_CHARS
        after = at + len(piece)
        if not (_is_word(piece[0]) and _runs_on(text, at - 1, -1)) and not (
            _is_word(piece[-1]) and _runs_on(text, after, 1)
        ):
            return at, spent
        if spent >= budget:
            return -1, spent
        start = at + 1
        at = text.find(piece, start, end)
    return -1, spent + max(0, min(end, len(text)) - start)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _runs_on(text: str, at: int, step: int) -> bool:
    """Whether ``text[at]``, next to a piece, is a word character, or a dot with one
    ``step`` further out."""
    if not 0 <= at < len(text):
        return False
    char = text[at]
    if _is_word(char):
        return True
    beyond = at + step
    return char == "." and 0 <= beyond < len(text) and _is_word(text[beyond])


def link_spans(texts: Sequence[str], links: Sequence[tuple[str, str]]) -> dict[int, list[Span]]:
    """Per block, the span of each link's text found in it, in order."""
    return {
        b: [
            (s, e, "[", f"]({target.translate(UNSAFE_IN_TARGET)})", False) for s, e, target in found
        ]
        for b, found in align(texts, links).items()
    }


def with_formatting(
    spans: dict[int, list[Span]],
    texts: Sequence[str],
    formatting: dict[int, list[tuple[int, int, str]]],
) -> dict[int, list[Span]]:
    """The link spans, and each emphasis or code span that overlaps none of them (a link
    inside emphasized text or code, or either inside a link's text, keeps the link only)."""
    out = dict(spans)
    for b, found in formatting.items():
        links = spans.get(b, [])
        starts = [link[0] for link in links]
        free = [
            _formatted(texts[b], s, e, mark)
            for s, e, mark in found
            if not _overlaps(links, starts, s, e)
        ]
        if free:
            out[b] = sorted([*links, *free])
    return out


def _overlaps(links: list[Span], starts: list[int], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of a block's links (in order and apart, as they
    are placed: only the last one that starts at or before it, and the next, can)."""
    i = bisect_right(starts, start) - 1
    if i >= 0 and links[i][1] > start:
        return True
    return i + 1 < len(links) and starts[i + 1] < end


def _formatted(text: str, start: int, end: int, mark: str) -> Span:
    """An emphasis (``**``, ``*``), a code span (CODE_MARK), or an emphasis around one."""
    emphasis = mark.removesuffix(CODE_MARK)
    if emphasis == mark:
        return (start, end, mark, mark, False)
    opening, closing = span_delimiters(text[start:end])
    return (start, end, emphasis + opening, closing + emphasis, True)
