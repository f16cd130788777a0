"""Train decruft's block scorer on the dev benchmark and report 5-fold cross-validated scores.

    python training/train.py [--bench ../shared/bench] [--cv-only | --no-cv]

What it does:
- labels every block of every dev page from ``<id>.truth.txt`` (``dataset.py``);
- ``fit``: learns the word lexicon, trains stage 1 (block features) and stage 2 (stacked over
  stage-1 scores). Stage 2 learns from *out-of-fold* stage-1 scores and stage 1 from
  out-of-fold lexicon features, so neither sees scores better than they will be at run time;
- cross-validation: 5 folds grouped by page; for each fold the whole ``fit`` runs on the
  other four and the real pipeline (``decruft.pipeline.clean_batch``) cleans the held-out
  pages; ``score.py`` scores the pooled predictions. No dev page is ever scored by a model
  that saw it;
- the page-type model (article/forum/product/...) is cross-validated on page features taken
  from the out-of-fold cleaning above, then fit on all of them;
- writes the final models (fit on all dev pages) to ``src/decruft/data/model/``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from boost import train_forest
from dataset import HTML_VARIANTS, Example, html_examples, load_dev, variant_examples
from decruft.config import Config
from decruft.io.writers import TXT_DIR, TxtWriter
from decruft.model import Page
from decruft.page.classifier import (
    CLASS_LEXICON_FILE,
    BlockScorer,
    save_sparse_lexicon,
    stage2_features,
)
from decruft.page.features import page_features
from decruft.page.forest import Forest
from decruft.page.pagetype import PAGE_TYPES, html_page_type_features, page_type_features
from decruft.page.textarrays import page_arrays
from decruft.pipeline import clean_batch, discussion_rows, with_dom_features
from decruft.segment.blocks import FEATURE_MAX_BLOCK_CHARS, feature_texts
from lexicon import learn_class_lexicon, learn_lexicon
from scoring import score_dir, truth_subset

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "src" / "decruft" / "data" / "model"
FOLDS = 5
# Inside one fit, stage 2 learns from out-of-fold stage-1 scores over this many inner folds
# (3, not 5: each inner fold costs one stage-1 training, the slowest step).
INNER_FOLDS = 3
# Other scrapers' line breaks (training/scrapers.py): evaluated, and used to augment training.
VARIANTS = ("inline", "block", "runon")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
# The CV's out-of-fold block scores of every held-out page, saved beside its predictions.
OOF_SCORES_FILE = "oof_scores.npz"
# The text CV also scores these (keep, join) pairs, for comparison in the same run: keep .5
# without the join (the rule before hysteresis) and the first join pair (keep .6, join .4).
COMPARE_PAIRS = ((0.5, None), (0.6, 0.4))
# CatBoost settings (oblivious trees; see training/boost.py). Stage 1 has the capacity for
# 85 features and a lexicon; stage 2 sees 21 smooth features and overfits when deeper.
# Half-sampled rows per tree and 128 borders per feature train ~2x faster than CatBoost's
# defaults at the same cross-validated F1 (training/experiment.py).
# Stage-1 settings. On training/experiment.py-style cross-fits of the text model (2026-11-26,
# article F1 at threshold .5) depth 8 (.915) beat depth 6 (.905) and depth 10 (.911), and 1000
# iterations at learning rate .1 (.913) overfit.
STAGE1 = {
    "depth": 8,
    "iterations": 500,
    "learning_rate": 0.15,
    "border_count": 128,
    "bootstrap_type": "Bernoulli",
    "subsample": 0.5,
}
STAGE2 = {"depth": 6, "iterations": 200, "learning_rate": 0.1, "border_count": 128}
# Training weight of a non-article page's blocks against an article's. Other page types
# are labelled by other rules (a forum's comments are its content, an article's are not),
# so at full weight they pull the article model their way; at this weight they still
# teach what navigation and footers look like (training/experiment.py --other-weight:
# article F1 .9098 at 1.0, .9125 at 0.3, .9124 at 0.1).
OTHER_PAGE_WEIGHT = 0.3
# The HTML model's pages weigh their blocks, not sqrt(blocks x mean blocks) as the text
# model's do (block_weights): its 5-fold CV fell from .9379 to .9338 with the sqrt weight.
SQRT_PAGE_WEIGHT_HTML = False
# The HTML model's stage 1 is the mean of its inner folds' models (``fit(bag=True)``): 5-fold
# CV on the 419 dev articles with HTML, F1 .9404 -> .9419 (P .9435 -> .9412, dupX .0036 ->
# .0040), for 3x (INNER_FOLDS) the stage-1 trees: a few % of an HTML page's time, which
# parsing dominates. Not the text model's: 3x its stage-1 trees made text pages 24% slower
# (same process, alternating; the scale bar wants them faster), and its three forests need
# more than MAX_BORDERS borders per feature together (Forest.mean_of refuses).
BAG_STAGE1_HTML = True
# The text model reads the discussion features in stage 1 and them and the topic features
# in stage 2 (``page/discussion.py``, ``page/topic.py``): nested 5-fold CV at keep .6, join
# .4, F1 .9162 -> .9199 and P .9163 -> .9205 (2026-11-26).
DISCUSSION_TEXT = True
# Lexicon entries closer to 0 than this are not shipped (they barely move a block's score).
LEXICON_MIN_ABS = 0.25
# The learned lexicons (word and class/id name log-odds); training/train.py --no-lexicon /
# --no-class-lexicon turn one off to measure what it gives (leave-one-source-out above all).
USE_WORD_LEXICON = True
USE_CLASS_LEXICON = True
PAGETYPE = {
    "loss_function": "MultiClass",
    "class_names": list(range(len(PAGE_TYPES))),
    "depth": 4,
    "iterations": 300,
    "learning_rate": 0.05,
}


def fold_of(page_id: str, salt: str = "", folds: int = FOLDS) -> int:
    return zlib.crc32((salt + page_id).encode()) % folds


# Leave-one-source-out CV holds out one benchmark source at a time. A source with fewer pages
# than this (the hand-made seed record) is held out with the smallest larger source: its
# pages are still scored only by models that saw none of its kind.
LOSO_MIN_PAGES = 20


def random_folds(examples: list[Example]) -> dict[str, int]:
    """Plain k-fold CV: FOLDS folds grouped by page."""
    return {e.id: fold_of(e.id) for e in examples}


def source_folds(examples: list[Example]) -> dict[str, int]:
    """Leave-one-source-out CV: a fold per benchmark source (see LOSO_MIN_PAGES)."""
    sizes = Counter(e.source for e in examples)
    big = sorted((s for s in sizes if sizes[s] >= LOSO_MIN_PAGES), key=lambda s: (sizes[s], s))
    if len(big) < 2:
        raise SystemExit(f"leave-one-source-out needs two sources of {LOSO_MIN_PAGES}+ pages")
    index = {s: i for i, s in enumerate(big)}
    return {e.id: index.get(e.source, 0) for e in examples}


def block_weights(texts: list[str], mean_blocks: float | None) -> np.ndarray:
    """Training weight of each block: sqrt of its words, normalised so every page weighs
    sqrt(its blocks x the mean blocks per page) (``mean_blocks`` None: its blocks).

    Token F1 counts words, so long blocks matter more — but not linearly, or a page's short
    headings and list items would not count at all. The score is a mean over pages, so a
    page of 900 blocks should not weigh 30 times one of 30 (as it would at its number of
    blocks); weighing every page alike overweighs the few blocks of small pages
    (training/experiment.py --other-weight 0.3 --page-norm: article F1 .9125 at blocks,
    .9165 at sqrt, .9136 at equal). The HTML model is the exception (SQRT_PAGE_WEIGHT_HTML).
    """
    w = np.sqrt(np.array([t.count(" ") + 1 for t in texts], dtype=np.float64))
    size = len(w) if mean_blocks is None else np.sqrt(len(w) * mean_blocks)
    return w / w.sum() * size


def page_weight(e: Example) -> float:
    """Articles count fully, other page types OTHER_PAGE_WEIGHT (see there)."""
    return 1.0 if e.page_type == "article" else OTHER_PAGE_WEIGHT


def block_features(
    e: Example, lexicon: np.ndarray, class_lexicon: np.ndarray | None = None
) -> np.ndarray:
    """Stage-1 features of a page as the pipeline builds them: text features, then the DOM
    features and class-name features when the page came from HTML, else (DISCUSSION_TEXT)
    the discussion features."""
    texts = feature_texts_of(e.texts)
    arrays = page_arrays(texts)
    if e.dom is None and DISCUSSION_TEXT:
        return discussion_rows(texts, lexicon, arrays)
    return with_dom_features(page_features(texts, lexicon, arrays), e.dom, e.tree, class_lexicon)


def class_lexicon_of(examples: list[Example]) -> np.ndarray | None:
    """The class lexicon learned from these pages' HTML (None for text pages, or without
    USE_CLASS_LEXICON)."""
    pages = [(e.tree, e.texts, e.labels) for e in examples if e.tree is not None]
    return learn_class_lexicon(pages) if pages and USE_CLASS_LEXICON else None


def lexicon_of(examples: list[Example]) -> np.ndarray:
    """The word lexicon learned from these pages (all neutral without USE_WORD_LEXICON)."""
    lexicon = learn_lexicon([(e.texts, e.labels) for e in examples])
    return lexicon if USE_WORD_LEXICON else np.zeros_like(lexicon)


def feature_texts_of(texts: list[str]) -> list[str]:
    return [t[:FEATURE_MAX_BLOCK_CHARS] for t in texts]


def fit(examples: list[Example], bag: bool = False) -> BlockScorer:
    """Lexicon + stage 1 + stage 2 on these pages, with inner out-of-fold stacking.

    ``bag``: stage 1 is the mean of the inner folds' models (whose out-of-fold scores
    stage 2 learns from) instead of one more model fit on all the pages, so stage 2 reads
    at run time scores made as those it was trained on."""
    inner = [fold_of(e.id, salt="inner", folds=INNER_FOLDS) for e in examples]
    labels = [np.asarray(e.labels, dtype=np.float32) for e in examples]
    html = any(e.dom is not None for e in examples)
    mean_blocks = (
        None
        if html and not SQRT_PAGE_WEIGHT_HTML
        else float(np.mean([len(e.texts) for e in examples]))
    )
    weights = [block_weights(e.texts, mean_blocks) * page_weight(e) for e in examples]
    X: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for j in range(INNER_FOLDS):
        others = [e for e, f in zip(examples, inner, strict=True) if f != j]
        lex = lexicon_of(others)
        clex = class_lexicon_of(others)
        for i, e in enumerate(examples):
            if inner[i] == j:
                X[i] = block_features(e, lex, clex)
    p1: list[np.ndarray] = [np.zeros(0)] * len(examples)
    inner_models = []
    for j in range(INNER_FOLDS):
        tr = [i for i in range(len(examples)) if inner[i] != j]
        model = train_forest(
            STAGE1, [X[i] for i in tr], [labels[i] for i in tr], [weights[i] for i in tr]
        )
        inner_models.append(model)
        for i in range(len(examples)):
            if inner[i] == j:
                p1[i] = model.predict(X[i])
    stage1 = Forest.mean_of(inner_models) if bag else train_forest(STAGE1, X, labels, weights)
    lengths = [np.array([len(t) for t in e.texts], dtype=np.int64) for e in examples]
    S = [
        stage2_rows(e, p, ln, x, html) for e, p, ln, x in zip(examples, p1, lengths, X, strict=True)
    ]
    stage2 = train_forest(STAGE2, S, labels, weights)
    lexicon = lexicon_of(examples)
    return BlockScorer(stage1, stage2, lexicon, class_lexicon_of(examples))


def stage2_rows(
    e: Example, p1: np.ndarray, lengths: np.ndarray, x: np.ndarray, html: bool
) -> np.ndarray:
    """Stage-2 rows of a page as the pipeline builds them (``BlockScorer.score``): with the
    container features for an HTML model, with the discussion and topic features for a text
    model (DISCUSSION_TEXT); ``x``: its stage-1 rows."""
    if html or not DISCUSSION_TEXT:
        return stage2_features(p1, lengths, html, e.tree)
    return stage2_features(p1, lengths, False, None, x, page_arrays(feature_texts_of(e.texts)))


def page_type_row(page: Page) -> np.ndarray:
    """Page-type features of a cleaned page (as the pipeline computes them)."""
    kept = np.asarray(page.kept_mask, dtype=bool)
    texts = feature_texts(page.blocks)
    return page_type_features(page.blocks, kept, np.asarray(page.scores), page_arrays(texts))


def cross_validate(
    examples: list[Example],
    bench: Path,
    variants: dict[str, list[Example]],
    augment: bool,
    html: bool = False,
    bag: bool = False,
    folds: dict[str, int] | None = None,
) -> tuple[dict, dict[str, np.ndarray]]:
    """Score every fold's held-out pages; also return their page-type features (honest).

    ``folds``: each page's fold (default ``random_folds``; ``source_folds`` for
    leave-one-source-out).
    ``variants``: the same pages as other scrapers give them; the held-out fold's variant
    records are cleaned and scored too, and with ``augment`` the training folds' variants
    join the training data. ``html``: the examples are HTML pages and each fold's model is
    the HTML model (DOM features too)."""
    tmp = Path(tempfile.mkdtemp(prefix="decruft-cv-"))
    # each prediction's txt files, as a run's merger writes them: <folder>/txt/<id>.txt
    writers = {t: TxtWriter(tmp / f"thr{t}" / TXT_DIR) for t in THRESHOLDS}
    compare = {
        f"pair-{keep}-{join}": Config(keep_threshold=keep, join_threshold=join)
        for keep, join in ([] if html else COMPARE_PAIRS)
    }
    default = Config().thresholds(html)[0]
    compare_writers = {name: TxtWriter(tmp / name / TXT_DIR) for name in compare}
    vwriters = {kind: TxtWriter(tmp / kind / TXT_DIR) for kind in variants}
    page_rows: dict[str, np.ndarray] = {}
    oof_scores: dict[str, np.ndarray] = {}  # each held-out page's block scores
    fold = folds if folds is not None else random_folds(examples)
    for k in sorted(set(fold.values())):
        train = [e for e in examples if fold[e.id] != k]
        test = [e for e in examples if fold[e.id] == k]
        extra = [e for v in variants.values() for e in v if fold[e.id] != k]
        scorer = fit(train + extra if augment else train, bag)
        models = {"html_scorer": scorer} if html else {"scorer": scorer}
        for kind, vexamples in variants.items():
            vtest = [e.record for e in vexamples if fold[e.id] == k]
            for page in clean_batch(vtest, Config(), **models):
                vwriters[kind].write_page(page.to_dict())
        for t in THRESHOLDS:
            at = Config(html_keep_threshold=t) if html else Config(keep_threshold=t)
            for page in clean_batch([e.record for e in test], at, **models):
                writers[t].write_page(page.to_dict())
                if t == default:
                    page_rows[page.id] = page_type_row(page)
                    oof_scores[page.id] = np.asarray(page.scores, dtype=np.float64)
        for name, cfg in compare.items():
            for page in clean_batch([e.record for e in test], cfg, **models):
                compare_writers[name].write_page(page.to_dict())
        print(f"fold {k}: trained on {len(train)} pages, cleaned {len(test)}", flush=True)
    report: dict[str, dict] = {}
    # An HTML CV is scored on the dev pages that have HTML, as bench/htmlbench.py scores
    # the peers (a page without HTML is no HTML page)
    truth = None
    if html:
        with_html = [p.name.removesuffix(".html.gz") for p in (bench / "dev").glob("*.html.gz")]
        truth = truth_subset(bench, with_html, tmp / "truth")
    for t in writers:
        per_doc = tmp / f"per_doc_thr{t}.jsonl"
        report[str(t)] = score_dir(bench, tmp / f"thr{t}" / "txt", truth=truth, per_doc=per_doc)
        report[str(t)]["by_lang"] = by_language(per_doc, {e.id: e.lang for e in examples})
        a = report[str(t)]["all"]
        print(
            f"threshold {t}: F1 {a['f1']:.4f} P {a['precision']:.4f} R {a['recall']:.4f} "
            f"dupX {a['dup_excess_rate']:.4f} sh_f1 {a['sh_f1']:.4f}",
            flush=True,
        )
    for name in compare_writers:
        report[name] = score_dir(bench, tmp / name / "txt")
        a = report[name]["all"]
        print(
            f"{name}: F1 {a['f1']:.4f} P {a['precision']:.4f} R {a['recall']:.4f} "
            f"dupX {a['dup_excess_rate']:.4f}",
            flush=True,
        )
    for kind in vwriters:
        res = score_dir(bench, tmp / kind / "txt", truth=truth)
        report[f"variant-{kind}"] = res
        a = res["all"]
        print(
            f"{kind} records (threshold {default}): F1 {a['f1']:.4f} P {a['precision']:.4f} "
            f"R {a['recall']:.4f} dupX {a['dup_excess_rate']:.4f}",
            flush=True,
        )
    # what training/decode.py re-decides at other thresholds without training again
    np.savez_compressed(tmp / OOF_SCORES_FILE, **oof_scores)
    print(f"predictions and out-of-fold block scores ({OOF_SCORES_FILE}) in {tmp}")
    return report, page_rows


def by_language(per_doc: Path, langs: dict[str, str]) -> dict[str, dict[str, float]]:
    """Mean token F1 per manifest language ("?" where it gives none) from score.py's
    per-document file: over every page, and over the articles."""
    docs = [json.loads(line) for line in per_doc.read_text("utf-8").splitlines() if line]
    groups: dict[str, list[dict]] = {}
    for d in docs:
        groups.setdefault(langs.get(d["id"]) or "?", []).append(d)
    out = {}
    for lang, group in sorted(groups.items()):
        arts = [d["f1"] for d in group if d["page_type"] == "article"]
        out[lang] = {
            "n": len(group),
            "f1": float(np.mean([d["f1"] for d in group])),
            "n_articles": len(arts),
            "f1_articles": float(np.mean(arts)) if arts else float("nan"),
        }
    return out


def fit_page_typer(rows: list[np.ndarray], labels: list[int]) -> Forest:
    return train_forest(PAGETYPE, [np.stack(rows)], [np.asarray(labels)])


def cross_validate_page_types(
    examples: list[Example], rows: dict[str, np.ndarray], folds: dict[str, int] | None = None
) -> dict:
    """CV of the page-type model over features from out-of-fold cleaning (``folds`` as in
    ``cross_validate``)."""
    ids = [e.id for e in examples if e.id in rows]
    kinds = {e.id: PAGE_TYPES.index(e.page_type) for e in examples}
    fold = folds if folds is not None else random_folds(examples)
    pred: dict[str, int] = {}
    for k in sorted(set(fold.values())):
        tr = [i for i in ids if fold[i] != k]
        if len({kinds[i] for i in tr}) < 2:
            continue  # a source of articles alone cannot teach page types
        model = fit_page_typer([rows[i] for i in tr], [kinds[i] for i in tr])
        te = [i for i in ids if fold[i] == k]
        probs = model.predict(np.stack([rows[i] for i in te]))
        pred.update({i: int(np.argmax(p)) for i, p in zip(te, probs, strict=True)})
    ids = [i for i in ids if i in pred]
    correct = sum(pred[i] == kinds[i] for i in ids)
    art_true = [kinds[i] == 0 for i in ids]
    art_pred = [pred[i] == 0 for i in ids]
    binary = sum(a == b for a, b in zip(art_true, art_pred, strict=True))
    by_type = {
        t: {
            "n": sum(kinds[i] == j for i in ids),
            "recall": sum(pred[i] == j for i in ids if kinds[i] == j)
            / max(sum(kinds[i] == j for i in ids), 1),
        }
        for j, t in enumerate(PAGE_TYPES)
    }
    result = {
        "pages": len(ids),
        "page_type_accuracy": correct / len(ids),
        "article_vs_other_accuracy": binary / len(ids),
        "by_type": by_type,
    }
    print(
        f"page type (5-fold CV): accuracy {result['page_type_accuracy']:.3f}, "
        f"article vs other {result['article_vs_other_accuracy']:.3f}"
    )
    return result


def save_page_typer(examples: list[Example], rows: dict[str, np.ndarray], model_dir: Path) -> None:
    """Fit the page-type model on every page's (out-of-fold) row and ship it."""
    ids = [e.id for e in examples if e.id in rows]
    kinds = {e.id: PAGE_TYPES.index(e.page_type) for e in examples}
    typer = fit_page_typer([rows[i] for i in ids], [kinds[i] for i in ids])
    model_dir.mkdir(parents=True, exist_ok=True)
    typer.save(model_dir / "pagetype.npz")


def save(scorer: BlockScorer, model_dir: Path) -> None:
    model_dir.mkdir(parents=True, exist_ok=True)
    # the columns' names go with the forests: loading checks them against what is computed
    scorer.stage1.named(scorer.layout.stage1).save(model_dir / "stage1.npz")
    scorer.stage2.named(scorer.layout.stage2).save(model_dir / "stage2.npz")
    save_lexicon(scorer.lexicon, model_dir / "lexicon.npz")
    class_path = model_dir / CLASS_LEXICON_FILE
    if scorer.class_lexicon is not None:
        save_lexicon(scorer.class_lexicon, class_path)
    else:
        class_path.unlink(missing_ok=True)


def save_lexicon(lexicon: np.ndarray, path: Path) -> None:
    """The entries that matter (LEXICON_MIN_ABS), as sparse float16."""
    nz = np.flatnonzero(np.abs(lexicon) >= LEXICON_MIN_ABS)
    save_sparse_lexicon(path, nz, lexicon[nz])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--no-cv", action="store_true", help="only train and save the final model")
    ap.add_argument(
        "--cv-only",
        action="store_true",
        help="only cross-validate (with --model-dir: and refit the page typer there)",
    )
    ap.add_argument(
        "--report",
        type=Path,
        default=None,
        help="CV report (default training/cv_report.json, with --html cv_report_html.json)",
    )
    ap.add_argument(
        "--no-augment",
        action="store_true",
        help="train on the dev records only (default: also on the other scrapers' variants)",
    )
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument(
        "--folds",
        choices=("random", "source"),
        default="random",
        help="CV folds: random (5, grouped by page) or source (leave one benchmark source out: "
        "train on the others, score it); source implies --cv-only",
    )
    ap.add_argument(
        "--html",
        action="store_true",
        help="train the HTML model (text + DOM features) on the pages' <id>.html.gz",
    )
    ap.add_argument(
        "--smoke", type=int, default=0, help="a quick run of the script on N pages, tiny models"
    )
    ap.add_argument(
        "--html-variants",
        default="",
        help=f"with --html: comma-separated variants of the pages ({', '.join(HTML_VARIANTS)}) "
        "trained on beside them and scored as CVs of their own",
    )
    ap.add_argument("--no-lexicon", action="store_true", help="word lexicon all neutral")
    ap.add_argument("--no-class-lexicon", action="store_true", help="HTML model without it")
    args = ap.parse_args()
    global USE_WORD_LEXICON, USE_CLASS_LEXICON
    USE_WORD_LEXICON = not args.no_lexicon
    USE_CLASS_LEXICON = not args.no_class_lexicon
    dev = load_dev(args.bench / "dev")
    if args.smoke:
        dev = dev[:: max(len(dev) // args.smoke, 1)]
        for params in (STAGE1, STAGE2, PAGETYPE):
            params["iterations"] = 5
    if args.html:
        # every page with HTML, those whose text record is empty too (pages that draw their
        # text with scripts: the scraper's text holds none of it, the HTML does)
        kinds = [k for k in args.html_variants.split(",") if k]
        variants = {k: html_examples(args.bench / "dev", dev, k) for k in kinds}
        html_main(args, html_examples(args.bench / "dev", dev), variants)
        return
    examples = [e for e in dev if e.texts]
    model_dir = args.model_dir or MODEL_DIR
    print(f"{len(examples)} dev pages, {sum(len(e.texts) for e in examples)} blocks", flush=True)
    variants = {k: variant_examples(args.bench / "dev", examples, k) for k in VARIANTS}
    print({k: len(v) for k, v in variants.items()}, "variant pages", flush=True)
    augment = not args.no_augment
    if not args.no_cv:
        folds = make_folds(args, examples)
        report, rows = cross_validate(examples, args.bench, variants, augment, folds=folds)
        report["augmented"] = augment
        report["folds"] = args.folds
        report["page_types"] = cross_validate_page_types(examples, rows, folds)
        path = args.report or ROOT / "training" / report_name(args)
        path.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
        if args.folds == "random" and (not args.cv_only or args.model_dir is not None):
            save_page_typer(examples, rows, model_dir)
    if not args.cv_only:
        extra = [e for v in variants.values() for e in v] if augment else []
        save(fit(examples + extra), model_dir)
        print(f"model written to {model_dir}")


def make_folds(args: argparse.Namespace, examples: list[Example]) -> dict[str, int]:
    if args.folds == "source":
        args.cv_only = True  # models trained on one source are not the ones to ship
        return source_folds(examples)
    return random_folds(examples)


def report_name(args: argparse.Namespace) -> str:
    """cv_report[_html][_loso].json"""
    html = "_html" if args.html else ""
    return f"cv_report{html}{'_loso' if args.folds == 'source' else ''}.json"


def html_main(
    args: argparse.Namespace, examples: list[Example], variants: dict[str, list[Example]]
) -> None:
    """The HTML model: cross-validated on the dev pages' HTML, then fit on all of them
    (with ``variants``, the same pages in other markup, beside them)."""
    model_dir = args.model_dir or MODEL_DIR / "html"
    print(f"{len(examples)} dev HTML pages, {sum(len(e.texts) for e in examples)} blocks")
    if not args.no_cv:
        folds = make_folds(args, examples)
        report, rows = cross_validate(
            examples,
            args.bench,
            variants,
            augment=bool(variants),
            html=True,
            bag=BAG_STAGE1_HTML,
            folds=folds,
        )
        report["augmented"] = sorted(variants)
        report["folds"] = args.folds
        by_id = {e.id: e for e in examples}
        rows = {i: np.concatenate((row, html_page_type_row(by_id[i]))) for i, row in rows.items()}
        report["page_types"] = cross_validate_page_types(examples, rows, folds)
        path = args.report or ROOT / "training" / report_name(args)
        path.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
        if args.folds == "random" and (not args.cv_only or args.model_dir is not None):
            save_page_typer(examples, rows, model_dir)
    if not args.cv_only:
        extra = [e for v in variants.values() for e in v]
        save(fit(examples + extra, BAG_STAGE1_HTML), model_dir)
        print(f"HTML model written to {model_dir}")


def html_page_type_row(e: Example) -> np.ndarray:
    """What an HTML page adds to its page-type row (see decruft.pipeline._page_type_row)."""
    assert e.dom is not None
    return html_page_type_features(e.dom, e.declared)


if __name__ == "__main__":
    main()
