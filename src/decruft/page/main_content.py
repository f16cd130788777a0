"""The main-content rules as a safety net under the model (``Config.main_content``).

The HTML model learned its keep/drop from two benchmark sources; on pages unlike them it
tends to keep too little, not too much (trained on one source and scored on the other, it
loses recall, not precision). The main-content rules (segment/maincontent.py: the landmark,
class-name and link-cluster rules published for the web at large) were tuned on no page
here. Where the model keeps less than MAIN_KEPT_SHARE of the characters those rules call the
page's content, the two disagree about the page as a whole, and the blocks of that content
the model did not rule out (a score of at least MAIN_MIN_SCORE) are kept too. Where it keeps
more, the model is trusted block by block. Copies of another block of the page never come
back (a repeated line stays with the model, as for units).

Measured on out-of-fold block scores of the dev HTML pages (2026-12-07, token F1 of the
articles; ``training/decode.py --main-content``): trained on one source and scored on the
other .9143 -> .9258 (forum, service and documentation pages +.03 to +.11), 5-fold .9443 ->
.9450 (listings +.10, collections +.05, service +.02, no page type worse); dupX unchanged.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from decruft.segment.html import DOM_FEATURE_NAMES

# The DOM feature column the rules write: 1 where they keep the block, else 0.
MAIN_CONTENT_COLUMN = DOM_FEATURE_NAMES.index("main_content")
# The model keeping less than this share of the rules' main content is a disagreement about
# the page: 0.5, 0.6, 0.7 and 0.85 were tried (0.85 costs the 5-fold CV .0016).
MAIN_KEPT_SHARE = 0.7
# A block the model scores below this is near-certain boilerplate: it stays dropped even
# inside the rules' main content (0.0, 0.05, 0.1 and 0.2 were tried).
MAIN_MIN_SCORE = 0.05

B = npt.NDArray[np.bool_]


def main_content_back(
    scores: npt.NDArray[np.float64],
    main: B,
    lengths: npt.NDArray[np.int64],
    repeated: B,
    keep: float,
) -> tuple[B, float]:
    """The blocks to keep besides those scoring ``keep``: ``main`` marks the blocks the
    main-content rules keep, ``lengths`` their characters, ``repeated`` the copies of another
    block. Also returns the share of the main content's characters the model kept (1.0 when
    the rules found none)."""
    none = np.zeros(len(scores), dtype=bool)
    total = int(lengths[main].sum())
    if total == 0:
        return none, 1.0
    kept = scores >= keep
    share = int(lengths[main & kept].sum()) / total
    if share >= MAIN_KEPT_SHARE:
        return none, share
    return main & ~kept & (scores >= MAIN_MIN_SCORE) & ~repeated, share
