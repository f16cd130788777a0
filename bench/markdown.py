"""Markdown: decruft's beside trafilatura's on the dev HTML pages, in one run.

    python bench/markdown.py [--bench ../shared/bench] [--limit N] [--rounds 3]

Structure recall: the truth's lines that the original HTML holds as a heading (``<h2>``-
``<h6>``: trafilatura gives the title, often the ``<h1>``, as metadata), a list item
(``<li>``) or a table cell (``<td>``/``<th>``), matched by their whitespace-collapsed,
case-folded text, and the share of them each system's Markdown has as such (a ``#`` line,
a ``-``/``1.`` item, a cell of a ``|`` row). Token F1 (score.py, dev articles) on the
Markdown with its markup read away (markers, pipes, escapes), beside decruft's plain text.
The same recall on the dev text records (the crawl records of the same pages: no markup,
the structure read off the lines), beside trafilatura given those lines as ``<p>``
elements. Speed: decruft cleaning the pages, and rendering their Markdown, in the same run
(the bar: rendering costs at most 20% of cleaning), and trafilatura's Markdown extraction.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.model import Page, RawRecord
from decruft.pipeline import clean_batch
from scoring import score_dir
from timing import best_rounds

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("heading", "list item", "table cell")
_TAGS = {
    **dict.fromkeys(("h2", "h3", "h4", "h5", "h6"), "heading"),
    "li": "list item",
    **dict.fromkeys(("td", "th"), "table cell"),
}
_ESCAPED = re.compile(r"\\(.)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-{3,}")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)")


def _as_html(body: str) -> str:
    """A text record's lines as ``<p>`` elements: what trafilatura sees of a text record."""
    paras = "".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())
    return f"<html><body>{paras}</body></html>"


def norm(text: str) -> str:
    return " ".join(_ESCAPED.sub(r"\1", text).split()).casefold()


def html_structure(html: str) -> dict[str, set[str]]:
    """Texts of the HTML's headings, list items and cells, by kind."""
    found: dict[str, set[str]] = {k: set() for k in KINDS}
    tree = LexborHTMLParser(html)
    for tag, kind in _TAGS.items():
        for node in tree.css(tag):
            text = norm(node.text(separator=" "))
            if text:
                found[kind].add(text)
    return found


def markdown_structure(markdown: str) -> dict[str, set[str]]:
    """Texts the Markdown gives as headings, list items and table cells."""
    found: dict[str, set[str]] = {k: set() for k in KINDS}
    for line in markdown.splitlines():
        if m := _HEADING.match(line):
            found["heading"].add(norm(m.group(1)))
        elif m := _ITEM.match(line):
            found["list item"].add(norm(m.group(1)))
        elif line.lstrip().startswith("|") and not _DELIMITER_ROW.match(line.strip()):
            cells = _UNESCAPED_PIPE.split(line.strip().strip("|"))
            found["table cell"].update(norm(c) for c in cells if c.strip())
    return found


def plain(markdown: str) -> str:
    """The Markdown's text, its markup read away (for score.py)."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith(("```", "~~~")) or _DELIMITER_ROW.match(line.strip()):
            continue
        if line.lstrip().startswith("|"):
            line = " ".join(_UNESCAPED_PIPE.split(line.strip().strip("|")))
        lines.append(_ESCAPED.sub(r"\1", _MARKUP.sub("", line)))
    return "\n".join(line for line in lines if line.strip())


def recall(
    truths: Iterable[tuple[set[str], dict[str, set[str]]]], outputs: list[dict[str, set[str]]]
) -> dict[str, tuple[int, int]]:
    """Per kind: (truth lines found as such, truth lines of that kind)."""
    hit = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    for (lines, structure), got in zip(truths, outputs, strict=True):
        for kind in KINDS:
            wanted = lines & structure[kind]
            total[kind] += len(wanted)
            hit[kind] += len(wanted & got[kind])
    return {k: (hit[k], total[k]) for k in KINDS}


def _write(pred: Path, ids: list[str], texts: list[str]) -> None:
    if pred.exists():
        shutil.rmtree(pred)
    pred.mkdir(parents=True)
    for doc_id, text in zip(ids, texts, strict=True):
        (pred / f"{doc_id}.txt").write_text(text, "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    import trafilatura

    dev = args.bench / "dev"
    files = sorted(dev.glob("*.html.gz"))[: args.limit or None]
    ids = [f.name.removesuffix(".html.gz") for f in files]
    wanted = set(ids)
    htmls = [gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in files]
    records = [RawRecord(i, i, "", html=h) for i, h in zip(ids, htmls, strict=True)]
    truths = [
        (
            {norm(x) for x in (dev / f"{i}.truth.txt").read_text("utf-8").splitlines()} - {""},
            html_structure(h),
        )
        for i, h in zip(ids, htmls, strict=True)
    ]
    config = Config()
    text_records = [r for r in read_inputs([dev]) if isinstance(r, RawRecord) and r.id in wanted]
    text_records.sort(key=lambda r: ids.index(r.id))
    text_md = [p.markdown for p in clean_batch(text_records, config)]
    text_theirs = [
        trafilatura.extract(_as_html(r.body), output_format="markdown", include_tables=True) or ""
        for r in text_records
    ]
    text_truths = [truths[ids.index(r.id)] for r in text_records]
    pages: list[Page] = clean_batch(records, config)
    ours = [p.markdown for p in pages]
    theirs = [
        trafilatura.extract(h, output_format="markdown", include_tables=True) or "" for h in htmls
    ]

    def clean() -> None:
        nonlocal pages
        pages = clean_batch(records, config)

    systems: dict[str, Callable[[], object]] = {
        "decruft clean": clean,
        "decruft Markdown of the clean pages": lambda: [p.markdown for p in pages],
        "trafilatura Markdown": lambda: [
            trafilatura.extract(h, output_format="markdown", include_tables=True) for h in htmls
        ],
    }
    best = best_rounds(systems, args.rounds)

    ours_recall = recall(truths, [markdown_structure(m) for m in ours])
    theirs_recall = recall(truths, [markdown_structure(m) for m in theirs])
    with tempfile.TemporaryDirectory() as tmp:
        scores = {}
        for name, texts in (
            ("decruft text", [p.text for p in pages]),
            ("decruft Markdown", [plain(m) for m in ours]),
            ("trafilatura Markdown", [plain(m) for m in theirs]),
        ):
            _write(Path(tmp) / "pred", ids, texts)
            scores[name] = score_dir(args.bench, Path(tmp) / "pred")["all"]

    print(f"{len(ids)} dev HTML pages, one run")
    print(f"{'truth lines found as such':<28}" + "".join(f"{k:>20}" for k in KINDS))
    for name, rec in (("decruft", ours_recall), ("trafilatura", theirs_recall)):
        cells = "".join(f"{h / t if t else float('nan'):>12.3f} of {t:<5}" for h, t in rec.values())
        print(f"{name:<28}{cells}")
    print(f"\n{len(text_records)} dev text records of the same pages")
    for name, rec in (
        ("decruft on text", recall(text_truths, [markdown_structure(m) for m in text_md])),
        ("trafilatura on text", recall(text_truths, [markdown_structure(m) for m in text_theirs])),
    ):
        cells = "".join(f"{h / t if t else float('nan'):>12.3f} of {t:<5}" for h, t in rec.values())
        print(f"{name:<28}{cells}")
    print(f"\n{'token F1 (dev articles)':<28}{'F1':>8}{'P':>8}{'R':>8}")
    for name, o in scores.items():
        print(f"{name:<28}{o['f1']:>8.3f}{o['precision']:>8.3f}{o['recall']:>8.3f}")
    cost = best["decruft Markdown of the clean pages"] / best["decruft clean"]
    print(f"\nseconds, best of {args.rounds} (same run)")
    for name, seconds in best.items():
        print(f"  {name:<40}{seconds:>8.2f}")
    print(f"  Markdown costs {cost:.1%} of cleaning (bar: 20%)")
    print(json.dumps({"recall": {"decruft": ours_recall, "trafilatura": theirs_recall}}))


if __name__ == "__main__":
    main()
