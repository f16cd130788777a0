"""Quality signals of a page's clean text, and the published filters' presets over them.

    >>> from decruft.signals import text_signals
    >>> s = text_signals("A short line.\nAnother one, with the words of a sentence.")
    >>> s.words, s.language, s.as_dict()["fineweb_line_punct_ratio"]

Signals are measured on every page ``decruft clean`` writes (``"signals"`` in pages.jsonl)
and never applied unless asked: ``decruft filter OUT --preset gopher|c4|fineweb`` (or
``decruft clean --filter PRESET``) keeps the pages a preset passes. The definitions, and
where they differ from datatrove's, are in docs/signals.md. Modules by job: ``text`` (one
pass over the text: tokens, words, lines), ``gopher``, ``c4``, ``fineweb`` (each family's
quantities), ``language`` (CLD2, via pycld2), ``compute`` (all of them as one ``Signals``),
``presets`` (the published thresholds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from decruft.lazy import lazy_names

if TYPE_CHECKING:
    from decruft.signals.compute import (
        SIGNAL_NAMES,
        SIGNAL_TYPES,
        Signals,
        page_signals,
        text_signals,
    )
    from decruft.signals.presets import PRESETS, Preset, failing

# Imported on first use (PEP 562): the presets and the command line need no numpy.
_LAZY = {
    **dict.fromkeys(
        ("SIGNAL_NAMES", "SIGNAL_TYPES", "Signals", "page_signals", "text_signals"),
        "decruft.signals.compute",
    ),
    **dict.fromkeys(("PRESETS", "Preset", "failing"), "decruft.signals.presets"),
}

__getattr__ = lazy_names("decruft.signals", _LAZY, globals())

__all__ = [
    "PRESETS",
    "SIGNAL_NAMES",
    "SIGNAL_TYPES",
    "Preset",
    "Signals",
    "failing",
    "page_signals",
    "text_signals",
]
