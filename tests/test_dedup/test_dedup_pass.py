"""The dedup pass: what clusters, what does not, the canonical rule, determinism, the index."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from corpus_builders import article, edit_words

from decruft.config import DedupConfig
from decruft.corpus import ClusterAssignment, DedupPage, dedup
from decruft.corpus.index import BadIndex
from decruft.corpus.minhash import signatures


def _by_id(pages: list[DedupPage]) -> dict[str, ClusterAssignment]:
    return {a.id: a for a in dedup(pages).assignments}


def test_exact_duplicates_cluster_ignoring_case_spacing_and_punctuation() -> None:
    text = article(1)
    variant = "  " + text.upper().replace(".", "!").replace(" ", "  ") + "\n"
    got = _by_id([DedupPage("a", text), DedupPage("b", variant), DedupPage("c", article(2))])
    assert got["a"].cluster_id == got["b"].cluster_id
    dup = got["b"] if not got["b"].is_canonical else got["a"]
    assert dup.exact and dup.jaccard == 1.0
    assert "exact duplicate of" in dup.reason
    assert got["c"].is_canonical and got["c"].cluster_size == 1


def test_near_duplicates_cluster_and_different_articles_do_not() -> None:
    base = article(10, words=600)
    pages = [
        DedupPage("orig", base),
        DedupPage("edited", edit_words(base, 4, seed=1)),
        DedupPage("headline", "A completely new headline here\n" + base),
        DedupPage("truncated", base[: int(len(base) * 0.93)]),
        *(DedupPage(f"other{i}", article(100 + i, words=600)) for i in range(20)),
    ]
    got = dedup(pages)
    clusters = {c.cluster_id: set(c.members) for c in got.clusters}
    assert list(clusters.values()) == [{"orig", "edited", "headline", "truncated"}]
    for a in got.assignments:
        if a.id.startswith("other"):
            assert a.is_canonical and a.duplicate_of is None and a.cluster_size == 1


def test_pages_below_the_threshold_are_not_linked() -> None:
    base = article(11, words=400)
    half = base[: len(base) // 2] + "\n" + article(12, words=200)
    got = _by_id([DedupPage("a", base), DedupPage("b", half)])
    assert got["a"].cluster_size == 1 and got["b"].cluster_size == 1


def test_pages_without_words_stay_alone() -> None:
    got = _by_id([DedupPage("e1", ""), DedupPage("e2", " -- "), DedupPage("t", article(3))])
    assert got["e1"].cluster_size == 1 and got["e2"].cluster_size == 1
    assert got["e1"].reason == "no words: not compared"


def _cluster(*pages: DedupPage) -> dict[str, ClusterAssignment]:
    got = _by_id(list(pages))
    assert len({a.cluster_id for a in got.values()}) == 1
    return got


def test_canonical_original_publisher_beats_an_earlier_date() -> None:
    text = article(20)
    got = _cluster(
        DedupPage("syndicated", text, url="https://news.example.org/x", date="2025-01-01"),
        DedupPage(
            "original",
            text,
            url="https://www.reuters.com/world/x",
            publisher="Reuters",
            date="2025-03-01",
        ),
    )
    assert got["original"].is_canonical
    reason = got["syndicated"].reason
    assert reason.startswith("exact duplicate of original")
    assert "original publisher" in reason


def test_canonical_earliest_date_then_crawl_date() -> None:
    text = article(21)
    got = _cluster(
        DedupPage("late", text, date="2025-05-02"),
        DedupPage("early", text, date="2025-05-01"),
        DedupPage("crawled", text, crawl_date="2025-06-01"),
        DedupPage("undated", text),
    )
    assert got["early"].is_canonical
    assert got["early"].reason == "canonical of 4 pages: earliest date 2025-05-01"
    assert got["undated"].duplicate_of == "early"


def test_canonical_longest_text_then_smallest_id() -> None:
    text = article(22, words=600)
    got = _cluster(DedupPage("short", text[: int(len(text) * 0.95)]), DedupPage("long", text))
    assert got["long"].is_canonical
    assert "longest clean text" in got["short"].reason
    got = _cluster(DedupPage("b", text), DedupPage("a", text))
    assert got["a"].is_canonical and "smallest id" in got["b"].reason


def _corpus() -> list[DedupPage]:
    pages = []
    for k in range(12):
        base = article(300 + k, words=300 + 40 * k)
        pages.append(DedupPage(f"p{k}", base, date=f"2025-01-{k + 1:02d}"))
        if k % 2 == 0:
            pages.append(DedupPage(f"p{k}-ed", edit_words(base, 3, seed=k), date="2025-02-01"))
        if k % 3 == 0:
            pages.append(DedupPage(f"p{k}-cp", base.lower(), date="2024-12-31"))
    return pages


def test_output_is_independent_of_input_order_and_worker_count() -> None:
    pages = _corpus()
    small = DedupConfig(chunk_pages=3)  # several chunks, so the workers share them
    want = sorted(dedup(pages, small).assignments, key=lambda a: a.id)
    for seed, workers in ((1, 1), (2, 2), (3, 3)):
        shuffled = pages[:]
        random.Random(seed).shuffle(shuffled)
        got = dedup(shuffled, small, workers=workers)
        assert sorted(got.assignments, key=lambda a: a.id) == want
        assert [a.id for a in got.assignments] == [p.id for p in shuffled]  # input order


def test_signatures_do_not_depend_on_chunking_or_workers() -> None:
    texts = [p.text for p in _corpus()]
    one = signatures(texts, DedupConfig())
    many = signatures(texts, DedupConfig(chunk_pages=2), workers=2)
    assert np.array_equal(one.sig, many.sig) and np.array_equal(one.exact, many.exact)


def test_incremental_index_run_matches_a_single_run(tmp_path: Path) -> None:
    pages = _corpus()
    rng = random.Random(5)
    rng.shuffle(pages)
    first, second = pages[: len(pages) // 2], pages[len(pages) // 2 :]
    single = dedup(pages)
    single_by_id = {a.id: a for a in single.assignments}
    index = tmp_path / "index"
    dedup(first, index=index)
    later = dedup(second, index=index)
    assert later.index_batch == "b00001"
    # every page of the later batch gets what a single run gives it, pointing at earlier ids
    assert later.assignments == [single_by_id[p.id] for p in second]
    assert any(a.duplicate_of in {p.id for p in first} for a in later.assignments)
    # the clusters the later batch touched are the single run's clusters
    single_clusters = {c.cluster_id: c.members for c in single.clusters}
    for c in later.clusters:
        assert single_clusters[c.cluster_id] == c.members


def test_index_rejects_repeated_ids_and_another_config(tmp_path: Path) -> None:
    index = tmp_path / "index"
    dedup([DedupPage("a", article(1))], index=index)
    with pytest.raises(ValueError, match="already in the index"):
        dedup([DedupPage("a", article(2))], index=index)
    with pytest.raises(BadIndex, match="was built with"):
        dedup([DedupPage("b", article(2))], DedupConfig(bands=10, rows=12), index=index)
    with pytest.raises(ValueError, match="occurs twice"):
        dedup([DedupPage("x", "one two"), DedupPage("x", "three")])


def test_empty_input_gives_nothing_and_adds_no_batch(tmp_path: Path) -> None:
    index = tmp_path / "index"
    got = dedup([], index=index)
    assert got.assignments == [] and got.clusters == [] and got.index_batch is None
    dedup([DedupPage("a", article(1))], index=index)
    assert dedup([], index=index).index_batch is None


def test_a_large_bucket_of_near_copies_is_not_verified_pair_by_pair() -> None:
    base = article(40, words=300).split(" ")
    pages = []
    for i in range(1500):  # near copies (one word each), no two exactly equal
        words = base[:]
        words[(i * 7) % len(words)] = f"copy{i}"
        pages.append(DedupPage(f"c{i:04d}", " ".join(words)))
    got = dedup(pages)
    assert len(got.clusters) == 1 and len(got.clusters[0].members) == 1500
    # ~1.1M pairs share each band; pairs already in one cluster are skipped unverified
    assert got.pairs_checked < 20_000
    assert got.linked_pairs == 1499
