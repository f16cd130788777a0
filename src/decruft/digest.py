"""BLAKE2b for the run's own hashes (page ids, a run's fingerprint), without importing hashlib.

``hashlib`` loads OpenSSL's bindings when imported (~2 ms, a percent of a one-file run's
start) although its ``blake2b`` is CPython's built-in ``_blake2`` module; that module is
imported directly here, and hashlib only where it is missing.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover  # an interpreter without CPython's built-in module
    from hashlib import blake2b

__all__ = ["blake2b"]
