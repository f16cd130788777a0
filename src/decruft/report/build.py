"""``decruft report``: read a run's output folder once, write one self-contained HTML file.

Every page is counted (ledger checks, tables, histograms); the first ``pages`` pages and the
pages asked for by id are put in the page browser with their text, body and removals, until
PAGE_DATA_BUDGET_BYTES of them; pages past the budget stay in the list without their text.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from decruft.report.document import document
from decruft.report.embed import json_bytes
from decruft.report.histogram import histogram
from decruft.report.ledger import ledger_rows, rejected_by_reason
from decruft.report.limits import BODY_SHOWN_CHARS, DEFAULT_PAGES, PAGE_DATA_BUDGET_BYTES
from decruft.report.pageview import page_view, summary_row
from decruft.report.records import RunFolder, count_rejects, iter_records, open_run, text
from decruft.report.sections import (
    PALETTE,
    count_table,
    esc,
    histogram_card,
    ledger_table,
    rules_table,
)
from decruft.report.totals import Totals


@dataclass(frozen=True, slots=True)
class ReportOptions:
    pages: int = DEFAULT_PAGES
    page_ids: tuple[str, ...] = ()  # shown in full wherever they are in pages.jsonl
    shown_chars: int = BODY_SHOWN_CHARS
    budget_bytes: int = PAGE_DATA_BUDGET_BYTES


@dataclass(frozen=True, slots=True)
class ReportSummary:
    pages: int  # pages counted
    shown: int  # pages in the browser with their text
    listed_only: int  # pages in the browser past the budget, without their text
    missing: tuple[str, ...]  # ids asked for that pages.jsonl does not hold
    bytes: int
    seconds: float


@dataclass(slots=True)
class _Browser:
    """The pages put in the page browser, as JSON, and what they cost."""

    views: list[bytes]
    used: int = 0
    shown: int = 0
    listed_only: int = 0


def build_report(run_dir: Path, dest: Path, options: ReportOptions | None = None) -> ReportSummary:
    """Write the report of the run in ``run_dir`` to ``dest``; returns what it holds."""
    started = time.perf_counter()
    opts = options if options is not None else ReportOptions()
    folder = open_run(run_dir)
    run = folder.run or {}
    rule_ids = {rule: i for i, rule in enumerate(_ledger_rules(run))}
    totals, browser, found = _read_pages(folder, opts, rule_ids)
    for rule in totals.rules():
        rule_ids.setdefault(rule, len(rule_ids))
    rejects, reject_lines = count_rejects(folder.rejects)
    missing = tuple(i for i in dict.fromkeys(opts.page_ids) if i not in found)
    sections = _sections(run_dir, run, totals, rule_ids, (rejects, reject_lines), missing)
    rules = sorted(rule_ids, key=rule_ids.__getitem__)
    data = b"".join(
        (
            b'{"rules":',
            json_bytes(rules),
            f',"palette":{len(PALETTE)},"total":{totals.pages},"pages":['.encode(),
            b",".join(browser.views),
            b"]}",
        )
    )
    page = document(f"decruft report: {_name(run_dir)}", sections, data)
    _write_atomic(dest, page)
    return ReportSummary(
        totals.pages,
        browser.shown,
        browser.listed_only,
        missing,
        len(page),
        time.perf_counter() - started,
    )


def _read_pages(
    folder: RunFolder, opts: ReportOptions, rule_ids: dict[str, int]
) -> tuple[Totals, _Browser, set[str]]:
    """Count every page; put the first ``opts.pages`` and those asked for in the browser."""
    totals, browser = Totals(), _Browser([])
    wanted, found = set(opts.page_ids), set()
    for n, record in enumerate(iter_records(folder.pages)):
        if record is None:
            totals.unreadable_lines += 1
            continue
        totals.add(record)
        page_id = text(record.get("id"))
        asked = page_id in wanted
        if n >= opts.pages and not asked:
            continue
        found.add(page_id)
        view = json_bytes(page_view(n, record, rule_ids, opts.shown_chars))
        if not asked and browser.used + len(view) > opts.budget_bytes:
            view = json_bytes(summary_row(n, record))
            browser.listed_only += 1
        else:
            browser.shown += 1
        if not asked:
            browser.used += len(view)
        browser.views.append(view)
    return totals, browser, found


def _ledger_rules(run: dict[str, object]) -> list[str]:
    """run.json's rules, most removed characters first: the first colours go to them."""
    chars = run.get("removed_chars_by_rule")
    if not isinstance(chars, dict):
        return []
    counts = Counter({str(k): v for k, v in chars.items() if isinstance(v, int)})
    return [rule for rule, _ in counts.most_common()]


def _sections(
    run_dir: Path,
    run: dict[str, object],
    totals: Totals,
    rule_ids: dict[str, int],
    rejects: tuple[Counter[str], int],
    missing: tuple[str, ...],
) -> str:
    """Everything above the page browser, rendered in Python."""
    counted, reject_lines = rejects
    parts = [
        f"<header><h1>decruft report: {esc(_name(run_dir))}</h1>"
        "<nav><a href='#ledger'>ledger</a> · <a href='#removed'>removed</a> · "
        "<a href='#histograms'>histograms</a> · <a href='#pages'>pages</a></nav></header>",
        "<section id=ledger><h2>The run</h2><div class=cards>",
        ledger_table(ledger_rows(run, totals, reject_lines)),
        count_table("Verdicts", totals.verdicts),
        count_table("Page types", totals.page_types),
        count_table("Languages", totals.languages),
        count_table("Rejects by reason", rejected_by_reason(run, counted)),
        "</div></section>",
        "<section id=removed><h2>Removed</h2><div class=cards>",
        rules_table(totals, rule_ids, run),
        "</div></section>",
        "<section id=histograms><h2>Histograms</h2><div class=cards>",
        histogram_card("Kept characters per page", histogram(totals.kept_chars)),
        histogram_card("Removals per page", histogram(totals.removals)),
    ]
    for key in sorted(totals.numbers):
        parts.append(histogram_card(f"signals.{key}", histogram(totals.numbers[key])))
    for key in sorted(totals.words):
        parts.append(count_table(f"signals.{key}", totals.words[key]))
    if not totals.numbers and not totals.words:
        parts.append("<p class=note>The pages carry no signals.</p>")
    parts.append("</div></section>")
    if missing:
        parts.append(
            "<p class=bad>Pages asked for that pages.jsonl does not hold: "
            + ", ".join(esc(m) for m in missing)
            + "</p>"
        )
    return "\n".join(parts)


def _name(run_dir: Path) -> str:
    """The run's folder name (never its whole path: the report may be passed around)."""
    where = run_dir.resolve()
    return (where.parent if where.is_file() else where).name or "run"


def _write_atomic(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, dest)
