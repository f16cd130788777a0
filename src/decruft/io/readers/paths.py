"""From the command line's paths to the files read, in a fixed order: files as given,
directories walked recursively (sorted, taking only record files), glob patterns expanded;
a file's kind (text record, JSONL, HTML, WARC, ARC) told by its name, and the stem its
records' ids start from, made unique over the run.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path

from decruft.io.readers.streams import _os_reason
from decruft.model import Reject

REASON_MISSING = "no such file or directory"

# Benchmark answers and metadata that sit next to pages but are never pages themselves.
_SKIP_SUFFIXES = (".truth.txt", ".meta.json")
_SKIP_NAMES = frozenset({"manifest.jsonl"})
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_WARC_SUFFIXES = (".warc",)
_ARC_SUFFIXES = (".arc",)


class _Kind(Enum):
    """How a file is read, decided from its name."""

    TEXT = "text"
    JSONL = "jsonl"
    HTML = "html"
    WARC = "warc"
    ARC = "arc"  # the WARC predecessor: rejected


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path | Reject]:
    """The files ``read_inputs`` reads, in its order, and a Reject for each path that names
    nothing readable: executors split this list into shards without reading a record."""
    for arg in paths:
        yield from _expand_arg(arg)


def _expand_arg(arg: str | Path) -> Iterator[Path | Reject]:
    name = str(arg)
    if not name:
        yield Reject(name, name, REASON_MISSING)
        return
    path = Path(arg)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        yield from _expand_glob(name)
        return
    except OSError as exc:
        yield Reject(name, name, _os_reason(exc))
        return
    if stat.S_ISDIR(mode):
        yield from _expand_tree(path)
    else:
        yield path


def _expand_glob(pattern: str) -> Iterator[Path | Reject]:
    """Expand a pattern; its matches are filtered like a directory walk, except that a
    pattern that itself ends like an HTML file (``dev/*.html.gz``) takes the HTML files."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield Reject(pattern, pattern, REASON_MISSING)
    names_html = _kind(Path(pattern)) is _Kind.HTML
    for match in matches:
        path = Path(match)
        if _is_dir(path):
            yield from _expand_tree(path)
        elif _wanted_in_walk(path) or (names_html and _kind(path) is _Kind.HTML):
            yield path


def _expand_tree(root: Path) -> Iterator[Path | Reject]:
    files, errors = _walk(root)
    yield from errors
    yield from files


def _walk(root: Path) -> tuple[list[Path], list[Reject]]:
    """Record files under ``root`` sorted by path, and a Reject per unreadable directory."""
    failures: list[OSError] = []
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failures.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        candidates = [Path(dirpath, name) for name in filenames]
        texts = {file_stem(p).lower() for p in candidates if _kind(p) is _Kind.TEXT}
        for path in candidates:
            lone_html = (
                _kind(path) is _Kind.HTML
                and not path.name.startswith(".")
                and file_stem(path).lower() not in texts
            )
            if (_wanted_in_walk(path) or lone_html) and not _is_special(path):
                files.append(path)
    files.sort(key=str)
    rejects = [
        Reject(str(e.filename or root), str(e.filename or root), _os_reason(e)) for e in failures
    ]
    rejects.sort(key=lambda r: r.source)
    return files, rejects


def _wanted_in_walk(path: Path) -> bool:
    """True for the record files a walk takes whatever sits beside them; skips hidden files
    and benchmark answers. HTML files are taken by ``_walk`` unless a text record of the same
    name sits beside them: benchmark and crawl folders keep each page's HTML next to its
    text record (page.txt + page.html.gz), and a walk taking both would read every page
    twice."""
    name = path.name.lower()
    inner = _strip_suffix(name, ".gz")
    if name.startswith(".") or inner in _SKIP_NAMES or inner.endswith(_SKIP_SUFFIXES):
        return False
    kind = _kind(path)
    if kind is _Kind.WARC:
        return True
    if kind in (_Kind.HTML, _Kind.ARC):
        return False
    return name.endswith(".gz") or inner.endswith((".txt", *_JSONL_SUFFIXES))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_special(path: Path) -> bool:
    """True for FIFOs, sockets and devices: a walk must not block on or read them."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False  # let the reader report it


def is_stream(path: Path) -> bool:
    """True for a pipe, socket or device (``-`` or a FIFO): readable once, in one go."""
    return _is_special(path)


# --- kinds and stems ---------------------------------------------------------------------


def file_stem(path: Path) -> str:
    """A file's name without ``.gz`` and its kind's suffix: its records' ids start from it
    (``page.txt`` is ``page``, ``crawl.warc.gz`` gives ``crawl-0``, ``crawl-1``...)."""
    suffixes = {
        _Kind.JSONL: _JSONL_SUFFIXES,
        _Kind.HTML: _HTML_SUFFIXES,
        _Kind.WARC: _WARC_SUFFIXES,
        _Kind.ARC: _ARC_SUFFIXES,
    }.get(_kind(path), (".txt",))
    return _record_id(path, suffixes)


def unique_stems(paths: Sequence[Path]) -> list[str]:
    """Each file's stem, made unique over the run: a stem an earlier file took (any case;
    ``a.txt`` beside ``a.html.gz``, ``x.warc`` beside ``x.warc.gz``, ``d1/a.txt`` beside
    ``d2/a.txt``) becomes ``stem~2``, ``stem~3``... in input order, so no two files give
    their records the same ids."""
    taken: set[str] = set()
    out: list[str] = []
    for path in paths:
        stem = candidate = file_stem(path)
        n = 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}~{n}"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _kind(path: Path) -> _Kind:
    inner = _strip_suffix(path.name.lower(), ".gz")
    if inner.endswith(_JSONL_SUFFIXES):
        return _Kind.JSONL
    if inner.endswith(_HTML_SUFFIXES):
        return _Kind.HTML
    if inner.endswith(_WARC_SUFFIXES):
        return _Kind.WARC
    if inner.endswith(_ARC_SUFFIXES):
        return _Kind.ARC
    return _Kind.TEXT


def _record_id(path: Path, suffixes: tuple[str, ...] = (".txt",)) -> str:
    """The file name without ``.gz`` and then the first of ``suffixes`` it ends with."""
    name = _strip_suffix(path.name, ".gz")
    for suffix in suffixes:
        stripped = _strip_suffix(name, suffix)
        if stripped != name:
            return stripped
    return name


def _strip_suffix(name: str, suffix: str) -> str:
    """``name`` without ``suffix`` (any case), unless nothing would be left."""
    if len(name) > len(suffix) and name.lower().endswith(suffix):
        return name[: -len(suffix)]
    return name
