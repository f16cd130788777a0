"""Gopher's quality and repetition signals (Rae et al. 2021, "Scaling Language Models",
appendix A1), as datatrove's GopherQualityFilter and GopherRepetitionFilter compute them,
over decruft's words (``text``'s module docstring says how they differ from spaCy's).

n-grams are compared word by word (by their words' hashes); datatrove's find_all_duplicate
compares them joined without spaces, which differs only when two different word sequences
join to the same string ("ab c" and "a bc").
"""

from __future__ import annotations

import re

from decruft.signals._ngrams import _ngram_chars
from decruft.signals.text import Scan

# Gopher's stop words (Rae et al. 2021, A1: "the, be, to, of, and, that, have, with"), as
# datatrove's GopherQualityFilter STOP_WORDS; a page needs two of them, matched as written
# (the scan counts the distinct ones it sees: text.StopTable.exact).
GOPHER_STOP_WORDS = ("the", "be", "to", "of", "and", "that", "have", "with")
# Lines starting with these (after leading whitespace) are bullet lines (Gopher, A1) ...
BULLETS = ("•", "-")
# ... and ending with these (before trailing whitespace) are ellipsis lines.
ELLIPSES = ("...", "…")
# The n of the "top n-gram" fractions, and of the "duplicate n-gram" fractions (A1).
TOP_NS = (2, 3, 4)
DUP_NS = (5, 6, 7, 8, 9, 10)
# Repetition is measured over at most this many words: Gopher drops a page with more words
# anyway (its max_doc_words, Rae et al. 2021), so a longer page's repetition never decides,
# and the cost of a pathological page stays bounded.
REPETITION_MAX_WORDS = 100_000
# Decimals kept of every fraction (the same in the API, pages.jsonl and the filters).
DECIMALS = 6

_PARAGRAPHS = re.compile(r"\n{2,}")
_LINES = re.compile(r"\n+")


def ratio(part: float, whole: float) -> float:
    """``part / whole`` rounded to DECIMALS; 0.0 when there is no whole."""
    return round(part / whole, DECIMALS) if whole else 0.0


def quality(scan: Scan) -> dict[str, float | int]:
    """Words, mean word length, the # and ellipsis ratios, bullet and ellipsis lines, the
    alphabetic fraction and the Gopher stop words (GopherQualityFilter's quantities)."""
    c = scan.counts
    words, tokens, lines = scan.words, c["tokens_like_spacy"], scan.lines
    return {
        "words": words,
        "tokens": tokens,
        "mean_word_length": ratio(c["word_chars"], words),
        "alpha_word_fraction": ratio(c["alpha_tokens"], tokens),
        "hash_ratio": ratio(c["hashes"], tokens),
        "ellipsis_ratio": ratio(c["ellipses"], tokens),
        "bullet_line_fraction": ratio(c["bullet_lines"], lines),
        "ellipsis_line_fraction": ratio(c["ellipsis_lines"], lines),
        "gopher_stop_words": c["stop_words_seen"],
    }


def duplicates(items: list[str]) -> tuple[int, int]:
    """datatrove's find_duplicates: the items equal to an earlier one, and their characters."""
    unique = set(items)
    return len(items) - len(unique), sum(map(len, items)) - sum(map(len, unique))


def repetition(scan: Scan) -> dict[str, float]:
    """Duplicate lines and paragraphs, the top 2-4-gram and duplicate 5-10-gram character
    fractions (GopherRepetitionFilter's quantities, all over the text's characters)."""
    text = scan.text
    chars = len(text)
    if scan.counts["blank_run"]:  # blank lines: datatrove's splits as they are
        paragraphs = _PARAGRAPHS.split(text.strip())
        para_count = len(paragraphs)
        para_dups, para_chars = duplicates(paragraphs)
        lines = _LINES.split(text)
        line_count = len(lines)
        line_dups, line_chars = duplicates(lines)
    else:  # one paragraph, and the lines are the scan's
        para_count, para_dups, para_chars = 1, 0, 0
        line_count = scan.lines
        line_dups, line_chars = scan.counts["dup_lines"], scan.counts["dup_line_chars"]
    found: dict[str, float] = {
        "dup_line_fraction": ratio(line_dups, line_count),
        "dup_line_char_fraction": ratio(line_chars, chars),
        "dup_paragraph_fraction": ratio(para_dups, para_count),
        "dup_paragraph_char_fraction": ratio(para_chars, chars),
    }
    limit = REPETITION_MAX_WORDS
    grams = _ngram_chars(scan.word_hash[:limit], scan.word_len[:limit], TOP_NS, DUP_NS)
    for n in TOP_NS:
        found[f"top_{n}_gram_char_fraction"] = ratio(grams[n], chars)
    for n in DUP_NS:
        found[f"dup_{n}_gram_char_fraction"] = ratio(grams[n], chars)
    return found
