# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled kernels of segment/maincontent.py: an element's verdict and the per-block cuts.

The rule flags, tag kinds, verdicts and thresholds are defined here, once: maincontent.py
imports them (``cpdef enum`` makes them Python ints too).
"""

import numpy as np

from libc.stdint cimport int64_t, uint8_t
from libc.stdlib cimport calloc, free

# --- rule flags of class/id values and attributes -------------------------------------------

cpdef enum:
    MC_HIDDEN = 1 << 0
    MC_SKIP = 1 << 1
    MC_SIGN_IN = 1 << 2
    MC_SOCIAL = 1 << 3
    MC_LOGO = 1 << 4
    MC_AD = 1 << 5
    MC_JUNK = 1 << 6
    MC_ARTICLE = 1 << 7  # names the article: a block element so named is kept
    MC_LANDMARK_ID = 1 << 8
    MC_HEADER = 1 << 9
    MC_FOOTER = 1 << 10
    MC_NAV = 1 << 11
    MC_RECOMMENDED = 1 << 12
    MC_COMMENTS = 1 << 13
    MC_SEARCH = 1 << 14
    MC_SIDEBAR = 1 << 15
    MC_MODAL = 1 << 16
    MC_GALLERY = 1 << 17
    MC_PRINT = 1 << 18
    # read from other attributes (see maincontent.attribute_rules)
    MC_OFF_ATTRIBUTE = 1 << 19  # hidden, aria-hidden, aria-expanded, display:none, rel, itemprop
    MC_OFF_ROLE = 1 << 20  # an ARIA role of page furniture (applies to block elements)
    MC_HAS_NAMES = 1 << 21  # the element has a class or id
    MC_LAST_IN_SECTION = 1 << 22  # a footer with nothing after it in its top-level section
    MC_ROOT = 1 << 23  # names the article's body (maincontent.ROOT_CLASSES, role="main")
    _FLAG_BITS = (1 << 24) - 1
    # The segmenter packs an element's maincontent.RULE_TAGS kind above its flags.
    TAG_SHIFT = 28
    # Cut any element, and cut any element below the page's frame (FRAME_DEPTH).
    _CUT_ANY = MC_HIDDEN | MC_LOGO | MC_AD | MC_JUNK
    _CUT_DEEP = MC_SIGN_IN | MC_SOCIAL
    # Cut block elements.
    _CUT_BLOCK = (
        MC_LANDMARK_ID
        | MC_HEADER
        | MC_FOOTER
        | MC_NAV
        | MC_RECOMMENDED
        | MC_COMMENTS
        | MC_SEARCH
        | MC_SIDEBAR
        | MC_MODAL
        | MC_GALLERY
        | MC_PRINT
    )

# --- places, tag kinds and verdicts ----------------------------------------------------------

cpdef enum:
    # Elements less deep than this below <body> (a child of body is 1) are the page's frame:
    # its global menu, footer and sign-in links, not parts of an article.
    FRAME_DEPTH = 3
    # A list this close to <body> is the site's menu.
    FRAME_LIST_DEPTH = 4
    # A plain <div> deeper than this is looked at as a possible link cluster.
    DEEP_DIV_DEPTH = 5
    # Element kinds the rules name (maincontent.RULE_TAGS maps tag names to them).
    TAG_NONE = 0
    TAG_DIV = 1
    TAG_UL = 2
    TAG_FOOTER = 3
    TAG_ARTICLE = 4
    TAG_CUT = 5  # nav, aside, time, form labels and buttons, figures: never main content
    TAG_KEEP = 6  # body, main, h1: always main content (their insides are still checked)
    TAG_SKIPPABLE = 7  # a, li: where skip links sit
    TAG_BLOCK = 8  # another block element (class/id rules for blocks apply)
    TAG_CELL = 9  # td: a block for these rules
    # Element verdicts of off_main ...
    KEEP = 0
    CUT = 1
    # ... or: kept unless its links make it a cluster (CLUSTER_RATIO / CLUSTER_MOST).
    CHECK_LIST = 2  # footer, ul
    CHECK_TEASER = 3  # article
    CHECK_PLAIN_DIV = 4
    CHECK_NAMED_DIV = 5

# No rule cuts an element holding at least this share of the page's text outside links:
# layout wrappers carry names like "right-sidebar" or "has-comments" around the article.
cdef double MOST_OF_PAGE = 0.5
# Per verdict, its link-cluster check: link characters over all characters above this ratio
# (0.2 for footers, lists and teasers, 0.6 for divs) ...
cdef double CLUSTER_RATIO[6]
# ... in elements with at most this many characters (0: any size): a long element with many
# links is an article that links, not a menu.
cdef double CLUSTER_MOST[6]
CLUSTER_RATIO[:] = [0.0, 0.0, 0.2, 0.2, 0.6, 0.6]
CLUSTER_MOST[:] = [0.0, 0.0, 0.0, 500.0, 800.0, 1500.0]


cpdef int64_t off_main(int64_t tag, int64_t flags, int64_t depth) noexcept:
    """An element's verdict: KEEP, CUT or a CHECK_* left to its links (off_main_blocks).

    ``tag`` is its RULE_TAGS kind, ``flags`` its name and attribute rule flags (with
    MC_LAST_IN_SECTION for a footer last in its top-level section), ``depth`` its level
    below ``<body>`` (1: a child of body).
    """
    cdef int64_t check = KEEP
    cdef bint block
    if tag == TAG_KEEP:
        return KEEP
    if tag == TAG_CUT:
        return CUT
    if tag == TAG_FOOTER:
        if depth < FRAME_DEPTH or flags & MC_LAST_IN_SECTION:
            return CUT
        return CHECK_LIST
    if tag == TAG_UL:
        if depth < FRAME_LIST_DEPTH:
            return CUT
        check = CHECK_LIST
    elif tag == TAG_ARTICLE and depth >= FRAME_DEPTH:
        check = CHECK_TEASER
    block = TAG_DIV <= tag <= TAG_CELL and tag != TAG_CUT and tag != TAG_KEEP
    if flags & MC_OFF_ATTRIBUTE or (block and flags & MC_OFF_ROLE):
        return CUT
    if not flags & MC_HAS_NAMES:
        if tag == TAG_DIV and depth > DEEP_DIV_DEPTH:
            return CHECK_PLAIN_DIV
        return check
    if flags & _CUT_ANY or (flags & MC_SKIP and (tag == TAG_DIV or tag == TAG_SKIPPABLE)):
        return CUT
    if flags & _CUT_DEEP and depth >= FRAME_DEPTH:
        return CUT
    if not block:
        return check
    if flags & MC_ARTICLE:
        return check
    if flags & _CUT_BLOCK:
        return CUT
    if tag == TAG_DIV and depth >= FRAME_DEPTH:
        return CHECK_NAMED_DIV
    return check


def off_main_blocks(
    const int64_t[::1] parents,
    const int64_t[::1] rules,
    const int64_t[::1] elems,
    const double[::1] chars,
    const double[::1] link_chars,
):
    """Per block, whether the rules cut an element around it.

    ``parents``/``rules``: each element's parent (-1: none; parents come before their
    children) and its flags with its tag kind at TAG_SHIFT; ``elems``: each block's own
    element (see segment/html.DomTree); ``chars``/``link_chars``: each block's characters
    and those inside links. An element with a CHECK_* verdict is cut when its link share
    passes its ratio (CLUSTER_RATIO, CLUSTER_MOST); a CUT one unless it holds MOST_OF_PAGE
    of the page's text.
    """
    cdef Py_ssize_t n_elems = parents.shape[0]
    cdef Py_ssize_t n_blocks = elems.shape[0]
    # Per element: its characters and link characters, its levels below <body> (<body> is
    # 0), whether it is cut, and whether it is inside the one root, if there is one.
    cdef double* total = <double*>calloc(n_elems + 1, sizeof(double))
    cdef double* linked = <double*>calloc(n_elems + 1, sizeof(double))
    cdef int64_t* depth = <int64_t*>calloc(n_elems + 1, sizeof(int64_t))
    cdef uint8_t* cut = <uint8_t*>calloc(n_elems + 1, sizeof(uint8_t))
    cdef uint8_t* inside = <uint8_t*>calloc(n_elems + 1, sizeof(uint8_t))
    if total == NULL or linked == NULL or depth == NULL or cut == NULL or inside == NULL:
        free(total)
        free(linked)
        free(depth)
        free(cut)
        free(inside)
        raise MemoryError()
    cdef Py_ssize_t b, e
    cdef int64_t x, parent, verdict
    cdef double page_text = 0.0
    cdef double ratio, most
    cdef int64_t root = -1
    cdef uint8_t[::1] out
    try:
        for b in range(n_blocks):
            x = elems[b]
            while x >= 0:
                total[x] += chars[b]
                linked[x] += link_chars[b]
                x = parents[x]
        for b in range(n_blocks):
            page_text += chars[b] - link_chars[b]
        for e in range(n_elems):
            if rules[e] & MC_ROOT:
                root = e if root == -1 else -2
        for e in range(n_elems):
            inside[e] = True
        for e in range(n_elems):
            parent = parents[e]
            if root >= 0:
                inside[e] = e == root or (parent >= 0 and inside[parent])
            if parent >= 0:
                depth[e] = depth[parent] + 1
                if cut[parent]:
                    cut[e] = True
                    continue
            verdict = off_main(rules[e] >> TAG_SHIFT, rules[e] & _FLAG_BITS, depth[e])
            if verdict == CUT:
                cut[e] = total[e] - linked[e] < MOST_OF_PAGE * page_text
            elif verdict != KEEP and total[e] > 0:
                ratio = CLUSTER_RATIO[verdict]
                most = CLUSTER_MOST[verdict]
                if most == 0 or total[e] <= most:
                    cut[e] = linked[e] / total[e] > ratio
        out_array = np.zeros(n_blocks, dtype=np.bool_)
        out = out_array.view(np.uint8)
        for b in range(n_blocks):
            x = elems[b]
            out[b] = (x >= 0 and cut[x]) or (root >= 0 and (x < 0 or not inside[x]))
    finally:
        free(total)
        free(linked)
        free(depth)
        free(cut)
        free(inside)
    return out_array
