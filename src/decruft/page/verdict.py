"""The page verdict: article, error page, paywall, consent wall, empty or not-an-article —
with reasons.

The HTTP status is a prior, not the verdict: a 403 page whose text holds a full article is an
article (its error template is removed and recorded); a 200 page whose only content is an
error template is an error page (a soft 404). A page that shows a teaser and a
subscribers-only notice is a paywall; one that shows a cookie/consent notice and next to
nothing else is a consent wall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.model import Block, Removal, Verdict, VerdictKind, block_text, removal_rule
from decruft.page.pagetype import PageTypeGuess

# An article keeps at least this many words ...
ARTICLE_MIN_WORDS = 60
# ... of which at least this many in sentence-like blocks (prose, not a list of links).
ARTICLE_MIN_PROSE_WORDS = 40
# A block of prose has at least this many words.
PROSE_BLOCK_MIN_WORDS = 8
# Below this many kept words, a page with an error template is an error page.
ERROR_PAGE_MAX_WORDS = 60
# An HTTP status from here on is an error status.
ERROR_STATUS_MIN = 400
# A paywall notice with fewer kept words than this is a paywall: a teaser of a few
# paragraphs, not the article (full articles with a "subscribe" aside run longer).
PAYWALL_MAX_WORDS = 250
# A consent notice with fewer kept words than this is a consent wall: nothing else to read ...
CONSENT_WALL_MAX_WORDS = ARTICLE_MIN_WORDS
# ... when the notice is at least this share of the page's words (a page of menus whose
# content the cleaner dropped is not a consent wall because a cookie line sits at the foot).
CONSENT_WALL_MIN_SHARE = 0.25
# Below this page-type probability of "article", a page with enough text that the page-type
# model takes for another type (its likeliest) is not an article. When "article" is still
# the likeliest type, it is one: a spread over six types leaves the winner below one half.
ARTICLE_MIN_PROBABILITY = 0.5


class KeptBack(NamedTuple):
    """Blocks the model dropped that the page keeps, by why: ``prose`` (page/shortpage.py),
    ``main_content`` with the share of the main content the model kept, the share of what
    it kept inside the main content, and whether the two agreed about the region
    (page/main_content.py), ``units`` (page/units.py)."""

    prose: int = 0
    main_content: int = 0
    main_share: float = 1.0
    units: int = 0
    main_inside: float = 1.0
    main_agreed: bool = False


KEPT_BACK_NONE = KeptBack()


def decide(
    blocks: Sequence[Block],
    kept: Sequence[bool] | npt.NDArray[np.bool_],
    removals: Sequence[Removal],
    status: int | None,
    page_type: PageTypeGuess | None = None,
    spaces: npt.NDArray[np.int64] | None = None,
    back: KeptBack = KEPT_BACK_NONE,
) -> Verdict:
    """The page's verdict; ``kept``: a flag per block (a list, or the cascade's numpy mask);
    ``spaces``: each block's count of spaces, when the caller has it (the page's arrays
    count them: no pass over the kept texts here); ``back``: the blocks kept although the
    model dropped them, by why (each named among the reasons)."""
    if len(kept) != len(blocks):
        raise ValueError(f"{len(kept)} kept flags for {len(blocks)} blocks")
    if spaces is None:
        counts = _word_counts(compress(blocks, kept))
        kept_blocks, words = len(counts), sum(counts)
        prose = sum(n for n in counts if n >= PROSE_BLOCK_MIN_WORDS)
    else:
        per_block = spaces[np.asarray(kept, dtype=np.bool_)] + 1  # _words of each kept block
        kept_blocks, words = len(per_block), int(per_block.sum())
        prose = int(per_block[per_block >= PROSE_BLOCK_MIN_WORDS].sum())
    by_rule = Counter(map(removal_rule, removals))  # one pass, counted in C
    error_templates, paywall = by_rule["error-template"], by_rule["paywall"]
    consent = [r for r in removals if r.rule == "cookie"] if by_rule["cookie"] else []
    reasons: list[str] = []
    status_note = (
        f"http status {status} (a prior only)"
        if status is not None and status >= ERROR_STATUS_MIN
        else None
    )
    kind = page_type.kind if page_type is not None else None
    if not blocks:
        return Verdict(VerdictKind.EMPTY, ("no text in the body",), kind)
    if error_templates and words < ERROR_PAGE_MAX_WORDS:
        reasons.append(f"error-page template ({error_templates} blocks) and {words} words left")
        if status_note:
            reasons.append(status_note)
        if status is not None and status < ERROR_STATUS_MIN:
            reasons.append(f"soft 404: http status {status}")
        return Verdict(VerdictKind.ERROR_PAGE, tuple(reasons), kind)
    if paywall and words < PAYWALL_MAX_WORDS:
        reasons.append(f"paywall notice ({paywall} blocks) and only {words} words of text")
        return Verdict(VerdictKind.PAYWALL, tuple(reasons), kind)
    if consent and words < CONSENT_WALL_MAX_WORDS:
        notice = sum(_words(blocks[i].text) for r in consent for i in r.block_range)
        share = notice / max(sum(_words(b.text) for b in blocks), 1)
        if share >= CONSENT_WALL_MIN_SHARE:
            reasons.append(
                f"cookie/consent notice ({len(consent)} blocks, {share:.0%} of the page's "
                f"words) and only {words} words left"
            )
            return Verdict(VerdictKind.CONSENT_WALL, tuple(reasons), kind)
    if words == 0:
        reasons.append(f"all {len(blocks)} blocks removed")
        if status_note:
            # nothing worth keeping, and the server said error: the prior decides
            reasons.append(f"{status_note}, and no content to overrule it")
            return Verdict(VerdictKind.ERROR_PAGE, tuple(reasons), kind)
        return Verdict(VerdictKind.EMPTY, tuple(reasons), kind)
    if back.prose and len(blocks) == 1:
        reasons.append("the page is one block, which no rule removed: it is kept")
    elif back.prose:
        reasons.append(
            f"the model kept no prose; the page is mostly prose, so its {back.prose} prose "
            "blocks are kept"
        )
    if back.main_content and back.main_agreed:
        reasons.append(
            f"{back.main_content} blocks the model was unsure of kept with the page's main "
            f"content: {back.main_inside:.0%} of what the model kept lies in what the "
            "main-content rules call content"
        )
    elif back.main_content:
        reasons.append(
            f"{back.main_content} blocks the model dropped kept as the page's main content: "
            f"the model kept {back.main_share:.0%} of what the main-content rules call "
            "content"
        )
    if back.units:
        reasons.append(
            f"{back.units} blocks the model dropped kept with their list, table or code block, "
            "most of which it kept"
        )
    looks_other = (
        page_type is not None
        and page_type.kind != "article"
        and page_type.article_probability < ARTICLE_MIN_PROBABILITY
    )
    if words >= ARTICLE_MIN_WORDS and prose >= ARTICLE_MIN_PROSE_WORDS and not looks_other:
        reasons.append(f"{kept_blocks} blocks kept, {words} words, {prose} in prose")
        if page_type is not None:
            reasons.append(f"page-type model: article p={page_type.article_probability:.2f}")
        if error_templates:
            reasons.append(f"error-page template removed ({error_templates} blocks)")
        if status_note:
            reasons.append(f"{status_note}, overridden by the article text")
        return Verdict(VerdictKind.ARTICLE, tuple(reasons), kind)
    if looks_other and page_type is not None:
        reasons.append(
            f"page-type model: looks like {_a(page_type.kind)} page (p={page_type.probability:.2f};"
            f" article p={page_type.article_probability:.2f})"
        )
    else:
        reasons.append(f"only {words} words kept, {prose} in prose")
    if status_note:
        reasons.append(status_note)
    return Verdict(VerdictKind.NOT_ARTICLE, tuple(reasons), kind)


def _words(text: str) -> int:
    """Words of a block (block texts are whitespace-normalized: words = spaces + 1)."""
    return text.count(" ") + 1


def _word_counts(blocks: Iterable[Block]) -> list[int]:
    """``_words`` of every block, counted from C (a page has hundreds of blocks)."""
    return [n + 1 for n in map(str.count, map(block_text, blocks), repeat(" "))]


def _a(word: str) -> str:
    """``word`` after its indefinite article: "a forum", "an article"."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
