"""Passes over many pages at once: exact and near-duplicate clusters (MinHash LSH), and host
boilerplate (blocks a site repeats on many of its pages).

Unlike the per-page steps, a corpus pass sees all pages of a run (and, with an index
directory, earlier runs); its state lives in explicit objects and files, never in globals, so
its output does not depend on input order or worker count.
"""

from decruft.corpus.boilerplate import HostPass, apply_host_boilerplate, host_counts, page_host
from decruft.corpus.dedup import Cluster, ClusterAssignment, DedupPage, DedupResult, dedup
from decruft.corpus.hostindex import HostIndex
from decruft.corpus.index import DedupIndex

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
