"""The signals agree with their plain-Python statement (``signals_reference``): on the
hand-written cases of tests/cases_signals (whose expected values were worked out by hand),
on dev pages of the benchmark (when it is there), and on generated hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from signals_reference import find_all_duplicate, find_top_duplicate, reference

from decruft.config import Config
from decruft.io.readers import parse_record
from decruft.pipeline import clean_batch
from decruft.resources import stopwords
from decruft.signals import SIGNAL_NAMES, Signals, text_signals
from decruft.signals._ngrams import _ngram_chars
from decruft.signals.text import string_hash

CASES = sorted((Path(__file__).resolve().parents[1] / "cases_signals").glob("*.json"))
# The dev benchmark beside the repository (../shared/bench/dev), when it is there.
DEV = Path(__file__).resolve().parents[3] / "shared" / "bench" / "dev"
DEV_RECORDS = sorted(p for p in DEV.glob("*.txt") if not p.name.endswith(".truth.txt"))
# Dev records compared (every 12th: ~60 of 723, ~0.2 s of cleaning).
DEV_STEP = 12

# Characters that exercise the edges: Unicode spaces and line breaks, sentence ends and
# closers, bullets, hyphens and dashes, C4's phrases and brackets, citations, astral
# letters and terminals, a combining mark, a word over C4's 1,000 characters.
PIECES = [
    *"ab cAB.,!?-–—•…#{}[]1()\"'”’\n\n \t",
    "...",
    "[1]",
    "[edit]",
    "javascript",
    "Lorem Ipsum",
    "privacy policy",
    "uses cookies",
    "the ",
    "The",
    "of",
    "\u212a",
    "İ",
    "𝐀",
    "😀",
    "\U00011a42",
    "\u2028",
    "\r",
    "\xa0",
    "x" * 1001,
    "。",
    "«",
    "»",
    "\u0301",
]


def _check(text: str) -> Signals:
    found = text_signals(text)
    got = found.as_dict()
    lists = stopwords()
    want = reference(text, lists.get(found.language) if found.language else None)
    assert {k: got[k] for k in want} == want
    return found


def test_every_signal_is_in_the_record_in_order() -> None:
    found = text_signals("A line.")
    assert tuple(found.as_dict()) == SIGNAL_NAMES
    assert set(reference("A line.", None)) <= set(SIGNAL_NAMES)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_hand_written_cases(path: Path) -> None:
    case = json.loads(path.read_text("utf-8"))
    got = _check(case["text"]).as_dict()
    assert {k: got[k] for k in case["expected"]} == case["expected"]


def test_cases_are_there() -> None:
    assert len(CASES) >= 6


@pytest.mark.skipif(not DEV_RECORDS, reason="the dev benchmark is not beside the repository")
def test_dev_pages_cleaned_and_raw() -> None:
    records = [
        parse_record(p.read_text("utf-8"), record_id=p.stem) for p in DEV_RECORDS[::DEV_STEP]
    ]
    for page in clean_batch(records, Config()):
        _check(page.text)
    for record in records:  # the crawl's text, before cleaning: menus and repeats
        _check(record.body)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_generated_text(text: str) -> None:
    _check(text)


VOCABULARY = ["a", "b", "cc", "the", "of.", "x,"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=120))
def test_ngram_kernel_on_repetitive_words(words: list[str]) -> None:
    """Few distinct words: n-grams repeat in every pattern the greedy walk can meet."""
    hashes = [string_hash(w) for w in words]
    got = _ngram_chars(
        np.array(hashes, dtype=np.uint64),
        np.array([len(w) for w in words], dtype=np.int64),
        (2, 3, 4),
        (5, 6, 7, 8, 9, 10),
    )
    for n in (2, 3, 4):
        grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        assert got[n] == (find_top_duplicate(grams) if grams else 0)
    for n in range(5, 11):
        assert got[n] == find_all_duplicate(words, n)
