"""Template rules: searching a rule's anchored and floating patterns apart finds what its
one alternation finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from decruft.page.templates import (
    TemplateRule,
    _anchored_body,
    _has_capitals,
    find_templates,
    template_rules,
)
from decruft.page.textarrays import page_arrays
from decruft.segment import segment_text


@pytest.mark.parametrize(
    ("pattern", "body"),
    [
        ("^(?:a|b)c$", "(?:a|b)c$"),
        ("^a|b", None),  # the ^ anchors only the first branch
        ("x^", None),
        (r"^\|x", r"\|x"),
        (r"^\|x|y", None),
        ("^[|]x", "[|]x"),
        ("^[]|]x|y", None),  # "]" first in brackets is a literal: the "|" after is top level
        ("^[^]|]x", "[^]|]x"),
        (r"^[\]|]|z", None),
    ],
)
def test_anchored_patterns_are_those_whose_caret_covers_them(
    pattern: str, body: str | None
) -> None:
    assert _anchored_body(pattern) == body


def _words() -> list[str]:
    """Words and symbols of the shipped rules' patterns, to build texts that nearly match."""
    words: set[str] = set()
    for rule in template_rules().rules:
        words.update(re.findall(r"[a-z]+|\d+|[©:.!|]", rule.pattern.pattern))
    return sorted(words)


_TEXTS = st.lists(st.sampled_from([*_words(), "Sorry", "404", "COOKIES", "x"]), max_size=12)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from([" ", "  ", ", "]))
def test_rule_search_is_the_alternations_search(words: list[str], sep: str) -> None:
    text = sep.join(words)
    for rule in template_rules().rules:
        expected = rule.pattern.search(text)  # the patterns as one alternation, ignoring case
        assert rule.search(text) == (expected.span() if expected is not None else None)


def test_an_anchored_and_a_floating_pattern_matching_at_0_keep_the_rules_order() -> None:
    rule = TemplateRule("r", "r", 100, ("ab+", "^a"))  # the floating pattern comes first
    assert rule.search("abbb") == (0, 4)
    rule = TemplateRule("r", "r", 100, ("^a", "ab+"))
    assert rule.search("abbb") == (0, 1)


def test_rules_search_the_lowercase_and_report_spans_of_the_text() -> None:
    rule = TemplateRule("r", "r", 100, ("accept all cookies",))
    assert rule.search("Please ACCEPT ALL Cookies now") == (7, 25)
    # a letter whose lowercase is two characters: the text itself is searched, ignoring case
    text = "İstanbul: Accept all cookies"
    assert len(text.lower()) != len(text)
    assert rule.search(text) == (10, 28)


def test_the_shipped_patterns_are_lowercase_but_for_their_escapes() -> None:
    assert not any(_has_capitals(p) for rule in template_rules().rules for p in rule.patterns)
    assert _has_capitals("Cookies") and not _has_capitals(r"\bcookies\W")


LANGUAGE_CASES = Path(__file__).parent / "cases_templates" / "languages.json"


def _language_cases() -> list[dict[str, object]]:
    cases: list[dict[str, object]] = json.loads(LANGUAGE_CASES.read_text("utf-8"))["cases"]
    return cases


def _rules_of(lines: list[str]) -> list[str | None]:
    """The rule that removes each line when the lines are a page's blocks (None: none)."""
    blocks = segment_text("\n".join(lines))
    arrays = page_arrays([b.text for b in blocks])
    found = {r.block: r.rule for r in find_templates(blocks, arrays, set())}
    return [found.get(i) for i in range(len(blocks))]


@pytest.mark.parametrize("case", _language_cases(), ids=lambda c: str(c["lang"]))
def test_template_rules_speak_the_languages_of_the_web(case: dict) -> None:
    removed: dict[str, str] = case["removed"]
    kept: list[str] = case["kept"]
    lines = [*removed, *kept]
    expected = [*removed.values(), *([None] * len(kept))]
    assert dict(zip(lines, _rules_of(lines), strict=True)) == dict(
        zip(lines, expected, strict=True)
    )


def test_a_rule_takes_blocks_up_to_its_length_and_no_longer() -> None:
    """A line a rule's pattern matches, at the rule's limit and one character past it."""
    rules = {r.id: r for r in template_rules().rules}
    for rule, tail in (
        (rules["cookie"], " we use cookies"),
        (rules["disclaimer"], " all rights reserved"),
    ):
        at_limit = "x" * (rule.max_chars - len(tail)) + tail
        assert _rules_of([at_limit, "x" + at_limit]) == [rule.id, None]
    table, bit = template_rules().fitting, 1 << list(rules).index("cookie")
    assert int(table[rules["cookie"].max_chars]) & bit
    assert not int(table[rules["cookie"].max_chars + 1]) & bit
    assert int(table[-1]) == 0  # longer than every rule takes
