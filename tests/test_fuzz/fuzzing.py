"""Hypothesis budgets and shared checks of the fuzz suite.

``make test`` runs a modest budget per test; ``HYPOTHESIS_PROFILE=fuzz`` (``make fuzz``)
multiplies it for a long run (with ``--hypothesis-show-statistics`` for the counts)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from decruft.io.writers import page_line
from decruft.model import Page

# The long run (make fuzz) tries this many times the quick budget of every test.
FUZZ_MULTIPLIER = 70
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "")


def budget(examples: int) -> settings:
    """``examples`` inputs per test in ``make test``, many more under the fuzz profile; no
    deadline (a shared 2-core machine makes times noisy) and no example database in CI."""
    long_run = PROFILE == "fuzz"
    return settings(
        max_examples=examples * (FUZZ_MULTIPLIER if long_run else 1),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def check_page(page: Page) -> None:
    """A page is consistent: blocks lie in the body in order and say what it holds there,
    the kept text is a subsequence of the blocks, removals cover removed blocks only, and
    the page can be written as a line of pages.jsonl."""
    body = page.body
    last_end = 0
    for i, b in enumerate(page.blocks):
        assert b.index == i
        assert last_end <= b.start < b.end <= len(body)
        assert b.text == " ".join(body[b.start : b.end].split())
        last_end = b.end
    kept = page.text.split("\n") if page.text else []
    assert is_subsequence(kept, [b.text for b in page.blocks])
    removed = {i for r in page.removals for i in r.block_range}
    assert all(not page.kept_mask[i] for i in removed)
    page_line(page).encode("utf-8")
