"""Near-duplicate clusters: decruft vs datasketch, rensa and datatrove, same documents, same run.

    python bench/dedup.py [--bench ../shared/bench] [--rounds 3] [--seed 0]

The corpus is generated from the real dev articles (``dev/*.truth.txt`` of the pages whose
manifest ``page_type`` is ``article``): each article appears once as published and 0-3
times as a copy with realistic edits, 1-3 per copy — a changed headline, an added byline,
truncation, different boilerplate lines (newsletter, share, copyright, related link), small
word edits (~1% of words replaced, deleted or doubled). Copies of one article are the known
duplicates.

Reported, each system on the same texts, alternating over ``--rounds`` rounds and keeping
its best round (the machine is shared, so only same-run ratios mean anything):

- signatures/s: text in, signature out. decruft's ``minhash.signatures`` (one core);
  datasketch ``MinHash`` and rensa ``RMinHash`` on word 5-gram shingles built in Python (their
  documented use), rensa also through its bulk call; datatrove's ``MinhashDedupSignature``
  (its own tokenizer and shingles);
- end-to-end dedup docs/s: decruft's ``dedup`` (signatures, LSH, verification, union-find,
  canonical choice) vs datasketch and rensa (signatures, their LSH at threshold .8, union-find
  over query results) and datatrove's signature/buckets/cluster stages on local files;
- index bytes per page: ``decruft dedup --index`` over the corpus in two batches;
- near-duplicate pair precision/recall: the pairs inside the clusters against (a) the known
  duplicates and (b) every pair whose exact word 5-gram Jaccard is >= .8 (all pairs, found
  through an inverted shingle index).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from decruft.config import DedupConfig
from decruft.corpus import DedupPage, dedup
from decruft.corpus.index import index_bytes
from decruft.corpus.minhash import signatures

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[^\W_]+")
SHINGLE = 5
NUM_PERM = 128  # the peers' signature length (decruft's is DedupConfig().num_perm = 120)

BOILERPLATE = [
    "Subscribe to our newsletter for the latest updates.",
    "Share this article: Facebook Twitter LinkedIn Email",
    "© 2025 Media Group. All rights reserved.",
    "Advertisement",
    "Click here to read more stories from our newsroom.",
    "Follow us on Instagram and YouTube for daily videos.",
    "Sign up for breaking news alerts",
    "This article was originally published by our partner site.",
]
FIRST = ["Anna", "James", "Maria", "Wei", "Olu", "Priya", "Tom", "Sara"]
LAST = ["Smith", "Okafor", "Garcia", "Chen", "Novak", "Khan", "Meyer", "Rossi"]
OUTLETS = ["Daily Courier", "Metro Times", "Global Wire", "Tribune", "News Desk"]


# ---- corpus ------------------------------------------------------------------------------


def _headline(lines: list[str], rng: random.Random, others: Sequence[str]) -> list[str]:
    head = lines[0] if lines else ""
    pick = rng.random()
    if pick < 0.4:
        new = f"{head} | {rng.choice(OUTLETS)}"
    elif pick < 0.7:
        new = rng.choice(["UPDATED: ", "BREAKING: ", "Analysis: "]) + head
    else:
        new = rng.choice(others).split("\n", 1)[0]  # another story's headline
    return [new, *lines[1:]]


def _byline(lines: list[str], rng: random.Random, _: Sequence[str]) -> list[str]:
    by = f"By {rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(OUTLETS)}"
    if rng.random() < 0.5:
        by += f" | Published {rng.randint(1, 28)} May 2025"
    return [*lines[:1], by, *lines[1:]]


def _truncate(lines: list[str], rng: random.Random, _: Sequence[str]) -> list[str]:
    text = "\n".join(lines)
    words = text.split(" ")
    keep = max(1, int(len(words) * rng.uniform(0.85, 0.98)))
    return [*" ".join(words[:keep]).split("\n"), "Read more…"]


def _boilerplate(lines: list[str], rng: random.Random, _: Sequence[str]) -> list[str]:
    extra = rng.sample(BOILERPLATE, rng.randint(1, 3))
    cut = rng.randint(0, len(extra))
    return [*extra[:cut], *lines, *extra[cut:]]


def _word_edits(lines: list[str], rng: random.Random, _: Sequence[str]) -> list[str]:
    out = []
    for line in lines:
        words = line.split(" ")
        new: list[str] = []
        for w in words:
            r = rng.random()
            if r < 0.004:
                continue  # deleted
            if r < 0.008:
                new.append(rng.choice(["also", "now", "the", "reportedly", "said"]))
            elif r < 0.01:
                new += [w, w]
            else:
                new.append(w)
        out.append(" ".join(new))
    return out


EDITS: dict[str, Callable[[list[str], random.Random, Sequence[str]], list[str]]] = {
    "headline": _headline,
    "byline": _byline,
    "truncate": _truncate,
    "boilerplate": _boilerplate,
    "word-edits": _word_edits,
}


def build_corpus(bench: Path, seed: int) -> tuple[list[DedupPage], list[int]]:
    """Pages and, per page, the article it came from (its duplicate group)."""
    rng = random.Random(seed)
    manifest = [json.loads(line) for line in (bench / "dev" / "manifest.jsonl").open()]
    articles = [m for m in manifest if m["page_type"] == "article"]
    texts = [(bench / "dev" / f"{m['id']}.truth.txt").read_text("utf-8") for m in articles]
    pages: list[DedupPage] = []
    group: list[int] = []
    for g, (meta, text) in enumerate(zip(articles, texts, strict=True)):
        day = date.fromisoformat(meta["date"]) if meta.get("date") else date(2025, 1, 1)
        pages.append(DedupPage(f"{meta['id']}", text, date=day.isoformat()))
        group.append(g)
        for c in range(rng.choices([0, 1, 2, 3], weights=[3, 3, 2, 2])[0]):
            lines = text.splitlines()
            for name in rng.sample(sorted(EDITS), rng.randint(1, 3)):
                lines = EDITS[name](lines, rng, texts)
            copied = (day + timedelta(days=rng.randint(0, 30))).isoformat()
            pages.append(DedupPage(f"{meta['id']}~{c}", "\n".join(lines), date=copied))
            group.append(g)
    order = list(range(len(pages)))
    rng.shuffle(order)
    return [pages[i] for i in order], [group[i] for i in order]


def shingles(text: str) -> list[str]:
    """Word 5-grams, the same normalization as decruft (lowercase runs of letters/digits)."""
    words = WORD.findall(text.lower())
    span = min(SHINGLE, len(words))
    return [" ".join(words[i : i + span]) for i in range(len(words) - span + 1)] if words else []


# ---- truth and scoring -------------------------------------------------------------------

Pair = tuple[int, int]


def jaccard_pairs(texts: Sequence[str], threshold: float) -> set[Pair]:
    """Every pair with exact shingle Jaccard >= threshold (inverted index over shingles)."""
    sets = [set(shingles(t)) for t in texts]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            postings[sh].append(i)
    common: Counter[Pair] = Counter()
    for docs in postings.values():
        if len(docs) > 1:
            for x in range(len(docs)):
                for y in range(x + 1, len(docs)):
                    common[(docs[x], docs[y])] += 1
    out = set()
    for (i, j), inter in common.items():
        if inter / (len(sets[i]) + len(sets[j]) - inter) >= threshold:
            out.add((i, j))
    return out


def cluster_pairs(labels: Sequence[object]) -> set[Pair]:
    groups: dict[object, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[label].append(i)
    return {(a, b) for g in groups.values() for x, a in enumerate(g) for b in g[x + 1 :]}


def prf(pred: set[Pair], truth: set[Pair]) -> dict[str, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "pairs": len(pred)}


def _union_find(n: int, pairs: Iterable[Pair]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


# ---- systems -----------------------------------------------------------------------------


def decruft_signatures(texts: Sequence[str]) -> object:
    return signatures(texts)


def decruft_dedup(pages: Sequence[DedupPage]) -> list[object]:
    return [a.cluster_id for a in dedup(pages).assignments]


def datasketch_signatures(texts: Sequence[str]) -> object:
    from datasketch import MinHash

    out = []
    for t in texts:
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode("utf-8") for s in shingles(t)])
        out.append(m)
    return out


def datasketch_dedup(texts: Sequence[str]) -> list[object]:
    from datasketch import MinHashLSH

    sigs = datasketch_signatures(texts)
    lsh = MinHashLSH(threshold=0.8, num_perm=NUM_PERM)
    pairs = []
    for i, m in enumerate(sigs):  # type: ignore[attr-defined]
        pairs += [(int(j), i) for j in lsh.query(m)]
        lsh.insert(i, m)
    return list(_union_find(len(texts), pairs))


def rensa_signatures(texts: Sequence[str]) -> object:
    from rensa import RMinHash

    out = []
    for t in texts:
        m = RMinHash(num_perm=NUM_PERM, seed=42)
        m.update(shingles(t))
        out.append(m)
    return out


def rensa_word_signatures(texts: Sequence[str]) -> object:
    """rensa's README usage: the whitespace-split words as the set (no shingles, no
    normalization) — its fastest Python-level path, but a different, coarser set."""
    from rensa import RMinHash

    out = []
    for t in texts:
        m = RMinHash(num_perm=NUM_PERM, seed=42)
        m.update(t.split())
        out.append(m)
    return out


def rensa_bulk_signatures(texts: Sequence[str]) -> object:
    from rensa import RMinHash

    return RMinHash.digest_matrix_from_token_sets([shingles(t) for t in texts], NUM_PERM, 42)


def rensa_dedup(texts: Sequence[str]) -> list[object]:
    from rensa import RMinHashLSH

    sigs = rensa_signatures(texts)
    lsh = RMinHashLSH(threshold=0.8, num_perm=NUM_PERM, num_bands=16)
    pairs = []
    for i, m in enumerate(sigs):  # type: ignore[arg-type]
        pairs += [(int(j), i) for j in lsh.query(m)]
        lsh.insert(i, m)
    return list(_union_find(len(texts), pairs))


def datatrove_signatures(texts: Sequence[str]) -> object:
    from datatrove.pipeline.dedup.minhash import MinhashDedupSignature

    step = MinhashDedupSignature(tempfile.gettempdir())
    out = []
    for t in texts:
        sh = step.get_shingles(t)
        if sh.size:  # as its run() does: a page of fewer than 5 words gets no signature
            out.append(step.get_signature(sh))
    return out


def datatrove_dedup(texts: Sequence[str]) -> list[object]:
    """datatrove's signature, buckets and cluster stages (one task each) on local folders."""
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupSignature,
    )

    work = Path(tempfile.mkdtemp(prefix="dd-datatrove-"))
    try:
        docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
        stages = [
            [docs, MinhashDedupSignature(output_folder=str(work / "sigs"))],
            [
                MinhashDedupBuckets(
                    input_folder=str(work / "sigs"), output_folder=str(work / "buckets")
                )
            ],
            [
                MinhashDedupCluster(
                    input_folder=str(work / "buckets"), output_folder=str(work / "remove")
                )
            ],
        ]
        # the buckets stage runs one task per bucket (14), one after another
        for pipeline, tasks in zip(stages, (1, 14, 1), strict=True):
            LocalPipelineExecutor(
                pipeline=pipeline,  # type: ignore[arg-type]
                tasks=tasks,
                workers=1,
                logging_dir=str(work / f"logs{tasks}"),
                skip_completed=False,
            ).run()
        return [0] * len(texts)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _available(name: str) -> bool:
    try:
        __import__(name)
        if name == "datatrove":
            datatrove_signatures(["probe text for the tokenizer of datatrove"])
        return True
    except Exception as e:  # a peer that does not install or load is reported, not fatal
        print(f"  {name}: not available ({type(e).__name__}: {e})")
        return False


def timed_rounds(systems: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best seconds per system over ``rounds`` alternating rounds."""
    best = {name: float("inf") for name in systems}
    for r in range(rounds):
        order = list(systems) if r % 2 == 0 else list(reversed(systems))
        for name in order:
            gc.collect()
            t = time.perf_counter()
            systems[name]()
            best[name] = min(best[name], time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    pages, group = build_corpus(args.bench, args.seed)
    texts = [p.text for p in pages]
    n = len(pages)
    chars = sum(len(t) for t in texts) / n
    print(f"corpus: {n} pages from {len(set(group))} dev articles, {chars:.0f} chars/page")
    results: dict[str, object] = {"pages": n, "articles": len(set(group))}

    # quality
    known = cluster_pairs(group)
    exact08 = jaccard_pairs(texts, 0.8)
    known_j = sorted(_pair_jaccard(texts, known))
    print(
        f"truth: {len(known)} known duplicate pairs (exact Jaccard of those: median "
        f"{np.median(known_j):.3f}, {np.mean(np.array(known_j) >= 0.8):.1%} >= .8); "
        f"{len(exact08)} pairs at exact Jaccard >= .8"
    )
    decruft_labels = decruft_dedup(pages)
    pred = cluster_pairs(decruft_labels)
    # the pair decision: same cluster and estimated Jaccard (equal signature values) >= .8
    sig = signatures(texts).sig
    linked = {(a, b) for a, b in pred if (sig[a] == sig[b]).mean() >= DedupConfig().threshold}
    quality = {
        "decruft": {"vs_known": prf(pred, known), "vs_jaccard_0.8": prf(pred, exact08)},
        "decruft pairs J>=.8": {
            "vs_known": prf(linked, known),
            "vs_jaccard_0.8": prf(linked, exact08),
        },
    }
    peers = {name: _available(name) for name in ("datasketch", "rensa", "datatrove")}
    if peers["datasketch"]:
        p = cluster_pairs(datasketch_dedup(texts))
        quality["datasketch"] = {"vs_known": prf(p, known), "vs_jaccard_0.8": prf(p, exact08)}
    if peers["rensa"]:
        p = cluster_pairs(rensa_dedup(texts))
        quality["rensa"] = {"vs_known": prf(p, known), "vs_jaccard_0.8": prf(p, exact08)}
    for name, q in quality.items():
        print(f"  {name:20s} known dups: {q['vs_known']}   exact J>=.8: {q['vs_jaccard_0.8']}")
    results["quality"] = quality

    # index bytes per page
    with tempfile.TemporaryDirectory(prefix="dd-index-") as tmp:
        idx = Path(tmp) / "index"
        dedup(pages[: n // 2], index=idx)
        dedup(pages[n // 2 :], index=idx)
        per_page = index_bytes(idx) / n
    print(f"index: {per_page:.0f} bytes/page (2 batches, {n} pages)")
    results["index_bytes_per_page"] = round(per_page, 1)

    # speed
    signatures(texts[:5])  # compile / load caches before timing
    sig_systems: dict[str, Callable[[], object]] = {
        "decruft": lambda: decruft_signatures(texts),
        "python shingling only": lambda: [shingles(t) for t in texts],
    }
    e2e_systems: dict[str, Callable[[], object]] = {"decruft": lambda: decruft_dedup(pages)}
    if peers["datasketch"]:
        sig_systems["datasketch"] = lambda: datasketch_signatures(texts)
        e2e_systems["datasketch"] = lambda: datasketch_dedup(texts)
    if peers["rensa"]:
        sig_systems["rensa (per doc)"] = lambda: rensa_signatures(texts)
        sig_systems["rensa (bulk call)"] = lambda: rensa_bulk_signatures(texts)
        sig_systems["rensa (words, README)"] = lambda: rensa_word_signatures(texts)
        e2e_systems["rensa"] = lambda: rensa_dedup(texts)
    if peers["datatrove"]:
        sig_systems["datatrove"] = lambda: datatrove_signatures(texts)
        e2e_systems["datatrove"] = lambda: datatrove_dedup(texts)
    gc.freeze()
    for title, systems in (("signatures", sig_systems), ("end-to-end dedup", e2e_systems)):
        best = timed_rounds(systems, args.rounds)
        rates = {k: n / v for k, v in best.items()}
        print(f"{title} (docs/s, best of {args.rounds} alternating rounds, one core):")
        for name, rate in rates.items():
            ratio = rates["decruft"] / rate
            print(f"  {name:22s} {rate:9.0f} docs/s   decruft = {ratio:6.1f}x")
        results[title] = {k: round(v, 1) for k, v in rates.items()}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


def _pair_jaccard(texts: Sequence[str], pairs: Iterable[Pair]) -> list[float]:
    sets: dict[int, set[str]] = {}
    out = []
    for a, b in pairs:
        sa = sets.setdefault(a, set(shingles(texts[a])))
        sb = sets.setdefault(b, set(shingles(texts[b])))
        out.append(len(sa & sb) / max(1, len(sa | sb)))
    return out


if __name__ == "__main__":
    main()
