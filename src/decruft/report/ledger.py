"""The report's ledger: run.json's accounting of the run, each number checked against the
files it describes (pages.jsonl, rejects.jsonl)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from decruft.report.records import integer
from decruft.report.sections import esc, number
from decruft.report.totals import Totals

_OK = "<span class=ok>✓</span>"


def _check(ok: bool, problem: str) -> str:
    return f" {_OK}" if ok else f" <span class=bad>✗ {esc(problem)}</span>"


def rejected_by_reason(run: Mapping[str, object], counted: Counter[str]) -> dict[str, int]:
    """Rejects by reason as run.json has them, else as rejects.jsonl has them."""
    ledger = run.get("pages_rejected")
    if isinstance(ledger, dict):
        return {str(k): v for k, v in ledger.items() if integer(v) is not None}
    return dict(counted)


def ledger_rows(
    run: Mapping[str, object], totals: Totals, reject_lines: int
) -> list[tuple[str, str]]:
    """(name, HTML) rows: what was read, written and rejected, whether it adds up, and how
    the run was made."""
    if not run:
        return [
            (
                "run.json",
                "<span class=bad>missing or unreadable: the numbers below are counted "
                "from pages.jsonl and rejects.jsonl</span>",
            ),
            ("pages in pages.jsonl", number(totals.pages)),
            ("rejects in rejects.jsonl", number(reject_lines)),
            *_pages_rows(totals),
        ]
    read, written = integer(run.get("pages_read")), integer(run.get("pages_written"))
    by_reason = run.get("pages_rejected")
    rejected = (
        sum(v for v in by_reason.values() if integer(v) is not None)
        if isinstance(by_reason, dict)
        else None
    )
    rows = [
        ("pages read", number(read)),
        (
            "pages written",
            number(written)
            + _check(written == totals.pages, f"pages.jsonl holds {totals.pages:,} pages"),
        ),
        (
            "pages rejected",
            number(rejected)
            + _check(rejected == reject_lines, f"rejects.jsonl holds {reject_lines:,} lines"),
        ),
    ]
    adds_up = None not in (read, written, rejected) and read == (written or 0) + (rejected or 0)
    conserved = run.get("conserved") is True and adds_up
    rows.append(
        (
            "conserved",
            "<span class=ok>yes: every page read was written or rejected</span>"
            if conserved
            else "<span class=bad>no: pages were lost or doubled</span>",
        )
    )
    errors = run.get("ledger_errors")
    if isinstance(errors, list) and errors:
        rows.append(("ledger errors", "<br>".join(esc(e) for e in errors)))
    if integer(run.get("resumed_pages")):
        rows.append(("resumed pages", number(run.get("resumed_pages"))))
    rows.extend(_pages_rows(totals))
    made = [
        f"{k} {esc(run[k])}"
        for k in ("version", "seconds", "workers", "engine")
        if isinstance(run.get(k), str | int | float)
    ]
    formats = run.get("formats")
    if isinstance(formats, list):
        made.append("formats " + esc(", ".join(str(f) for f in formats)))
    if made:
        rows.append(("run", " · ".join(made)))
    return rows


def _pages_rows(totals: Totals) -> list[tuple[str, str]]:
    """Whether the pages kept their bodies, and lines of pages.jsonl that are not pages."""
    body_note = (
        f"{totals.with_body:,} of {totals.pages:,} pages"
        if totals.with_body
        else "none: run decruft clean with --keep-body to see removals in their place"
    )
    rows = [("bodies kept", esc(body_note))]
    if totals.unreadable_lines:
        bad = f"<span class=bad>{totals.unreadable_lines:,} in pages.jsonl</span>"
        rows.append(("unreadable lines", bad))
    return rows
