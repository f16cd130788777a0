"""Bytes off disk for every reader: files opened (gunzipped on the fly when named ``.gz``),
read in bounded chunks, capped at ``MAX_RECORD_BYTES``, sniffed for binary content, decoded
as UTF-8; and the reasons a read fails, which become ``Reject``s.

Everything streams: files are read in chunks of ``READ_CHUNK_BYTES``, so a JSONL file of any
size keeps memory flat, and no single record may grow past ``MAX_RECORD_BYTES``. The other
readers look the cap up here when they read (``streams.MAX_RECORD_BYTES``), so one setting
(tests lower it) holds for all of them.
"""

from __future__ import annotations

import gzip
import io
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

MIB = 1024**2
# A real page is at most a few MiB; past this it is a gzip bomb or not a page, and holding
# it in memory would put the whole run at risk.
MAX_RECORD_BYTES = 256 * MIB
# Binary sniffing looks only at a file's start: enough to tell text from binary, and cheap.
SNIFF_BYTES = 64 * 1024
# Text has almost no control characters; a share above this means the file is binary.
MAX_CONTROL_RATIO = 0.30
# Files are read in chunks of this size, so memory stays flat however large a file is.
READ_CHUNK_BYTES = 1 * MIB

FLAG_INVALID_UTF8 = "invalid-utf8"

REASON_EMPTY = "empty file"

# Control bytes that never occur in text (tab, newline, carriage return, form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"


class _Failure(NamedTuple):
    """Why reading stopped: becomes the reason of a Reject."""

    reason: str


def _is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _open_stream(path: Path) -> io.BufferedIOBase:
    """The file's bytes, gunzipped on the fly if the name ends in ``.gz``."""
    if _is_gzip(path):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _chunks(stream: io.BufferedIOBase, gzipped: bool) -> Iterator[bytes | _Failure]:
    """The stream's bytes in bounded chunks; a read error ends it with a _Failure.

    ``read1`` returns what is available, so a pipe yields its first line without waiting
    for the writer to finish.
    """
    while True:
        try:
            chunk = stream.read1(READ_CHUNK_BYTES)
        except (EOFError, zlib.error, OSError) as exc:
            yield _Failure(_gzip_reason(exc) if gzipped else _os_reason(exc))
            return
        if not chunk:
            return
        yield chunk


def _read_capped(chunks: Iterator[bytes | _Failure]) -> bytes | _Failure:
    """All the chunks joined, or a _Failure once they pass MAX_RECORD_BYTES."""
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        if isinstance(chunk, _Failure):
            return chunk
        total += len(chunk)
        if total > MAX_RECORD_BYTES:
            return _Failure(_too_big_reason())
        parts.append(chunk)
    return b"".join(parts) if total else _Failure(REASON_EMPTY)


def _load_record(path: Path) -> bytes | _Failure:
    """The record's bytes (gunzipped if needed), or why they cannot be had."""
    try:
        info = path.stat()
    except OSError as exc:
        return _Failure(_os_reason(exc))
    if stat.S_ISREG(info.st_mode):
        if info.st_size == 0:
            return _Failure(REASON_EMPTY)
        if info.st_size > MAX_RECORD_BYTES and not _is_gzip(path):
            return _Failure(_too_big_reason())
    try:
        stream = _open_stream(path)
    except OSError as exc:
        return _Failure(_os_reason(exc))
    with stream:
        return _read_capped(_chunks(stream, _is_gzip(path)))


def _binary_kind(data: bytes) -> str | None:
    """What makes the start of ``data`` binary (NUL bytes, control characters), or None."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return "NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > MAX_CONTROL_RATIO:
        return "control characters"
    return None


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 text, with bad bytes replaced by U+FFFD and flagged."""
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), (FLAG_INVALID_UTF8,)


# --- reasons -----------------------------------------------------------------------------


def _too_big_reason() -> str:
    cap = MAX_RECORD_BYTES
    size = f"{cap // MIB} MiB" if cap % MIB == 0 else f"{cap} bytes"
    return f"record exceeds {size} limit"


def _gzip_reason(exc: BaseException) -> str:
    return f"truncated or corrupt gzip: {_detail(exc)}"


def _os_reason(exc: BaseException) -> str:
    strerror = exc.strerror if isinstance(exc, OSError) else None
    return f"cannot read file: {strerror or _detail(exc)}"


def _detail(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
