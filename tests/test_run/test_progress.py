"""The progress line: what it says, and that it draws nothing when off."""

from __future__ import annotations

import io

from decruft.run.progress import BAR_MAX_CHARS, ProgressBar, progress_line


def test_the_line_says_pages_rate_eta_and_counts() -> None:
    line = progress_line(250, 1000, 50.0, 240, 10, width=120)
    assert "250/1,000" in line and "0:00:15 left" in line and "50 pages/s" in line
    assert "kept 240  rejected 10" in line
    bar = line.split("  ")[1]
    assert len(bar) == BAR_MAX_CHARS and bar.count("━") == BAR_MAX_CHARS // 4
    assert "left" not in progress_line(1000, 1000, 50.0, 1000, 0, width=120)
    assert progress_line(7, None, None, 7, 0, width=80) == (
        "decruft  7 pages  … pages/s  kept 7  rejected 0"
    )


def test_a_bar_redraws_in_place_and_ends_its_line() -> None:
    out = io.StringIO()
    with ProgressBar(10, 0, enabled=True, stream=out) as bar:
        bar.advance(4, 3, 1)
        bar.advance(6, 6, 0)
    text = out.getvalue()
    assert text.startswith("\r") and text.endswith("\n") and "\n" not in text[:-1]
    assert "10/10" in text.rsplit("\r", 1)[1] and "kept 9  rejected 1" in text
    assert (bar.done, bar.kept, bar.rejected) == (10, 9, 1)


def test_a_disabled_bar_counts_and_draws_nothing() -> None:
    out = io.StringIO()
    with ProgressBar(None, 5, enabled=False, stream=out) as bar:
        bar.advance(2, 2, 0)
    assert out.getvalue() == "" and bar.done == 7
