"""Template rules: searching a rule's anchored and floating patterns apart finds what its
one alternation finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decruft.page.templates import _anchored_body, _rule, template_rules


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
        expected, got = rule.pattern.search(text), rule.search(text)
        assert (got is None) == (expected is None)
        assert got is None or expected is None or got.span() == expected.span()


def test_an_anchored_and_a_floating_pattern_matching_at_0_keep_the_rules_order() -> None:
    rule = _rule("r", "r", 100, ["ab+", "^a"])  # the floating pattern comes first
    match = rule.search("abbb")
    assert match is not None and match.group(0) == "abbb"
    rule = _rule("r", "r", 100, ["^a", "ab+"])
    match = rule.search("abbb")
    assert match is not None and match.group(0) == "a"
