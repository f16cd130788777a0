"""Exact and near-duplicate clusters over cleaned pages, and the canonical copy of each.

The pass (``dedup``):

1. signatures of every page's clean text (``minhash``): word 5-gram shingles, 120 values;
2. exact duplicates (same normalized word sequence) are linked directly, and only one page
   per exact group goes on to the LSH step;
3. LSH banding (``lsh``) gives candidate pairs, within the batch and — with an index — against
   every earlier batch's sorted band tables; a candidate is linked when its estimated Jaccard
   (fraction of equal signature values) is at least ``DedupConfig.threshold``;
4. union-find over the links gives the clusters; each cluster's canonical page is chosen by
   the rule below, and every page gets ``cluster_id`` (the canonical's id), ``is_canonical``,
   ``duplicate_of`` and a reason.

The canonical rule, in order (the first criterion that tells two pages apart decides):

1. the original publisher: a page whose dateline publisher (``publisher``) names its own
   host (``Reuters`` on ``www.reuters.com``) is the source the others syndicate;
2. the earliest date: the page's published ``date``, else its ``crawl_date``; pages without
   either come after dated ones;
3. the most complete copy: the longest clean text (in characters);
4. the smallest id, so that the choice is total and never depends on input order.

Pages without words cannot be compared and stay alone. Clusters, canonicals and reasons
depend only on the set of pages (and the index), never on their order or the worker count:
links are a property of page pairs, union-find components do not depend on edge order, and
the rule is a total order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from decruft.arrays import sorted_unique
from decruft.config import DedupConfig
from decruft.corpus.index import KEY_DTYPE, NO_DATE, BatchArrays, DedupIndex
from decruft.corpus.lsh import Links, band_keys, sorted_bands
from decruft.corpus.minhash import signatures
from decruft.model import Page

I64 = npt.NDArray[np.int64]
_EPOCH_ORDINAL = Date(1970, 1, 1).toordinal()
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# A publisher name shorter than this is not matched against hosts ("AP" is in too many).
MIN_PUBLISHER_CHARS = 3


@dataclass(frozen=True, slots=True)
class DedupPage:
    """What the dedup pass reads of a page: its clean text and what the canonical rule uses."""

    id: str
    text: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    crawl_date: str | None = None

    @classmethod
    def from_dict(cls, obj: object) -> DedupPage:
        """From a pages.jsonl object; ValueError says what is wrong with a bad one."""
        if not isinstance(obj, Mapping):
            raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
        pid, text = obj.get("id"), obj.get("text")
        if not isinstance(pid, str) or not pid:
            raise ValueError("missing or non-string 'id'")
        if not isinstance(text, str):
            raise ValueError(f"page {pid!r}: missing or non-string 'text'")
        fields: dict[str, str | None] = {}
        for name in ("url", "publisher", "date", "crawl_date"):
            value = obj.get(name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"page {pid!r}: '{name}' must be a string or null")
            fields[name] = value
        return cls(id=pid, text=text, **fields)

    @classmethod
    def from_page(cls, page: Page) -> DedupPage:
        return cls(
            id=page.id,
            text=page.text,
            url=page.url,
            publisher=page.meta.publisher,
            date=page.meta.date,
            crawl_date=page.crawl_date,
        )


@dataclass(frozen=True, slots=True)
class ClusterAssignment:
    """Where one page landed: its cluster (named by the canonical page's id) and why."""

    id: str
    cluster_id: str
    is_canonical: bool
    duplicate_of: str | None
    cluster_size: int
    jaccard: float | None  # estimated Jaccard with the canonical (duplicates only)
    exact: bool  # same normalized text as the canonical (duplicates only)
    reason: str

    def fields(self) -> dict[str, object]:
        """The fields added to the page's pages.jsonl object."""
        return {
            "cluster_id": self.cluster_id,
            "is_canonical": self.is_canonical,
            "duplicate_of": self.duplicate_of,
            "cluster_size": self.cluster_size,
            "dedup_jaccard": self.jaccard,
            "dedup_reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Cluster:
    """A cluster of two or more pages that the run touched."""

    cluster_id: str
    canonical: str
    members: tuple[str, ...]  # sorted ids
    earlier_members: tuple[str, ...]  # of those, pages from earlier index batches
    decided_by: str  # the canonical rule criterion that chose the canonical

    @property
    def canonical_is_new(self) -> bool:
        """The canonical is a page of this run while earlier pages are in the cluster: their
        earlier output named another canonical (earlier outputs are not rewritten)."""
        return bool(self.earlier_members) and self.canonical not in self.earlier_members

    def to_dict(self) -> dict[str, object]:
        return {
            "cluster_id": self.cluster_id,
            "canonical": self.canonical,
            "size": len(self.members),
            "decided_by": self.decided_by,
            "members": list(self.members),
            "earlier_members": list(self.earlier_members),
            "canonical_is_new": self.canonical_is_new,
        }


@dataclass(frozen=True, slots=True)
class DedupResult:
    assignments: list[ClusterAssignment]  # in input order
    clusters: list[Cluster]  # sorted by cluster_id
    pairs_checked: int  # candidate pairs verified (work done: pairs already joined are skipped)
    linked_pairs: int  # links recorded: one spanning forest of the verified pairs
    index_batch: str | None  # the batch written to the index, if any
    pending: BatchArrays | None = None  # with commit=False: the batch to append


def _days(value: str | None) -> int | None:
    if not value or len(value) < 10:
        return None
    try:
        return Date.fromisoformat(value[:10]).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        return None


def is_original_publisher(publisher: str | None, url: str | None) -> bool:
    """Whether the dateline publisher names the page's own host ("Reuters", reuters.com)."""
    if not publisher or not url:
        return False
    name = _NON_ALNUM.sub("", publisher.lower())
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return len(name) >= MIN_PUBLISHER_CHARS and name in _NON_ALNUM.sub("", host.lower())


def canonical_key(page: DedupPage) -> tuple[int, int, int]:
    """(original publisher, date in days, text length) as stored in the index."""
    days = _days(page.date)
    if days is None:
        days = _days(page.crawl_date)
    return (
        int(is_original_publisher(page.publisher, page.url)),
        NO_DATE if days is None else days,
        len(page.text),
    )


@dataclass(frozen=True, slots=True)
class _Member:
    doc: int  # global doc number
    id: str
    origin: int
    days: int
    length: int

    def order(self) -> tuple[int, int, int, str]:
        return (-self.origin, self.days, -self.length, self.id)


def _decider(best: _Member, runner_up: _Member) -> str:
    if best.origin != runner_up.origin:
        return "the original publisher (its dateline publisher names its host)"
    if best.days != runner_up.days:
        day = Date.fromordinal(best.days + _EPOCH_ORDINAL).isoformat()
        return f"earliest date {day}"
    if best.length != runner_up.length:
        return f"longest clean text ({best.length} chars)"
    return "smallest id (same publisher status, date and length)"


def _chunks(pages: Iterable[DedupPage], size: int) -> Iterator[list[DedupPage]]:
    chunk: list[DedupPage] = []
    for page in pages:
        chunk.append(page)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def dedup(
    pages: Iterable[DedupPage],
    config: DedupConfig | None = None,
    *,
    index: Path | DedupIndex | None = None,
    workers: int = 1,
    commit: bool = True,
) -> DedupResult:
    """Cluster ``pages`` (streamed: only ids, keys and compact signatures are kept) and,
    with ``index``, match them against its earlier batches and append them as a new batch.

    ``workers`` threads compute signatures; nothing else depends on it. A ``DedupIndex``
    passed in is not updated in memory: open the directory again for the next batch. With
    ``commit=False`` the batch is not written but returned as ``pending``: a caller that
    writes outputs first appends it after them. Raises ValueError on a page id seen twice
    (in the input or already in the index)."""
    cfg = config if config is not None else DedupConfig()
    idx = DedupIndex.open(index, cfg) if isinstance(index, Path) else index
    old_ids: set[str] = set()
    if idx is not None:
        for batch in idx.batches:
            old_ids.update(batch.ids)
    ids: list[str] = []
    seen: set[str] = set()
    keys_list: list[tuple[int, int, int]] = []
    exact_parts, words_parts, sig16_parts, band_parts = [], [], [], []
    for chunk in _chunks(pages, max(1, cfg.chunk_pages) * max(1, workers)):
        for p in chunk:
            if p.id in seen or p.id in old_ids:
                where = "the index" if p.id in old_ids else "the input"
                raise ValueError(f"page id {p.id!r} occurs twice (already in {where})")
            seen.add(p.id)
            ids.append(p.id)
            keys_list.append(canonical_key(p))
        sig = signatures([p.text for p in chunk], cfg, workers=workers)
        exact_parts.append(sig.exact)
        words_parts.append(sig.words)
        sig16_parts.append((sig.sig & 0xFFFF).astype(np.uint16))
        band_parts.append(band_keys(sig.sig, cfg.bands, cfg.rows))
    n = len(ids)
    k = cfg.num_perm
    exact = np.concatenate(exact_parts) if n else np.zeros(0, np.uint64)
    words = np.concatenate(words_parts) if n else np.zeros(0, np.int64)
    sig16 = np.concatenate(sig16_parts) if n else np.zeros((0, k), np.uint16)
    bands = np.concatenate(band_parts, axis=1) if n else np.zeros((cfg.bands, 0), np.uint32)
    keys = np.array(keys_list, dtype=KEY_DTYPE) if n else np.zeros(0, KEY_DTYPE)
    start = idx.size if idx is not None else 0

    # Exact groups: every page with words is linked to its group's first page, which alone
    # goes on to the LSH (its band keys equal its copies').
    valid = np.flatnonzero(words > 0)
    _, first, inverse = np.unique(exact[valid], return_index=True, return_inverse=True)
    reps = valid[first]
    group_rep = reps[inverse.ravel()]
    copies = group_rep != valid
    # Compare in integer counts: equal values / num_perm >= threshold, no float rounding.
    need = int(np.ceil(cfg.threshold * cfg.num_perm - 1e-9))
    links = Links(start + n, need, cfg.verify)
    if idx is not None:  # earlier batches' links first: their components are known
        for batch in idx.batches:
            edges = batch.edges.reshape(-1, 2)
            links.join(edges[:, 0].copy(), edges[:, 1].copy(), record=False)
    links.join(valid[copies] + start, group_rep[copies] + start)
    rep_docs = reps + start
    rep_sig = np.ascontiguousarray(sig16[reps])
    rep_keys = np.ascontiguousarray(bands[:, reps])
    sorted_keys, rows = sorted_bands(rep_keys)
    links.within(sorted_keys, rows, rep_docs, rep_sig)
    if idx is not None:
        for batch in idx.batches:
            links.across(
                rep_keys, rep_docs, rep_sig, batch.bands, batch.band_rows, batch.start, batch.sig16
            )
    new_edges = links.edges()
    labels = links.labels()

    lookup = _Lookup(idx, start, ids, keys, exact, sig16)
    assignments, clusters = _assign(cfg, lookup, labels, start, words)
    batch_name, pending = None, None
    if idx is not None and n:  # an empty run adds no batch
        batch_rows = reps[rows].astype(np.uint32)  # rows of reps -> rows of the batch
        pending = BatchArrays(ids, keys, exact, sig16, sorted_keys, batch_rows, new_edges)
        if commit:
            batch_name, pending = idx.append(pending), None
    return DedupResult(
        assignments=assignments,
        clusters=clusters,
        pairs_checked=links.checked,
        linked_pairs=int(new_edges.shape[0]),
        index_batch=batch_name,
        pending=pending,
    )


class _Lookup:
    """Ids, canonical keys, exact keys and signatures of global doc numbers: earlier batches
    from the index, the rest from this run."""

    def __init__(
        self,
        idx: DedupIndex | None,
        start: int,
        ids: list[str],
        keys: npt.NDArray[np.void],
        exact: npt.NDArray[np.uint64],
        sig16: npt.NDArray[np.uint16],
    ) -> None:
        self.batches = idx.batches if idx is not None else ()
        self.starts = np.array([b.start for b in self.batches], dtype=np.int64)
        self.start, self.ids, self.keys, self.exact, self.sig16 = start, ids, keys, exact, sig16

        self.origin = keys["origin"].tolist()
        self.days = keys["date"].tolist()
        self.length = keys["length"].tolist()

    def member(self, doc: int) -> _Member:
        if doc >= self.start:
            i = doc - self.start
            return _Member(doc, self.ids[i], self.origin[i], self.days[i], self.length[i])
        b = self.batches[int(np.searchsorted(self.starts, doc, side="right")) - 1]
        key = b.keys[doc - b.start]
        return _Member(
            doc, b.ids[doc - b.start], int(key["origin"]), int(key["date"]), int(key["length"])
        )

    def rows(self, docs: I64) -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint64]]:
        """Signatures and exact keys of many docs at once."""
        sig = np.empty((docs.shape[0], self.sig16.shape[1]), dtype=np.uint16)
        exact = np.empty(docs.shape[0], dtype=np.uint64)
        new = docs >= self.start
        sig[new] = self.sig16[docs[new] - self.start]
        exact[new] = self.exact[docs[new] - self.start]
        for b in self.batches:
            hit = (docs >= b.start) & (docs < b.start + len(b))
            if hit.any():
                sig[hit] = b.sig16[docs[hit] - b.start]
                exact[hit] = b.exact[docs[hit] - b.start]
        return sig, exact


def _assign(
    cfg: DedupConfig, lookup: _Lookup, labels: I64, start: int, words: I64
) -> tuple[list[ClusterAssignment], list[Cluster]]:
    n = words.shape[0]
    sizes = np.bincount(labels, minlength=labels.shape[0])
    own = labels[start : start + n]
    touched = sorted_unique(own[sizes[own] > 1])
    members = np.flatnonzero(np.isin(labels, touched))
    members = members[np.argsort(labels[members], kind="stable")]
    bounds = np.flatnonzero(np.diff(labels[members])) + 1
    by_label: dict[int, tuple[_Member, str, int]] = {}  # label -> canonical, decider, size
    clusters: list[Cluster] = []
    for group in np.split(members, bounds) if members.size else []:
        ranked = sorted((lookup.member(int(d)) for d in group), key=_Member.order)
        best = ranked[0]
        decider = _decider(best, ranked[1])
        by_label[int(labels[group[0]])] = (best, decider, len(ranked))
        clusters.append(
            Cluster(
                cluster_id=best.id,
                canonical=best.id,
                members=tuple(sorted(m.id for m in ranked)),
                earlier_members=tuple(sorted(m.id for m in ranked if m.doc < start)),
                decided_by=decider,
            )
        )
    clusters.sort(key=lambda c: c.cluster_id)
    # similarity of every duplicate to its canonical, in one pass
    canon = np.array(
        [by_label[int(x)][0].doc if int(x) in by_label else -1 for x in own], dtype=np.int64
    )
    dup = np.flatnonzero((canon >= 0) & (canon != start + np.arange(n)))
    sig_d, exact_d = lookup.rows(dup + start)
    sig_c, exact_c = lookup.rows(canon[dup])
    jaccards = dict(zip(dup.tolist(), (sig_d == sig_c).mean(axis=1).tolist(), strict=True))
    exacts = dict(zip(dup.tolist(), (exact_d == exact_c).tolist(), strict=True))
    out: list[ClusterAssignment] = []
    for i in range(n):
        pid = lookup.ids[i]
        found = by_label.get(int(own[i]))
        if found is None:
            why = (
                f"no near-duplicate (jaccard >= {cfg.threshold:.2f})"
                if words[i] > 0
                else "no words: not compared"
            )
            out.append(ClusterAssignment(pid, pid, True, None, 1, None, False, why))
            continue
        best, decider, size = found
        if best.doc == start + i:
            why = f"canonical of {size} pages: {decider}"
            out.append(ClusterAssignment(pid, pid, True, None, size, None, False, why))
            continue
        jac, exact = jaccards[i], exacts[i]
        link = "exact duplicate of" if exact else "duplicate of"
        why = f"{link} {best.id} (jaccard {jac:.2f}): canonical is {decider}"
        out.append(ClusterAssignment(pid, best.id, False, best.id, size, round(jac, 4), exact, why))
    return out, clusters
