"""Signals where pages are written, ``decruft filter`` and ``decruft clean --filter`` end to
end: records, Parquet, ledgers that balance, reasons."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from decruft.cli import main
from decruft.io.writers import reason_key
from decruft.resources import data_path
from decruft.signals import SIGNAL_NAMES, text_signals
from decruft.signals.presets import PRESETS, failing

SAMPLES = Path(str(data_path("samples")))


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("signals") / "out"
    assert main(["clean", str(SAMPLES), "-o", str(out), "--format", "parquet", "-q"]) == 0
    return out


def test_every_page_record_holds_its_signals(run: Path) -> None:
    pages = _lines(run / "pages.jsonl")
    assert pages
    for page in pages:
        found = page["signals"]
        assert isinstance(found, dict) and tuple(found) == SIGNAL_NAMES
        text = page["text"]
        assert isinstance(text, str)
        expected = text_signals(text, verdict=page["verdict"], page_type=page["page_type"])
        assert found == expected.as_dict()
        assert found["verdict"] == page["verdict"]


def test_parquet_has_the_signals_column(run: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(sorted((run / "parquet").glob("*.parquet"))[0])
    column = table.column("signals").to_pylist()
    pages = _lines(run / "pages.jsonl")
    assert column == [p["signals"] for p in pages]
    assert table.schema.field("signals").type.num_fields == len(SIGNAL_NAMES)


def test_no_signals_leaves_them_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["clean", str(SAMPLES), "-o", str(out), "--no-signals", "-q"]) == 0
    assert all("signals" not in p for p in _lines(out / "pages.jsonl"))


@pytest.mark.parametrize("preset", ["gopher", "c4", "fineweb", "none"])
def test_filter_a_finished_run(run: Path, tmp_path: Path, preset: str) -> None:
    dest = tmp_path / "filtered"
    assert main(["filter", str(run), "--preset", preset, "-o", str(dest), "-q"]) == 0
    pages_in = (run / "pages.jsonl").read_bytes().splitlines(keepends=True)
    kept_lines = (dest / "pages.jsonl").read_bytes().splitlines(keepends=True)
    rejects = _lines(dest / "rejects.jsonl")
    ledger = json.loads((dest / "run.json").read_text("utf-8"))
    assert ledger["conserved"] is True
    assert ledger["pages_read"] == len(pages_in) == len(kept_lines) + len(rejects)
    assert ledger["pages_kept"] == len(kept_lines)
    assert ledger["signals_computed"] == 0  # the run had them
    assert set(kept_lines) <= set(pages_in)  # kept lines are written as they were
    expected: Counter[str] = Counter()
    by_id = {p["id"]: p for p in map(json.loads, pages_in)}
    for reject in rejects:
        assert set(reject) == {"id", "source", "reason"}
        reason = reject["reason"]
        assert isinstance(reason, str) and reason.startswith(f"{preset} ")
        page = by_id[reject["id"]]
        assert failing(PRESETS[preset], page["signals"]) == reason
        expected[reason_key(reason)] += 1
    assert ledger["dropped_by_reason"] == dict(expected)
    if preset == "none":
        assert not rejects


def test_gopher_drops_the_short_and_the_empty(run: Path, tmp_path: Path) -> None:
    dest = tmp_path / "g"
    assert main(["filter", str(run), "--preset", "gopher", "-o", str(dest), "-q"]) == 0
    reasons = {r["id"]: r["reason"] for r in _lines(dest / "rejects.jsonl")}
    assert reasons["soft-404"] == "gopher words: 0 < 50"


def test_an_older_run_gets_its_signals_computed(run: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    pages = _lines(run / "pages.jsonl")
    lines = [json.dumps({k: v for k, v in p.items() if k != "signals"}) for p in pages]
    lines.append("{not json")
    (old / "pages.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    assert main(["filter", str(old), "--preset", "none", "-q"]) == 0
    dest = old / "filtered-none"  # the default destination, inside the run's folder
    ledger = json.loads((dest / "run.json").read_text("utf-8"))
    assert ledger["signals_computed"] == len(pages)
    assert ledger["pages_read"] == len(pages) + 1
    assert ledger["dropped_by_reason"] == {"not a page record": 1}
    kept = _lines(dest / "pages.jsonl")
    assert [p["signals"] for p in kept] == [p["signals"] for p in pages]


def test_filter_refuses_what_it_cannot_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["filter", str(tmp_path / "missing"), "--preset", "c4"]) == 2
    assert "holds no finished run" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "pages.jsonl").write_text("", "utf-8")
    run = str(tmp_path / "run")
    assert main(["filter", run, "--preset", "c4", "-o", run]) == 2
    assert "the run's own folder" in capsys.readouterr().err


def test_clean_with_a_filter(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["clean", str(SAMPLES), "-o", str(out), "--filter", "gopher", "-q"]) == 0
    ledger = json.loads((out / "run.json").read_text("utf-8"))
    pages, rejects = _lines(out / "pages.jsonl"), _lines(out / "rejects.jsonl")
    assert ledger["conserved"] is True
    assert ledger["pages_read"] == len(pages) + len(rejects)
    assert ledger["pages_written"] == len(pages)
    assert sum(ledger["pages_rejected"].values()) == len(rejects)
    dropped = [r for r in rejects if r["reason"].startswith("gopher ")]
    assert dropped and ledger["pages_rejected"]["gopher words"] >= 1
    assert all(failing(PRESETS["gopher"], p["signals"]) is None for p in pages)
    assert ledger["config"]["quality_filter"] == "gopher"


def test_clean_filter_and_filter_agree(run: Path, tmp_path: Path) -> None:
    """Filtering as pages are written keeps what filtering the finished run keeps."""
    out, dest = tmp_path / "out", tmp_path / "dest"
    assert main(["clean", str(SAMPLES), "-o", str(out), "--filter", "c4", "-q"]) == 0
    assert main(["filter", str(run), "--preset", "c4", "-o", str(dest), "-q"]) == 0
    assert (out / "pages.jsonl").read_bytes() == (dest / "pages.jsonl").read_bytes()
