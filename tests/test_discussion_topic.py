"""The discussion features (where a comment section is) and the topic features (how a block
shares the words of what stage 1 keeps), against plain statements of what they compute."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from decruft.page import textarrays as ta
from decruft.page.classifier import (
    DISCUSSION_STAGE2_FEATURES,
    STACK_FEATURES,
    BlockScorer,
    shipped_html_scorer,
    shipped_scorer,
    stage2_features,
)
from decruft.page.discussion import DISCUSSION_NAMES, NO_FLAG_DISTANCE, discussion_features
from decruft.page.layout import LayoutError
from decruft.page.topic import NO_WORDS, TOPIC_NAMES, topic_features
from decruft.resources import all_stopwords

COMMENTS = [
    "Kremlin announces possible Putin-Trump meeting",  # 0 the article
    "A meeting between Russian President Vladimir Putin and Donald Trump may happen soon.",
    "Putin said the meeting could take place in Riyadh, the Kremlin announced.",
    "12 Comments",  # 3 header
    "Gary M on September 17, 2018 at 8:50 pm said:",  # 4 signature
    "I do not think this meeting will ever happen, to be honest with you all.",
    "Reply",  # 6 action
    "posted 3 hours ago",  # 7 signature
    "Putin and Trump have met before and nothing came of it then either.",
    "Leave a Reply",  # 9 header
]


def _column(rows: np.ndarray, name: str, names: tuple[str, ...]) -> list[float]:
    return [float(x) for x in rows[:, names.index(name)]]


def test_discussion_flags_signatures_actions_and_headers() -> None:
    rows = discussion_features(ta.page_arrays(COMMENTS))
    assert rows.shape == (len(COMMENTS), len(DISCUSSION_NAMES))
    signature = _column(rows, "discussion_signature", DISCUSSION_NAMES)
    header = _column(rows, "discussion_header", DISCUSSION_NAMES)
    assert [i for i, s in enumerate(signature) if s] == [4, 6, 7]
    assert [i for i, h in enumerate(header) if h] == [3, 9]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Posted at 10:45", True),
        ("The vote is at 10:456 today", False),  # not a time of day
        ("ratio 3a10:45", False),  # inside a word
        ("That is what matters most, he said.", False),  # a news quote, not a byline
        ("John says", True),
        ("Like", True),
        ("Like most people I was surprised", False),  # a sentence, not a button
    ],
)
def test_what_counts_as_a_comment_signature(text: str, flagged: bool) -> None:
    rows = discussion_features(ta.page_arrays([text]))
    assert bool(rows[0, DISCUSSION_NAMES.index("discussion_signature")]) is flagged


def test_discussion_counts_flags_above_and_below_and_the_distance() -> None:
    rows = discussion_features(ta.page_arrays(COMMENTS))
    flags = [i for i in range(len(COMMENTS)) if rows[i, 0] or rows[i, 1]]
    sig = rows[:, 0]
    for b in range(len(COMMENTS)):
        above = _column(rows, "discussion_signatures_above", DISCUSSION_NAMES)[b]
        below = _column(rows, "discussion_signatures_below", DISCUSSION_NAMES)[b]
        assert above == pytest.approx(np.log1p(sig[:b].sum()))
        assert below == pytest.approx(np.log1p(sig[b + 1 :].sum()))
        before = [f for f in flags if f < b]
        distance = np.log1p(b - before[-1]) if before else NO_FLAG_DISTANCE
        assert _column(rows, "discussion_log_distance", DISCUSSION_NAMES)[b] == pytest.approx(
            distance
        )


def _content_words(text: str) -> set[str]:
    stop = all_stopwords()
    words = {w.casefold() for w in re.findall(r"\w+", text)}
    return {w for w in words if len(w) >= 3 and w not in stop}


def test_topic_features_match_their_definition() -> None:
    scores = np.linspace(0.9, 0.1, len(COMMENTS))
    rows = topic_features(ta.page_arrays(COMMENTS), scores)
    assert rows.shape == (len(COMMENTS), len(TOPIC_NAMES))
    words = [_content_words(t) for t in COMMENTS]
    for b, own in enumerate(words):
        if not own:
            assert rows[b, 0] == NO_WORDS
            continue
        mass = {
            w: sum(scores[j] for j in range(len(words)) if j != b and w in words[j]) for w in own
        }
        share = np.mean([m / (scores.sum() - scores[b]) for m in mass.values()])
        assert rows[b, TOPIC_NAMES.index("topic_mass_share")] == pytest.approx(share, rel=1e-5)
        shared = np.mean([m >= 0.5 for m in mass.values()])
        assert rows[b, TOPIC_NAMES.index("topic_shared_words")] == pytest.approx(shared)
        assert rows[b, TOPIC_NAMES.index("topic_log_content_words")] == pytest.approx(
            np.log1p(len(own))
        )


def test_an_on_topic_paragraph_shares_more_than_a_teaser() -> None:
    texts = [
        "Kremlin announces possible Putin-Trump meeting",
        "The Kremlin said a Putin-Trump meeting is possible this spring.",
        "Best credit cards for travellers this year",
        "Trump welcomed the Kremlin's meeting offer on Tuesday.",
    ]
    rows = topic_features(ta.page_arrays(texts), np.array([0.6, 0.9, 0.5, 0.9]))
    shared = rows[:, TOPIC_NAMES.index("topic_shared_words")]
    assert shared[1] > shared[2] and shared[3] > shared[2]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=12))
def test_both_are_finite_and_shaped_on_any_page(texts: list[str]) -> None:
    pa = ta.page_arrays(texts)
    d = discussion_features(pa)
    t = topic_features(pa, np.full(len(texts), 0.5))
    assert d.shape == (len(texts), len(DISCUSSION_NAMES)) and np.isfinite(d).all()
    assert t.shape == (len(texts), len(TOPIC_NAMES)) and np.isfinite(t).all()


def test_a_discussion_model_stage2_reads_the_discussion_and_topic_columns() -> None:
    pa = ta.page_arrays(COMMENTS)
    p1 = np.full(len(COMMENTS), 0.5)
    lengths = pa.lengths
    disc = discussion_features(pa)
    rows = stage2_features(p1, lengths, False, None, disc, pa)
    assert rows.shape[1] == DISCUSSION_STAGE2_FEATURES
    assert np.array_equal(rows[:, STACK_FEATURES : STACK_FEATURES + len(DISCUSSION_NAMES)], disc)
    # every cell is written (the text model's stage-2 matrix is not zeroed first)
    out = np.full((DISCUSSION_STAGE2_FEATURES, len(COMMENTS)), np.nan, dtype=np.float32).T
    assert np.array_equal(stage2_features(p1, lengths, False, None, disc, pa, out), rows)
    with pytest.raises(ValueError, match="arrays"):
        stage2_features(p1, lengths, False, None, disc, None)


def test_the_text_model_reads_them_and_needs_the_pages_arrays() -> None:
    model = shipped_scorer()
    assert model.discussion
    rows = [np.zeros((2, model.stage1.n_features), np.float32)]
    with pytest.raises(ValueError, match="arrays"):
        model.score(rows, [np.ones(2, np.int64)])


def test_which_models_read_them_is_read_off_their_stage2() -> None:
    model, html = shipped_scorer(), shipped_html_scorer()
    assert html is not None and not html.discussion and html.containers
    assert model.stage2.n_features == DISCUSSION_STAGE2_FEATURES and not model.containers
    mixed = BlockScorer(model.stage1, html.stage2, model.lexicon, None)
    with pytest.raises(LayoutError, match="stage 2"):
        _ = mixed.discussion


_TOPIC_WORDS = st.sampled_from(["rates", "bank", "the", "and", "of", "x9", "Rates", "stocks", "é"])


@given(st.lists(st.lists(_TOPIC_WORDS, max_size=12).map(" ".join), min_size=1, max_size=10))
@settings(max_examples=100, deadline=None)
def test_topic_features_match_their_definition_on_any_page(texts: list[str]) -> None:
    """Blocks with and without content words, words repeated in a block and across blocks:
    every column as its definition gives it."""
    # sixteenths: every sum of them exact, so the kernel's mass (all blocks' less the
    # block's own) and the definition's (the other blocks') agree at the 0.5 threshold
    scores = ((np.arange(len(texts)) * 5) % 16 + 1) / 16
    rows = topic_features(ta.page_arrays(texts), scores)
    words = [_content_words(t) for t in texts]
    for b, own in enumerate(words):
        assert rows[b, TOPIC_NAMES.index("topic_log_content_words")] == pytest.approx(
            np.log1p(len(own))
        )
        if not own:
            assert rows[b, :4].tolist() == [NO_WORDS] * 4
            continue
        mass = {w: sum(scores[j] for j, ws in enumerate(words) if j != b and w in ws) for w in own}
        rest = max(scores.sum() - scores[b], 1e-6)
        expected = {
            "topic_mass_share": np.mean([m / rest for m in mass.values()]),
            "topic_shared_words": np.mean([m >= 0.5 for m in mass.values()]),
            "topic_recurring_words": np.mean(
                [any(w in ws for ws in words[:b] + words[b + 1 :]) for w in own]
            ),
            "topic_capped_mass": np.mean([min(m, 3.0) for m in mass.values()]),
        }
        for name, value in expected.items():
            assert rows[b, TOPIC_NAMES.index(name)] == pytest.approx(value, rel=1e-5, abs=1e-6)
