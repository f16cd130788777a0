"""Feature columns by name: which features each stage of a block model reads, in order.

A model's forests read columns by position; the names of those positions are written into
the model files (``Forest.feature_names``) when a model is trained, and checked against the
layouts here when it is loaded, so a model can never be fed columns it was not trained on
(a changed feature list stops the load with the first column that differs, instead of
scoring pages with shifted columns). Which variant a model is (text or HTML, with or
without the discussion, class-name and container features) is read off those names, not
guessed from a width.
"""

from __future__ import annotations

from itertools import product
from typing import NamedTuple

from decruft.page._classifier import STACK_SHIFTS, STACK_WINDOWS
from decruft.page.classlex import CLASS_FEATURE_NAMES
from decruft.page.containers import CONTAINER_FEATURE_NAMES
from decruft.page.discussion import DISCUSSION_NAMES
from decruft.page.features import FEATURE_NAMES
from decruft.page.topic import TOPIC_NAMES
from decruft.segment.html import DOM_FEATURE_NAMES

# Stage 2's sequence features over the stage-1 scores (``_classifier._stack``), in order.
STACK_NAMES: tuple[str, ...] = (
    "p1",
    *(f"p1_win{h}" for h in STACK_WINDOWS),
    *(f"p1_shift{k}" for k in STACK_SHIFTS),
    "page_mean_p1",
    "page_share_p1_above_pivot",
    "in_p1_run",
    "dist_to_p1_run",
    "log1p_chars",
    "rel_index",
    "max_p1_so_far",
    "max_p1_from_here",
)


class Layout(NamedTuple):
    """The columns of one model variant's two stages."""

    dom: bool  # stage 1 reads the page's DOM features (an HTML model)
    class_names: bool  # ... and its class-name lexicon features
    discussion: bool  # stage 1 and 2 read the discussion features, stage 2 the topic ones
    containers: bool  # stage 2 reads the stage-1 scores gathered up the DOM tree

    @property
    def stage1(self) -> tuple[str, ...]:
        dom = DOM_FEATURE_NAMES if self.dom else ()
        names = CLASS_FEATURE_NAMES if self.class_names else ()
        return (*FEATURE_NAMES, *dom, *names, *(DISCUSSION_NAMES if self.discussion else ()))

    @property
    def stage2(self) -> tuple[str, ...]:
        talk = (*DISCUSSION_NAMES, *TOPIC_NAMES) if self.discussion else ()
        return (*STACK_NAMES, *talk, *(CONTAINER_FEATURE_NAMES if self.containers else ()))

    def stage2_column(self, name: str) -> int:
        return self.stage2.index(name)


# The text model as shipped, and the HTML model as shipped.
TEXT = Layout(dom=False, class_names=False, discussion=True, containers=False)
HTML = Layout(dom=True, class_names=True, discussion=False, containers=True)
# Every variant the cascade can run (class names and containers need a DOM).
LAYOUTS: tuple[Layout, ...] = tuple(
    Layout(dom, names, talk, boxes)
    for dom, names, talk, boxes in product((False, True), repeat=4)
    if dom or not (names or boxes)
)


class LayoutError(ValueError):
    """A model's columns are not what this version of decruft computes."""


def identify(stage1: tuple[str, ...], stage2: tuple[str, ...]) -> Layout:
    """The layout whose stages have exactly these column names."""
    for layout in LAYOUTS:
        if layout.stage1 == stage1 and layout.stage2 == stage2:
            return layout
    nearest = min(
        LAYOUTS, key=lambda lay: _first_difference(lay.stage1 + lay.stage2, stage1 + stage2)
    )
    raise LayoutError(
        "the model's feature columns are not any this decruft computes: "
        + _describe(nearest.stage1, stage1, "stage 1")
        + "; "
        + _describe(nearest.stage2, stage2, "stage 2")
    )


def identify_by_width(stage1: int, stage2: int) -> Layout:
    """For model files written without names: the one layout of these widths."""
    found = [lay for lay in LAYOUTS if (len(lay.stage1), len(lay.stage2)) == (stage1, stage2)]
    if len(found) != 1:
        raise LayoutError(f"no single layout has {stage1} stage-1 and {stage2} stage-2 columns")
    return found[0]


def _first_difference(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Minus the length of the common prefix (smaller: more alike), then the length gap."""
    same = next(
        (k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return -same * 1000 + abs(len(a) - len(b))


def _describe(want: tuple[str, ...], got: tuple[str, ...], stage: str) -> str:
    if want == got:
        return f"{stage} as expected"
    at = next((k for k, (x, y) in enumerate(zip(want, got, strict=False)) if x != y), None)
    if at is None:
        return f"{stage} has {len(got)} columns, expected {len(want)}"
    return f"{stage} column {at} is {got[at]!r}, expected {want[at]!r}"
