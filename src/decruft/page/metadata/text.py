"""Metadata found in the page text: headline, dateline publisher, byline author, date, language.

Nothing is invented: every value is read off a block of the page. The headline is the
short, title-like block at the top of the kept text (or just before it); the publisher comes
from a dateline such as "(MENAFN) ..." or "LONDON (Reuters) -"; the author from a byline
near the headline; the date from a date expression near the headline.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from decruft.model import Block, Meta, block_texts
from decruft.page import textarrays as ta
from decruft.page.metadata.headline import (
    MAX_CHARS as TITLE_MAX_CHARS,
    MAX_WORDS as TITLE_MAX_WORDS,
    TitlePage,
    pick_titles,
    title_model_available,
)
from decruft.page.metadata.title_agreement import choose_title
from decruft.resources import stopwords
from decruft.segment.htmlmeta import HtmlMeta, url_date

# A headline has at least this many words (at most TITLE_MAX_WORDS / TITLE_MAX_CHARS, shared
# with the learned picker in title.py; the character cap is checked first so a 50 MB line is
# never split into words) ...
TITLE_MIN_WORDS = 2
# ... and is looked for among this many blocks before the first kept paragraph.
TITLE_LOOKBACK = 3
# A block of at most this many words holding a date is a date line, not a headline.
DATE_LINE_MAX_WORDS = 8
# Dates are read from blocks of at most this many characters (date lines, bylines).
DATE_LINE_MAX_CHARS = 160
# A dateline sits in the first characters of the first paragraph.
DATELINE_MAX_CHARS = 120
# Bylines and dates are looked for this many blocks around the headline.
BYLINE_WINDOW = 6
# A byline block is short.
BYLINE_MAX_CHARS = 80
# Language: at least this many stopword hits before naming a language.
LANGUAGE_MIN_HITS = 5

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.,' -]{0,40}\s)?\(([A-Z][A-Za-z0-9&.' -]{1,30})\)\s*(?:[-–—:]\s*)?\S"
)
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|author:?|words by)\s+"
    r"([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|and|&)){0,5})",
    re.IGNORECASE,
)
# A month glued after the name where the byline's date starts ("Jane Roe April 3, 2024",
# "Jane Roe on Jan 3"): the byline pattern takes capitalised words, and months are some.
# Cut only when a day number follows in the line ("By Tom May" keeps his name).
_BYLINE_DATE_TAIL = re.compile(
    r"(?:\s+on)?\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$",
    re.IGNORECASE,
)
_DAY_NEXT = re.compile(r"\.?,?\s+\d")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? ((?:19|20)\d\d)\b")
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? ((?:19|20)\d\d)\b")
_SENTENCE_END = (".", "!", "?", "。")


def _valid(y: int, m: int, d: int) -> str | None:
    import datetime as dt

    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first calendar date written in the text, as YYYY-MM-DD."""
    if m := _ISO_DATE.search(text):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if (m := _MDY.search(text)) and m.group(1).lower() in _MONTHS:
        return _valid(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    if (m := _DMY.search(text)) and m.group(2).lower() in _MONTHS:
        return _valid(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def _title_like(text: str) -> bool:
    """Headline-shaped: a few words, no closing punctuation, not a byline or a bare date."""
    if len(text) > TITLE_MAX_CHARS:
        return False
    words = text.split()
    return (
        TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS
        and not text.endswith(_SENTENCE_END[1:])
        and not text.endswith(":")
        and _BYLINE.match(text) is None
        and not (len(words) <= DATE_LINE_MAX_WORDS and find_date(text) is not None)
    )


def find_title(blocks: Sequence[Block], kept: Sequence[bool]) -> int | None:
    """Index of the headline block: title-like, at or just before the start of the article."""
    first = next((i for i, k in enumerate(kept) if k), None)
    if first is None:
        return None
    texts = block_texts(blocks)
    for i in range(first, max(first - 1 - TITLE_LOOKBACK, -1), -1):  # first, then before it
        if _title_like(texts[i]) and not texts[i].endswith("."):
            return i
    return None


def find_publisher(first_paragraph: str) -> str | None:
    m = _DATELINE.match(first_paragraph)
    return m.group(1).strip() if m else None


def find_author(blocks: Sequence[Block], around: int) -> str | None:
    lo, hi = max(around - BYLINE_WINDOW, 0), min(around + BYLINE_WINDOW + 1, len(blocks))
    for text in block_texts(blocks)[lo:hi]:
        if len(text) <= BYLINE_MAX_CHARS and (m := _BYLINE.match(text)):
            name = m.group(1).strip(" ,|&")
            name = re.sub(r"\s+(?:and|&)$", "", name)
            if _DAY_NEXT.match(text, m.end(1)):
                name = _BYLINE_DATE_TAIL.sub("", name)
            return name or None
    return None


@cache
def _language_table() -> tuple[tuple[str, ...], ta.WordTable]:
    langs = tuple(sorted(stopwords()))
    groups = [(1 << i, ta.hash_words(stopwords()[lang])) for i, lang in enumerate(langs)]
    return langs, ta.WordTable.build(groups)


def find_language(arrays: ta.PageArrays, kept: npt.NDArray[np.bool_]) -> str | None:
    """The language whose stopwords are most frequent among the kept words."""
    langs, table = _language_table()
    hits = table.count_bits(arrays.word_hash, arrays.word_block, kept)[: len(langs)]
    best = int(np.argmax(hits)) if len(hits) else 0
    return langs[best] if len(hits) and hits[best] >= LANGUAGE_MIN_HITS else None


def locate_titles(pages: Sequence[TitlePage]) -> list[int | None]:
    """The headline block of each page: the learned picker when it is sure, else the
    heuristic (together they find the dev titles more often than either alone: see
    training/train_title.py). One model call for all the pages."""
    picked = pick_titles(pages) if title_model_available() else [None] * len(pages)
    return [
        at if at is not None else find_title(p.blocks, p.kept.tolist())
        for at, p in zip(picked, pages, strict=True)
    ]


def extract_meta(
    blocks: Sequence[Block],
    kept: npt.NDArray[np.bool_],
    arrays: ta.PageArrays,
    title_at: int | None,
) -> Meta:
    kept_at = np.flatnonzero(kept).tolist()
    anchor = title_at if title_at is not None else (kept_at[0] if kept_at else 0)
    texts = block_texts(blocks)
    first_para = next(
        (texts[i] for i in kept_at if texts[i].count(" ") >= TITLE_MAX_WORDS // 2), ""
    )[:DATELINE_MAX_CHARS]
    date = None
    lo, hi = max(anchor - BYLINE_WINDOW, 0), min(anchor + BYLINE_WINDOW + 1, len(blocks))
    # every date pattern has a year's digits: a block without a digit is not searched
    digits = arrays.counts[lo:hi, ta.DIGIT].tolist()
    for text, has_digits in zip(texts[lo:hi], digits, strict=True):
        if has_digits and len(text) <= DATE_LINE_MAX_CHARS and (date := find_date(text)):
            break
    return Meta(
        title=texts[title_at] if title_at is not None else None,
        publisher=find_publisher(first_para),
        author=find_author(blocks, anchor) if blocks else None,
        date=date,
        language=find_language(arrays, kept),
    )


def with_html_meta(meta: Meta, declared: HtmlMeta, url: str | None = None) -> Meta:
    """What the page's HTML declares about itself wins over what its text suggests: the
    title its headings, <title> and og:title agree on (``title_agreement.py``), the author
    and published date from meta tags, JSON-LD, the byline or the date line (else the date
    in the text, else in the URL), the site name as publisher when no dateline names one,
    <html lang>."""
    return dataclasses.replace(
        meta,
        title=choose_title(declared, meta.title, url) or meta.title,
        author=declared.author or meta.author,
        date=declared.published or meta.date or url_date(url),
        publisher=meta.publisher or declared.site_name,
        language=declared.language or meta.language,
    )
