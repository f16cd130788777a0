"""Properties that hold for any input: nothing invented or reordered, spans exact, deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

import decruft
from decruft.model import Page

_LINE = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "Sorry!!",
            "Share",
            "Home",
            "CommentsNo comment",
            "The council approved the plan on Tuesday after a long debate about the budget.",
            "Officials said construction would begin next spring, pending final approval.",
            "© 2025 Example. All rights reserved.",
        ]
    ),
)
_PAGE = st.lists(_LINE, max_size=40).map("\n".join)
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def _check_page(text: str, page: Page) -> None:
    body_blocks = [" ".join(line.split()) for line in text.split("\n") if line.split()]
    out = page.text.splitlines() if page.text else []
    assert _is_subsequence(out, body_blocks)
    covered: list[int] = []
    for r in page.removals:
        assert 0 <= r.start < r.end <= len(page.body)
        span = [" ".join(line.split()) for line in page.body[r.start : r.end].split("\n")]
        assert [s for s in span if s] == [page.blocks[i].text for i in r.block_range]
        assert r.start == page.blocks[r.block].start
        assert r.end == page.blocks[r.block_range[-1]].end
        covered.extend(r.block_range)
    assert len(covered) == len(set(covered))  # no block removed twice
    assert [b.text for b in page.kept_blocks] == out


@given(_PAGE)
@_SETTINGS
def test_output_is_a_subsequence_of_input_blocks(text: str) -> None:
    _check_page(text, decruft.clean(text))


@given(st.lists(_PAGE, min_size=1, max_size=5))
@_SETTINGS
def test_same_input_same_output_alone_or_in_a_batch(texts: list[str]) -> None:
    records = [decruft.RawRecord(id=str(i), source="t", body=t) for i, t in enumerate(texts)]
    batch = list(decruft.clean_records(records))
    alone = [decruft.clean(t) for t in texts]
    assert [p.text for p in batch] == [p.text for p in alone]
    assert [p.removals for p in batch] == [p.removals for p in alone]
    again = list(decruft.clean_records(records))
    assert [p.to_dict() for p in again] == [p.to_dict() for p in batch]


@given(_PAGE)
@_SETTINGS
def test_cleaning_the_output_again_changes_nothing_rule_based(text: str) -> None:
    """Rule steps are idempotent: the clean text has no repeats or templates left."""
    cfg = decruft.Config(classifier=False)
    once = decruft.clean(text, cfg)
    twice = decruft.clean(once.text, cfg)
    assert twice.text == once.text
