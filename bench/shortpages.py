"""Pages that are all content: does the cleaner keep them, or call them empty?

    python bench/shortpages.py [--bench ../shared/bench] [--skip-peers]

A tiny page, a text another tool already cleaned, a short notice: every line is content, and
a cleaner tuned on crawled pages (article among menus and footers) can drop it all. This
builds such pages from the dev articles' truth: the first 1, 2 and 3 truth paragraphs and
the whole truth, each as a text record (a line per paragraph) and as HTML (a ``<p>`` per
paragraph), and reports per size: pages that come out empty, and token F1 / recall against
the text given (score.py's metrics). trafilatura runs on the same HTML in the same run.

Caveat: decruft's shipped models were trained on these pages' full records, so its word
lexicon knows their words; the check is about page shape (few blocks, no debris), which
the training pages never had.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Callable
from pathlib import Path

from decruft.config import Config
from decruft.model import RawRecord
from decruft.pipeline import clean_batch

ROOT = Path(__file__).resolve().parents[1]
SIZES: tuple[int | None, ...] = (1, 2, 3, None)  # truth paragraphs per page; None: all


def truth_paragraphs(bench: Path) -> dict[str, list[str]]:
    """Every dev article's truth paragraphs."""
    dev = bench / "dev"
    rows = [json.loads(line) for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines()]
    out = {}
    for row in rows:
        if row["page_type"] == "article":
            text = (dev / f"{row['id']}.truth.txt").read_text("utf-8")
            out[row["id"]] = [p for p in (" ".join(x.split()) for x in text.splitlines()) if p]
    return out


def as_html(paras: list[str]) -> str:
    return "<html><body>" + "".join(f"<p>{html.escape(p)}</p>" for p in paras) + "</body></html>"


def summary(outputs: dict[str, str], given: dict[str, str]) -> dict[str, float]:
    from score import score_doc

    docs = [score_doc(outputs[i], given[i]) for i in given]
    n = len(docs)
    return {
        "empty": sum(not outputs[i].strip() for i in given) / n,
        "f1": sum(d["f1"] for d in docs) / n,
        "recall": sum(d["recall"] for d in docs) / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--skip-peers", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(args.bench))
    truths = truth_paragraphs(args.bench)
    peers: dict[str, Callable[[str], str]] = {}
    if not args.skip_peers:
        import trafilatura

        peers["trafilatura"] = lambda doc: trafilatura.extract(doc) or ""
    print(f"{len(truths)} dev articles; pages made of their first k truth paragraphs")
    print(f"{'k':>4} {'system':<28}{'empty':>8}{'F1':>8}{'recall':>8}")
    for k in SIZES:
        paras = {i: p[:k] if k else p for i, p in truths.items()}
        given = {i: "\n".join(p) for i, p in paras.items()}
        text_recs = [RawRecord(i, i, given[i]) for i in paras]
        html_recs = [RawRecord(i, i, "", html=as_html(p)) for i, p in paras.items()]
        results = {
            "decruft, text record": {p.id: p.text for p in clean_batch(text_recs, Config())},
            "decruft, HTML": {p.id: p.text for p in clean_batch(html_recs, Config())},
        }
        for name, extract in peers.items():
            results[f"{name}, HTML"] = {r.id: extract(r.html or "") for r in html_recs}
        for name, outputs in results.items():
            s = summary(outputs, given)
            label = str(k) if k else "all"
            print(f"{label:>4} {name:<28}{s['empty']:>8.3f}{s['f1']:>8.3f}{s['recall']:>8.3f}")


if __name__ == "__main__":
    main()
