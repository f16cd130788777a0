"""HTML metadata on the dev article pages: decruft's ``clean_html`` beside trafilatura's
``extract_metadata``, both given the page's HTML in the same run.

    python bench/metadata.py [--bench ../shared/bench] [--misses FIELD] [--all-types]
                             [--h1 keep|drop|site]

Both are scored with score.py's own ``score_meta`` (so its normalisation: NFKC, casefold,
punctuation dropped; a leading "by" and "and"/"&" ignored in authors; YYYY-MM-DD dates),
over the article pages whose truth has the field. Neither is given the page's URL: the CLI
does not know it for .html(.gz) files either, so both read what the page itself says.
``--misses title`` (or author, date) lists decruft's misses with the truth. ms/page is
the whole ``clean_html`` for decruft (text cleaning included), metadata only for trafilatura.
``--all-types`` scores every dev page with HTML and a metadata truth (forums, products,
listings, ... beside the articles) and adds a table of title exact per page type: a title
rule tuned on articles shows its cost there. ``--h1 drop`` removes every ``<h1>`` from the
pages and ``--h1 site`` puts the site's name (its host's main label) in their place, as on
pages whose logo is the only ``<h1>``: both systems get the same altered HTML.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import decruft
from decruft.config import Config

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("title_exact", "title_f1", "author_exact", "date_exact")
_H1 = re.compile(r"<h1\b[^>]*>.*?</h1\s*>", re.IGNORECASE | re.DOTALL)
_HOST = re.compile(r"^(?:https?://)?(?:www\.)?([^/.:]+)")


def alter_h1(html: str, how: str, url: str | None) -> str:
    """``html`` with its ``<h1>`` elements kept, dropped, or holding the site's name."""
    if how == "keep":
        return html
    if how == "drop":
        return _H1.sub("", html)
    host = _HOST.match(url or "")
    site = host.group(1).capitalize() if host else "Home"
    return _H1.sub(f"<h1>{site}</h1>", html)


def load_score(bench: Path) -> ModuleType:
    """The benchmark's own scorer, imported from its file."""
    spec = importlib.util.spec_from_file_location("score", bench / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {bench}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_pages(
    dev: Path, all_types: bool = False, h1: str = "keep"
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(id, page type, html, metadata truth) of the pages that have HTML and a meta truth:
    the articles, or with ``all_types`` every page type; their ``<h1>`` as ``alter_h1``."""
    pages = []
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        html_path = dev / f"{row.get('id')}.html.gz"
        meta_path = dev / f"{row.get('id')}.meta.json"
        page_type = str(row.get("page_type"))
        wanted = all_types or page_type == "article"
        if wanted and html_path.exists() and meta_path.exists():
            html = gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace")
            html = alter_h1(html, h1, row.get("url"))
            pages.append((row["id"], page_type, html, json.loads(meta_path.read_text("utf-8"))))
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


def print_title_types(titles: dict[tuple[str, str], list[float]], systems: list[str]) -> None:
    """Title exact per page type, one column per system."""
    types = sorted({page_type for _, page_type in titles})
    print(f"\ntitle exact by page type\n{'page type':<16}{'n':>5}", end="")
    print("".join(f"{name.split()[0]:>14}" for name in systems))
    for page_type in types:
        n = len(titles.get((systems[0], page_type), []))
        cells = "".join(
            f"{sum(v) / len(v) if (v := titles.get((name, page_type))) else 0:>14.3f}"
            for name in systems
        )
        print(f"{page_type:<16}{n:>5}{cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--misses", choices=("title", "author", "date"))
    ap.add_argument("--all-types", action="store_true", help="every page type, not articles only")
    ap.add_argument("--h1", choices=("keep", "drop", "site"), default="keep")
    args = ap.parse_args()
    score = load_score(args.bench)
    pages = dev_pages(args.bench / "dev", args.all_types, args.h1)
    config = Config()
    systems: dict[str, Callable[[str], dict[str, str | None]]] = {
        "decruft clean_html": lambda html: decruft_meta(html, config),
        "trafilatura extract_metadata": trafilatura_meta,
    }
    sums: dict[str, dict[str, list[float]]] = {name: {f: [] for f in FIELDS} for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    misses = []
    titles: dict[tuple[str, str], list[float]] = {}
    for page_id, page_type, html, truth in pages:
        for name, extract in systems.items():
            start = time.perf_counter()
            pred = extract(html)
            seconds[name] += time.perf_counter() - start
            scored = score.score_meta(pred, truth)
            for field in FIELDS:
                if scored[field] is not None:
                    sums[name][field].append(scored[field])
            if scored["title_exact"] is not None:
                titles.setdefault((name, page_type), []).append(scored["title_exact"])
            missed = args.misses and scored[f"{args.misses}_exact"] == 0.0
            if missed and name.startswith("decruft"):
                misses.append((page_id, truth[args.misses], pred[args.misses]))
    counts = {field: len(sums["decruft clean_html"][field]) for field in FIELDS}
    kind = "" if args.all_types else " article"
    altered = "" if args.h1 == "keep" else f", <h1> {args.h1}"
    print(f"\nmetadata, the {len(pages)} dev{kind} pages with a metadata truth (score.py){altered}")
    header = "".join(f"{f'{field} ({counts[field]})':>20}" for field in FIELDS)
    print(f"{'system':<30}{header}{'ms/page':>10}")
    for name, by_field in sums.items():
        cells = "".join(f"{sum(v) / len(v) if v else 0:>20.3f}" for v in by_field.values())
        print(f"{name:<30}{cells}{1000 * seconds[name] / max(len(pages), 1):>10.1f}")
    if args.all_types:
        print_title_types(titles, list(systems))
    for page_id, want, got in misses:
        print(f"{page_id}\n  truth: {want}\n  ours:  {got}")


if __name__ == "__main__":
    main()
