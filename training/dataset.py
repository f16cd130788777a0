"""Load the dev benchmark as (blocks, labels) for training and cross-validation.

A block is labelled 1 when it is article text according to ``<id>.truth.txt``: its text
equals a truth paragraph (each truth paragraph is consumed once, so debris repeats are 0),
or it is a piece of a truth paragraph that the scraper split over several lines.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from decruft.io.readers import read_inputs
from decruft.model import RawRecord
from decruft.segment import segment_text
from decruft.segment.html import DomTree

# A fragment shorter than this is not labelled by substring match alone: short strings
# ("Share", "2") occur inside truth paragraphs by chance.
FRAGMENT_MIN_CHARS = 25


# A block that merges several truth paragraphs (the scraper joined lines) is article text
# when the truth paragraphs inside it cover at least this share of it.
MERGED_MIN_COVERAGE = 0.5


def _covered(block: str, truth_paras: list[str]) -> float:
    inside = sum(len(p) for p in set(truth_paras) if len(p) >= FRAGMENT_MIN_CHARS and p in block)
    return inside / max(len(block), 1)


@dataclass(frozen=True)
class Example:
    id: str
    page_type: str
    record: RawRecord
    texts: list[str]
    labels: list[int]
    truth: str
    # DOM feature rows (blocks x DOM_FEATURE_NAMES) when the page was read from its HTML
    dom: np.ndarray | None = None
    # the types an HTML page declares itself to be (HtmlMeta.declared_types)
    declared: tuple[str, ...] = ()
    # the page's elements and their class/id names (what the class lexicon learns from)
    tree: DomTree | None = None
    # the benchmark the page comes from, as score.py names it ("scrapinghub", "wcxb", ...)
    source: str = ""
    # the page's language in the manifest ("" when it gives none)
    lang: str = ""


def norm(text: str) -> str:
    return " ".join(text.split())


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', " ": " "})


def match_key(text: str) -> str:
    """Comparison key: the truth's quotes and spacing differ from the page's in places."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def label_blocks(block_texts: list[str], truth: list[str]) -> list[int]:
    texts = [match_key(t) for t in block_texts]
    truth_paras = [match_key(p) for p in truth]
    remaining = Counter(truth_paras)
    joined = "\n".join(truth_paras)
    labels = []
    seen: set[str] = set()
    for i, t in enumerate(texts):
        if remaining[t] > 0:
            remaining[t] -= 1
            labels.append(1)
        elif t not in seen and (
            (len(t) >= FRAGMENT_MIN_CHARS and t in joined)
            or _covered(t, truth_paras) >= MERGED_MIN_COVERAGE
            or _inline_fragment(texts, i, joined)
        ):
            labels.append(1)
        else:
            labels.append(0)
        seen.add(t)
    return labels


def _inline_fragment(texts: list[str], i: int, joined: str) -> bool:
    """A short piece of a sentence split off at an inline tag (a link, a bold word): it and a
    neighbour read on in the truth."""
    t = texts[i]
    before = f"{texts[i - 1]} {t}" if i > 0 else None
    after = f"{t} {texts[i + 1]}" if i + 1 < len(texts) else None
    return any(
        len(s) >= FRAGMENT_MIN_CHARS and s in joined for s in (before, after) if s is not None
    )


def variant_examples(bench_dir: Path, examples: list[Example], kind: str) -> list[Example]:
    """The same pages as another scraper would give them (``scrapers.py``), labelled alike."""
    from scrapers import block_text, inline_lines, read_html, run_on_text

    make = {"inline": inline_lines, "block": block_text, "runon": run_on_text}[kind]
    out = []
    for e in examples:
        path = bench_dir / f"{e.id}.html.gz"
        if not path.exists():
            continue
        body = make(read_html(path))
        rec = RawRecord(e.id, f"{path}#{kind}", body)
        texts = [b.text for b in segment_text(body)]
        if not texts:
            continue
        paras = [p for p in (norm(x) for x in e.truth.splitlines()) if p]
        labels = label_blocks(texts, paras)
        out.append(replace(e, record=rec, texts=texts, labels=labels))
    return out


# score.py's short names of the manifest's sources (its by_source keys)
SOURCE_NAMES = {
    "scrapinghub/article-extraction-benchmark": "scrapinghub",
    "Murrough-Foley/web-content-extraction-benchmark": "wcxb",
}


def short_source(source: str | None) -> str:
    return SOURCE_NAMES.get(source or "", source or "?")


def load_dev(bench_dir: Path) -> list[Example]:
    manifest = {}
    for line in (bench_dir / "manifest.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        manifest[row["id"]] = row
    examples = []
    for rec in read_inputs([bench_dir]):
        if not isinstance(rec, RawRecord) or rec.id not in manifest:
            continue
        truth_file = bench_dir / f"{rec.id}.truth.txt"
        truth = truth_file.read_text("utf-8")
        paras = [p for p in (norm(x) for x in truth.splitlines()) if p]
        texts = [b.text for b in segment_text(rec.body)]
        row = manifest[rec.id]
        examples.append(
            Example(
                rec.id,
                row["page_type"],
                rec,
                texts,
                label_blocks(texts, paras),
                truth,
                source=short_source(row["source"]),
                lang=row["lang"] or "",
            )
        )
    return examples


# class, id and role attributes (with their quoted or bare values)
_NAME_ATTRIBUTES = re.compile(
    r"""\s(?:class|id|role)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)""", re.IGNORECASE
)


def strip_names(html: str) -> str:
    """The page without its class/id/role names: what the model meets on a site whose
    names it has never seen (the names are then all neutral)."""
    return _NAME_ATTRIBUTES.sub("", html)


# HTML variants of the dev pages: the same pages in other markup (training/train.py --html
# --html-variants): trained on, and scored as a CV of their own.
HTML_VARIANTS = {"nonames": strip_names}


def html_examples(
    bench_dir: Path, examples: list[Example], variant: str | None = None
) -> list[Example]:
    """The same pages read from their HTML (``<id>.html.gz``) as decruft segments it, with
    each block's DOM features; labelled like the text records. ``variant``: the HTML first
    goes through that function of HTML_VARIANTS."""
    from decruft.io.readers import read_inputs as read
    from decruft.segment.html import segment_html

    out = []
    for e in examples:
        path = bench_dir / f"{e.id}.html.gz"
        if not path.exists():
            continue
        rec = next(r for r in read([path]) if isinstance(r, RawRecord))
        if rec.html is None:
            continue
        if variant is not None:
            rec = replace(rec, html=HTML_VARIANTS[variant](rec.html), source=f"{path}#{variant}")
        page = segment_html(rec.html)
        texts = [b.text for b in page.blocks]
        if not texts:
            continue
        paras = [p for p in (norm(x) for x in e.truth.splitlines()) if p]
        out.append(
            replace(
                e,
                record=rec,
                texts=texts,
                labels=label_blocks(texts, paras),
                dom=page.dom,
                declared=page.meta.declared_types,
                tree=page.tree,
            )
        )
    return out
