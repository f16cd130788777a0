"""Train the headline picker (``page/metadata/headline.py``) and report its 5-fold CV title
accuracy.

    python training/train_title.py [--bench ../shared/bench]

Pages: the dev pages whose ``<id>.meta.json`` has a title (WCXB), cleaned by the shipped
block model (so kept masks and scores are in-sample for that model — slightly cleaner than
on unseen pages). Label: the candidate block whose normalised text equals the truth title.
CV: 5 folds by page; a page counts as right when the picked block equals the title.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from boost import train_forest
from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.model import RawRecord
from decruft.page.classifier import shipped_scorer
from decruft.page.features import page_features
from decruft.page.metadata import headline as T
from decruft.page.metadata.text import find_title
from decruft.page.textarrays import page_arrays
from decruft.pipeline import clean_records
from decruft.segment.blocks import feature_texts

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {"depth": 4, "iterations": 300, "learning_rate": 0.05}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in s).split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    args = ap.parse_args()
    dev = args.bench / "dev"
    titles = {}
    for path in dev.glob("*.meta.json"):
        t = json.loads(path.read_text())["title"]
        if t:
            titles[path.name[: -len(".meta.json")]] = norm(t)
    records = [r for r in read_inputs([dev]) if isinstance(r, RawRecord) and r.id in titles]
    data = []
    heuristic = 0
    heuristic_right: dict[str, bool] = {}
    combined = 0
    lexicon = shipped_scorer().lexicon
    # the picker being trained (or an older one with other features) takes no part in
    # cleaning its own training pages: the heuristic stands in
    T._model = lambda: None  # type: ignore[assignment]
    # keep_headline off: the title model must not shape its own training pages
    for page in clean_records(records, Config(keep_headline=False)):
        kept = page.kept_mask
        h = find_title(page.blocks, kept)
        h_right = h is not None and norm(page.blocks[h].text) == titles[page.id]
        heuristic += h_right
        heuristic_right[page.id] = h_right
        mask = np.asarray(kept, dtype=bool)
        cands = T.candidates(page.blocks, mask)
        if not cands:
            data.append((page.id, np.zeros((0, T.N_FEATURES)), np.zeros(0)))
            continue
        texts = feature_texts(page.blocks)
        feats = page_features(texts, lexicon, page_arrays(texts))
        X = T.candidate_features(mask, np.asarray(page.scores), cands, feats)
        y = np.array([norm(page.blocks[i].text) == titles[page.id] for i in cands], float)
        data.append((page.id, X, y))
    fold = [zlib.crc32(pid.encode()) % 5 for pid, _, _ in data]
    right = 0
    reachable = sum(1 for _, _, y in data if y.any())
    for k in range(5):
        tr = [d for d, f in zip(data, fold, strict=True) if f != k and len(d[2])]
        model = train_forest(PARAMS, [d[1] for d in tr], [d[2] for d in tr])
        for (pid, X, y), f in zip(data, fold, strict=True):
            if f != k:
                continue
            if not len(y):
                combined += heuristic_right[pid]
                continue
            p = model.predict(X)
            best = int(np.argmax(p))
            right += bool(p[best] >= T.MIN_PROBABILITY and y[best])
            sure = p[best] >= T.MIN_PROBABILITY
            combined += bool(y[best]) if sure else heuristic_right[pid]
    print(
        f"{len(data)} pages with a title; the title is a candidate on {reachable}; 5-fold CV "
        f"title exact: picker {right / len(data):.3f}, heuristic {heuristic / len(data):.3f}, "
        f"picker else heuristic {combined / len(data):.3f}"
    )
    tr = [d for d in data if len(d[2])]
    model = train_forest(PARAMS, [d[1] for d in tr], [d[2] for d in tr])
    out = ROOT / "src" / "decruft" / "data" / "model" / "title.npz"
    model.save(out)
    print(f"written {out}")


if __name__ == "__main__":
    sys.exit(main())
