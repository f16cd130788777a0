"""The main-content rules as a safety net under the model (``Config.main_content``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from decruft.config import Config
from decruft.model import RawRecord
from decruft.page.classifier import BlockScorer, shipped_html_scorer
from decruft.page.main_content import (
    MAIN_AGREED_INSIDE,
    MAIN_AGREED_MIN_CHARS,
    MAIN_AGREED_MIN_SCORE,
    MAIN_KEPT_SHARE,
    MAIN_MIN_SCORE,
    main_content_back,
)
from decruft.pipeline import clean_batch

PROSE = "A sentence of the article that carries its story forward, one of several. " * 3
PAGE = (
    "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<article><h1>The story of the day</h1>"
    + "".join(f"<p>{PROSE}Paragraph {k}.</p>" for k in range(4))
    + "</article><footer><p>Copyright the publisher, all rights reserved.</p></footer>"
    "</body></html>"
)


def _back(
    scores: list[float],
    main: list[bool],
    repeated: list[bool] | None = None,
    lengths: list[int] | None = None,
) -> list[int]:
    n = len(scores)
    found = main_content_back(
        np.array(scores),
        np.array(main),
        np.array(lengths if lengths is not None else [100] * n, dtype=np.int64),
        np.array(repeated if repeated is not None else [False] * n),
        0.5,
    )
    if found.agreed:
        assert found.share >= MAIN_KEPT_SHARE and found.inside >= MAIN_AGREED_INSIDE
    return np.flatnonzero(found.blocks).tolist()


def test_the_rules_content_comes_back_when_the_model_kept_too_little_of_it() -> None:
    assert _back([0.9, 0.3, 0.2, 0.1], [True] * 4) == [1, 2, 3]  # 25% kept
    assert _back([0.9, 0.3, 0.2, 0.01], [True] * 4) == [1, 2]  # below MAIN_MIN_SCORE: no
    assert _back([0.9, 0.9, 0.9, 0.2], [True] * 4) == []  # 75% kept, a sure drop stays
    assert _back([0.1, 0.1, 0.9], [False, False, True]) == []  # outside the main content
    assert _back([0.9, 0.3, 0.3], [True] * 3, [False, True, False]) == [2]  # copies stay
    assert _back([0.1, 0.1], [False, False]) == []  # the rules found no main content
    assert 0 < MAIN_MIN_SCORE < 0.5 < MAIN_KEPT_SHARE < 1


def test_an_agreed_region_keeps_the_blocks_the_model_was_unsure_of() -> None:
    # 75% of the rules' content kept, all of it inside: the unsure block comes back ...
    assert _back([0.9, 0.9, 0.9, 0.3], [True] * 4) == [3]
    assert _back([0.9, 0.9, 0.9, 0.3, 0.1], [True] * 4 + [False]) == [3]
    # ... not when the model keeps much outside the rules' content (here a fifth) ...
    assert _back([0.9, 0.9, 0.9, 0.3, 0.9], [True] * 4 + [False]) == []
    # ... nor a near-certain drop, a copy, or a check mark
    assert _back([0.9, 0.9, 0.9, 0.3], [True] * 4, [False, False, False, True]) == []
    assert _back([0.9, 0.9, 0.9, 0.3], [True] * 4, lengths=[100, 100, 100, 1]) == []
    assert 0 < MAIN_AGREED_MIN_SCORE < 0.5 < MAIN_AGREED_INSIDE <= 1 and MAIN_AGREED_MIN_CHARS > 1


@dataclass(frozen=True)
class LowScores(BlockScorer):
    """The shipped HTML model's parts, sure of the first paragraph only (0.9) and unsure
    (0.3) of every other block: it keeps a fifth of the article."""

    def score(
        self, features: Sequence[object], lengths: Sequence[object], *args: object, **kwargs: object
    ) -> list:  # type: ignore[override]
        out = []
        for page_lengths in lengths:
            scores = np.full(len(page_lengths), 0.3)  # type: ignore[arg-type]
            scores[int(np.argmax(np.asarray(page_lengths) > 100))] = 0.9
            out.append(scores)
        return out


def _clean(main_content: bool) -> tuple[str, tuple[str, ...]]:
    model = shipped_html_scorer()
    assert model is not None
    low = LowScores(model.stage1, model.stage2, model.lexicon, model.class_lexicon)
    record = RawRecord("p", "p", "", url="https://news.example/story", html=PAGE)
    config = Config().with_(main_content=main_content)
    (page,) = clean_batch([record], config, html_scorer=low)
    return page.text, page.verdict.reasons


def test_an_unsure_model_keeps_the_article_the_rules_find() -> None:
    text, reasons = _clean(main_content=True)
    assert text.count("Paragraph") == 4 and "Home" not in text and "Copyright" not in text
    assert any("kept as the page's main content" in r and "kept 24%" in r for r in reasons)
    text, reasons = _clean(main_content=False)
    assert text.count("Paragraph") == 1
    assert not any("main content" in r for r in reasons)


@dataclass(frozen=True)
class UnsureOfOne(BlockScorer):
    """Sure of every paragraph but the last (0.3), sure every other block is boilerplate."""

    def score(
        self, features: Sequence[object], lengths: Sequence[object], *args: object, **kwargs: object
    ) -> list:  # type: ignore[override]
        out = []
        for page_lengths in lengths:
            long = np.asarray(page_lengths) > 100
            scores = np.where(long, 0.9, 0.01)
            scores[np.flatnonzero(long)[-1]] = 0.3
            out.append(scores)
        return out


def test_the_model_and_the_rules_agreeing_on_the_region_keep_all_of_it() -> None:
    model = shipped_html_scorer()
    assert model is not None
    unsure = UnsureOfOne(model.stage1, model.stage2, model.lexicon, model.class_lexicon)
    record = RawRecord("p", "p", "", url="https://news.example/story", html=PAGE)
    (page,) = clean_batch([record], Config(), html_scorer=unsure)
    assert page.text.count("Paragraph") == 4 and "Copyright" not in page.text
    agreed = "unsure of kept with the page's main content: 100%"
    assert any(agreed in r for r in page.verdict.reasons)
    (page,) = clean_batch([record], Config().with_(main_content=False), html_scorer=unsure)
    assert page.text.count("Paragraph") == 3
