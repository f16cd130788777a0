"""Every quality signal of one text, as one frozen ``Signals``.

The signals are measured, never applied: ``decruft clean`` writes them into each page's
record (``"signals"``), and ``decruft filter`` (or ``clean --filter``) applies a preset of
thresholds to them (``decruft.signals.presets``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING

from decruft.resources import stopwords as stopword_lists
from decruft.signals.c4 import C4_MAX_WORD_CHARS, C4_MIN_WORDS_PER_LINE, c4
from decruft.signals.fineweb import SHORT_LINE_CHARS, fineweb
from decruft.signals.gopher import GOPHER_STOP_WORDS, quality, ratio, repetition
from decruft.signals.language import PROSE_LINE_CHARS, language
from decruft.signals.text import StopTable, scan, stop_table

if TYPE_CHECKING:
    from decruft.model import Page


@dataclass(frozen=True, slots=True)
class Signals:
    """A text's quality signals (definitions in docs/signals.md)."""

    # what the page is: the language detector's guess, the cleaner's verdict and page type
    language: str | None
    language_confidence: float
    verdict: str | None
    page_type: str | None
    # size
    chars: int
    lines: int  # non-blank lines
    words: int
    tokens: int  # words and punctuation, counted as spaCy's tokenizer would (near enough)
    # Gopher quality (Rae et al. 2021)
    mean_word_length: float
    alpha_word_fraction: float
    hash_ratio: float
    ellipsis_ratio: float
    bullet_line_fraction: float
    ellipsis_line_fraction: float
    gopher_stop_words: int
    # stopwords of the detected language (None: no list for it)
    stopwords: int | None
    stopword_ratio: float | None
    # Gopher repetition
    dup_line_fraction: float
    dup_line_char_fraction: float
    dup_paragraph_fraction: float
    dup_paragraph_char_fraction: float
    top_2_gram_char_fraction: float
    top_3_gram_char_fraction: float
    top_4_gram_char_fraction: float
    dup_5_gram_char_fraction: float
    dup_6_gram_char_fraction: float
    dup_7_gram_char_fraction: float
    dup_8_gram_char_fraction: float
    dup_9_gram_char_fraction: float
    dup_10_gram_char_fraction: float
    # C4 (Raffel et al. 2020)
    c4_punct_lines: int
    c4_lorem_ipsum_lines: int
    c4_javascript_lines: int
    c4_curly_brace_lines: int
    c4_policy_lines: int
    c4_kept_lines: int
    c4_sentences: int
    # FineWeb (Penedo et al. 2024)
    fineweb_line_punct_ratio: float
    fineweb_short_line_ratio: float
    fineweb_char_dup_ratio: float
    fineweb_list_ratio: float

    def as_dict(self) -> dict[str, str | int | float | None]:
        """The signals by name, in field order (what pages.jsonl holds)."""
        return {name: getattr(self, name) for name in SIGNAL_NAMES}


# Every signal's name, in order, and its type ("str", "int" or "float"; any may be None
# where the field says so): what the Parquet schema is made from.
SIGNAL_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Signals))
SIGNAL_TYPES: dict[str, str] = {
    f.name: next(t for t in ("str", "int", "float") if t in str(f.type)) for f in fields(Signals)
}


@cache
def _stop_table() -> StopTable:
    """The shipped stopword lists (``decruft.resources.stopwords``) and Gopher's stop words,
    as the scan looks them up."""
    return stop_table(stopword_lists(), GOPHER_STOP_WORDS)


def warm_up() -> None:
    """Load what the signals read (the language detector, the character and stopword
    tables) now rather than on the first page."""
    import pycld2  # noqa: F401  # imported for its side effect: loaded

    from decruft.signals.text import _probe_table, char_flags, lower_bmp

    char_flags()
    lower_bmp()
    _probe_table()
    _stop_table()


def text_signals(text: str, *, verdict: str | None = None, page_type: str | None = None) -> Signals:
    """The signals of ``text`` (a page's clean text); ``verdict`` and ``page_type`` are
    the cleaner's, carried along."""
    s = scan(
        text,
        _stop_table(),
        short_line=SHORT_LINE_CHARS,
        c4_min_words=C4_MIN_WORDS_PER_LINE,
        c4_max_word=C4_MAX_WORD_CHARS,
        prose_line=PROSE_LINE_CHARS,
    )
    lang, confidence = language(text, s.counts["prose_start"])
    stops = s.stopwords.get(lang) if lang is not None else None
    found: dict[str, object] = {
        "language": lang,
        "language_confidence": confidence,
        "verdict": verdict,
        "page_type": page_type,
        "chars": len(text),
        "stopwords": stops,
        "stopword_ratio": None if stops is None else ratio(stops, s.words),
    }
    found.update(quality(s))
    found.update(repetition(s))
    found.update(c4(s))
    found.update(fineweb(s))
    return Signals(**found)  # type: ignore[arg-type]


def page_signals(page: Page) -> Signals:
    """The signals of a cleaned page's text, with its verdict and page type."""
    return text_signals(
        page.text, verdict=page.verdict.kind.value, page_type=page.verdict.page_type
    )
