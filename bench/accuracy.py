"""Accuracy on the dev benchmark, scored by ../shared/bench/score.py, beside the peers.

    python bench/accuracy.py [--bench ../shared/bench] [--cv] [--skip-peers]

- decruft, 5-fold cross-validated: ``training/train.py --cv-only`` re-learns the model on four
  folds and cleans the fifth with the real pipeline, for every fold (the honest number: the
  shipped model was trained on all of dev, so its dev score is in-sample). The CV also cleans
  the same pages as two other scrapers would give them (``training/scrapers.py``);
- decruft with the shipped model (in-sample, for reference only);
- trafilatura and jusText given the same text (each line wrapped as <p>), same run, on the
  dev records and on the other scrapers' records.
Text metrics over the 420 articles, per page type, metadata (title/author/date), page types.
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.model import RawRecord
from decruft.run.passes import run_clean

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "training"))
from scoring import score_dir  # noqa: E402

OUT = ROOT / "bench-out"
COLUMNS = ("f1", "precision", "recall", "dup_excess_rate", "sh_f1", "doc_exact")


def _as_html(body: str) -> str:
    paras = "".join(f"<p>{html.escape(ln)}</p>" for ln in body.splitlines() if ln.strip())
    return f"<html><body>{paras}</body></html>"


def record_sets(bench: Path) -> dict[str, list[RawRecord]]:
    """The dev records, and the same pages as three other scrapers give them."""
    from scrapers import block_text, inline_lines, read_html, run_on_text

    dev = [r for r in read_inputs([bench / "dev"]) if isinstance(r, RawRecord)]
    sets = {"dev records": dev}
    makers = (
        ("inline-break records", inline_lines),
        ("block-text records", block_text),
        ("run-on records", run_on_text),
    )
    for name, make in makers:
        sets[name] = [
            RawRecord(r.id, r.source, make(read_html(bench / "dev" / f"{r.id}.html.gz")))
            for r in dev
            if (bench / "dev" / f"{r.id}.html.gz").exists()
        ]
    return sets


def run_peers(bench: Path, records: list[RawRecord], tag: str) -> dict[str, dict[str, Any]]:
    import justext
    import trafilatura

    stoplist = justext.get_stoplist("English")

    def traf(doc: str) -> str:
        return trafilatura.extract(doc) or ""

    def jt(doc: str) -> str:
        return "\n".join(p.text for p in justext.justext(doc, stoplist) if not p.is_boilerplate)

    peers: dict[str, Callable[[str], str]] = {"trafilatura": traf, "jusText": jt}
    results = {}
    for name, extract in peers.items():
        out = OUT / f"{name}-{tag.split()[0]}"
        out.mkdir(parents=True, exist_ok=True)
        for rec in records:
            text = extract(_as_html(rec.body)) if rec.body.strip() else ""
            (out / f"{rec.id}.txt").write_text(text, "utf-8")
        results[f"{name} on {tag}"] = score_dir(bench, out)
    return results


def row(name: str, result: dict[str, Any]) -> str:
    a = result["all"]
    return f"{name:<44}" + "".join(f"{a[c]:>9.3f}" for c in COLUMNS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument(
        "--cv",
        action="store_true",
        help="re-run the 5-fold CV now (~40 min) instead of reading training/cv_report.json, "
        "which training/train.py wrote when it trained the shipped model",
    )
    ap.add_argument("--skip-peers", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    report = ROOT / "training" / "cv_report.json"
    if args.cv:
        report = OUT / "cv_report.json"
        train = ROOT / "training" / "train.py"
        cmd = [sys.executable, str(train), "--cv-only", "--bench", str(args.bench)]
        subprocess.run([*cmd, "--report", str(report)], check=True)
    cv = json.loads(report.read_text())
    thr = str(Config().thresholds(html=False)[0])
    results: dict[str, dict[str, Any]] = {f"decruft 5-fold CV, dev records (thr {thr})": cv[thr]}
    for kind in ("inline", "block", "runon"):
        if f"variant-{kind}" in cv:
            results[f"decruft 5-fold CV, {kind} records"] = cv[f"variant-{kind}"]
    run_clean([args.bench / "dev"], OUT / "decruft-text", Config(), ["txt"])
    results["decruft shipped model (in-sample)"] = score_dir(
        args.bench, OUT / "decruft-text" / "txt"
    )
    if not args.skip_peers:
        for tag, records in record_sets(args.bench).items():
            results.update(run_peers(args.bench, records, tag))

    print(f"\ndev articles ({cv[thr]['all']['n']}), scored by score.py")
    print(f"{'system':<44}" + "".join(f"{c[:8]:>9}" for c in COLUMNS))
    for name, res in results.items():
        print(row(name, res))
    print("\nCV threshold sweep (dev records, articles):")
    for t in sorted(k for k in cv if k.replace(".", "").isdigit()):
        print(row(f"  decruft CV thr {t}", cv[t]))
    print("\nper page type, token F1 (dev records; CV for decruft):")
    types = sorted(cv[thr]["by_page_type"])
    print(f"{'system':<44}" + "".join(f"{t[:9]:>11}" for t in types))
    for name, res in results.items():
        if any(k in name for k in ("inline", "block", "run-on", "runon")):
            continue
        bt = res["by_page_type"]
        print(f"{name:<44}" + "".join(f"{bt[t]['f1']:>11.3f}" for t in types))
    if "meta" in cv[thr]:
        print("\nmetadata on dev articles (CV):", json.dumps(cv[thr]["meta"]))
    if "page_types" in cv:
        pt = cv["page_types"]
        print(
            f"\npage types (CV): accuracy {pt['page_type_accuracy']:.3f}, "
            f"article vs other {pt['article_vs_other_accuracy']:.3f}"
        )


if __name__ == "__main__":
    main()
