"""Put finished shards' parts into the run's outputs, strictly in shard order.

The merger owns ``OUT/pages.jsonl``, ``OUT/rejects.jsonl``, ``OUT/txt/`` and
``OUT/parquet/``, and the run's state file (``OUT/.decruft/state.json``: shards merged so
far, the byte size of each output after them, and their counts). Merging shard k appends
its part files, writes its txt files, moves its Parquet part into place, fsyncs, and only
then records k + 1 in the state; a run resumed after a crash at any point truncates the
outputs to the recorded sizes and merges from there, so no page is lost or written twice.

Page ids are unique over the run's outputs: the merger keeps an 8-byte hash of every id it
wrote (``OUT/.decruft/ids``, truncated with the outputs on resume), and a shard holding an
id written before (two JSONL lines, or a JSONL line and a file, with one id) has that page
renamed ``id~2``, ``id~3``... and flagged ``renamed-id``, its part files rewritten before
they are appended. Shards are merged in order, so the renaming is the same in every run.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import orjson

from decruft.digest import blake2b
from decruft.io.writers import MD_DIR, PAGES_FILE, REJECTS_FILE, TXT_DIR, TxtWriter, json_line
from decruft.run.files import open_at, read_json, sync, write_json_atomic
from decruft.run.tally import Tally
from decruft.run.worker import PARQUET_PART, ShardResult, part_dir

STATE_DIR = ".decruft"
STATE_FILE = "state.json"
PARTS_DIR = "parts"
# The txt names taken so far, one JSON string a line (a resumed run reloads them): JSON, as
# a name must never split over lines whatever characters it holds.
NAMES_FILE = "txt-names"
# The formats that write files per page (named alike: TxtWriter).
PAGE_FILE_FORMATS = frozenset({"txt", "markdown"})
PARQUET_DIR = "parquet"
IDS_FILE = "ids"  # an 8-byte hash of every page id written so far
ID_HASH_BYTES = 8
# Flag of a page whose id an earlier page of the run had (it is renamed id~2, id~3 ...).
FLAG_RENAMED_ID = "renamed-id"
# Bytes copied at a time from a part file to the output.
COPY_CHUNK_BYTES = 1024 * 1024


def parquet_part_name(index: int) -> str:
    return f"pages-{index:05d}.parquet"


class Merger:
    """Appends shard parts to the outputs in order; use as a context manager."""

    def __init__(self, out: Path, formats: frozenset[str], fingerprint: str, resume: bool) -> None:
        """Continue the run in ``out`` if ``resume`` and its state has this ``fingerprint``
        (same inputs, shards, config and formats); otherwise start the outputs afresh."""
        self.out, self.formats, self.fingerprint = out, formats, fingerprint
        self.state_dir = out / STATE_DIR
        self.parts_dir = self.state_dir / PARTS_DIR
        state = read_json(self.state_dir / STATE_FILE) if resume else None
        if state is not None and state.get("fingerprint") != fingerprint:
            raise ResumeMismatch(
                f"{out} holds a run with other inputs, options or decruft version; "
                "run again without --resume to start over"
            )
        fresh = state is None
        if state is None:
            self._start_afresh()
            state = {}
        _check_outputs(out, state, formats)
        self.merged = _int(state.get("merged"))
        tally = state.get("tally")
        self.tally = Tally.from_dict(tally) if isinstance(tally, dict) else Tally()
        self.resumed_pages = self.tally.pages_read
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        self._drop_merged_parts()
        self.pages = open_at(out / PAGES_FILE, _int(state.get("pages_bytes")))
        self.rejects = open_at(out / REJECTS_FILE, _int(state.get("rejects_bytes")))
        self.ids = open_at(self.state_dir / IDS_FILE, _int(state.get("ids_bytes")))
        self.ids.seek(0)
        self.seen: set[int] = set(np.frombuffer(self.ids.read(), "<u8").tolist())
        self.names: BinaryIO | None = None
        self.txt: TxtWriter | None = None
        if formats & PAGE_FILE_FORMATS:
            self.names = open_at(self.state_dir / NAMES_FILE, _int(state.get("names_bytes")))
            self.names.seek(0)
            lines = self.names.read().split(b"\n")
            used = [json.loads(line) for line in lines if line]
            txt_dir = out / TXT_DIR if "txt" in formats else None
            md_dir = out / MD_DIR if "markdown" in formats else None
            self.txt = TxtWriter(txt_dir, used, md_dir)
        if "parquet" in formats:
            (out / PARQUET_DIR).mkdir(exist_ok=True)
        if fresh:  # from now on a resumed run keeps the shards' checkpoints
            self._save_state()

    def _start_afresh(self) -> None:
        """Forget an earlier run's state and parts (the lock file beside them stays)."""
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        for name in (STATE_FILE, NAMES_FILE, IDS_FILE):
            (self.state_dir / name).unlink(missing_ok=True)
        for stale in (self.out / PARQUET_DIR).glob("pages-*.parquet"):
            stale.unlink()

    def _drop_merged_parts(self) -> None:
        """Parts of shards already merged (a crash came before they were removed)."""
        for d in self.parts_dir.iterdir():
            if d.name.isdigit() and int(d.name) < self.merged:
                shutil.rmtree(d)

    def __enter__(self) -> Merger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for fh in (self.pages, self.rejects, self.names, self.ids):
            if fh is not None:
                fh.close()

    def merge(self, result: ShardResult) -> None:
        """Append shard ``result.index`` (which must be the next one) to the outputs."""
        if result.index != self.merged:
            raise ValueError(f"shard {result.index} merged out of order (next: {self.merged})")
        where = part_dir(self.parts_dir, result.index)
        pages = self._unique_ids(where)
        _append(where / PAGES_FILE, self.pages)
        _append(where / REJECTS_FILE, self.rejects)
        if self.txt is not None and self.names is not None:
            self._write_txt(pages, self.txt, self.names)
            sync(self.names)
        if "parquet" in self.formats:
            self._place_parquet(where / PARQUET_PART, result.index)
        sync(self.pages)
        sync(self.rejects)
        sync(self.ids)
        self.merged += 1
        self.tally.add(result.tally)
        self._save_state()
        shutil.rmtree(where)

    def _unique_ids(self, where: Path) -> list[dict[str, Any]]:
        """Record the ids of the shard's pages; rename (and rewrite the parts of) any an
        earlier page took. Returns the shard's pages as written (for the txt files)."""
        data = (where / PAGES_FILE).read_bytes()
        lines = [line + b"\n" for line in data.split(b"\n")[:-1]]  # every line ends in "\n"
        hashes: list[int] = []
        renamed = False
        pages = [_load_line(line) for line in lines]
        for k, page in enumerate(pages):
            page_id = str(page["id"])
            h = _id_hash(page_id)
            n = 1
            while h in self.seen:
                n += 1
                h = _id_hash(f"{page_id}~{n}")
            if n > 1:
                page["id"] = f"{page_id}~{n}"
                page["flags"] = [*page.get("flags", []), FLAG_RENAMED_ID]
                lines[k] = json_line(page).encode("utf-8")
                renamed = True
            self.seen.add(h)
            hashes.append(h)
        if renamed:  # rare: rewrite the shard's parts (a crash here redoes it the same way)
            tmp = where / f".{PAGES_FILE}.tmp"
            tmp.write_bytes(b"".join(lines))
            os.replace(tmp, where / PAGES_FILE)
            if "parquet" in self.formats and (where / PARQUET_PART).exists():
                from decruft.run.parquet import jsonl_to_parquet  # pyarrow only when asked for

                markdown = "markdown" in self.formats
                jsonl_to_parquet(where / PAGES_FILE, where / PARQUET_PART, markdown)
        self.ids.write(np.asarray(hashes, dtype="<u8").tobytes())
        return pages

    def _write_txt(self, pages: list[dict[str, Any]], txt: TxtWriter, names: BinaryIO) -> None:
        for p in pages:
            name = txt.write_page(p)
            names.write(f"{json.dumps(name)}\n".encode())

    def _place_parquet(self, part: Path, index: int) -> None:
        dst = self.out / PARQUET_DIR / parquet_part_name(index)
        if part.exists():
            os.replace(part, dst)
        elif not dst.exists():  # moved by a merge that crashed before saving its state
            raise FileNotFoundError(f"Parquet part of shard {index} is missing: {part}")

    def _save_state(self) -> None:
        write_json_atomic(
            self.state_dir / STATE_FILE,
            {
                "fingerprint": self.fingerprint,
                "merged": self.merged,
                "pages_bytes": self.pages.tell(),
                "rejects_bytes": self.rejects.tell(),
                "names_bytes": self.names.tell() if self.names is not None else 0,
                "ids_bytes": self.ids.tell(),
                "tally": self.tally.to_dict(),
            },
        )


class ResumeMismatch(Exception):
    """--resume on an output folder whose run had other inputs or options."""


def _check_outputs(out: Path, state: dict[str, object], formats: frozenset[str]) -> None:
    """Refuse, before any file is touched, to resume into outputs shorter than the state
    records (deleted or cut by hand): appending after them would leave a hole of NULs."""
    recorded = [
        (out / PAGES_FILE, "pages_bytes"),
        (out / REJECTS_FILE, "rejects_bytes"),
        (out / STATE_DIR / IDS_FILE, "ids_bytes"),
    ]
    if formats & PAGE_FILE_FORMATS:
        recorded.append((out / STATE_DIR / NAMES_FILE, "names_bytes"))
    for path, key in recorded:
        want = _int(state.get(key))
        have = path.stat().st_size if path.exists() else 0
        if have < want:
            raise ResumeMismatch(
                f"{path} holds {have} bytes but the run to resume wrote {want} there (deleted "
                "or cut since?); run again without --resume to start over"
            )


def _append(src: Path, dst: BinaryIO) -> None:
    """``src``'s bytes after ``dst``'s, copied by the kernel (``copy_file_range``: the
    supervisor's part-file copies, gigabytes in a big run, need not pass through user space)
    where the system can; through a buffer where it cannot."""
    with open(src, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        dst.flush()  # the kernel writes at dst's offset: nothing may wait in its buffer
        at = dst.tell()
        copied = 0
        kernel_copy = getattr(os, "copy_file_range", None)  # Linux only (not macOS, Windows)
        try:
            while kernel_copy is not None and copied < size:
                n = kernel_copy(fh.fileno(), dst.fileno(), size - copied, copied, at + copied)
                if n == 0:
                    break
                copied += n
        except OSError:  # a file system or kernel without it: the rest goes through a buffer
            pass
        dst.seek(at + copied)
        fh.seek(copied)
        shutil.copyfileobj(fh, dst, COPY_CHUNK_BYTES)


def _load_line(line: bytes) -> dict[str, Any]:
    """A pages.jsonl line's object; by json when orjson refuses it (a lone surrogate escape,
    which the writer's json fallback can write)."""
    try:
        page: dict[str, Any] = orjson.loads(line)
    except orjson.JSONDecodeError:
        page = json.loads(line)
    return page


def _id_hash(page_id: str) -> int:
    digest = blake2b(page_id.encode("utf-8", "surrogatepass"), digest_size=ID_HASH_BYTES)
    return int.from_bytes(digest.digest(), "little")


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
