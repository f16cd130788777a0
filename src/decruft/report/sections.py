"""The report's tables and charts, rendered in Python: every value read from the run goes
through ``html.escape``; bars and histograms are inline SVG whose sizes are computed here
(attributes, not style: the policy allows no inline style attribute)."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence

from decruft.report.histogram import Histogram, bin_label, short
from decruft.report.totals import Totals

# Colours of the rules (highlights, swatches, bars), light enough to read text on; a run
# with more rules reuses them in order (the rule name is always shown beside the colour).
PALETTE = (
    "#ffd8a8",
    "#a5d8ff",
    "#b2f2bb",
    "#fcc2d7",
    "#d0bfff",
    "#ffec99",
    "#99e9f2",
    "#ffc9c9",
    "#c0eb75",
    "#eebefa",
    "#bac8ff",
    "#e9ecef",
)
# Width in pixels of the longest bar of a bar table, and a bar's height.
BAR_PX = 220
BAR_HEIGHT_PX = 12
# A histogram's drawing area in pixels.
HIST_WIDTH_PX = 360
HIST_HEIGHT_PX = 90
# Rows of a count table (languages, string signals); the rest are summed as "other".
TABLE_ROWS = 20


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def number(n: object) -> str:
    """An int with thousands separators; anything else escaped ("?" when missing)."""
    if n is None:
        return "?"
    return f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else esc(n)


def colour(rule_id: int) -> str:
    """The CSS class of a rule's colour."""
    return f"c{rule_id % len(PALETTE)}"


def palette_css() -> str:
    """The colour classes, for highlights (background), swatches and bars (fill)."""
    return "".join(f".{colour(i)}{{background:{c};fill:{c}}}\n" for i, c in enumerate(PALETTE))


def _bar(value: float, top: float, cls: str = "bar") -> str:
    width = max(1, round(BAR_PX * value / top)) if value > 0 and top > 0 else 0
    return (
        f'<svg class="bars" width="{BAR_PX}" height="{BAR_HEIGHT_PX}" aria-hidden="true">'
        f'<rect class="{cls}" width="{width}" height="{BAR_HEIGHT_PX}"></rect></svg>'
    )


def count_table(title: str, counts: Mapping[str, int], note: str = "") -> str:
    """A titled table of counts, most first, with bars; over TABLE_ROWS rows, the rest summed."""
    rows = Counter(counts).most_common()
    if len(rows) > TABLE_ROWS:
        rest = sum(n for _, n in rows[TABLE_ROWS - 1 :])
        rows = [*rows[: TABLE_ROWS - 1], (f"other ({len(rows) - TABLE_ROWS + 1})", rest)]
    total = sum(n for _, n in rows)
    top = max((n for _, n in rows), default=0)
    body = "".join(
        f"<tr><th scope=row>{esc(name)}</th><td class=num>{number(n)}</td>"
        f"<td class=num>{100 * n / total:.1f}%</td><td>{_bar(n, top)}</td></tr>"
        for name, n in rows
    )
    if not rows:
        body = "<tr><td colspan=4 class=muted>none</td></tr>"
    foot = f"<p class=note>{esc(note)}</p>" if note else ""
    return (
        f"<div class=card><h3>{esc(title)}</h3><table class=counts>"
        f"<thead><tr><th></th><th class=num>pages</th><th class=num>share</th><th></th></tr>"
        f"</thead><tbody>{body}</tbody></table>{foot}</div>"
    )


def rules_table(totals: Totals, rule_ids: Mapping[str, int], run: Mapping[str, object]) -> str:
    """Removed characters and blocks by rule, counted over pages.jsonl, each checked against
    run.json's ledger (when there is one)."""
    ledger_chars = run.get("removed_chars_by_rule")
    ledger_blocks = run.get("removed_blocks_by_rule")
    rules = sorted(
        set(totals.removed_chars) | set(ledger_chars if isinstance(ledger_chars, dict) else {}),
        key=lambda r: (-totals.removed_chars[r], r),
    )
    top = max(totals.removed_chars.values(), default=0)
    total = sum(totals.removed_chars.values())
    rows = []
    for rule in rules:
        chars, blocks = totals.removed_chars[rule], totals.removed_blocks[rule]
        check = ""
        if isinstance(ledger_chars, dict) and isinstance(ledger_blocks, dict):
            same = ledger_chars.get(rule, 0) == chars and ledger_blocks.get(rule, 0) == blocks
            check = (
                "<span class=ok>✓</span>"
                if same
                else f"<span class=bad>✗ run.json: {number(ledger_chars.get(rule, 0))} chars, "
                f"{number(ledger_blocks.get(rule, 0))} blocks</span>"
            )
        cls = colour(rule_ids[rule]) if rule in rule_ids else "bar"
        share = 100 * chars / total if total else 0.0
        rows.append(
            f"<tr><th scope=row><span class='sw {cls}'></span>{esc(rule)}</th>"
            f"<td class=num>{number(chars)}</td><td class=num>{share:.1f}%</td>"
            f"<td class=num>{number(blocks)}</td><td>{_bar(chars, top, cls)}</td>"
            f"<td>{check}</td></tr>"
        )
    body = "".join(rows) or "<tr><td colspan=6 class=muted>nothing removed</td></tr>"
    return (
        "<div class='card wide'><h3>Removed by rule</h3><table class=counts><thead><tr><th>rule"
        "</th><th class=num>characters</th><th class=num>share</th><th class=num>blocks</th>"
        "<th></th><th>ledger</th></tr></thead>"
        f"<tbody>{body}</tbody></table><p class=note>Counted over every page of pages.jsonl; "
        "✓: the same as run.json's removed_chars_by_rule and removed_blocks_by_rule.</p></div>"
    )


def histogram_card(title: str, h: Histogram | None, note: str = "") -> str:
    """A histogram as inline SVG; each bar's tooltip says its range and count."""
    if h is None:
        return f"<div class=card><h3>{esc(title)}</h3><p class=muted>no values</p></div>"
    heights = [*h.counts, h.above] if h.above else list(h.counts)
    top = max(heights) or 1
    step = HIST_WIDTH_PX / len(heights)
    bars = []
    for i, count in enumerate(heights):
        what = f"> {short(h.edges[-1])}" if i >= len(h.counts) else bin_label(h, i)
        tall = 0 if count == 0 else max(1, round(HIST_HEIGHT_PX * count / top))
        cls = "tail" if i >= len(h.counts) else "bar"
        bars.append(
            f'<rect class="{cls}" x="{i * step + 1:.1f}" y="{HIST_HEIGHT_PX - tall}" '
            f'width="{max(step - 2, 1):.1f}" height="{tall}"><title>{esc(what)}: '
            f"{count:,} pages</title></rect>"
        )
    axis = (
        f'<text x="0" y="{HIST_HEIGHT_PX + 13}">{esc(short(h.edges[0]))}</text>'
        f'<text x="{HIST_WIDTH_PX}" y="{HIST_HEIGHT_PX + 13}" text-anchor="end">'
        f"{esc(short(h.edges[-1]))}{'+' if h.above else ''}</text>"
    )
    stats = (
        f"{h.values:,} pages · min {short(h.minimum)} · median {short(h.median)} · "
        f"mean {short(h.mean)} · max {short(h.maximum)}"
    )
    foot = f"<p class=note>{esc(note)}</p>" if note else ""
    return (
        f"<div class=card><h3>{esc(title)}</h3>"
        f'<svg class=hist width="{HIST_WIDTH_PX}" height="{HIST_HEIGHT_PX + 16}" role="img" '
        f'aria-label="{esc(title)}">{"".join(bars)}{axis}</svg>'
        f"<p class=stats>{esc(stats)}</p>{foot}</div>"
    )


def ledger_table(rows: Sequence[tuple[str, str]]) -> str:
    """Rows of (name, HTML value): the values are escaped by the caller, which marks them."""
    body = "".join(f"<tr><th scope=row>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<div class=card><h3>Ledger</h3><table class=ledger>{body}</table></div>"
