"""The compiled per-page kernels against plain-Python statements of what they compute."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from decruft import pipeline
from decruft.page import features, textarrays as ta
from decruft.page.classifier import dropped_runs, kept_by_score
from decruft.page.features import FEATURE_NAMES, densest_run, page_features
from decruft.segment import blocks as segblocks, segment_text
from decruft.segment._text import _line_spans
from decruft.segment.text import _space_table, code_points, segment_body

# Text that exercises the edge cases: Unicode spaces and line separators, astral letters,
# combining marks, digits, punctuation and sentence ends.
ALPHABET = "ab Z9.!?,'\"-\t\r\n\u00a0\u2028\u3000\x0b\x85é\u0301ß𝔘İ—©@|"
texts = st.text(alphabet=ALPHABET, max_size=200)


def _reference_segments(body: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            out.append((" ".join(stripped.split()), start, start + len(stripped)))
        pos += len(line) + 1
    return out


@settings(max_examples=300, deadline=None)
@given(texts)
def test_segmentation_is_split_strip_and_collapse(body: str) -> None:
    got = [(b.text, b.start, b.end) for b in segment_text(body)]
    assert got == _reference_segments(body)
    assert [b.index for b in segment_text(body)] == list(range(len(got)))


# Lines of plain words (whole chunks of printable ASCII, the fast case of the line spans)
# with now and then something to collapse or strip, anywhere in a chunk or across two.
_WORDS = st.sampled_from(["word", "ab", "Zürich", "x9", "—", "(c)", "q.", "𝔘"])
_GAPS = st.sampled_from([" ", " ", " ", " ", "  ", "\t", "\u00a0", "\u3000", " \u2028", "\x85"])


@st.composite
def _plain_lines(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        words = draw(st.lists(_WORDS, max_size=30))
        gaps = draw(st.lists(_GAPS, min_size=len(words) + 1, max_size=len(words) + 1))
        edge = draw(st.sampled_from(["", "", " ", "\t ", "\r"]))
        lines.append(edge + "".join(g + w for g, w in zip(gaps, words, strict=False)) + edge)
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, _plain_lines()))
def test_line_spans_are_the_stripped_lines_and_which_to_collapse(body: str) -> None:
    """The line spans (checked sixteen code points at a time where the text is printable
    ASCII with single spaces) are the stripped non-blank lines; a line is marked to collapse
    exactly when collapsing its whitespace changes it."""
    starts, ends, messy, longest, chars = _line_spans(code_points(body), _space_table())
    ref = [(s, e) for _, s, e in _reference_segments(body)]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == ref
    assert messy.tolist() == [" ".join(body[s:e].split()) != body[s:e] for s, e in ref]
    assert longest == max((e - s for s, e in ref), default=0)
    assert chars == sum(e - s for s, e in ref)


def _is_word_char(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return ord(ch) >= 0x10000 or cat[0] == "L" or cat in ("Mn", "Mc", "Nd")


def _reference_words(texts: list[str]) -> list[tuple[int, str]]:
    words = []
    for b, text in enumerate(texts):
        current = ""
        for ch in text + " ":
            if _is_word_char(ch):
                current += ch
            elif current:
                words.append((b, current))
                current = ""
    return words


def _reference_hash(word: str) -> int:
    mult, total = 0x100000001B3, 0
    for j, ch in enumerate(word):
        low = ch.lower() if len(ch.lower()) == 1 and ord(ch) < 0x10000 else ch
        total += (ord(low) + 1) * pow(mult, min(j, 47), 1 << 64)
    return total % (1 << 64)


def _reference_key(words: list[str], block: int) -> int:
    """A block's key: its words' hashes weighted by the key multiplier's powers (the k-th
    word's by the (k mod 64) + 1-th), plus the word count, top bit clear; a wordless block's
    is the top bit and its index."""
    if not words:
        return (1 << 63) | block
    mult, total = 0xC2B2AE3D27D4EB4F, 0
    for k, word in enumerate(words):
        total += _reference_hash(word) * pow(mult, k % 64 + 1, 1 << 64)
    return (total + len(words)) % (1 << 64) & ~(1 << 63)


_LONG_WORDS = st.text(alphabet="aBcé9", min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_LONG_WORDS, max_size=70).map(" ".join), max_size=5))
def test_hashes_and_keys_of_long_words_and_many_words(blocks: list[str]) -> None:
    """Words past the short words' fixed pass (8 characters) and past the last hash power
    (48), blocks of more words than the key's period (64): hashes and block keys as their
    definitions give them."""
    pa = ta.page_arrays(blocks)
    ref = _reference_words(blocks)
    assert pa.word_hash.tolist() == [_reference_hash(w) for _, w in ref]
    assert pa.word_len.tolist() == [len(w) for _, w in ref]
    per_block = [[w for b, w in ref if b == i] for i in range(len(blocks))]
    assert pa.block_key.tolist() == [_reference_key(ws, i) for i, ws in enumerate(per_block)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET.replace("\n", ""), max_size=40), max_size=6))
def test_words_and_hashes_match_the_definition(blocks: list[str]) -> None:
    pa = ta.page_arrays(blocks)
    ref = _reference_words(blocks)
    assert pa.word_block.tolist() == [b for b, _ in ref]
    assert pa.word_len.tolist() == [len(w) for _, w in ref]
    assert pa.word_hash.tolist() == [_reference_hash(w) for _, w in ref]
    assert pa.lengths.tolist() == [len(t) for t in blocks]
    # every character of a block (and the newline after it) is counted in one class
    assert pa.counts.sum() == len("\n".join(blocks))


def _same_arrays(a: ta.PageArrays, b: ta.PageArrays) -> bool:
    return a.n == b.n and all(
        np.array_equal(getattr(a, f), getattr(b, f)) for f in ta.PageArrays.__slots__ if f != "n"
    )


@settings(max_examples=300, deadline=None)
@given(texts)
def test_text_pages_reuse_the_segmentation_for_their_arrays(body: str) -> None:
    """The arrays a text page is scored from (joined from the body's code points when no
    block was collapsed or cut) are page_arrays of its feature texts."""
    seg = segment_body(body)
    texts, arrays = pipeline._text_features_input(seg)
    assert texts == segblocks.feature_texts(seg.blocks)
    assert _same_arrays(arrays, ta.page_arrays(texts))


def test_long_blocks_are_cut_for_the_features(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segblocks, "FEATURE_MAX_BLOCK_CHARS", 5)
    texts, arrays = pipeline._text_features_input(segment_body("short\nquite long\n  a  b  "))
    assert texts == ["short", "quite", "a b"]
    assert _same_arrays(arrays, ta.page_arrays(texts))


def test_block_keys_ignore_case_spacing_and_punctuation() -> None:
    pa = ta.page_arrays(["Read more…", "read  MORE", "Read more about it", "!!", "??"])
    keys = pa.block_key.tolist()
    assert keys[0] == keys[1]
    assert keys[0] != keys[2]
    assert keys[3] != keys[4]  # wordless blocks are never equal


def test_tags_or_word_and_character_bits() -> None:
    words = ta.WordTable.build([(1, ta.hash_words(["cookie"])), (2, ta.hash_words(["share"]))])
    chars = ta.char_table([(4, "©")])
    pa = ta.page_arrays(["We use cookies", "Share this cookie", "© 2024", "plain"])
    tags = ta.tag_blocks(pa, words, chars)
    assert tags.blocks.tolist() == [0, 3, 4, 0]
    assert tags.words[:2].tolist() == [1, 1]
    assert tags.chars[2] == 1


@pytest.mark.parametrize("ch", ["a", "Z", "é", "7", " ", "\u00a0", "\uffff"])
def test_character_tables_hold_no_letter_digit_or_space(ch: str) -> None:
    """The kernels look up only the characters of other classes (ta.BITLESS_CLASSES)."""
    with pytest.raises(ValueError, match="no letter, digit or space"):
        ta.char_table([(1, "©" + ch)])


@given(st.lists(st.text(alphabet=ALPHABET.replace("\n", "") + "$|/€", max_size=60), max_size=8))
@settings(max_examples=100, deadline=None)
def test_character_tags_count_every_character_of_the_tables(blocks: list[str]) -> None:
    """Characters tagged a block at a time, letters, digits and spaces skipped by their
    class: each table character of each block counted, as a plain count finds them."""
    groups = [(1, "$€"), (2, "|/©"), (4, ".,!?"), (8, "'\"-—")]
    tags = ta.tag_blocks(ta.page_arrays(blocks), ta.WordTable.build([]), ta.char_table(groups))
    bits = [sum(bit for bit, chars in groups if c in chars) for c in "".join(blocks)]
    assert tags.chars.tolist() == [sum(b >> k & 1 for b in bits) for k in range(8)]
    per_block = [
        np.bitwise_or.reduce([bit for bit, chars in groups if set(chars) & set(t)] + [0])
        for t in blocks
    ]
    assert tags.blocks.tolist() == [int(b) for b in per_block]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 1500))
def test_bit_counts_match_a_plain_count(seed: int, n_words: int) -> None:
    """Word and character bits, all 32 of them, counted past a byte lane's 255 (the kernels
    count them in byte lanes and empty those every 255): as counted one bit at a time."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}x" for i in range(30)]
    masks = [int(m) for m in rng.integers(0, 2**32, len(vocab), dtype=np.uint64)]
    masks[0] = 2**32 - 1  # every bit, the top one too
    words = ta.WordTable.build(
        [
            (1 << k, ta.hash_words([w for w, m in zip(vocab, masks, strict=True) if m >> k & 1]))
            for k in range(32)
            if any(m >> k & 1 for m in masks)
        ]
    )
    chars = ta.char_table([(1 << k, "©®™§¶"[: k % 5 + 1]) for k in range(8)])
    picks = rng.integers(0, len(vocab) + 5, n_words)  # some words in no table
    lines = [
        " ".join(vocab[p] if p < len(vocab) else "none" for p in chunk)
        + " "
        + "©®™§¶"[: int(rng.integers(0, 6))] * 12  # hundreds of tagged characters a page
        for chunk in np.array_split(picks, max(1, n_words // 40))
    ]
    pa = ta.page_arrays(lines)
    tags = ta.tag_blocks(pa, words, chars)
    mask_of = dict(zip(vocab, masks, strict=True))
    page_words = [w for line in lines for w in line.split() if w in mask_of]
    expected_words = [sum(mask_of[w] >> k & 1 for w in page_words) for k in range(32)]
    bits_of_char = {c: sum(1 << k for k in range(8) if c in "©®™§¶"[: k % 5 + 1]) for c in "©®™§¶"}
    page_chars = [c for line in lines for c in line if c in bits_of_char]
    expected_chars = [sum(bits_of_char[c] >> k & 1 for c in page_chars) for k in range(8)]
    assert tags.words.tolist() == expected_words
    assert tags.chars.tolist() == expected_chars
    assert words.count_bits(pa.word_hash).tolist() == expected_words
    kept = rng.random(len(lines)) < 0.5  # only the words of kept blocks
    kept_words = [w for line, k in zip(lines, kept, strict=True) if k for w in line.split()]
    expected_kept = [
        sum(mask_of[w] >> k & 1 for w in kept_words if w in mask_of) for k in range(32)
    ]
    assert words.count_bits(pa.word_hash, pa.word_block, kept).tolist() == expected_kept


@given(st.lists(st.text(alphabet="ab ©@|/»•·'-.,\u00a0Z9", max_size=80), max_size=8))
@settings(max_examples=100, deadline=None)
def test_character_features_count_the_table_characters(blocks: list[str]) -> None:
    """The legal, link and separator columns: the words the vocabulary marks, plus the
    characters its table marks (looked up only outside letters, digits and spaces)."""
    voc = features._vocab()
    pa = ta.page_arrays(blocks)
    rows = page_features(blocks, None, pa)
    word_bits = voc.words.lookup(pa.word_hash)
    for b, text in enumerate(blocks):
        mine = word_bits[pa.word_block == b]
        char_bits = [int(voc.chars[ord(c)]) for c in text]
        legal = int(((mine & features._LEGAL) != 0).sum()) + sum(
            (c & features._C_LEGAL) != 0 for c in char_bits
        )
        link = int(((mine & features._LINK) != 0).sum()) + sum(
            (c & features._C_LINK) != 0 for c in char_bits
        )
        separators = sum((c & features._C_SEPARATOR) != 0 for c in char_bits)
        words = max(int((pa.word_block == b).sum()), 1)
        assert rows[b, FEATURE_NAMES.index("legal")] == legal
        assert rows[b, FEATURE_NAMES.index("link_words")] == link
        assert rows[b, FEATURE_NAMES.index("separators_per_word")] == np.float32(separators / words)


def test_densest_run_is_the_best_contiguous_sum() -> None:
    gain = np.array([-5.0, 3.0, 4.0, -1.0, 2.0, -10.0, 6.0])
    a, b = densest_run(gain)
    best = max((gain[i : j + 1].sum(), i, j) for i in range(len(gain)) for j in range(i, len(gain)))
    assert gain[a : b + 1].sum() == best[0]
    assert densest_run(np.array([-1.0, -2.0])) == (0, -1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET.replace("\n", ""), max_size=60), max_size=12))
def test_features_are_finite_and_shaped(blocks: list[str]) -> None:
    lexicon = np.linspace(-1, 1, 1 << 20, dtype=np.float32)
    for lex in (None, lexicon):
        x = page_features(blocks, lex)
        assert x.shape == (len(blocks), len(FEATURE_NAMES))
        assert x.dtype == np.float32
        assert np.isfinite(x).all()


def test_features_say_what_they_name() -> None:
    blocks = [
        "Menu",
        "The council approved the new budget on Monday after a long debate.",
        "Menu",
        "By Jane Doe",
    ]
    x = page_features(blocks)
    col = {name: x[:, i].tolist() for i, name in enumerate(FEATURE_NAMES)}
    assert col["later_repeat"] == [0, 0, 1, 0]
    assert col["occurrences"] == [2, 1, 2, 1]
    assert col["ends_sentence"] == [0, 1, 0, 0]
    assert col["sentence_like"] == [0, 1, 0, 0]
    assert col["byline"][3] == 1
    assert col["in_run"] == [0, 1, 0, 0]


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(0, (1 << 64) - 1), max_size=300), st.integers(0, (1 << 64) - 1))
def test_word_table_finds_exactly_its_words(members: set[int], stranger: int) -> None:
    keys = np.array(sorted(members), dtype=np.uint64)
    table = ta.WordTable.build([(1, keys[::2]), (2, keys[1::2]), (4, keys[:3])])
    want = [(1 if i % 2 == 0 else 2) | (4 if i < 3 else 0) for i in range(len(keys))]
    assert table.lookup(keys).tolist() == want
    if stranger not in members:
        assert table.lookup(np.array([stranger], dtype=np.uint64)).tolist() == [0]
    assert ta.WordTable.build([]).lookup(keys).tolist() == [0] * len(keys)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.floats(0, 1) | st.just(float("nan"))), min_size=1, max_size=30
    )
)
def test_dropped_runs_are_the_runs_and_their_maxima(rows: list[tuple[bool, float]]) -> None:
    dropped = np.array([d for d, _ in rows], dtype=bool)
    scores = np.array([s for _, s in rows])
    firsts, lasts, tops = dropped_runs(dropped, scores)
    edges = np.diff(np.concatenate(([0], dropped.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    assert firsts.tolist() == starts.tolist()
    assert lasts.tolist() == (np.flatnonzero(edges == -1) - 1).tolist()
    if len(starts):
        expected = np.maximum.reduceat(np.where(dropped, scores, -np.inf), starts)
        assert np.array_equal(tops, expected, equal_nan=True)


@settings(max_examples=300, deadline=None)  # the first call compiles the kernel
@given(
    st.lists(st.floats(0, 1) | st.just(float("nan")), max_size=40),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_kept_blocks_are_the_strong_ones_and_the_runs_that_join_them(
    scores: list[float], keep: float, join: float
) -> None:
    join = min(join, keep)
    # the definition: split the page into maximal runs of blocks scoring >= join; a run
    # holding a block that scores >= keep is kept whole, every other block is dropped
    expected = [False] * len(scores)
    i = 0
    while i < len(scores):
        if not scores[i] >= join:
            i += 1
            continue
        j = i
        while j < len(scores) and scores[j] >= join:
            j += 1
        if any(s >= keep for s in scores[i:j]):
            expected[i:j] = [True] * (j - i)
        i = j
    got = kept_by_score(np.array(scores, dtype=np.float64), keep, join)
    assert got.tolist() == expected


def test_without_a_join_the_kept_blocks_are_those_over_the_threshold() -> None:
    scores = np.array([0.7, 0.5, 0.45, 0.3, 0.55, 0.62, 0.1])
    assert kept_by_score(scores, 0.6, 0.6).tolist() == (scores >= 0.6).tolist()
    assert kept_by_score(scores, 0.6, 0.4).tolist() == [1, 1, 1, 0, 1, 1, 0]


@pytest.mark.parametrize("n", [1, 2, 7, 20_000])
def test_length_rank_and_median_on_many_equal_blocks(n: int) -> None:
    # many equal blocks and one shorter at the end: the order that sent numba's quicksort
    # quadratic; the ranks are a stable sort by length, the median np.median's
    texts = ["A block of equal length."] * n + ["Short."]
    x = page_features(texts, None)
    rank = x[:, FEATURE_NAMES.index("length_rank")]
    assert rank[-1] == 0.0
    assert np.array_equal(rank[:-1], np.arange(1, n + 1, dtype=np.float32) / max(n, 1))
    log_chars = np.log1p([len(t) for t in texts])
    got = x[:, FEATURE_NAMES.index("log_chars_vs_median")]
    assert np.allclose(got, log_chars - np.median(log_chars), atol=1e-6)


@given(st.lists(st.integers(0, 70_000), max_size=60), st.booleans())
@settings(max_examples=150, deadline=None)
def test_length_rank_is_a_stable_sort_by_length(lengths: list[int], narrow: bool) -> None:
    """The length ranks (a radix sort, a byte a pass) as a stable sort ranks the lengths,
    for lengths a byte apart and several bytes apart."""
    sizes = [n % 200 for n in lengths] if narrow else lengths
    texts = ["x" * n for n in sizes]
    got = page_features(texts, None)[:, FEATURE_NAMES.index("length_rank")]
    rank = np.empty(len(sizes))
    rank[np.argsort(np.array(sizes, dtype=np.int64), kind="stable")] = np.arange(len(sizes))
    assert np.array_equal(got, (rank / max(len(sizes) - 1, 1)).astype(np.float32))
