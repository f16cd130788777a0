"""What a run may read: every input named exists, none holds the output folder, and ``-``
(standard input) is saved once into the run's state folder so shards, workers and a resumed
run can read it like any file."""

from __future__ import annotations

import glob
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from decruft.io.writers import MD_DIR, PAGES_FILE, REJECTS_FILE, TXT_DIR
from decruft.run.merge import PARQUET_DIR, STATE_DIR

STDIN = "-"
# Where standard input is saved, under OUT/.decruft/, named by what its first bytes look like
# (the readers pick the format from the name): JSON Lines, HTML, WARC, else a crawl record.
STDIN_NAMES = {b"{": "stdin.jsonl", b"<": "stdin.html", b"WARC/": "stdin.warc"}
STDIN_TEXT_NAME = "stdin.txt"
_STDIN_FILES = frozenset((*STDIN_NAMES.values(), STDIN_TEXT_NAME))
# Bytes of standard input looked at to name it.
STDIN_SNIFF_BYTES = 4096
# Bytes copied at a time from standard input.
STDIN_COPY_BYTES = 1024 * 1024


# What a run writes in OUT (files and folders): an input among them would be overwritten.
# "run.json" is the executor's RUN_FILE, "dedup" and "host-index" the corpus passes' folders
# (decruft.cli): named here, as those modules import this one.
OUTPUT_NAMES = frozenset(
    (
        PAGES_FILE,
        REJECTS_FILE,
        TXT_DIR,
        MD_DIR,
        PARQUET_DIR,
        STATE_DIR,
        "run.json",
        "dedup",
        "host-index",
    )
)


class InputError(ValueError):
    """An input that cannot be read at all: the run does not start."""


def prepare_inputs(
    inputs: Sequence[str | Path], out: Path, state_dir: Path, stdin: BinaryIO | None = None
) -> list[str | Path]:
    """``inputs`` checked (``check_inputs``), with ``-`` saved under ``state_dir``."""
    check_inputs([arg for arg in inputs if not _is_spooled(arg, state_dir)], out)
    return spool_stdin(inputs, state_dir, stdin)


def _is_spooled(arg: str | Path, state_dir: Path) -> bool:
    """A standard input saved by an earlier ``prepare_inputs`` of this run."""
    path = Path(arg)
    return path.name in _STDIN_FILES and path.parent.resolve() == state_dir.resolve()


def check_inputs(inputs: Sequence[str | Path], out: Path) -> None:
    """Raise InputError when an input names nothing, when the output folder is one of the
    inputs or inside one of them (the run would read its own outputs the next time), or
    when an input is one of the run's outputs (it would overwrite what it reads)."""
    target = out.resolve()
    for arg in inputs:
        name = str(arg)
        if name == STDIN:
            continue
        if not name or not (os.path.lexists(name) or glob.glob(name, recursive=True)):
            raise InputError(f"{name or repr(name)}: no such file or directory")
        root = Path(_literal_prefix(name)).resolve()
        if target == root or (target.is_relative_to(root) and root.is_dir()):
            raise InputError(
                f"the output folder {out} is inside the input {name}: a later run would read "
                "its outputs as pages; choose an output folder outside the inputs"
            )
        if root.is_relative_to(target) and root != target:
            first = root.relative_to(target).parts[0]
            if first in OUTPUT_NAMES:
                raise InputError(f"the input {name} is one of the run's outputs in {out}")


def _literal_prefix(pattern: str) -> str:
    """The part of a path or glob pattern before its first wildcard component."""
    parts = Path(pattern).parts
    for k, part in enumerate(parts):
        if glob.has_magic(part):
            return str(Path(*parts[:k])) if k else "."
    return pattern


def spool_stdin(
    inputs: Sequence[str | Path], state_dir: Path, stdin: BinaryIO | None = None
) -> list[str | Path]:
    """``inputs`` with ``-`` replaced by a file under ``state_dir`` holding standard input."""
    if not any(str(arg) == STDIN for arg in inputs):
        return list(inputs)
    source = stdin if stdin is not None else sys.stdin.buffer
    head = source.read(STDIN_SNIFF_BYTES)
    start = head.lstrip()
    name = next((n for sig, n in STDIN_NAMES.items() if start.startswith(sig)), STDIN_TEXT_NAME)
    state_dir.mkdir(parents=True, exist_ok=True)
    for stale in _STDIN_FILES:
        (state_dir / stale).unlink(missing_ok=True)
    path = state_dir / name
    with open(path, "wb") as fh:
        fh.write(head)
        shutil.copyfileobj(source, fh, STDIN_COPY_BYTES)
    return [path if str(arg) == STDIN else arg for arg in inputs]
