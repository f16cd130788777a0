"""Write decruft's BMP character tables (``page/textarrays.py``, and the signals' character
flags of ``signals/text.py``) under this Python's Unicode
version to ``src/decruft/data/unicode_tables.npz``.

    python training/unicode_tables.py

A run whose Python has that Unicode version reads them instead of computing them (a look-up
per code point, ~20 ms of a one-page run's start); any other Python computes its own.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np

from decruft.page.textarrays import UNICODE_TABLES_FILE, compute_class_table, compute_lower_table
from decruft.signals.text import compute_char_flags

OUT = Path(__file__).resolve().parents[1] / "src" / "decruft" / "data" / UNICODE_TABLES_FILE


def main() -> None:
    lower = compute_lower_table().astype(np.int64)
    delta = (lower - np.arange(len(lower), dtype=np.int64)).astype(np.int32)
    with OUT.open("wb") as fh:
        np.savez_compressed(
            fh,
            unidata_version=np.array(unicodedata.unidata_version),
            classes=compute_class_table(),
            lower_delta=delta,
            signal_flags=compute_char_flags(),
        )
    print(f"{OUT.name}: Unicode {unicodedata.unidata_version}, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
