"""One page as the report shows it in full: its body cut into kept and removed runs (each
removed run naming its removal), its kept text, and its removals with rule and evidence.

The body is cut here, in Python, where the removals' offsets mean what they say (code
points of the body); the report's script only puts the runs on screen, so it never slices
a string (JavaScript counts UTF-16 units, which differ from code points past U+FFFF).
"""

from __future__ import annotations

from collections.abc import Sequence

from decruft.report.limits import BODY_SHOWN_CHARS, REMOVALS_LISTED
from decruft.report.records import Record, Span, integer, signals, spans, strings, text

# A run of the body outside every removal.
KEPT = -1


def pieces(body: str, found: Sequence[Span], shown: int) -> list[tuple[str, int]]:
    """``body[:shown]`` as consecutive runs ``(text, KEPT)`` and ``(text, i)``, ``i`` the
    position in ``found`` of the removal covering the run. Where removals overlap, the one
    starting first has the overlap; offsets outside the body are clipped to it."""
    shown = min(shown, len(body))
    runs: list[tuple[str, int]] = []
    at = 0
    order = sorted(range(len(found)), key=lambda i: (found[i].start, -found[i].end))
    for i in order:
        start, end = max(found[i].start, at), min(found[i].end, shown)
        if start >= end:
            continue
        if start > at:
            runs.append((body[at:start], KEPT))
        runs.append((body[start:end], i))
        at = end
    if at < shown:
        runs.append((body[at:shown], KEPT))
    return runs


def page_view(
    n: int, record: Record, rule_ids: dict[str, int], shown: int = BODY_SHOWN_CHARS
) -> dict[str, object]:
    """The JSON object the report's script renders for the page at line ``n``.
    ``rule_ids``: each rule's number (its colour), extended with rules not seen before."""
    found = spans(record)
    listed = found[:REMOVALS_LISTED]
    for s in listed:
        rule_ids.setdefault(s.rule, len(rule_ids))
    kept = text(record.get("text"))
    body = record.get("body")
    view: dict[str, object] = {
        "n": n,
        "id": text(record.get("id")),
        "title": text(record.get("title")),
        "url": text(record.get("url")),
        "source": text(record.get("source")),
        "verdict": text(record.get("verdict")),
        "type": text(record.get("page_type")),
        "lang": text(record.get("language")),
        "status": integer(record.get("http_status")),
        "reasons": strings(record.get("verdict_reasons")),
        "flags": strings(record.get("flags")),
        "signals": signals(record),
        "text": kept[:shown],
        "textChars": len(kept),
        "textShown": min(shown, len(kept)),
        "removed": [
            [s.start, s.end, rule_ids[s.rule], s.evidence, s.block, s.blocks] for s in listed
        ],
        "removedCount": len(found),
        "removedChars": sum(s.end - s.start for s in found),
        "body": None,
        "bodyChars": None,
        "bodyShown": None,
    }
    if isinstance(body, str):
        view["body"] = pieces(body, listed, shown)
        view["bodyChars"] = len(body)
        view["bodyShown"] = min(shown, len(body))
    return view


def summary_row(n: int, record: Record) -> dict[str, object]:
    """What the page list says of a page shown without its text (past the size budget)."""
    found = spans(record)
    kept = text(record.get("text"))
    return {
        "n": n,
        "id": text(record.get("id")),
        "title": text(record.get("title")),
        "url": text(record.get("url")),
        "verdict": text(record.get("verdict")),
        "type": text(record.get("page_type")),
        "lang": text(record.get("language")),
        "textChars": len(kept),
        "removedCount": len(found),
        "removedChars": sum(s.end - s.start for s in found),
        "cut": True,
    }
