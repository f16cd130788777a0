"""The class lexicon: class/id names around a block, scored by a learned lexicon."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from decruft.page.classlex import (
    CHAIN_DECAY,
    CLASS_FEATURE_NAMES,
    CLASS_LEX_BITS,
    chain_buckets,
    class_features,
    name_bucket,
)
from decruft.segment.html import segment_html

PAGE = (
    '<body><div id="page" class="wrap">'
    '<div class="post-content"><p>Article text here.</p><p class="note">Note.</p></div>'
    '<div class="commentList"><p>A comment.</p></div>'
    "<p>Bare.</p></div></body>"
)


def _lexicon(scores: dict[str, float]) -> np.ndarray:
    lexicon = np.zeros(1 << CLASS_LEX_BITS, dtype=np.float32)
    for name, value in scores.items():
        lexicon[name_bucket(name)] = value
    return lexicon


def _column(rows: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 4) for v in rows[:, CLASS_FEATURE_NAMES.index(name)]]


def test_each_block_reads_the_names_of_every_element_around_it() -> None:
    page = segment_html(PAGE)
    assert [b.text for b in page.blocks] == ["Article text here.", "Note.", "A comment.", "Bare."]
    names = {"post-content", "post", "content", "note", "comment", "list", "commentlist"}
    names |= {"page", "wrap"}
    buckets = {name: name_bucket(name) for name in names}
    blocks, found = chain_buckets(page.tree)
    pairs = set(zip(blocks.tolist(), found.tolist(), strict=True))
    around = [{n for n, b in buckets.items() if (blk, b) in pairs} for blk in range(4)]
    assert around[0] == {"post-content", "post", "content", "page", "wrap"}
    assert around[1] == {"note", "post-content", "post", "content", "page", "wrap"}
    assert around[2] == {"commentlist", "comment", "list", "page", "wrap"}
    assert around[3] == {"page", "wrap"}
    assert len(pairs) == len(blocks)  # each pair once


def test_features_score_the_nearest_names_first() -> None:
    page = segment_html(PAGE)
    rows = class_features(page.tree, _lexicon({"content": 2.0, "comment": -3.0, "wrap": 0.5}))
    assert rows.shape == (4, len(CLASS_FEATURE_NAMES))
    # nearest named element: post-content (3 names, mean 2/3), note (0), commentList, #page
    assert _column(rows, "class_nearest") == [round(2 / 3, 4), 0.0, -1.0, 0.25]
    assert _column(rows, "class_min") == [0.0, 0.0, -3.0, 0.0]
    assert _column(rows, "class_max") == [2.0, 2.0, 0.5, 0.5]
    assert _column(rows, "class_named") == [2, 3, 2, 1]
    # block 0: its <p> has no names, post-content is one level out, #page two
    decayed = CHAIN_DECAY * 2 / 3 + CHAIN_DECAY**2 * 0.25
    assert _column(rows, "class_decayed")[0] == pytest.approx(round(decayed, 4), abs=1e-4)


def test_pages_without_names_or_blocks_give_zero_rows() -> None:
    plain = segment_html("<p>One.</p><p>Two.</p>")
    assert class_features(plain.tree, _lexicon({"p": 1.0})).tolist() == [[0.0] * 6] * 2
    empty = segment_html("")
    assert class_features(empty.tree, _lexicon({})).shape == (0, len(CLASS_FEATURE_NAMES))
    assert [len(a) for a in chain_buckets(empty.tree)] == [0, 0]


def test_huge_class_lists_are_cut() -> None:
    from decruft.segment.html import MAX_CLASS_TOKENS

    classes = " ".join(f"c{i}x" for i in range(1000))
    page = segment_html(f'<div class="{classes}"><p>Text.</p></div>')
    hashes = set(page.tree.token_hashes.tolist())
    # the first tokens are read, the rest are not
    assert zlib.crc32(b"c0x") in hashes
    assert zlib.crc32(f"c{MAX_CLASS_TOKENS}x".encode()) not in hashes
