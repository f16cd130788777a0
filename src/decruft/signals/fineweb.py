"""FineWeb's own quality signals (Penedo et al. 2024, "The FineWeb Datasets", section 3.5), as
datatrove's FineWebQualityFilter computes them over the text's non-blank lines (lines of
``split("\\n")`` holding a non-space character, not stripped)."""

from __future__ import annotations

from decruft.signals.gopher import ratio
from decruft.signals.text import Scan

# A line of at most this many characters is short (FineWebQualityFilter's
# short_line_length, Penedo et al. 2024).
SHORT_LINE_CHARS = 30


def fineweb(scan: Scan) -> dict[str, float | int]:
    """Non-blank lines, and the line-punctuation, short-line, duplicated-line-character and
    list (newlines per word) ratios. A line's last character is read as it is: a line
    ending in a space does not end in punctuation."""
    c = scan.counts
    lines = c["solid_lines"]
    newlines = scan.lines - 1
    return {
        "lines": lines,
        "fineweb_line_punct_ratio": ratio(c["terminal_lines"], lines),
        "fineweb_short_line_ratio": ratio(c["short_lines"], lines),
        "fineweb_char_dup_ratio": ratio(c["dup_solid_line_chars"], len(scan.text) - newlines),
        "fineweb_list_ratio": ratio(newlines, c["tokens_like_spacy"]),
    }
