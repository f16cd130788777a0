"""Accuracy on the dev benchmark, scored by ../shared/bench/score.py, beside the peers.

    python bench/accuracy.py [--bench ../shared/bench] [--skip-cv] [--skip-peers]

- decruft, 5-fold cross-validated: ``training/train.py --cv-only`` re-learns the model on four
  folds and cleans the fifth with the real pipeline, for every fold (the honest number: the
  shipped model was trained on all of dev, so its dev score is in-sample);
- decruft with the shipped model (in-sample, for reference only);
- trafilatura and jusText given the same text (each line wrapped as <p>), same run.
Text metrics over the 420 articles, per page type, and metadata (title/author/date).
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
from pathlib import Path

from decruft.cli import run_clean
from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.model import RawRecord

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-out"
COLUMNS = ("f1", "precision", "recall", "dup_excess_rate", "sh_f1", "doc_exact")


def score(bench: Path, pred: Path) -> dict:
    cmd = [
        sys.executable,
        str(bench / "score.py"),
        "--truth",
        str(bench / "dev"),
        "--pred",
        str(pred),
        "--json",
    ]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def peers(bench: Path) -> dict[str, Path]:
    import justext
    import trafilatura

    stoplist = justext.get_stoplist("English")
    outs = {
        "trafilatura on text": OUT / "trafilatura-text",
        "jusText on text": OUT / "justext-text",
    }
    for path in outs.values():
        path.mkdir(parents=True, exist_ok=True)
    for rec in read_inputs([bench / "dev"]):
        if not isinstance(rec, RawRecord):
            continue
        lines = [ln for ln in rec.body.splitlines() if ln.strip()]
        doc = (
            "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>"
        )
        traf = trafilatura.extract(doc) or "" if lines else ""
        (outs["trafilatura on text"] / f"{rec.id}.txt").write_text(traf, "utf-8")
        jt = (
            "\n".join(p.text for p in justext.justext(doc, stoplist) if not p.is_boilerplate)
            if lines
            else ""
        )
        (outs["jusText on text"] / f"{rec.id}.txt").write_text(jt, "utf-8")
    return outs


def row(name: str, result: dict) -> str:
    a = result["all"]
    return f"{name:<34}" + "".join(f"{a[c]:>9.3f}" for c in COLUMNS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--skip-cv", action="store_true", help="reuse bench-out/cv_report.json")
    ap.add_argument("--skip-peers", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    report = OUT / "cv_report.json"
    if not args.skip_cv or not report.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "training" / "train.py"),
                "--cv-only",
                "--bench",
                str(args.bench),
                "--report",
                str(report),
            ],
            check=True,
        )
    cv = json.loads(report.read_text())
    best_thr = str(Config().keep_threshold)
    results: dict[str, dict] = {f"decruft 5-fold CV (thr {best_thr})": cv[best_thr]}
    run_clean([args.bench / "dev"], OUT / "decruft-text", Config(), ["txt"])
    results["decruft shipped model (in-sample)"] = score(args.bench, OUT / "decruft-text" / "txt")
    if not args.skip_peers:
        for name, path in peers(args.bench).items():
            results[name] = score(args.bench, path)
    print(f"\ndev articles ({cv[best_thr]['all']['n']}), scored by score.py")
    print(f"{'system':<34}" + "".join(f"{c[:8]:>9}" for c in COLUMNS))
    for name, res in results.items():
        print(row(name, res))
    print("\nCV threshold sweep (articles):")
    for thr, res in sorted(cv.items()):
        print(row(f"  decruft CV thr {thr}", res))
    print("\nper page type, token F1 (CV for decruft):")
    types = sorted(cv[best_thr]["by_page_type"])
    print(f"{'system':<34}" + "".join(f"{t[:9]:>11}" for t in types))
    for name, res in results.items():
        bt = res["by_page_type"]
        print(f"{name:<34}" + "".join(f"{bt[t]['f1']:>11.3f}" for t in types))
    meta = cv[best_thr].get("meta", {})
    if meta:
        print("\nmetadata on dev articles (CV):", json.dumps(meta.get("all", meta)))


if __name__ == "__main__":
    main()
