"""Whole runs on hostile inputs: ids holding line separators, floods of blank lines,
attribute and element floods, a FIFO. Every page read is written or rejected with a
reason, nothing is written outside OUT, and a resumed run writes every page's txt."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

from fuzzing import budget
from hypothesis import given, strategies as st

from decruft.cli import main
from decruft.run.guard import MAX_HTML_ELEMENTS

TEXT = "The council approved the transport budget on Monday after a long debate."
# Characters that break lines for some reader or another.
_BREAKERS = st.sampled_from(["\u2028", "\u2029", "\x85", "\r", "\n", "\x0b", "\x1c", "\\", "/"])
_IDS = st.lists(
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=3), _BREAKERS, st.text(max_size=3)),
    min_size=1,
    max_size=12,
)


def _ledger(out: Path) -> tuple[int, int, int]:
    run = json.loads((out / "run.json").read_text())
    rejected = sum(run["pages_rejected"].values())
    return run["pages_read"], run["pages_written"], rejected


@given(_IDS, st.integers(1, 4))
@budget(15)
def test_ids_with_line_breakers_each_get_their_txt(ids: list[str], shard: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": TEXT}) + "\n" for i in ids))
        out = Path(tmp) / "out"
        args = ["clean", str(src), "-o", str(out), "--format", "txt", "-q"]
        assert main([*args, "--shard-records", str(shard)]) == 0
        assert main([*args, "--shard-records", str(shard), "--resume"]) == 0
        assert len(list((out / "txt").glob("*.txt"))) == len(ids)
        read, written, rejected = _ledger(out)
        assert read == written + rejected == len(ids)


def test_a_folder_of_hostile_files_is_accounted_for(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "blank.jsonl").write_bytes(b"\n" * 2_000_000)
    (src / "spaced.jsonl").write_bytes(
        b"\n" * 100_000 + json.dumps({"id": "ls\u2028y", "text": TEXT}).encode() + b"\n" * 100_000
    )
    attrs = " ".join(f'a{i}="x"' for i in range(80_000))
    (src / "attributes.html").write_text(f"<html><body><div {attrs}><p>{TEXT}</p></div></body>")
    (src / "elements.html").write_text("<p>x" * (MAX_HTML_ELEMENTS + 10))
    for k in range(20):
        (src / f"broken-{k}.html").write_bytes(b"<html><<p>" + bytes([k]) * 50 + b"</div></p")
    (src / "a.txt").write_text(f" date 2025-05-07 200\n{TEXT}\n")
    (src / "a.html").write_text(f"<p>{TEXT}</p>")  # beside a.txt: the walk takes a.txt
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    writer = threading.Thread(
        target=lambda: fifo.write_text(json.dumps({"id": "p", "text": TEXT}) + "\n"), daemon=True
    )
    writer.start()
    out = tmp_path / "out"
    before = set(tmp_path.rglob("*"))
    assert main(["clean", str(src), str(fifo), "-o", str(out), "-q"]) == 0
    writer.join(timeout=5)
    read, written, rejected = _ledger(out)
    assert read == written + rejected == 1 + 2 + 20 + 1 + 1  # spaced, 2 floods, broken, a, pipe
    assert {p for p in tmp_path.rglob("*") if p not in before} <= set(out.rglob("*")) | {out}
    rejects = (out / "rejects.jsonl").read_text().split("\n")
    reasons = [json.loads(line)["reason"] for line in rejects if line]
    assert any(r.startswith("too many HTML elements") for r in reasons)
