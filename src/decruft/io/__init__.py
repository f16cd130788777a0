"""Input and output: reading crawl records, writing cleaned pages and rejects.

The names below load on first use, so that a module needing only ``decruft.io.writers``'s
file names does not load the readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from decruft.lazy import lazy_names

if TYPE_CHECKING:
    from decruft.io.readers import MAX_RECORD_BYTES, read_inputs
    from decruft.io.writers import safe_file_name

# Names this package offers and the module each lives in, imported on first use (PEP 562).
_LAZY = {
    "MAX_RECORD_BYTES": "decruft.io.readers",
    "read_inputs": "decruft.io.readers",
    "safe_file_name": "decruft.io.writers",
}


__getattr__ = lazy_names("decruft.io", _LAZY, globals())


__all__ = ["MAX_RECORD_BYTES", "read_inputs", "safe_file_name"]
