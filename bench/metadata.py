"""HTML metadata on the dev article pages: decruft's ``clean_html`` beside trafilatura's
``extract_metadata``, both given the page's HTML in the same run.

    python bench/metadata.py [--bench ../shared/bench] [--misses FIELD]

Both are scored with score.py's own ``score_meta`` (so its normalisation: NFKC, casefold,
punctuation dropped; a leading "by" and "and"/"&" ignored in authors; YYYY-MM-DD dates),
over the article pages whose truth has the field. Neither is given the page's URL: the CLI
does not know it for .html(.gz) files either, so both read what the page itself says.
``--misses title`` (or author, date) lists decruft's misses with the truth. ms/page is
the whole ``clean_html`` for decruft (text cleaning included), metadata only for trafilatura.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import decruft
from decruft.config import Config

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("title_exact", "title_f1", "author_exact", "date_exact")


def load_score(bench: Path) -> ModuleType:
    """The benchmark's own scorer, imported from its file."""
    spec = importlib.util.spec_from_file_location("score", bench / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {bench}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def article_pages(dev: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, html, metadata truth) of the article pages that have HTML and a meta truth."""
    pages = []
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        html_path = dev / f"{row.get('id')}.html.gz"
        meta_path = dev / f"{row.get('id')}.meta.json"
        if row.get("page_type") == "article" and html_path.exists() and meta_path.exists():
            html = gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace")
            pages.append((row["id"], html, json.loads(meta_path.read_text("utf-8"))))
    return pages


def decruft_meta(html: str, config: Config) -> dict[str, str | None]:
    meta = decruft.clean_html(html, config).meta
    return {"title": meta.title, "author": meta.author, "date": meta.date}


def trafilatura_meta(html: str) -> dict[str, str | None]:
    from trafilatura import extract_metadata

    meta = extract_metadata(html)
    if meta is None:
        return {"title": None, "author": None, "date": None}
    return {"title": meta.title, "author": meta.author, "date": meta.date}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--misses", choices=("title", "author", "date"))
    args = ap.parse_args()
    score = load_score(args.bench)
    pages = article_pages(args.bench / "dev")
    config = Config()
    systems: dict[str, Callable[[str], dict[str, str | None]]] = {
        "decruft clean_html": lambda html: decruft_meta(html, config),
        "trafilatura extract_metadata": trafilatura_meta,
    }
    sums: dict[str, dict[str, list[float]]] = {name: {f: [] for f in FIELDS} for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    misses = []
    for page_id, html, truth in pages:
        for name, extract in systems.items():
            start = time.perf_counter()
            pred = extract(html)
            seconds[name] += time.perf_counter() - start
            scored = score.score_meta(pred, truth)
            for field in FIELDS:
                if scored[field] is not None:
                    sums[name][field].append(scored[field])
            missed = args.misses and scored[f"{args.misses}_exact"] == 0.0
            if missed and name.startswith("decruft"):
                misses.append((page_id, truth[args.misses], pred[args.misses]))
    counts = {field: len(sums["decruft clean_html"][field]) for field in FIELDS}
    print(f"\nmetadata, the {len(pages)} dev article pages with a metadata truth (score.py)")
    header = "".join(f"{f'{field} ({counts[field]})':>20}" for field in FIELDS)
    print(f"{'system':<30}{header}{'ms/page':>10}")
    for name, by_field in sums.items():
        cells = "".join(f"{sum(v) / len(v) if v else 0:>20.3f}" for v in by_field.values())
        print(f"{name:<30}{cells}{1000 * seconds[name] / max(len(pages), 1):>10.1f}")
    for page_id, want, got in misses:
        print(f"{page_id}\n  truth: {want}\n  ours:  {got}")


if __name__ == "__main__":
    main()
