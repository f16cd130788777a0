"""Passes over many pages at once: exact and near-duplicate clusters (MinHash LSH), and host
boilerplate (blocks a site repeats on many of its pages).

Unlike the per-page steps, a corpus pass sees all pages of a run (and, with an index
directory, earlier runs); its state lives in explicit objects and files, never in globals, so
its output does not depend on input order or worker count. The names below load on first
use: a run without ``--corpus`` imports neither pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from decruft.lazy import lazy_names

if TYPE_CHECKING:
    from decruft.corpus.boilerplate import (
        HostPass,
        apply_host_boilerplate,
        host_counts,
        page_host,
    )
    from decruft.corpus.clusters import (
        Cluster,
        ClusterAssignment,
        DedupPage,
        DedupResult,
        dedup,
    )
    from decruft.corpus.hostindex import HostIndex
    from decruft.corpus.index import DedupIndex

# Names this package offers and the module each lives in, imported on first use (PEP 562).
# No module of the package is named like one of these names (a submodule, once imported,
# would hide the name).
_LAZY = {
    "HostPass": "decruft.corpus.boilerplate",
    "apply_host_boilerplate": "decruft.corpus.boilerplate",
    "host_counts": "decruft.corpus.boilerplate",
    "page_host": "decruft.corpus.boilerplate",
    "Cluster": "decruft.corpus.clusters",
    "ClusterAssignment": "decruft.corpus.clusters",
    "DedupPage": "decruft.corpus.clusters",
    "DedupResult": "decruft.corpus.clusters",
    "dedup": "decruft.corpus.clusters",
    "HostIndex": "decruft.corpus.hostindex",
    "DedupIndex": "decruft.corpus.index",
}

__getattr__ = lazy_names("decruft.corpus", _LAZY, globals())

__all__ = [
    "Cluster",
    "ClusterAssignment",
    "DedupIndex",
    "DedupPage",
    "DedupResult",
    "HostIndex",
    "HostPass",
    "apply_host_boilerplate",
    "dedup",
    "host_counts",
    "page_host",
]
