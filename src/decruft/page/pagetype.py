"""What kind of page is this? Article, forum, product, collection, listing, documentation or
service — from the shape of what the cleaner kept and removed.

A small multi-class tree model (``data/model/pagetype.npz``, trained by
``training/train.py`` with 5-fold cross-validation on the dev manifest's ``page_type``)
over page-level features: how much prose survived, how long and how sentence-like the kept
blocks are, how confident the block scorer was, and the vocabulary of shops (prices,
carts), forums (replies, posts) and docs (code characters). HTML pages have a model of
their own (``data/model/html/pagetype.npz``) whose rows add what the page declares itself
to be (JSON-LD @type, og:type) and the shape of its DOM.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.model import Block
from decruft.page import textarrays as ta
from decruft.page._pagetype import (
    N_FEATURES as N_FEATURES,
    PROSE_MIN_WORDS as PROSE_MIN_WORDS,
    SHORT_MAX_WORDS as SHORT_MAX_WORDS,
    _row,
)
from decruft.page.forest import Forest
from decruft.resources import data_path
from decruft.segment.html import DOM_FEATURE_NAMES

PAGE_TYPES = ("article", "collection", "documentation", "forum", "listing", "product", "service")
# Words that mark shops, forums and docs (counted per 1000 words of the page).
_SHOP = ("price", "cart", "buy", "add", "shipping", "stock", "checkout", "reviews", "sale", "usd")
_FORUM = (
    "reply",
    "replies",
    "posted",
    "post",
    "posts",
    "joined",
    "members",
    "thread",
    "quote",
    "member",
    "likes",
    "answer",
    "answers",
    "asked",
    "votes",
)
_DOCS = (
    "function",
    "return",
    "example",
    "parameter",
    "parameters",
    "class",
    "install",
    "import",
    "api",
    "default",
    "type",
    "value",
    "returns",
    "string",
    "method",
)
_SERVICE = (
    "pricing",
    "demo",
    "customers",
    "platform",
    "solutions",
    "contact",
    "trial",
    "teams",
    "started",
    "features",
)
# Word groups and character groups, by bit number in the tables (tags count per bit number).
_VOCABULARIES = (_SHOP, _FORUM, _DOCS, _SERVICE)
_CODE_CHARS = "{}();=<>[]_"
_MONEY_CHARS = "$€£¥"
_CHAR_GROUPS = (_CODE_CHARS, _MONEY_CHARS, "?")


@cache
def page_type_tables() -> tuple[ta.WordTable, npt.NDArray[np.uint8]]:
    """The page-type vocabularies' word table and character table (``ta.tag_blocks``)."""
    words = ta.WordTable.build(
        [(1 << k, ta.hash_words(group)) for k, group in enumerate(_VOCABULARIES)]
    )
    chars = ta.char_table([(1 << k, group) for k, group in enumerate(_CHAR_GROUPS)])
    return words, chars


def page_type_features(
    blocks: Sequence[Block],
    kept: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.floating],
    arrays: ta.PageArrays,
    tags: ta.Tags | None = None,
) -> npt.NDArray[np.float32]:
    """The page's row; ``tags``: its ``page_type_tables`` tags, when the caller has them."""
    if tags is None:
        tags = ta.tag_blocks(arrays, *page_type_tables())
    return _row(
        arrays.word_block,
        arrays.word_first_cls,
        np.asarray(kept, dtype=np.bool_),
        np.asarray(scores, dtype=np.float64),
        tags.words,
        tags.chars,
        len(arrays.cps),
    )


# What an HTML page declares itself to be (its JSON-LD @types and og:type, see
# HtmlMeta.declared_types), in groups that point at a page type; a type may match several.
_DECLARED_GROUPS = tuple(
    re.compile(pattern)
    for pattern in (
        r"article|posting|report|news|blog|review",  # articles (and tech articles: docs)
        r"techarticle|apireference|softwaresourcecode",
        r"product|offer|aggregaterating",
        r"discussionforum|qapage|question|answer|comment",
        r"faqpage",
        r"collectionpage|itemlist|searchresults",
        r"localbusiness|service|contactpage|course|event|place|softwareapplication",
        r"^og:article",
        r"^og:website",
        r"^webpage$",
    )
)
# Share-of-blocks columns of the DOM rows (see decruft.segment.html.DOM_FEATURE_NAMES).
_DOM_SHARES = (
    "tag_li",
    "tag_cell",
    "tag_pre",
    "in_article",
    "in_main",
    "in_nav",
    "in_aside",
    "in_form",
    "in_header",
    "in_footer",
    "hint_comment",
    "hint_related",
    "in_container",
)
N_HTML_FEATURES = len(_DECLARED_GROUPS) + 1 + len(_DOM_SHARES) + 5


def html_page_type_features(
    dom: npt.NDArray[np.float32], declared: Sequence[str]
) -> npt.NDArray[np.float32]:
    """What an HTML page adds to its page-type row: the types it declares and the shape of
    its DOM (lists, tables, code, landmarks, how many <article> elements, how concentrated
    its prose is): a forum or a listing repeats one element per item, an article has one."""
    out = np.zeros(N_HTML_FEATURES, dtype=np.float32)
    g = len(_DECLARED_GROUPS)
    for k, pattern in enumerate(_DECLARED_GROUPS):
        out[k] = any(pattern.search(t) for t in declared)
    out[g] = len(declared)
    n = dom.shape[0]
    if n == 0:
        return out
    col = _dom_columns()
    c = g + 1
    for k, name in enumerate(_DOM_SHARES):
        out[c + k] = dom[:, col[name]].mean()
    c += len(_DOM_SHARES)
    in_article = dom[:, col["in_article"]] > 0
    out[c] = np.count_nonzero(in_article[1:] & ~in_article[:-1]) + bool(in_article[0])
    out[c + 1] = (dom[:, col["heading_level"]] > 0).mean()
    out[c + 2] = dom[:, col["link_density"]].mean()
    out[c + 3] = dom[:, col["prose_in_elem"]].max()
    out[c + 4] = dom[:, col["prose_in_parent"]].max()
    return out


@cache
def _dom_columns() -> dict[str, int]:
    return {name: k for k, name in enumerate(DOM_FEATURE_NAMES)}


class PageTypeGuess(NamedTuple):
    """The most likely page type and its probability."""

    kind: str
    probability: float
    article_probability: float

    @classmethod
    def from_probs(cls, probs: npt.NDArray[np.float64]) -> PageTypeGuess:
        best = int(np.argmax(probs))
        return cls(PAGE_TYPES[best], float(probs[best]), float(probs[0]))


class PageTyper(NamedTuple):
    forest: Forest

    def predict(self, features: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Probability of each of PAGE_TYPES, one row per page."""
        return self.forest.predict(features).reshape(len(features), len(PAGE_TYPES))


@cache
def shipped_page_typer(html: bool = False) -> PageTyper | None:
    """The text pages' page-type model, or with ``html`` the HTML pages' (whose rows add
    html_page_type_features); None when it is not shipped."""
    path = data_path("model") / ("html/pagetype.npz" if html else "pagetype.npz")
    if not path.is_file():
        return None
    return PageTyper(Forest.load(path))
