"""What the report says: the ledger as run.json has it, the per-rule totals, the removals
highlighted at their offsets, the pages it shows, the histograms of the signals."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from decruft.cli import main
from decruft.report import ReportOptions, build_report
from decruft.report.document import DATA_ID
from decruft.report.histogram import bin_label, histogram
from decruft.report.pageview import KEPT, pieces
from decruft.report.records import Span, iter_records
from decruft.resources import data_path


def _clean(tmp_path: Path, *flags: str) -> Path:
    out = tmp_path / "out"
    samples = str(data_path("samples"))
    assert main(["clean", samples, "-o", str(out), "-q", *flags]) == 0
    return out


@pytest.fixture(scope="module")
def kept_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _clean(tmp_path_factory.mktemp("kept"), "--keep-body")


class _Report(HTMLParser):
    """The report's data block, the text of its server-rendered parts, and the rows of each
    titled table (by its card's title)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self.cells: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._data_next = False
        self._title = ""
        self._in_h3 = False
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._data_next = tag == "script" and ("id", DATA_ID) in attrs
        if tag == "h3":
            self._in_h3, self._title = True, ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._row.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._in_h3 = False
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self._title, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._data_next:
            self.data = json.loads(data)
            self._data_next = False
            return
        if self._in_h3:
            self._title += data
        if self._row:
            self._row[-1] += data.strip()
        if data.strip():
            self.cells.append(data.strip())

    def rows(self, title: str) -> dict[str, list[str]]:
        """The rows of the table titled ``title``, by their first cell."""
        return {row[0]: row[1:] for row in self.tables[title] if row}


def _report(run: Path, dest: Path, options: ReportOptions | None = None) -> _Report:
    build_report(run, dest, options)
    parsed = _Report()
    parsed.feed(dest.read_text("utf-8"))
    return parsed


def test_keep_body_writes_the_body_the_offsets_index(kept_run: Path, tmp_path: Path) -> None:
    plain = _clean(tmp_path)
    assert all("body" not in r for r in iter_records(plain / "pages.jsonl") if r)
    for record in iter_records(kept_run / "pages.jsonl"):
        assert record is not None
        body = record["body"]
        assert isinstance(body, str)
        lines = [line for line in body.splitlines() if line.strip()]
        for r in record["removed"]:  # type: ignore[union-attr]
            assert 0 <= r["start"] < r["end"] <= len(body)
            assert body[r["start"] : r["end"]].strip()  # a removal covers text of the body
        assert all(" ".join(t.split()) in " ".join(body.split()) for t in lines[:3])


def test_keep_body_goes_into_parquet_too(tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet")
    out = _clean(tmp_path, "--keep-body", "--format", "parquet")
    table = parquet.read_table(next((out / "parquet").glob("*.parquet")))
    records = [r for r in iter_records(out / "pages.jsonl") if r]
    assert table.column("body").to_pylist() == [r["body"] for r in records]


def test_ledger_and_rule_totals_match_run_json(kept_run: Path, tmp_path: Path) -> None:
    run = json.loads((kept_run / "run.json").read_text())
    report = _report(kept_run, tmp_path / "r.html")
    ledger = report.rows("Ledger")
    assert ledger["pages read"] == [f"{run['pages_read']:,}"]
    assert ledger["pages written"] == [f"{run['pages_written']:,}✓"]
    assert ledger["pages rejected"] == [f"{sum(run['pages_rejected'].values()):,}✓"]
    assert ledger["conserved"][0].startswith("yes")
    rules = report.rows("Removed by rule")
    assert set(rules) == {"rule", *run["removed_chars_by_rule"]}
    for rule, chars in run["removed_chars_by_rule"].items():
        blocks = run["removed_blocks_by_rule"][rule]
        assert rules[rule][0] == f"{chars:,}" and rules[rule][2] == f"{blocks:,}"
        assert rules[rule][-1] == "✓"  # the report's own count agrees with run.json
    rejects = report.rows("Rejects by reason")
    for reason, n in run["pages_rejected"].items():
        assert rejects[reason][0] == f"{n:,}"
    verdicts = report.rows("Verdicts")
    for verdict, n in run["verdicts"].items():
        assert verdicts[verdict][0] == f"{n:,}"
    assert report.data["total"] == run["pages_written"]


def test_highlights_sit_at_the_removals_offsets(kept_run: Path, tmp_path: Path) -> None:
    report = _report(kept_run, tmp_path / "r.html")
    records = {r["id"]: r for r in iter_records(kept_run / "pages.jsonl") if r}
    rules = report.data["rules"]
    checked = 0
    for view in report.data["pages"]:
        record = records[view["id"]]
        body = record["body"]
        assert "".join(text for text, _ in view["body"]) == body
        at = 0
        for text, i in view["body"]:
            if i != KEPT:
                start, end, rule, *_ = view["removed"][i]
                assert start <= at and at + len(text) <= end
                assert rules[rule] == record["removed"][i]["rule"]
                assert body[at : at + len(text)] == text
                checked += 1
            at += len(text)
        assert view["text"] == record["text"]
    assert checked > 50


def test_pieces_clip_overlaps_and_offsets_past_the_body() -> None:
    body = "0123456789😀abc"
    found = [
        Span(2, 5, "a", "", 0, 1),
        Span(4, 8, "b", "", 1, 1),  # overlaps the first: only 5..8 is its own
        Span(10, 11, "c", "", 2, 1),  # the emoji: one code point
        Span(3, 4, "d", "", 3, 1),  # inside the first: nothing of its own
        Span(12, 99, "e", "", 4, 1),  # past the end: clipped
    ]
    runs = pieces(body, found, shown=len(body))
    assert runs == [
        ("01", KEPT),
        ("234", 0),
        ("567", 1),
        ("89", KEPT),
        ("😀", 2),
        ("a", KEPT),
        ("bc", 4),
    ]
    assert pieces(body, found, shown=6) == [("01", KEPT), ("234", 0), ("5", 1)]


def test_without_body_the_removals_are_still_listed(tmp_path: Path) -> None:
    run = _clean(tmp_path)
    report = _report(run, tmp_path / "r.html")
    assert report.rows("Ledger")["bodies kept"][0].startswith("none: run decruft clean with")
    for view in report.data["pages"]:
        assert view["body"] is None
        assert len(view["removed"]) == view["removedCount"]


def test_pages_page_ids_and_the_budget(kept_run: Path, tmp_path: Path) -> None:
    ids = [r["id"] for r in iter_records(kept_run / "pages.jsonl") if r]
    two = _report(kept_run, tmp_path / "a.html", ReportOptions(pages=2, page_ids=(ids[4], "nope")))
    assert [v["id"] for v in two.data["pages"]] == [ids[0], ids[1], ids[4]]
    assert two.data["total"] == len(ids)
    assert any("nope" in c for c in two.cells)  # the missing id is named
    small = _report(kept_run, tmp_path / "b.html", ReportOptions(budget_bytes=20_000))
    views = small.data["pages"]
    assert len(views) == len(ids) and any(v.get("cut") for v in views)
    assert not views[0].get("cut")
    cut = _report(kept_run, tmp_path / "c.html", ReportOptions(shown_chars=100))
    assert all(len("".join(t for t, _ in v["body"])) <= 100 for v in cut.data["pages"])


def _with_signals(run: Path, where: Path) -> Path:
    out = where / "signals"
    out.mkdir()
    lines = []
    for k, record in enumerate(iter_records(run / "pages.jsonl")):
        assert record is not None
        record["signals"] = {"words": 100 * (k + 1), "mean_word_length": 4.5 + k / 10}
        record["signals"]["language"] = "en" if k % 2 else "de"
        lines.append(json.dumps(record))
    (out / "pages.jsonl").write_text("\n".join(lines) + "\n")
    return out


def test_signal_histograms(kept_run: Path, tmp_path: Path) -> None:
    report = _report(_with_signals(kept_run, tmp_path), tmp_path / "r.html")
    assert {"signals.words", "signals.mean_word_length", "signals.language"} <= set(report.cells)
    assert "run.json" in report.cells  # none here: the ledger says so
    assert report.data["pages"][0]["signals"]["words"] == 100
    unsignalled = _clean(tmp_path / "nosig", "--keep-body", "--no-signals")
    plain = _report(unsignalled, tmp_path / "p.html")
    assert "The pages carry no signals." in plain.cells


def test_histogram_bins() -> None:
    h = histogram([1, 2, 2, 3, 10])
    assert h is not None and h.integers and sum(h.counts) == 5 and h.above == 0
    assert bin_label(h, 0) == "1" and h.median == 2
    tail = histogram([float(x) for x in range(1000)] + [1e9])
    assert tail is not None and tail.above >= 1 and tail.maximum == 1e9
    assert sum(tail.counts) + tail.above == 1001
    wide = histogram(list(range(0, 1000, 3)))
    assert wide is not None and len(wide.counts) <= 24 and sum(wide.counts) == 334
    assert wide.above == 0  # an even spread has no tail to cut
    assert histogram([]) is None
    flat = histogram([0.5, 0.5])
    assert flat is not None and flat.counts == (2,)


def test_report_command(kept_run: Path, tmp_path: Path) -> None:
    dest = tmp_path / "x" / "report.html"
    assert main(["report", str(kept_run), "-o", str(dest), "--pages", "1", "-q"]) == 0
    assert dest.stat().st_size > 10_000
    assert main(["report", str(tmp_path / "nothing"), "-q"]) == 2


def test_garbage_lines_and_fields_are_counted_not_fatal(tmp_path: Path) -> None:
    run = tmp_path / "garbage"
    run.mkdir()
    odd = {
        "id": 5,
        "text": None,
        "removed": [{"start": "a"}, {"start": 1, "end": 3, "rule": None}, "x"],
        "signals": {"flag": True, "big": 1e308, "name": "x", "list": [1]},
    }
    (run / "pages.jsonl").write_text("{not json\n[1, 2]\n\n" + json.dumps(odd) + "\n")
    report = _report(run, tmp_path / "r.html")
    ledger = report.rows("Ledger")
    assert ledger["unreadable lines"] == ["2 in pages.jsonl"]
    assert ledger["pages in pages.jsonl"] == ["1"]
    (view,) = report.data["pages"]
    assert view["id"] == "" and view["removedCount"] == 1
    assert view["signals"] == {"big": 1e308, "name": "x"}
    assert report.rows("Removed by rule")["(no rule)"][0] == "2"
