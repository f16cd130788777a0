"""The shipped BMP character tables are the ones this Python's Unicode database gives."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from decruft.page import textarrays as ta
from decruft.signals.text import char_flags, compute_char_flags


def test_shipped_tables_are_this_unicode_versions() -> None:
    shipped = ta.shipped_tables()
    if shipped is None:
        pytest.skip(f"no tables shipped for Unicode {unicodedata.unidata_version}")
    classes, lower = ta.class_table(), ta.lower_table()
    assert classes.dtype == np.uint8 and lower.dtype == np.uint64
    assert np.array_equal(classes, ta.compute_class_table())
    assert np.array_equal(lower, ta.compute_lower_table())
    assert not classes.flags.writeable and not lower.flags.writeable
    flags = char_flags()
    assert "signal_flags" in shipped and np.array_equal(flags, compute_char_flags())
    assert flags.dtype == np.uint8 and not flags.flags.writeable


def test_the_tables_class_and_lower_what_they_say() -> None:
    classes, lower = ta.class_table(), ta.lower_table()
    assert classes[ord("a")] == ta.LOWER and classes[ord("Ä")] == ta.UPPER
    assert classes[ord("7")] == ta.DIGIT and classes[ord("\n")] == ta.NEWLINE
    assert classes[ord("。")] == ta.STOP and classes[ord(",")] == ta.PUNCT
    assert lower[ord("Ä")] == ord("ä") and lower[ord("Σ")] == ord("σ")
    assert lower[0x130] == 0x130  # "İ" lowers to two code points: kept as is
