"""Passes over many pages at once: exact and near-duplicate clusters (MinHash LSH).

Unlike the per-page steps, a corpus pass sees all pages of a run (and, with an index
directory, earlier runs); its state lives in explicit objects and files, never in globals, so
its output does not depend on input order or worker count.
"""

from decruft.corpus.dedup import Cluster, ClusterAssignment, DedupPage, DedupResult, dedup
from decruft.corpus.index import DedupIndex

__all__ = ["Cluster", "ClusterAssignment", "DedupIndex", "DedupPage", "DedupResult", "dedup"]
