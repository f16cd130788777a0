"""The comment-section step (``Config.comments`` off, ``--no-comments``): every block of an
HTML page that sits inside an element named as comments is removed, whatever the model made
of it.

The model already drops an article's comments (they are not the article), but it keeps the
posts of a forum or a discussion page, where they are the content. A user who wants no
comments at all asks for this step; its evidence names the rule that found the section.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt

from decruft.model import Blocks, Removal

RULE = "comment-section"
EVIDENCE = "inside an element named as comments (class, id or role), --no-comments"


def comment_section_removals(
    blocks: Blocks, in_comments: npt.NDArray[np.bool_], skip: Collection[int]
) -> list[Removal]:
    """A removal for each block in a comment section (``in_comments``, per block: see
    ``decruft.segment.html.dom.comment_blocks``) that no earlier step removed (``skip``)."""
    found = [b for b in np.flatnonzero(in_comments).tolist() if b not in skip]
    at = np.asarray(found, dtype=np.int64)
    starts, ends = blocks.starts_of(at), blocks.ends_of(at)
    return [
        Removal(start, end, RULE, EVIDENCE, b)
        for b, start, end in zip(found, starts, ends, strict=True)
    ]
