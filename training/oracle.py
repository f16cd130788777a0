"""How good are the block labels? Score 'keep exactly the positive blocks' with score.py.

    python training/oracle.py [--bench ../shared/bench]

This is the ceiling of line selection under our labels (dev articles).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from dataset import load_dev

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", args.bench / "score.py")
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    docs = []
    for e in load_dev(args.bench / "dev"):
        if e.page_type == "article":
            kept = [t for t, y in zip(e.texts, e.labels, strict=True) if y]
            docs.append(score.score_doc("\n".join(kept), e.truth))
    agg = score.aggregate(docs)
    print({k: round(v, 4) for k, v in agg.items() if isinstance(v, float)})


if __name__ == "__main__":
    main()
