"""Golden cases: each tests/cases/*.json is one kind of debris (or the seed), as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import decruft

CASES = Path(__file__).parent / "cases"


def _cases() -> list[dict[str, object]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(CASES.glob("*.json"))]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: str(c["name"]))
def test_golden_case(case: dict) -> None:
    page = decruft.clean_record(case["input"])
    if "expect_text" in case:
        assert page.text.splitlines() == case["expect_text"]
    removed = {" ".join(page.body[r.start : r.end].split()): r.rule for r in page.removals}
    for text, rule in case.get("expect_removed", {}).items():
        assert removed.get(" ".join(text.split())) == rule, text
    assert page.verdict.kind.value == case["expect_verdict"]
    for field, value in case.get("expect_meta", {}).items():
        assert getattr(page.meta, field) == value, field


def test_seed_record() -> None:
    """The seed: headline + five unique paragraphs, article despite 403, MENAFN, every removal."""
    page = decruft.clean_record((CASES / "seed-menafn.txt").read_text("utf-8"), id="seed-menafn")
    lines = page.text.splitlines()
    assert lines[0] == "Kremlin announces possible Putin-Trump meeting"
    assert len(lines) == 6 and len(set(lines)) == 6
    assert lines[1].startswith("(MENAFN) A meeting between Russian President")
    assert page.verdict.kind == decruft.VerdictKind.ARTICLE
    assert page.http_status == 403 and page.crawl_date == "2025-05-07"
    assert page.meta.publisher == "MENAFN"
    assert page.meta.title == lines[0]
    rules = page.removed_by_rule()
    assert rules == {"error-template": 2, "repeat": 4, "disclaimer": 2, "comment-widget": 1}
    repeats = [r for r in page.removals if r.rule == "repeat"]
    assert [r.evidence for r in repeats] == [f"repeat of block {i}" for i in (4, 5, 6, 7)]
    assert any("http status 403" in reason for reason in page.verdict.reasons)


HTML_CASES = Path(__file__).parent / "cases_html"


def _html_cases() -> list[dict[str, object]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(HTML_CASES.glob("*.json"))]


@pytest.mark.parametrize("case", _html_cases(), ids=lambda c: str(c["name"]))
def test_golden_html_case(case: dict) -> None:
    """Golden HTML pages: what is kept, what must not be, the verdict and its reason."""
    page = decruft.clean_html(case["html"], http_status=case.get("status"))
    if "expect_text" in case:
        assert page.text.splitlines() == case["expect_text"]
    for text in case.get("expect_present", []):
        assert text in page.text.splitlines()
    for text in case.get("expect_absent", []):
        assert text not in page.text
    assert page.verdict.kind.value == case["expect_verdict"], page.verdict.reasons
    if "expect_reason" in case:
        assert any(case["expect_reason"] in r for r in page.verdict.reasons), page.verdict.reasons
