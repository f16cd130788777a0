"""The presets hold the published thresholds, in the published filters' order, and a page
just past a threshold is dropped with that signal as its reason, one just inside kept."""

from __future__ import annotations

import pytest

from decruft.cli import FILTER_PRESETS
from decruft.signals import text_signals
from decruft.signals.presets import PRESETS, Preset, Rule, failing

# The papers' numbers, as datatrove's filters default to them (Gopher: Rae et al. 2021,
# table A1 and appendix A1; C4: Raffel et al. 2020, section 2.2; FineWeb: Penedo et al.
# 2024, datatrove's FineWebQualityFilter), written out again here.
PUBLISHED = {
    "gopher": [
        ("dup_paragraph_fraction", ">", 0.3),
        ("dup_paragraph_char_fraction", ">", 0.2),
        ("dup_line_fraction", ">", 0.3),
        ("dup_line_char_fraction", ">", 0.2),
        ("top_2_gram_char_fraction", ">", 0.2),
        ("top_3_gram_char_fraction", ">", 0.18),
        ("top_4_gram_char_fraction", ">", 0.16),
        ("dup_5_gram_char_fraction", ">", 0.15),
        ("dup_6_gram_char_fraction", ">", 0.14),
        ("dup_7_gram_char_fraction", ">", 0.13),
        ("dup_8_gram_char_fraction", ">", 0.12),
        ("dup_9_gram_char_fraction", ">", 0.11),
        ("dup_10_gram_char_fraction", ">", 0.10),
        ("words", "<", 50),
        ("words", ">", 100_000),
        ("mean_word_length", "<", 3),
        ("mean_word_length", ">", 10),
        ("hash_ratio", ">", 0.1),
        ("ellipsis_ratio", ">", 0.1),
        ("bullet_line_fraction", ">", 0.9),
        ("ellipsis_line_fraction", ">", 0.3),
        ("alpha_word_fraction", "<", 0.8),
        ("gopher_stop_words", "<", 2),
    ],
    "c4": [
        ("c4_lorem_ipsum_lines", ">", 0),
        ("c4_curly_brace_lines", ">", 0),
        ("c4_sentences", "<", 5),
    ],
    "fineweb": [
        ("lines", "<", 1),
        ("fineweb_line_punct_ratio", "<", 0.12),
        ("fineweb_short_line_ratio", ">", 0.67),
        ("fineweb_char_dup_ratio", ">", 0.01),
        ("fineweb_list_ratio", ">", 0.3),
    ],
    "none": [],
}
# Signals of a page every preset keeps (each well inside every threshold).
GOOD = {
    "lines": 20,
    "words": 400,
    "mean_word_length": 5.0,
    "alpha_word_fraction": 0.95,
    "hash_ratio": 0.0,
    "ellipsis_ratio": 0.0,
    "bullet_line_fraction": 0.0,
    "ellipsis_line_fraction": 0.0,
    "gopher_stop_words": 6,
    "c4_lorem_ipsum_lines": 0,
    "c4_curly_brace_lines": 0,
    "c4_sentences": 20,
    "fineweb_line_punct_ratio": 0.9,
    "fineweb_short_line_ratio": 0.1,
    "fineweb_char_dup_ratio": 0.0,
    "fineweb_list_ratio": 0.05,
    **{
        name: 0.0
        for name in (
            "dup_paragraph_fraction",
            "dup_paragraph_char_fraction",
            "dup_line_fraction",
            "dup_line_char_fraction",
            *(f"top_{n}_gram_char_fraction" for n in (2, 3, 4)),
            *(f"dup_{n}_gram_char_fraction" for n in range(5, 11)),
        )
    },
}


def test_presets_are_the_published_thresholds() -> None:
    assert set(PRESETS) == set(PUBLISHED)
    for name, rules in PUBLISHED.items():
        assert [(r.signal, r.op, r.threshold) for r in PRESETS[name].rules] == rules
        assert PRESETS[name].name == name


def test_the_command_line_offers_every_preset() -> None:
    assert set(FILTER_PRESETS) == set(PRESETS)


def test_a_good_page_passes_every_preset() -> None:
    for preset in PRESETS.values():
        assert failing(preset, GOOD) is None


def _past(rule: Rule) -> float:
    """A value just past the threshold (the smallest step for counts)."""
    step = 1 if isinstance(rule.threshold, int) else 1e-6
    return rule.threshold + step if rule.op == ">" else rule.threshold - step


CASES = [(p, r) for p in PRESETS.values() for r in p.rules]


@pytest.mark.parametrize("preset, rule", CASES, ids=lambda x: getattr(x, "name", None) or "")
def test_just_past_is_dropped_just_inside_kept(preset: Preset, rule: Rule) -> None:
    at = {**GOOD, rule.signal: rule.threshold}  # a threshold itself passes (strict tests)
    assert failing(preset, at) is None
    past = _past(rule)
    reason = failing(preset, {**GOOD, rule.signal: past})
    assert reason == f"{preset.name} {rule.signal}: {past:g} {rule.op} {rule.threshold:g}"


def test_the_first_failing_rule_is_the_reason() -> None:
    page = {**GOOD, "words": 10, "alpha_word_fraction": 0.1, "dup_line_fraction": 0.9}
    reason = failing(PRESETS["gopher"], page)
    assert reason is not None and reason.startswith("gopher dup_line_fraction:")
    assert failing(PRESETS["none"], page) is None


def _sentences(n: int) -> str:
    return "\n".join(f"This is line number {i} of the page, and it ends well." for i in range(n))


def test_pages_just_over_and_under_real_thresholds() -> None:
    """Text pages, not just signal values: C4's five sentences, Gopher's fifty words."""
    c4 = PRESETS["c4"]
    assert failing(c4, text_signals(_sentences(5)).as_dict()) is None
    assert failing(c4, text_signals(_sentences(4)).as_dict()) == "c4 c4_sentences: 4 < 5"
    gopher = PRESETS["gopher"]
    words = [f"w{i}ord" for i in range(48)]
    fifty = " ".join(["the", "of", *words])
    assert text_signals(fifty).words == 50
    assert failing(gopher, text_signals(fifty).as_dict()) is None
    forty_nine = " ".join(["the", "of", *words[:-1]])
    assert failing(gopher, text_signals(forty_nine).as_dict()) == "gopher words: 49 < 50"
    fineweb = PRESETS["fineweb"]
    listed = "\n".join(f"item {i}" for i in range(30))
    reason = failing(fineweb, text_signals(listed).as_dict())
    assert reason == "fineweb fineweb_line_punct_ratio: 0 < 0.12"
