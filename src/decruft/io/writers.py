"""What an output folder holds, and how each page and reject is written there.

Layout::

    out_dir/pages.jsonl       one Page.to_dict() per line
    out_dir/rejects.jsonl     one {"id", "source", "reason"} per line (always created)
    out_dir/txt/<id>.txt      the clean text            (only with the "txt" format)
    out_dir/txt/<id>.meta.json  title, author and date  (only with the "txt" format)
    out_dir/md/<id>.md        the page as Markdown      (only with the "markdown" format,
                              which also adds a "markdown" field to each page's record)

With ``--keep-body`` each page's record also holds its ``body``: the text the removals'
offsets index (HTML pages: their segmented text).

A run (``decruft.run``) writes them one way: its workers write each page's ``page_line`` and
each reject's ``reject_line`` to their part files (``run.worker.PartWriter``), and its
merger appends those to the output and writes each page's txt files with ``TxtWriter``.
The output formats a run takes are ``decruft.run.defaults.FORMATS``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import orjson

from decruft.lazy import LazyPattern
from decruft.model import Page, Reject
from decruft.output.options import MarkdownOptions

PAGES_FILE = "pages.jsonl"
REJECTS_FILE = "rejects.jsonl"
TXT_DIR = "txt"
MD_DIR = "md"
# File systems cap a name at 255 bytes; this leaves room for ".meta.json" and a "-N" suffix.
MAX_NAME_BYTES = 200
# Hex digits of the id's hash kept when a long id is cut: enough to keep cut names apart.
NAME_HASH_CHARS = 12

# Path separators, NUL and other control characters (C0, DEL, C1 with NEL) and the Unicode
# line and paragraph separators cannot (or should not) be in a file name: a name must fit on
# one line of any list of names.
_UNSAFE_CHARS = LazyPattern(r"[/\\\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LEADING_DOTS = LazyPattern(r"^\.+")


def safe_file_name(record_id: str) -> str:
    """A file name for ``record_id``: ordinary ids are kept, unsafe characters become ``_``."""
    name = _UNSAFE_CHARS.sub("_", record_id)
    name = _LEADING_DOTS.sub(lambda m: "_" * len(m.group()), name) or "_"
    encoded = name.encode("utf-8")
    if len(encoded) <= MAX_NAME_BYTES:
        return name
    import hashlib  # here: only a long id needs it, and importing it loads OpenSSL (~2 ms)

    digest = hashlib.sha1(record_id.encode("utf-8", "surrogatepass")).hexdigest()
    head = encoded[: MAX_NAME_BYTES - NAME_HASH_CHARS - 1].decode("utf-8", errors="ignore")
    return f"{head}-{digest[:NAME_HASH_CHARS]}"


def reason_key(reason: str) -> str:
    """The kind of a reject: its reason up to the first ':' (details follow the colon)."""
    return reason.split(":", 1)[0].strip()


def page_record(
    page: Page,
    markdown: MarkdownOptions | None = None,
    *,
    body: bool = False,
    signals: bool = False,
) -> dict[str, object]:
    """The page's ``pages.jsonl`` object; with ``markdown``, its Markdown too (the
    ``markdown`` format); with ``body``, the text the cleaner saw, which the removals'
    offsets index (``--keep-body``: what ``decruft report`` shows them in); with
    ``signals``, the quality signals of its text (``decruft.signals``), measured here where
    the text is made for the record anyway."""
    obj = page.to_dict()
    if signals:
        from decruft.signals.compute import text_signals  # numpy and the kernels: when asked

        text, verdict = obj["text"], page.verdict
        assert isinstance(text, str)
        found = text_signals(text, verdict=verdict.kind.value, page_type=verdict.page_type)
        obj["signals"] = found.as_dict()
    if markdown is not None:
        obj["markdown"] = page.to_markdown(markdown)
    if body:
        obj["body"] = page.body
    return obj


def page_line(
    page: Page,
    markdown: MarkdownOptions | None = None,
    *,
    body: bool = False,
    signals: bool = False,
) -> str:
    """The page's ``pages.jsonl`` line, newline included."""
    return json_line(page_record(page, markdown, body=body, signals=signals))


def page_line_bytes(
    page: Page,
    markdown: MarkdownOptions | None = None,
    *,
    body: bool = False,
    signals: bool = False,
) -> bytes:
    """``page_line(page)`` encoded as UTF-8, straight from orjson (no decode and re-encode of
    a line that holds the page's whole text)."""
    return record_line_bytes(page_record(page, markdown, body=body, signals=signals))


def record_line_bytes(obj: dict[str, object]) -> bytes:
    """A record's line (``json_line``) as UTF-8, straight from orjson."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError: json_line words it as json does
        return json_line(obj).encode("utf-8")


def reject_line(reject: Reject) -> str:
    """The reject's ``rejects.jsonl`` line, newline included."""
    return json_line({"id": reject.id, "source": reject.source, "reason": reject.reason})


def json_line(obj: dict[str, object]) -> str:
    """Compact JSON, non-ASCII kept, newline included. orjson writes it ~9x faster than the
    json module (whose encoder was 9% of a text page's cleaning); a string orjson refuses (a
    lone surrogate from a caller's text) goes through json, which writes the same bytes."""
    try:
        return orjson.dumps(obj).decode("utf-8") + "\n"
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


class TxtWriter:
    """The ``txt`` and ``markdown`` formats: ``<name>.txt`` and ``<name>.meta.json`` in
    ``txt_dir``, ``<name>.md`` in ``md_dir``, per page (either folder None: not written).
    The name is the page id made safe, with ``-2``, ``-3``... when an earlier page took it
    (any case); a page's files in both folders share it."""

    def __init__(
        self,
        txt_dir: Path | None,
        used_names: Collection[str] = (),
        md_dir: Path | None = None,
    ) -> None:
        """``used_names``: casefolded names earlier pages of the run took (a resumed run)."""
        self.txt_dir, self.md_dir = txt_dir, md_dir
        for folder in (txt_dir, md_dir):
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
        self._used_names = set(used_names)

    def write(
        self,
        page_id: str,
        text: str,
        title: str | None,
        author: str | None,
        date: str | None,
        markdown: str | None = None,
    ) -> str:
        """Write one page's files; returns the casefolded name it took."""
        name = self._unique_name(safe_file_name(page_id))
        if self.txt_dir is not None:
            _write_text(self.txt_dir / f"{name}.txt", f"{text}\n" if text else "")
            meta = {"title": title, "author": author, "date": date}
            meta_line = json.dumps(meta, ensure_ascii=False) + "\n"
            _write_text(self.txt_dir / f"{name}.meta.json", meta_line)
        if self.md_dir is not None:
            _write_text(self.md_dir / f"{name}.md", markdown or "")
        return name.casefold()

    def write_page(self, page: Mapping[str, Any]) -> str:
        """Write the files of a page given as its ``pages.jsonl`` object (``Page.to_dict()``,
        or a line read back, with its ``markdown`` when the format asked for it); returns
        the casefolded name it took."""
        return self.write(
            page["id"],
            page["text"],
            page["title"],
            page["author"],
            page["date"],
            page.get("markdown"),
        )

    def _unique_name(self, name: str) -> str:
        """``name``, or ``name-2``, ``name-3``... if an earlier page took it (any case)."""
        candidate, n = name, 1
        while candidate.casefold() in self._used_names:
            n += 1
            candidate = f"{name}-{n}"
        self._used_names.add(candidate.casefold())
        return candidate


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
