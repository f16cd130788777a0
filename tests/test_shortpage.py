"""A page that is all prose keeps its prose (page/shortpage.py)."""

from __future__ import annotations

import numpy as np

import decruft
from decruft.page.shortpage import prose_fallback

PROSE = (
    "Swallows leave northern Europe in early autumn and fly south across the Sahara to "
    "spend the winter in southern Africa, where insects are plentiful."
)
# 36 kana and kanji, no spaces: 18 words at two characters a word
JAPANESE = "ツバメは秋の初めに北ヨーロッパを離れ、サハラ砂漠を越えて南アフリカで冬を過ごします。"


def _fallback(texts: list[str], dropped: list[bool], status: int | None = 200) -> list[bool]:
    spaces = np.array([t.count(" ") for t in texts], dtype=np.int64)
    by_rule = np.zeros(len(texts), dtype=bool)
    return prose_fallback(texts, spaces, by_rule, np.array(dropped), status).tolist()


def test_a_dropped_paragraph_comes_back_and_the_verdict_says_why() -> None:
    page = decruft.clean(PROSE)
    assert page.text == PROSE
    assert any("one block, which no rule removed" in reason for reason in page.verdict.reasons)


def test_a_page_of_one_line_keeps_it_unless_a_rule_removes_it() -> None:
    headline = "Kremlin announces possible Putin-Trump meeting"
    assert decruft.clean(headline).text == headline
    assert _fallback([headline], [True]) == [True]
    assert decruft.clean("Sorry!!").text == ""  # the error-page template
    assert _fallback([headline], [True], status=404) == [False]


def test_japanese_prose_counts_its_characters() -> None:
    assert _fallback([JAPANESE], [True]) == [True]


def test_menus_with_a_sentence_are_not_all_content() -> None:
    page = ["Home", "News", "Sport", "Weather", "Contact us", "About us"] * 3
    page.append("Sign up today to get our newsletter in your inbox.")
    assert _fallback(page, [True] * len(page)) == [False] * len(page)


def test_kept_prose_leaves_the_page_as_the_model_decided() -> None:
    assert _fallback([PROSE, PROSE + " Again."], [True, False]) == [False, False]


def test_an_error_status_with_nothing_kept_stays_for_the_status_to_decide() -> None:
    assert _fallback([PROSE], [True], status=404) == [False]


def test_rule_removals_never_come_back() -> None:
    spaces = np.array([PROSE.count(" ")], dtype=np.int64)
    back = prose_fallback([PROSE], spaces, np.array([True]), np.array([False]), None)
    assert back.tolist() == [False]


def test_a_page_with_an_error_notice_is_an_error_page_not_content() -> None:
    spaces = np.array([PROSE.count(" ")], dtype=np.int64)
    back = prose_fallback([PROSE], spaces, np.array([False]), np.array([True]), 200, notice=True)
    assert back.tolist() == [False]
