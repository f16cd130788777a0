"""The page verdict: article, error page, empty or not-an-article — with reasons.

The HTTP status is a prior, not the verdict: a 403 page whose text holds a full article is an
article (its error template is removed and recorded); a 200 page whose only content is an
error template is an error page.
"""

from __future__ import annotations

from collections.abc import Sequence

from decruft.model import Block, Removal, Verdict, VerdictKind
from decruft.page.pagetype import PageTypeGuess

# An article keeps at least this many words ...
ARTICLE_MIN_WORDS = 60
# ... of which at least this many in sentence-like blocks (prose, not a list of links).
ARTICLE_MIN_PROSE_WORDS = 40
# A block of prose has at least this many words.
PROSE_BLOCK_MIN_WORDS = 8
# Below this many kept words, a page with an error template is an error page.
ERROR_PAGE_MAX_WORDS = 60
_ERROR_STATUS_MIN = 400
# Below this page-type probability of "article", a page with enough text is not an article.
ARTICLE_MIN_PROBABILITY = 0.5


def decide(
    blocks: Sequence[Block],
    kept: Sequence[bool],
    removals: Sequence[Removal],
    status: int | None,
    page_type: PageTypeGuess | None = None,
) -> Verdict:
    kept_blocks = [b for b, k in zip(blocks, kept, strict=True) if k]
    # block texts are whitespace-normalized: words = spaces + 1
    counts = [b.text.count(" ") + 1 for b in kept_blocks]
    words = sum(counts)
    prose = sum(n for n in counts if n >= PROSE_BLOCK_MIN_WORDS)
    error_templates = sum(1 for r in removals if r.rule == "error-template")
    reasons: list[str] = []
    status_note = (
        f"http status {status} (a prior only)"
        if status is not None and status >= _ERROR_STATUS_MIN
        else None
    )
    kind = page_type.kind if page_type is not None else None
    if not blocks:
        return Verdict(VerdictKind.EMPTY, ("no text in the body",), kind)
    if error_templates and words < ERROR_PAGE_MAX_WORDS:
        reasons.append(f"error-page template ({error_templates} blocks) and {words} words left")
        if status_note:
            reasons.append(status_note)
        return Verdict(VerdictKind.ERROR_PAGE, tuple(reasons), kind)
    if words == 0:
        reasons.append(f"all {len(blocks)} blocks removed")
        if status_note:
            # nothing worth keeping, and the server said error: the prior decides
            reasons.append(f"{status_note}, and no content to overrule it")
            return Verdict(VerdictKind.ERROR_PAGE, tuple(reasons), kind)
        return Verdict(VerdictKind.EMPTY, tuple(reasons), kind)
    looks_other = page_type is not None and page_type.article_probability < ARTICLE_MIN_PROBABILITY
    if words >= ARTICLE_MIN_WORDS and prose >= ARTICLE_MIN_PROSE_WORDS and not looks_other:
        reasons.append(f"{len(kept_blocks)} blocks kept, {words} words, {prose} in prose")
        if page_type is not None:
            reasons.append(f"page-type model: article p={page_type.article_probability:.2f}")
        if error_templates:
            reasons.append(f"error-page template removed ({error_templates} blocks)")
        if status_note:
            reasons.append(f"{status_note}, overridden by the article text")
        return Verdict(VerdictKind.ARTICLE, tuple(reasons), kind)
    if looks_other and page_type is not None:
        reasons.append(
            f"page-type model: looks like a {page_type.kind} page (p={page_type.probability:.2f};"
            f" article p={page_type.article_probability:.2f})"
        )
    else:
        reasons.append(f"only {words} words kept, {prose} in prose")
    if status_note:
        reasons.append(status_note)
    return Verdict(VerdictKind.NOT_ARTICLE, tuple(reasons), kind)
