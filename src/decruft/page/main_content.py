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

Where the two agree about the page (the model keeps enough of the rules' content, and what
it keeps lies inside it: at least MAIN_AGREED_INSIDE of its characters), they name the same
region, and the blocks of that region the model was unsure of (a score of at least
MAIN_AGREED_MIN_SCORE, and at least MAIN_AGREED_MIN_CHARS long) belong with the rest of it:
trained on one source, the model drops a quarter of such articles (their headings, short
paragraphs, first lines), which the other source's truth holds.

Measured on out-of-fold block scores of the dev HTML pages (2026-12-07, token F1 of the
articles; ``training/decode.py --main-content``): trained on one source and scored on the
other .9143 -> .9258 (forum, service and documentation pages +.03 to +.11), 5-fold .9443 ->
.9450 (listings +.10, collections +.05, service +.02, no page type worse); dupX unchanged. The
agreed region, the same night: .9258 -> .9298 trained on one source (WCXB articles +.006;
the gain spread over many pages), 5-fold .9450 -> .9430 (the scrapinghub truth leaves out
more of such regions), no page type worse; dupX .0047.
"""

from __future__ import annotations

from typing import NamedTuple

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
# The model and the rules name the same region when this share of the characters the model
# keeps lies inside the rules' main content (0.9, 0.95 and 0.98 were tried: the same within
# .0003 on both CVs).
MAIN_AGREED_INSIDE = 0.95
# In an agreed region a block the model scores at least this comes back: an unsure block,
# not a near-certain drop (0.2, 0.25, 0.3 and 0.35 were tried; lower lifts more of what the
# scrapinghub truth leaves out, higher less of what WCXB's holds).
MAIN_AGREED_MIN_SCORE = 0.25
# ... and when it is at least this long: not a table's check marks or a lone symbol.
MAIN_AGREED_MIN_CHARS = 10

B = npt.NDArray[np.bool_]


class MainBack(NamedTuple):
    """What ``main_content_back`` found: the blocks to keep, the share of the rules' main
    content the model kept, the share of what the model kept that lies inside it, and
    whether the two agreed about the region (else the model kept too little of it)."""

    blocks: B
    share: float
    inside: float
    agreed: bool


def main_content_back(
    scores: npt.NDArray[np.float64],
    main: B,
    lengths: npt.NDArray[np.int64],
    repeated: B,
    keep: float,
) -> MainBack:
    """The blocks to keep besides those scoring ``keep``: ``main`` marks the blocks the
    main-content rules keep, ``lengths`` their characters, ``repeated`` the copies of another
    block (shares are 1.0 when the rules found no main content)."""
    none = np.zeros(len(scores), dtype=bool)
    total = int(lengths[main].sum())
    if total == 0:
        return MainBack(none, 1.0, 1.0, False)
    kept = scores >= keep
    inside_chars = int(lengths[main & kept].sum())
    kept_chars = int(lengths[kept].sum())
    share = inside_chars / total
    inside = inside_chars / kept_chars if kept_chars else 1.0
    unsure = main & ~kept & ~repeated
    if share < MAIN_KEPT_SHARE:
        return MainBack(unsure & (scores >= MAIN_MIN_SCORE), share, inside, False)
    if inside >= MAIN_AGREED_INSIDE:
        lifted = unsure & (scores >= MAIN_AGREED_MIN_SCORE) & (lengths >= MAIN_AGREED_MIN_CHARS)
        return MainBack(lifted, share, inside, True)
    return MainBack(none, share, inside, False)


# No main-content step ran (text records, ``Config.main_content`` off).
MAIN_BACK_NONE = MainBack(np.zeros(0, dtype=bool), 1.0, 1.0, False)
