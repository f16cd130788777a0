"""The compiled class/id reader (segment/_hints.pyx) gives what hints.py's Python statement
gives: hint bits, the names' CRC-32 hashes and the main-content rule flags, value for value."""

from __future__ import annotations

import zlib

from hypothesis import example, given, settings, strategies as st

from decruft.segment import maincontent
from decruft.segment.html import hints

# Pieces class names are made of: hint words and main-content stems (in any case), framework
# prefixes, separators, digits, camelCase and non-ASCII letters.
PIECES = st.sampled_from(
    [
        *hints._HINT_BITS,
        *maincontent._STEM_FLAGS,
        *maincontent.ROOT_CLASSES,
        "HTMLParser", "socialShare", "NAV_bar", "Ab", "aB", "ABc", "col", "md", "6", "x9",
        "wp", "l", "m", "c", "is", "no", "__", "--", "-", "_", ".", ":", "/", "é", "Ärger",
        "ß", "İ", "日本", "ǅ", "\u00a0", "Σ", "ﬁ",
    ]
)  # fmt: skip
TOKENS = st.lists(st.one_of(PIECES, PIECES.map(str.upper), PIECES.map(str.title)), max_size=5)
VALUES = st.lists(TOKENS.map("".join), min_size=0, max_size=20).map(" ".join)


@settings(max_examples=400)
@given(VALUES)
@example("main has-comments")
@example("HTMLParser socialShare NAV_bar")
@example("article-body")
@example("header")
@example("  ")
@example("Ärger-Box naïve_Nav ĲkeyNav")
@example(" ".join(f"t{k}" for k in range(40)))
def test_the_compiled_reader_is_the_python_one(value: str) -> None:
    assert hints.compiled_value_info()(value) == hints._value_info.__wrapped__(value)


@given(st.lists(VALUES, min_size=1, max_size=30))
def test_its_caches_never_change_an_answer(values: list[str]) -> None:
    """Caches of one value and one token, emptied at every new one, answer as none would."""
    tiny = hints.compiled_value_info(max_values=1, max_tokens=1)
    for value in values + values[::-1]:
        assert tiny(value) == hints._value_info.__wrapped__(value)


@given(st.text(max_size=30))
def test_name_hashes_are_zlibs_crc32(name: str) -> None:
    """A value of one token without word parts has its lowered whole as its one name when
    it has several parts; the hash is zlib's on its UTF-8 bytes either way."""
    _, names, _ = hints.compiled_value_info()(f"a-{name}")
    assert names == hints._value_info.__wrapped__(f"a-{name}")[1]
    if name.isascii() and name.isalpha():
        assert zlib.crc32(f"a-{name}".lower().encode()) in names
