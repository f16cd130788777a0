"""End to end: the `decruft` command on a folder of good and bad inputs."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from decruft.cli import main

SEED = Path(__file__).parent / "cases" / "seed-menafn.txt"


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "seed-menafn.txt").write_bytes(SEED.read_bytes())
    (src / "plain.txt").write_text("Just one line of plain text without a header.\n")
    (src / "zipped.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    (src / "broken.txt.gz").write_bytes(gzip.compress(SEED.read_bytes())[:200])
    (src / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (src / "empty.txt").write_bytes(b"")
    (src / "latin1.txt").write_bytes(
        " date 2025-01-02 200\nCaf\xe9 au lait, s'il vous pla\xeet.\n".encode("latin-1")
    )
    (src / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": SEED.read_text().split("\n", 1)[1], "status": 403})
        + "\n{not json}\n"
    )
    return src


def test_clean_writes_pages_rejects_and_txt(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["clean", str(_inputs(tmp_path)), "-o", str(out), "--format", "txt", "-q"]) == 0
    pages = [json.loads(line) for line in (out / "pages.jsonl").read_text().splitlines()]
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    by_id = {p["id"]: p for p in pages}
    assert set(by_id) == {"seed-menafn", "plain", "zipped", "latin1", "j1"}
    assert {r["id"] for r in rejects} == {"broken", "binary", "empty", "batch:2"}
    assert all(r["reason"] for r in rejects)
    seed = by_id["seed-menafn"]
    assert seed["verdict"] == "article" and seed["http_status"] == 403
    assert seed["publisher"] == "MENAFN" and seed["crawl_date"] == "2025-05-07"
    assert {r["rule"] for r in seed["removed"]} == {
        "error-template",
        "repeat",
        "disclaimer",
        "comment-widget",
    }
    assert by_id["zipped"]["text"] == seed["text"] == by_id["j1"]["text"]
    assert "invalid-utf8" in by_id["latin1"]["flags"]
    assert (out / "txt" / "seed-menafn.txt").read_text().splitlines() == seed["text"].splitlines()
    meta = json.loads((out / "txt" / "seed-menafn.meta.json").read_text())
    assert meta["title"] == "Kremlin announces possible Putin-Trump meeting"
    run = json.loads((out / "run.json").read_text())
    assert run["pages_written"] == 5 and sum(run["pages_rejected"].values()) == 4


def test_console_script_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "decruft.cli", "clean", str(SEED), "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 pages written, 0 rejected" in done.stderr
    assert (out / "pages.jsonl").exists()


def test_demo(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "demo"
    assert main(["demo", "-o", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "seed-menafn  [article, http 403]" in shown
    assert "publisher: 'MENAFN'" in shown
    assert (out / "txt" / "seed-menafn.txt").exists()
    markdown = (out / "md" / "seed-menafn.md").read_text("utf-8")
    assert markdown.startswith("# Kremlin announces possible Putin-Trump meeting\n\n(MENAFN)")
    assert "truncated" in (out / "rejects.jsonl").read_text()


def test_the_command_runs_as_a_module_and_leaves_the_collector_on(tmp_path: Path) -> None:
    """``python -m decruft`` (the installed script's entry point) pauses the garbage
    collector only while modules load: a run ends with it on, its thresholds unchanged, and a
    one-file run loads no corpus module."""
    out = tmp_path / "out"
    probe = (
        "import gc, sys\n"
        "before = gc.get_threshold()\n"
        f"sys.argv = ['decruft', 'clean', {str(SEED)!r}, '-o', {str(out)!r}, '-q']\n"
        "from decruft.__main__ import main\n"
        "code = main()\n"
        "corpus = sorted(m for m in sys.modules if m.startswith('decruft.corpus.'))\n"
        "print(code, gc.isenabled(), gc.get_threshold() == before, corpus)\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert shown.stdout.split("\n")[0] == "0 True True []", shown.stderr
    assert (out / "pages.jsonl").read_text().count("\n") == 1
    done = subprocess.run([sys.executable, "-m", "decruft", "--help"], capture_output=True)
    assert done.returncode == 0 and b"clean" in done.stdout


def test_a_run_needs_no_optional_package_and_help_loads_no_cleaner(tmp_path: Path) -> None:
    """The runtime install has no extras: pyarrow (parquet) and Ray stay unimported unless
    asked for, and ``--help`` answers without numpy or the parsers."""
    out = tmp_path / "out"
    blocked = "import sys; sys.modules['pyarrow'] = sys.modules['ray'] = None; "
    run = (
        f"{blocked}from decruft.cli import main; "
        f"sys.exit(main(['clean', {str(SEED)!r}, '-o', {str(out)!r}, '-q']))"
    )
    subprocess.run([sys.executable, "-c", run], check=True)
    assert (out / "pages.jsonl").read_text().count("\n") == 1
    probe = (
        "import sys, contextlib, io\nfrom decruft.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print(sorted(m for m in ('numpy', 'selectolax', 'decruft.pipeline') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert shown.stdout.strip() == "[]"
