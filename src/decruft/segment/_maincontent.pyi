import numpy as np
import numpy.typing as npt

MC_HIDDEN: int
MC_SKIP: int
MC_SIGN_IN: int
MC_SOCIAL: int
MC_LOGO: int
MC_AD: int
MC_JUNK: int
MC_ARTICLE: int
MC_LANDMARK_ID: int
MC_HEADER: int
MC_FOOTER: int
MC_NAV: int
MC_RECOMMENDED: int
MC_COMMENTS: int
MC_SEARCH: int
MC_SIDEBAR: int
MC_MODAL: int
MC_GALLERY: int
MC_PRINT: int
MC_OFF_ATTRIBUTE: int
MC_OFF_ROLE: int
MC_HAS_NAMES: int
MC_LAST_IN_SECTION: int
MC_ROOT: int
TAG_SHIFT: int
FRAME_DEPTH: int
FRAME_LIST_DEPTH: int
DEEP_DIV_DEPTH: int
TAG_NONE: int
TAG_DIV: int
TAG_UL: int
TAG_FOOTER: int
TAG_ARTICLE: int
TAG_CUT: int
TAG_KEEP: int
TAG_SKIPPABLE: int
TAG_BLOCK: int
TAG_CELL: int
KEEP: int
CUT: int
CHECK_LIST: int
CHECK_TEASER: int
CHECK_PLAIN_DIV: int
CHECK_NAMED_DIV: int

def off_main(tag: int, flags: int, depth: int) -> int: ...
def off_main_blocks(
    parents: npt.NDArray[np.int64],
    rules: npt.NDArray[np.int64],
    elems: npt.NDArray[np.int64],
    chars: npt.NDArray[np.float64],
    link_chars: npt.NDArray[np.float64],
) -> npt.NDArray[np.bool_]: ...
