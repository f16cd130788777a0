"""How well the models generalize: plain k-fold CV beside leave-one-source-out CV.

    python bench/cv.py [--bench ../shared/bench] [--model html|text|both] [--reuse]

The dev benchmark comes from two sources (the scrapinghub article benchmark and WCXB). Plain
5-fold CV holds out pages, but the training folds still hold pages of the same sources, sites
and scrapers; leave-one-source-out CV trains on one source and scores the other, which is
closer to what a page from elsewhere meets. Both run ``training/train.py --cv-only`` (the
real pipeline cleans every held-out page) in this run, and the tables put them side by side:
overall, per source, per page type, per language and for titles. The gap between the two
columns is what the model owes to having seen the source.

``--reuse`` reads the reports a previous run left in bench-out/ instead of training again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from decruft.config import Config

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-out" / "cv"
FOLDS = ("random", "source")
NAME_WIDTH = 26
COL_WIDTH = 12


def run_cv(bench: Path, model: str, folds: str, reuse: bool) -> dict[str, Any]:
    """train.py's CV report for this model and kind of folds (run now unless ``reuse``)."""
    report = OUT / f"{model}-{folds}.json"
    if not (reuse and report.exists()):
        OUT.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(ROOT / "training" / "train.py"), "--cv-only"]
        cmd += ["--html"] if model == "html" else []
        cmd += ["--folds", folds, "--bench", str(bench), "--report", str(report)]
        done = subprocess.run(cmd)
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return result


def _cells(values: list[float | None]) -> str:
    return "".join(
        f"{v:>{COL_WIDTH}.3f}" if v is not None else f"{'-':>{COL_WIDTH}}" for v in values
    )


def _table(title: str, rows: dict[str, list[float | None]]) -> None:
    print(f"\n{title}")
    heads = ("plain CV", "by source", "gap")
    print(f"{'':<{NAME_WIDTH}}" + "".join(f"{h:>{COL_WIDTH}}" for h in heads))
    for name, (plain, loso) in ((k, v) for k, v in rows.items()):
        gap = plain - loso if plain is not None and loso is not None else None
        print(f"{name:<{NAME_WIDTH}}" + _cells([plain, loso, gap]))


def _get(report: dict[str, Any], *keys: str) -> float | None:
    value: Any = report
    for k in keys:
        if not isinstance(value, dict) or k not in value:
            return None
        value = value[k]
    return float(value) if isinstance(value, int | float) else None


def compare(model: str, reports: dict[str, dict[str, Any]]) -> None:
    thr = str(Config().thresholds(html=model == "html")[0])
    plain, loso = reports["random"][thr], reports["source"][thr]
    print(f"\n=== {model} model, keep threshold {thr}: token F1 (articles unless said) ===")
    rows: dict[str, list[float | None]] = {
        "all articles": [_get(plain, "all", "f1"), _get(loso, "all", "f1")],
        "  precision": [_get(plain, "all", "precision"), _get(loso, "all", "precision")],
        "  recall": [_get(plain, "all", "recall"), _get(loso, "all", "recall")],
        "  dupX": [_get(plain, "all", "dup_excess_rate"), _get(loso, "all", "dup_excess_rate")],
    }
    for source in sorted(set(plain["by_source"]) | set(loso["by_source"])):
        n = (plain["by_source"].get(source) or loso["by_source"][source])["n"]
        rows[f"{source} ({n})"] = [
            _get(plain, "by_source", source, "f1"),
            _get(loso, "by_source", source, "f1"),
        ]
    _table("overall and per source (held out whole in the second column)", rows)
    types = sorted(plain["by_page_type"])
    _table(
        "per page type (all pages of the type)",
        {
            f"{t} ({plain['by_page_type'][t]['n']})": [
                _get(plain, "by_page_type", t, "f1"),
                _get(loso, "by_page_type", t, "f1"),
            ]
            for t in types
        },
    )
    langs = sorted(plain.get("by_lang", {}), key=lambda k: -plain["by_lang"][k]["n"])
    _table(
        "per manifest language (all pages; '?' = none given)",
        {
            f"{lang} ({plain['by_lang'][lang]['n']})": [
                _get(plain, "by_lang", lang, "f1"),
                _get(loso, "by_lang", lang, "f1"),
            ]
            for lang in langs
        },
    )
    _table(
        "metadata on articles",
        {
            field: [_get(plain, "meta", field), _get(loso, "meta", field)]
            for field in ("title_exact", "title_f1", "author_exact", "date_exact")
        },
    )
    pt = reports["source"].get("page_types", {})
    if pt:
        print(
            f"\npage types, leave-one-source-out: accuracy {pt['page_type_accuracy']:.3f} over "
            f"{pt['pages']} pages (a source of articles alone cannot teach page types, so only "
            "the pages of a source held out from a model that saw several types are scored)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--model", choices=("html", "text", "both"), default="html")
    ap.add_argument("--reuse", action="store_true", help="read bench-out/cv/ reports if there")
    args = ap.parse_args()
    models = ("html", "text") if args.model == "both" else (args.model,)
    for model in models:
        reports = {folds: run_cv(args.bench, model, folds, args.reuse) for folds in FOLDS}
        compare(model, reports)


if __name__ == "__main__":
    main()
