"""Run-on lines (a whole page as one line, as a library's full-page text gives it) are cut
into sentences; every other line stays one block."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

import decruft
from decruft.segment.text import (
    RUN_ON_ALONE_CHARS,
    RUN_ON_CHARS,
    RUN_ON_MIN_PIECE,
    RUN_ON_SHARE,
    segment_text,
)

_ENDS = ".!?"
_CLOSERS = "\"')]\u201d\u2019\u00bb"
_OPENERS = "\"'(\u201c\u2018\u00ab"


def _opens(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def _cut(line: str, at: int) -> list[tuple[int, int]]:
    """Reference: (start, end) of the pieces of a stripped line starting at body offset at."""
    pieces, piece, i, n = [], 0, 0, len(line)
    while i < n:
        if line[i] not in _ENDS:
            i += 1
            continue
        j = i + 1
        while j < n and (line[j] in _ENDS or line[j] in _CLOSERS):
            j += 1
        end = j
        while j < n and line[j].isspace():
            j += 1
        if end < j < n and _opens(line[j]) and end - piece >= RUN_ON_MIN_PIECE:
            pieces.append((at + piece, at + end))
            piece = j
        i = j
    return [*pieces, (at + piece, at + n)]


def _reference(body: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    total = sum(len(line.strip()) for line in body.split("\n"))
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            n = len(stripped)
            alone = n > RUN_ON_ALONE_CHARS and n >= RUN_ON_SHARE * total
            spans = (
                _cut(stripped, start)
                if n > RUN_ON_CHARS or alone
                else [(start, start + len(stripped))]
            )
            out.extend((" ".join(body[s:e].split()), s, e) for s, e in spans)
        pos += len(line) + 1
    return out


_SENTENCE = st.sampled_from(
    [
        "The council approved the plan on Tuesday.",
        "Was it worth it?",
        '"Yes," she said.',
        "Prices rose 3.5 percent in the U.S. last year!",
        "Log In.",
        "Home News Sport Weather",
        "(Reuters) The talks ended late.",
        "it went on...",
        "9 things to know.",
        "\u201cNo,\u201d he said. \u00abOui.\u00bb",
    ]
)
_LONG_LINE = st.lists(_SENTENCE, min_size=80, max_size=160).map(" ".join)
_BODY = st.lists(st.one_of(_LONG_LINE, _SENTENCE, st.just("")), min_size=1, max_size=4).map(
    "\n".join
)


@settings(max_examples=60, deadline=None)
@given(_BODY)
def test_long_lines_are_cut_after_sentence_ends(body: str) -> None:
    got = [(b.text, b.start, b.end) for b in segment_text(body)]
    assert got == _reference(body)
    for _, start, end in got:
        assert body[start:end] == body[start:end].strip()


def test_a_short_page_on_one_line_becomes_sentences() -> None:
    body = "Home Blog Games Log In About Me. " + "None of the games can be without bugs. " * 12
    assert RUN_ON_ALONE_CHARS < len(body) < RUN_ON_CHARS
    blocks = segment_text(body)
    assert [b.text for b in blocks] == ["Home Blog Games Log In About Me."] + [
        "None of the games can be without bugs."
    ] * 12


def test_a_page_on_one_line_becomes_sentences() -> None:
    sentence = "Officials said construction would begin next spring, pending approval. "
    body = "Home News Sport Log In " + sentence * (RUN_ON_CHARS // len(sentence) + 2)
    blocks = segment_text(body)
    assert len(blocks) > RUN_ON_CHARS // len(sentence)
    assert blocks[0].text == "Home News Sport Log In " + sentence.strip()
    assert all(b.text == sentence.strip() for b in blocks[1:])


def test_short_lines_and_unbroken_long_lines_stay_whole() -> None:
    short = "One sentence. Two sentences. Three sentences here, all on a line of modest size."
    assert [b.text for b in segment_text(short)] == [short]
    paragraph = "A paragraph of a page with other lines, all of it one block. " * 10
    body = "\n".join([paragraph, *(["Another line of the page."] * 20)])
    assert segment_text(body)[0].text == paragraph.strip()
    unbroken = "word " * (RUN_ON_CHARS // 5 + 10)  # no sentence end at all
    assert len(segment_text(unbroken)) == 1


def test_cleaning_a_run_on_record_keeps_its_spans_exact() -> None:
    article = (
        "The city council approved the new budget on Tuesday after a long debate. "
        "Officials said construction of the bridge would begin next spring. "
        "Residents have waited nearly a decade for the project to move forward. "
    )
    body = "Home News Sport Weather Log In Subscribe " + article * 12 + "© 2025 Example Inc."
    assert len(body) > RUN_ON_CHARS
    page = decruft.clean(body)
    assert len(page.blocks) > 12
    for b in page.blocks:
        assert " ".join(body[b.start : b.end].split()) == b.text
    for r in page.removals:
        assert page.blocks[r.block].start == r.start
    assert "Residents have waited nearly a decade" in page.text
