"""The published filters as presets of thresholds over the signals.

A preset is a list of rules, checked in the order the published filter checks them; the
first a page fails is its reason (``"gopher mean_word_length: 2.1 < 3"``). Each threshold is
its filter's default in datatrove (the reference implementation FineWeb was made with),
which restates the paper's number.

The presets reproduce the quality filters only, not the pipelines around them: the
published datasets also kept one language first (Gopher and C4 English, FineWeb English at
a fastText score of 0.65), and C4 and FineWeb deduplicated. C4 also deletes the lines it
does not keep; a preset keeps or drops whole pages and leaves their text alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Op = Literal["<", ">"]


@dataclass(frozen=True, slots=True)
class Rule:
    """Drop a page whose ``signal`` is below (``<``) or above (``>``) ``threshold``."""

    signal: str
    op: Op
    threshold: float

    def fails(self, value: float) -> bool:
        return value < self.threshold if self.op == "<" else value > self.threshold


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    rules: tuple[Rule, ...]
    source: str

    @property
    def signals(self) -> frozenset[str]:
        return frozenset(r.signal for r in self.rules)


# Gopher (Rae et al. 2021, appendix A1 and table A1), as datatrove's GopherRepetitionFilter
# and GopherQualityFilter defaults, repetition first (as datatrove's FineWeb and RefinedWeb
# pipelines run them).
GOPHER_MAX_DUP_PARAGRAPH_FRACTION = 0.3  # duplicate paragraph fraction, table A1
GOPHER_MAX_DUP_PARAGRAPH_CHAR_FRACTION = 0.2  # duplicate paragraph character fraction
GOPHER_MAX_DUP_LINE_FRACTION = 0.3  # duplicate line fraction, table A1
GOPHER_MAX_DUP_LINE_CHAR_FRACTION = 0.2  # duplicate line character fraction, table A1
# top 2-, 3-, 4-gram character fractions (table A1)
GOPHER_MAX_TOP_NGRAM_CHAR_FRACTION = {2: 0.2, 3: 0.18, 4: 0.16}
# duplicate 5- to 10-gram character fractions (table A1)
GOPHER_MAX_DUP_NGRAM_CHAR_FRACTION = {5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}
GOPHER_MIN_WORDS = 50  # "fewer than 50 ... words" (A1)
GOPHER_MAX_WORDS = 100_000  # "or more than 100,000 words" (A1)
GOPHER_MIN_MEAN_WORD_LENGTH = 3  # "mean word length is outside the range of 3 to 10" (A1)
GOPHER_MAX_MEAN_WORD_LENGTH = 10
GOPHER_MAX_HASH_RATIO = 0.1  # "symbol-to-word ratio greater than 0.1" for # (A1) ...
GOPHER_MAX_ELLIPSIS_RATIO = 0.1  # ... and for the ellipsis
GOPHER_MAX_BULLET_LINE_FRACTION = 0.9  # "more than 90% of lines starting with a bullet" (A1)
GOPHER_MAX_ELLIPSIS_LINE_FRACTION = 0.3  # "more than 30% ending with an ellipsis" (A1)
GOPHER_MIN_ALPHA_WORD_FRACTION = 0.8  # "80% of words ... contain ... alphabetic" (A1)
GOPHER_MIN_STOP_WORDS = 2  # "at least two of the following English words" (A1)

# C4 (Raffel et al. 2020, section 2.2), as datatrove's C4QualityFilter defaults: a page
# with "lorem ipsum" or a curly bracket on a line it reads is dropped, and so is one
# whose kept lines hold fewer than five sentences.
C4_MAX_LOREM_IPSUM_LINES = 0  # "any page where the phrase 'lorem ipsum' appeared"
C4_MAX_CURLY_BRACE_LINES = 0  # "any pages that contained a curly bracket"
C4_MIN_SENTENCES = 5  # "any page with fewer than 5 sentences"

# FineWeb (Penedo et al. 2024, section 3.5 "Developing additional heuristic filters"), as
# datatrove's FineWebQualityFilter defaults.
FINEWEB_MIN_LINES = 1  # a page without a non-blank line is dropped ("empty")
FINEWEB_MIN_LINE_PUNCT_RATIO = 0.12  # "fraction of lines ending with punctuation <= 0.12"
FINEWEB_MAX_SHORT_LINE_RATIO = 0.67  # "fraction of lines shorter than 30 characters >= 0.67"
# "fraction of characters in duplicated lines": the paper's list says 0.1; the filter the
# dataset was made with defaults to 0.01 (datatrove's char_duplicates_ratio), used here.
FINEWEB_MAX_CHAR_DUP_RATIO = 0.01
FINEWEB_MAX_LIST_RATIO = 0.3  # newlines per word (datatrove's new_line_ratio default)


PRESETS: dict[str, Preset] = {
    "none": Preset("none", (), "no filter: every page is kept"),
    "gopher": Preset(
        "gopher",
        (
            Rule("dup_paragraph_fraction", ">", GOPHER_MAX_DUP_PARAGRAPH_FRACTION),
            Rule("dup_paragraph_char_fraction", ">", GOPHER_MAX_DUP_PARAGRAPH_CHAR_FRACTION),
            Rule("dup_line_fraction", ">", GOPHER_MAX_DUP_LINE_FRACTION),
            Rule("dup_line_char_fraction", ">", GOPHER_MAX_DUP_LINE_CHAR_FRACTION),
            *(
                Rule(f"top_{n}_gram_char_fraction", ">", t)
                for n, t in GOPHER_MAX_TOP_NGRAM_CHAR_FRACTION.items()
            ),
            *(
                Rule(f"dup_{n}_gram_char_fraction", ">", t)
                for n, t in GOPHER_MAX_DUP_NGRAM_CHAR_FRACTION.items()
            ),
            Rule("words", "<", GOPHER_MIN_WORDS),
            Rule("words", ">", GOPHER_MAX_WORDS),
            Rule("mean_word_length", "<", GOPHER_MIN_MEAN_WORD_LENGTH),
            Rule("mean_word_length", ">", GOPHER_MAX_MEAN_WORD_LENGTH),
            Rule("hash_ratio", ">", GOPHER_MAX_HASH_RATIO),
            Rule("ellipsis_ratio", ">", GOPHER_MAX_ELLIPSIS_RATIO),
            Rule("bullet_line_fraction", ">", GOPHER_MAX_BULLET_LINE_FRACTION),
            Rule("ellipsis_line_fraction", ">", GOPHER_MAX_ELLIPSIS_LINE_FRACTION),
            Rule("alpha_word_fraction", "<", GOPHER_MIN_ALPHA_WORD_FRACTION),
            Rule("gopher_stop_words", "<", GOPHER_MIN_STOP_WORDS),
        ),
        "Rae et al. 2021, Scaling Language Models: Methods, Analysis & Insights from "
        "Training Gopher, appendix A1 (datatrove GopherRepetitionFilter, GopherQualityFilter)",
    ),
    "c4": Preset(
        "c4",
        (
            Rule("c4_lorem_ipsum_lines", ">", C4_MAX_LOREM_IPSUM_LINES),
            Rule("c4_curly_brace_lines", ">", C4_MAX_CURLY_BRACE_LINES),
            Rule("c4_sentences", "<", C4_MIN_SENTENCES),
        ),
        "Raffel et al. 2020, Exploring the Limits of Transfer Learning with a Unified "
        "Text-to-Text Transformer, section 2.2 (datatrove C4QualityFilter)",
    ),
    "fineweb": Preset(
        "fineweb",
        (
            Rule("lines", "<", FINEWEB_MIN_LINES),
            Rule("fineweb_line_punct_ratio", "<", FINEWEB_MIN_LINE_PUNCT_RATIO),
            Rule("fineweb_short_line_ratio", ">", FINEWEB_MAX_SHORT_LINE_RATIO),
            Rule("fineweb_char_dup_ratio", ">", FINEWEB_MAX_CHAR_DUP_RATIO),
            Rule("fineweb_list_ratio", ">", FINEWEB_MAX_LIST_RATIO),
        ),
        "Penedo et al. 2024, The FineWeb Datasets: Decanting the Web for the Finest Text "
        "Data at Scale, section 3.5 (datatrove FineWebQualityFilter)",
    ),
}


def failing(preset: Preset, signals: Mapping[str, object]) -> str | None:
    """Why ``preset`` drops a page with these signals (the first rule it fails, with the
    value and the threshold), or None: the page is kept."""
    for rule in preset.rules:
        value = signals.get(rule.signal)
        if isinstance(value, int | float) and rule.fails(value):
            return f"{preset.name} {rule.signal}: {value:g} {rule.op} {rule.threshold:g}"
    return None
