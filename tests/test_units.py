"""Lists, tables and code blocks made whole after the classifier (``Config.units``)."""

from __future__ import annotations

import numpy as np

import decruft
from decruft.config import Config
from decruft.page.units import LAYOUT_CELL_CHARS, block_units, whole_units
from decruft.segment.html import segment_html
from decruft.segment.html.dom import block_shapes

ITEMS = "".join(f"<li>Ingredient number {k}: a spoon of something</li>" for k in range(6))
PAGE = (
    "<h1>Recipe</h1><p>Intro paragraph of the recipe, in a few words.</p>"
    f"<ul>{ITEMS}</ul>"
    "<ol><li>One</li><li>Two</li></ol>"  # too small to be a unit
    "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    f"<table><tr><td>{'x' * (LAYOUT_CELL_CHARS + 1)}</td><td>y</td><td>z</td></tr></table>"
    "<pre>line one\nline two\nline three</pre>"
)


def _page() -> tuple[object, np.ndarray, object]:
    seg = segment_html(PAGE)
    shapes = block_shapes(seg.dom, seg.tree)
    return seg, block_units(shapes), shapes


def test_each_block_knows_its_unit() -> None:
    seg, units, _ = _page()
    texts = seg.blocks.texts  # type: ignore[attr-defined]
    assert units[texts.index("Recipe")] == -1 and units[1] == -1
    ingredients = [units[k] for k, t in enumerate(texts) if t.startswith("Ingredient")]
    assert len(set(ingredients)) == 1 and ingredients[0] >= 0
    cells = [units[texts.index(t)] for t in "abcd"]
    assert len(set(cells)) == 1 and cells[0] not in ingredients
    code = [units[k] for k, t in enumerate(texts) if t.startswith("line")]
    assert code and len(set(code)) == 1 and code[0] not in (*cells, *ingredients, -1)


def _settle(dropped_texts: set[str], by_rule_texts: frozenset[str] = frozenset()) -> set[str]:
    """The texts of the blocks that come back."""
    seg, units, shapes = _page()
    texts = seg.blocks.texts  # type: ignore[attr-defined]
    dropped = np.array([t in dropped_texts for t in texts])
    by_rule = np.array([t in by_rule_texts for t in texts])
    elements = shapes.elements  # type: ignore[attr-defined]
    back = whole_units(seg.blocks, units, elements, by_rule, dropped)  # type: ignore[attr-defined]
    return {t for t, r in zip(texts, back, strict=True) if r}


ITEM = "Ingredient number {}: a spoon of something"


def test_a_mostly_kept_unit_comes_back_whole() -> None:
    two = {ITEM.format(4), ITEM.format(5)}
    assert _settle(two) == two


def test_a_mostly_dropped_unit_is_left_to_the_model() -> None:
    assert not _settle({ITEM.format(k) for k in range(1, 6)})


def test_small_units_layout_tables_rule_removals_and_copies_stay_out() -> None:
    assert not _settle({"Two", "y"})  # a 2-item list; a layout table
    # a rule's removal stays removed and does not count: 3 of the 6 items
    ruled = frozenset(ITEM.format(k) for k in range(3))
    assert _settle({ITEM.format(4)}, ruled) == {ITEM.format(4)}
    seg, units, shapes = _page()
    texts = seg.blocks.texts  # type: ignore[attr-defined]
    dropped = np.array([t == ITEM.format(5) for t in texts])
    nothing = np.zeros(len(texts), dtype=bool)
    elements = shapes.elements  # type: ignore[attr-defined]
    back = whole_units(seg.blocks, units, elements, nothing, dropped, dropped)  # type: ignore[attr-defined]
    assert not back.any()  # a block whose words the page repeats does not come back


def test_units_through_the_cleaner() -> None:
    plain = decruft.clean_html(PAGE, Config(units=False))
    whole = decruft.clean_html(PAGE)
    assert Config().units
    kept = {t for t, k in zip(whole.blocks.texts, whole.kept_mask, strict=True) if k}  # type: ignore[attr-defined]
    ingredients = {t for t in whole.blocks.texts if t.startswith("Ingredient")}  # type: ignore[attr-defined]
    some = {t for t, k in zip(plain.blocks.texts, plain.kept_mask, strict=True) if k}  # type: ignore[attr-defined]
    if len(ingredients & some) * 2 >= len(ingredients):  # the model kept most of the list
        assert ingredients <= kept
    assert some <= kept  # nothing the model kept is lost


def test_the_verdict_says_how_many_blocks_came_back_with_their_unit() -> None:
    from decruft.page.verdict import KeptBack, decide

    seg = segment_html(PAGE)
    kept = [True] * len(seg.blocks)
    reasons = decide(seg.blocks, kept, (), None, back=KeptBack(units=3)).reasons
    assert any(r.startswith("3 blocks the model dropped kept with their list") for r in reasons)
    assert not any("kept with their list" in r for r in decide(seg.blocks, kept, (), None).reasons)


def test_with_drop_units_a_mostly_dropped_units_kept_blocks_go_with_evidence() -> None:
    from decruft.page.units import UNIT_RULE, dropped_units

    seg, units, shapes = _page()
    texts = seg.blocks.texts  # type: ignore[attr-defined]
    dropped = np.array([t in {ITEM.format(k) for k in range(1, 6)} for t in texts])
    nothing = np.zeros(len(texts), dtype=bool)
    elements = shapes.elements  # type: ignore[attr-defined]
    gone = dropped_units(seg.blocks, units, elements, nothing, dropped)  # type: ignore[arg-type]
    assert [texts[r.block] for r in gone] == [ITEM.format(0)]
    (removal,) = gone
    assert removal.rule == UNIT_RULE
    assert removal.evidence == "dropped with its list, 17% of which the model kept"
    assert seg.body[removal.start : removal.end] == ITEM.format(0)  # type: ignore[attr-defined]
    # a mostly kept unit, a small one, and one a rule removed most of lose nothing
    assert not dropped_units(seg.blocks, units, elements, nothing, nothing)  # type: ignore[arg-type]
    assert not dropped_units(seg.blocks, units, elements, dropped, nothing)  # type: ignore[arg-type]


def test_drop_units_through_the_cleaner_is_off_by_default() -> None:
    assert not Config().drop_units
    page = decruft.clean_html(PAGE, Config(drop_units=True))
    plain = decruft.clean_html(PAGE)
    assert set(page.text.splitlines()) <= set(plain.text.splitlines())
    assert all(r.evidence.startswith("dropped with its") for r in page.removals if r.rule == "unit")
