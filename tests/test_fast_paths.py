"""The speed paths against the plain statements of what they compute: each must give the
same values as the slower way it replaced (output is compared byte for byte on the dev and
scale records by hand; these keep the equivalences true)."""

from __future__ import annotations

import json
import math
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

from decruft import pipeline
from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.model import (
    Block,
    Blocks,
    Meta,
    Page,
    RawRecord,
    Removal,
    Verdict,
    VerdictKind,
    block_texts,
)
from decruft.page import textarrays as ta
from decruft.page._forest import SIMD_LEVEL
from decruft.page.classifier import shipped_scorer
from decruft.page.discussion import DISCUSSION_NAMES, discussion_features
from decruft.page.features import FEATURE_NAMES, group_ids, group_sizes, log1p_counts
from decruft.page.forest import MAX_BORDERS, Forest
from decruft.page.topic import TOPIC_NAMES, topic_features
from decruft.page.verdict import decide
from decruft.segment.text import code_points, segment_body

PAGE = [
    "Markets rally as rates hold",
    "By Jane Doe, March 3, 2025",
    "Stocks rose on Tuesday after the central bank held rates, and traders said so.",
    "Share this",
    "12 Comments",
    "Great article, thanks! 8:50 pm",
    "Reply",
    "Stocks rose on Tuesday after the central bank held rates, and traders said so.",
]


def _forest(rng: np.random.Generator, n_features: int, depth: int, n_trees: int) -> Forest:
    """A random oblivious forest whose features have 0 to 9 borders (not multiples of four:
    the quantizer's remainder loop runs)."""
    per_feature = [np.sort(rng.normal(size=rng.integers(0, 10))) for _ in range(n_features)]
    usable = [f for f, b in enumerate(per_feature) if len(b)]
    split_feature = np.zeros((n_trees, depth), dtype=np.int32)
    split_bin = np.full((n_trees, depth), MAX_BORDERS, dtype=np.int32)
    for t in range(n_trees):
        # some trees are shallower than the forest, padded with never-true levels
        for level in range(int(rng.integers(1, depth + 1)) if rng.random() < 0.3 else depth):
            f = int(rng.choice(usable))
            split_feature[t, level] = f
            split_bin[t, level] = rng.integers(0, len(per_feature[f]))
    return Forest(
        borders=np.concatenate(per_feature).astype(np.float32),
        border_start=np.concatenate(([0], np.cumsum([len(b) for b in per_feature]))).astype(
            np.int32
        ),
        split_feature=split_feature,
        split_bin=split_bin,
        leaves=rng.normal(size=(n_trees, 1 << depth, 1)),
        scale=1.5,
        bias=np.array([0.25]),
    )


def _naive_raw(forest: Forest, x: np.ndarray) -> np.ndarray:
    out = np.zeros(len(x))
    for r, row in enumerate(x):
        starts = forest.border_start
        bins = [
            int((row[f] > forest.borders[starts[f] : starts[f + 1]]).sum())
            for f in range(forest.n_features)
        ]
        total = 0.0
        for t in range(forest.split_feature.shape[0]):
            leaf = sum(
                1 << level
                for level in range(forest.split_feature.shape[1])
                if bins[forest.split_feature[t, level]] > forest.split_bin[t, level]
            )
            total += forest.leaves[t, leaf, 0]
        out[r] = total * forest.scale + forest.bias[0]
    return out


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 10), st.integers(1, 9))
def test_forest_kernel_scores_as_one_border_and_one_level_at_a_time(
    seed: int, depth: int, n_trees: int
) -> None:
    """Four borders a pass, four trees a pass, byte leaves (8 levels at most, their compares
    made in registers) and uint16 leaves (deeper): the same scores as the plain loops, and
    the very same from every copy of the loops this machine runs (baseline, AVX2, AVX-512)."""
    rng = np.random.default_rng(seed)
    forest = _forest(rng, n_features=6, depth=depth, n_trees=n_trees)
    x = rng.normal(size=(40, 6)).astype(np.float32)
    x[rng.random(x.shape) < 0.1] = np.nan  # NaN exceeds no border
    x[:, 0] = forest.borders[0] if len(forest.borders) else 0.0  # ties: not greater
    raw = forest.raw(x)
    assert np.allclose(raw[:, 0], _naive_raw(forest, x), rtol=1e-12, atol=1e-12)
    for simd in range(SIMD_LEVEL):
        assert np.array_equal(forest.raw(x, simd=simd), raw)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.booleans()), max_size=60))
def test_group_ids_are_dense_in_order_of_first_appearance(rows: list[tuple[int, bool]]) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.uint64)
    valid = np.array([v for _, v in rows], dtype=np.bool_)
    ids, groups = group_ids(keys, valid)
    order: dict[int, int] = {}
    for k, v in rows:
        if v:
            order.setdefault(k, len(order))
    assert groups == len(order)
    assert ids.tolist() == [order[k] if v else -1 for k, v in rows]
    sizes, first = group_sizes(keys, valid)
    counts = Counter(k for k, v in rows if v)
    firsts = {k: next(i for i, (kk, vv) in enumerate(rows) if vv and kk == k) for k in counts}
    assert sizes.tolist() == [counts[k] if v else 0 for k, v in rows]
    assert first.tolist() == [firsts[k] if v else i for i, (k, v) in enumerate(rows)]


def test_log1p_counts_are_log1p() -> None:
    # the kernels' log1p is the C library's, as math.log1p; numpy's own may differ in the
    # last bit (numpy 2.4 computes it with SIMD code). Counts below LOG1P_COUNTS (4096) come
    # from a table, the others from a call: both the same values.
    n = 5000
    assert log1p_counts(n).tolist() == [math.log1p(k) for k in range(n + 1)]


def test_bits_of_kept_blocks_are_counted_without_copies() -> None:
    pa = ta.page_arrays(PAGE)
    table = ta.WordTable.build([(1, ta.hash_words(["the", "and"])), (2, ta.hash_words(["so"]))])
    kept = np.array([i % 2 == 0 for i in range(pa.n)])
    masked = table.count_bits(pa.word_hash[kept[pa.word_block]])
    assert np.array_equal(table.count_bits(pa.word_hash, pa.word_block, kept), masked)
    assert masked[0] > 0


def test_text_model_rows_are_written_in_place_as_hstack_would_join_them() -> None:
    model = shipped_scorer()
    pa = ta.page_arrays(PAGE)
    text_rows = pipeline.page_features(PAGE, model.lexicon, pa)
    joined = np.hstack((text_rows, discussion_features(pa)))
    in_place = pipeline.discussion_rows(PAGE, model.lexicon, pa)
    assert np.array_equal(in_place, joined) and in_place.flags.f_contiguous
    wide = pipeline.page_features(PAGE, model.lexicon, pa, extra_columns=3)
    assert not wide[:, len(FEATURE_NAMES) :].any()
    out = np.zeros((len(DISCUSSION_NAMES), pa.n), dtype=np.float32).T
    assert discussion_features(pa, out) is out and np.array_equal(out, discussion_features(pa))
    scores = np.linspace(0.1, 0.9, pa.n)
    out = np.zeros((len(TOPIC_NAMES), pa.n), dtype=np.float32).T
    assert np.array_equal(topic_features(pa, scores, out), topic_features(pa, scores))


def test_verdict_words_from_the_arrays_equal_the_words_of_the_texts() -> None:
    records = [
        RawRecord("a", "", "\n".join(PAGE * 12)),
        RawRecord("b", "", "Cookie settings\nWe use cookies on this site.\nAccept all cookies"),
        RawRecord("c", "", ""),
    ]
    config = Config()
    for page in pipeline.clean_batch(records, config):
        kept = page.kept_mask
        spaces = ta.page_arrays([b.text for b in page.blocks]).counts[:, ta.SPACE]
        counted = decide(page.blocks, kept, page.removals, None, None)
        assert decide(page.blocks, kept, page.removals, None, None, spaces) == counted


def test_jsonl_bytes_are_read_as_their_text(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    lines = [
        json.dumps({"id": "bom", "text": "caf\u00e9 line"}),
        json.dumps({"id": "escaped", "text": "caf\u00e9"}, ensure_ascii=True),  # \u00e9
        json.dumps({"id": "plain", "text": "na\u00efve \u2014 text", "status": 404}),
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n")
    got = [(r.id, r.body, r.http_status, r.flags) for r in read_inputs([path])]
    assert got == [
        ("bom", "caf\u00e9 line", None, ()),
        ("escaped", "caf\u00e9", None, ()),
        ("plain", "na\u00efve \u2014 text", 404, ()),
    ]


def test_batch_rows_are_every_cell_written() -> None:
    """The text model's rows go into an uninitialised batch matrix: every cell is written."""
    model = shipped_scorer()
    pa = ta.page_arrays(PAGE)
    width = len(FEATURE_NAMES) + len(DISCUSSION_NAMES)
    batch = np.full((width, pa.n + 3), np.nan, dtype=np.float32).T
    rows = pipeline.discussion_rows(PAGE, model.lexicon, pa, batch[2 : 2 + pa.n])
    assert not np.isnan(rows).any()
    assert np.array_equal(rows, pipeline.discussion_rows(PAGE, model.lexicon, pa))
    assert np.isnan(batch[:2]).all() and np.isnan(batch[2 + pa.n :]).all()


def test_stage2_rows_in_the_batch_matrix_are_the_pages_own() -> None:
    """The text model's stage-2 rows are written into a slice of the batch's matrix: every
    cell, as the page's own matrix holds them; and the batch's scores are each page's."""
    from decruft.page.classifier import DISCUSSION_STAGE2_FEATURES, stage2_features

    model = shipped_scorer()
    pa = ta.page_arrays(PAGE)
    rows1 = pipeline.discussion_rows(PAGE, model.lexicon, pa)
    p1 = np.linspace(0.05, 0.95, pa.n)
    own = stage2_features(p1, pa.lengths, False, None, rows1, pa)
    batch = np.full((DISCUSSION_STAGE2_FEATURES, pa.n + 3), np.nan, dtype=np.float32).T
    in_place = stage2_features(p1, pa.lengths, False, None, rows1, pa, batch[1 : 1 + pa.n])
    assert np.array_equal(in_place, own) and not np.isnan(in_place).any()
    assert np.isnan(batch[:1]).all() and np.isnan(batch[1 + pa.n :]).all()
    other = ta.page_arrays(PAGE[::-1])
    rows_other = pipeline.discussion_rows(PAGE[::-1], model.lexicon, other)
    together = model.score([rows1, rows_other], [pa.lengths, other.lengths], None, [pa, other])
    pages = ((rows1, pa), (rows_other, other))
    alone = [model.score([r], [a.lengths], None, [a])[0] for r, a in pages]
    assert all(np.array_equal(t, a) for t, a in zip(together, alone, strict=True))


def test_two_tables_tagged_in_one_pass_as_each_alone() -> None:
    from decruft.page.pagetype import page_type_tables
    from decruft.page.templates import template_rules

    pa = ta.page_arrays([*PAGE, "Price: $20 {code} (x) = y?", "Subscribe to continue reading"])
    rules = template_rules()
    first, second = ta.tag_blocks_twice(pa, (rules.words, rules.chars), page_type_tables())
    for got, alone in (
        (first, ta.tag_blocks(pa, rules.words, rules.chars)),
        (second, ta.tag_blocks(pa, *page_type_tables())),
    ):
        assert np.array_equal(got.blocks, alone.blocks)
        assert np.array_equal(got.words, alone.words) and np.array_equal(got.chars, alone.chars)
    assert first.blocks.any() and second.chars.any()


@given(st.lists(st.text(alphabet=" ab\t\u00a0\n.", max_size=12), max_size=8))
@settings(max_examples=60, deadline=None)
def test_blocks_made_on_access_are_the_blocks_of_the_lines(lines: list[str]) -> None:
    """Blocks (columns, a Block made when read) behave as the tuple of Blocks it replaced:
    items, negative indices, slices, iteration, equality, hashing, pickling."""
    body = "\n".join(lines)
    seg = segment_body(body)
    blocks = seg.blocks
    assert isinstance(blocks, Blocks)
    made = tuple(
        Block(i, t, int(s), int(e))
        for i, (t, s, e) in enumerate(zip(seg.texts, seg.starts, seg.ends, strict=True))
    )
    assert tuple(blocks) == made and blocks == made and made == blocks
    assert hash(blocks) == hash(made) and len(blocks) == len(made)
    assert [blocks[i] for i in range(-len(made), len(made))] == [*made, *made]
    assert blocks[1:-1] == made[1:-1] and blocks[::2] == made[::2]
    assert all(type(b.start) is int and type(b.end) is int for b in blocks)
    assert pickle.loads(pickle.dumps(blocks)) == blocks
    assert block_texts(blocks) == block_texts(made) == [b.text for b in made]
    at = np.arange(len(made))[::-2]
    as_lists = Blocks(seg.texts, seg.starts.tolist(), seg.ends.tolist())
    for b in (blocks, as_lists):
        assert b.starts_of(at) == [made[i].start for i in at] == as_lists.starts_of(at)
        assert b.ends_of(at) == [made[i].end for i in at] == as_lists.ends_of(at)
    for b in blocks:  # the spans point at the texts in the body
        assert " ".join(body[b.start : b.end].split()) == b.text
    with pytest.raises(IndexError):
        blocks[len(made)]


@given(
    st.integers(0, 12).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n), st.integers(0, 4)), max_size=6)
        )
    )
)
@settings(max_examples=80, deadline=None)
def test_kept_mask_is_the_blocks_in_no_removal(case: tuple[int, list[tuple[int, int]]]) -> None:
    """Page.kept_mask (counted in numpy) against its definition, overlapping removals
    included; a removal past the page's blocks is an IndexError."""
    n, spans = case
    blocks = Blocks([f"b{i}" for i in range(n)], list(range(n)), list(range(n)))
    removals = tuple(Removal(0, 0, "x", "", first, count) for first, count in spans)
    page = Page("p", "s", "", blocks, removals, Meta(), Verdict(VerdictKind.EMPTY))
    if all(first + count <= n for first, count in spans):
        removed = {i for first, count in spans for i in range(first, first + count)}
        assert page.kept_mask == [i not in removed for i in range(n)]
        assert page.text == "\n".join(f"b{i}" for i in range(n) if i not in removed)
    else:
        with pytest.raises(IndexError, match=f"on a page of {n}"):
            _ = page.kept_mask


def test_the_cascades_known_kept_mask_is_the_mask_of_its_removals() -> None:
    """The cascade hands each page its own kept mask: the same mask, and text, the blocks
    and removals give; a page remade by replace() with other removals counts its own."""
    from dataclasses import replace

    records = [
        RawRecord("a", "", "\n".join(PAGE * 6)),
        RawRecord("b", "", "Cookie settings\nWe use cookies on this site.\nAccept all cookies"),
        RawRecord("c", "", ""),
    ]
    pages = pipeline.clean_batch(records, Config())
    for page in pages:
        again = replace(page)
        assert again == page and page.known_mask is not None
        assert page.text == again.text and page.kept_mask == again.kept_mask
        assert list(page.known_mask.mask) == replace(page, removals=(*page.removals,)).kept_mask
    assert pages[0].removals and pages[0].text != "\n".join(block_texts(pages[0].blocks))
    whole = replace(pages[0], removals=())
    assert whole.text == "\n".join(block_texts(pages[0].blocks))


@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=40))
@example("")
@example("plain ascii\x00")
@example("caf\u00e9 \u2014 \ud800")
@example("x\ud800\x00\U0001f600\x00")
def test_code_points_are_the_utf32_code_units(text: str) -> None:
    # any code point, lone surrogates and NULs included, from strs of one, two and four
    # bytes a character, and the empty text
    expected = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    assert np.array_equal(code_points(text), expected) and len(code_points(text)) == len(text)
