"""C4's line and page heuristics (Raffel et al. 2020, section 2.2), counted the way
datatrove's C4QualityFilter applies them, line by line in this order:

1. a line with a word over C4_MAX_WORD_CHARS characters is not read;
2. Wikipedia-style citations (``[1]``, ``[edit]``, ``[citation needed]``) are removed;
3. a line not ending in terminal punctuation (C4_END_PUNCTUATION), or ending in "...", is
   not read; nor is one with fewer than C4_MIN_WORDS_PER_LINE words (``str.split``);
   the lines left are ``c4_punct_lines``;
4. of those, a line containing "lorem ipsum" (any case) drops the page: ``c4_lorem_ipsum_lines``;
5. else a line mentioning "javascript" is removed: ``c4_javascript_lines``;
6. else a line with a curly bracket drops the page: ``c4_curly_brace_lines``;
7. else a line with a cookie or terms-of-use phrase is removed: ``c4_policy_lines``;
8. the rest are kept (``c4_kept_lines``), and their sentences (``c4_sentences``) counted:
   C4 drops a page with fewer than five.

Sentences: datatrove splits a kept line with spaCy's sentencizer; here a line is split after
each sentence-terminal character (``text.TERMINAL_RANGES``), or such a character and one
closing quote or bracket, followed by whitespace. The two differ on abbreviations ("Mr.
Smith" is two sentences here, one for spaCy). datatrove's lines are ``str.splitlines``;
here ``split("\\n")`` (the same on decruft's text, which holds no other line breaks).
"""

from __future__ import annotations

import re
from functools import cache

from decruft.signals.text import Scan, terminal_chars

# C4 (Raffel et al. 2020; TFDS c4_utils.clean_page, as datatrove's C4QualityFilter): a
# line is kept only when it ends in one of these ...
C4_END_PUNCTUATION = (".", "?", "!", '"', "'")
# ... but not in an ellipsis,
C4_ELLIPSIS = "..."
# and holds at least this many words;
C4_MIN_WORDS_PER_LINE = 3
# a line with a word longer than this is dropped (datatrove's max_word_length);
C4_MAX_WORD_CHARS = 1000
# these phrases drop the page ...
C4_LOREM_IPSUM = "lorem ipsum"
C4_CURLY_BRACE = "{"
# ... and these drop the line;
C4_JAVASCRIPT = "javascript"
C4_POLICY_PHRASES = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
# Wikipedia-style citations, removed from a line before its end is read (datatrove's
# CITATION_REGEX).
CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
# What may close a sentence after its terminal character.
CLOSERS = "\"')]\u201d\u2019\u00bb"
# The counts, in C4's order.
C4_COUNTS = (
    "c4_punct_lines",
    "c4_lorem_ipsum_lines",
    "c4_javascript_lines",
    "c4_curly_brace_lines",
    "c4_policy_lines",
    "c4_kept_lines",
    "c4_sentences",
)


def c4(scan: Scan) -> dict[str, int]:
    """The C4 line counts and the kept lines' sentences (see the module docstring). The
    scan counted the lines C4 keeps but for those with "[" (a citation may go, and the
    line's end with it) or a phrase C4 looks for: those few are read here as C4 reads them."""
    counts = dict.fromkeys(C4_COUNTS, 0)
    kept, sentences_kept = scan.counts["c4_lines"], scan.counts["c4_sentences"]
    text = scan.text
    for start, length in zip(scan.special_start.tolist(), scan.special_len.tolist(), strict=True):
        line = text[start : start + length].strip()
        words = line.split()
        if max(map(len, words), default=0) > C4_MAX_WORD_CHARS:
            continue
        line = CITATION.sub("", line)
        if not _ends_a_line(line) or len(words) < C4_MIN_WORDS_PER_LINE:
            continue
        kind = line_kind(line)
        if kind is None:
            kept += 1
            sentences_kept += sentences(line)
        else:
            counts[kind] += 1
    counts["c4_kept_lines"] = kept
    counts["c4_sentences"] = sentences_kept
    counts["c4_punct_lines"] = kept + sum(counts[k] for k in C4_COUNTS[1:5])
    return counts


def _ends_a_line(line: str) -> bool:
    return line.endswith(C4_END_PUNCTUATION) and not line.endswith(C4_ELLIPSIS)


def line_kind(line: str) -> str | None:
    """Which C4 count a read line goes to (None: kept), in C4's order of checks."""
    low = line.lower()
    if C4_LOREM_IPSUM in low:
        return "c4_lorem_ipsum_lines"
    if C4_JAVASCRIPT in low:
        return "c4_javascript_lines"
    if C4_CURLY_BRACE in line:
        return "c4_curly_brace_lines"
    if any(p in low for p in C4_POLICY_PHRASES):
        return "c4_policy_lines"
    return None


def sentences(line: str) -> int:
    """Sentences of a stripped, non-empty line (the split is in the module docstring)."""
    return 1 + len(_breaks().findall(line))


@cache
def _breaks() -> re.Pattern[str]:
    """Whitespace after a sentence-terminal character, or after one and a closer."""
    terminal = re.escape("".join(sorted(terminal_chars())))
    closers = re.escape(CLOSERS)
    return re.compile(f"(?:(?<=[{terminal}])|(?<=[{terminal}][{closers}]))\\s")
