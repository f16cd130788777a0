"""LSH banding, candidate pairs, Jaccard verification and union-find over pages.

Banding: the ``num_perm = bands x rows`` signature values are cut into ``bands`` bands of
``rows`` values, each hashed to a 32-bit band key; two pages become a candidate pair when
any band key is equal. For pages of Jaccard s the chance is the S-curve

    P(candidate) = 1 - (1 - s^rows)^bands

which for the default 20 x 6 gives .27 at s=.5, .62 at .6, .92 at .7, .98 at .75, .998 at
.8 and 1.000 at .85: its midpoint (1/20)^(1/6) = .61 sits well below the .8 threshold, so
banding loses almost no pair at or above .8, and the verification step (fraction of equal
signature values >= threshold) removes the extra candidates between .6 and .8. A band key is
32 bits: an accidental collision between two unrelated pages (2^-32 per band and pair) is
removed by the verification as well.

Everything the output depends on is a function of the page set, not of its order: buckets
are formed by sorting keys, and the components of the union-find (``Links``) are those of
the graph of verified pairs whatever order the pairs are met in.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from decruft.corpus._lsh import _across, _join, _labels, _within

U16 = npt.NDArray[np.uint16]
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_BAND_MULT = np.uint64(0x9E3779B97F4A7C15)


def _fmix64(h: U64) -> U64:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB93FE53A85B3)
    out: U64 = h ^ (h >> np.uint64(33))
    return out


def band_keys(sig: U32, bands: int, rows: int) -> U32:
    """(bands, n) band keys of n signatures (n, bands * rows)."""
    n = sig.shape[0]
    parts = sig.reshape(n, bands, rows).astype(np.uint64)
    h = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            h = h * _BAND_MULT + parts[:, :, r]
        keys = (_fmix64(h) >> np.uint64(32)).astype(np.uint32)
    out: U32 = np.ascontiguousarray(keys.T)
    return out


def sorted_bands(keys: U32) -> tuple[U32, U32]:
    """Per band, the keys sorted and the row each sorted key came from (the on-disk form)."""
    order = np.argsort(keys, axis=1, kind="stable").astype(np.uint32)
    return np.take_along_axis(keys, order, axis=1), order


class Links:
    """Union-find over global doc numbers, recording the links that joined two components.

    A candidate pair whose pages are already in one component is skipped unverified: it
    cannot change the components, and this keeps a bucket of many near-identical pages from
    costing a verification per pair. The components (what the output depends on) are those
    of the graph of all verified pairs, whatever order the pairs come in; the recorded links
    are one spanning forest of it (what the index stores)."""

    def __init__(self, n: int, need: int, verify: bool) -> None:
        self.parent = np.arange(n, dtype=np.int64)
        self.need = need
        self.verify = verify
        self.left: list[I64] = []
        self.right: list[I64] = []
        self.checked = 0

    def join(self, left: I64, right: I64, record: bool = True) -> None:
        """Union known links (exact copies, earlier batches' links)."""
        out_l, out_r = np.empty(left.shape[0], np.int64), np.empty(left.shape[0], np.int64)
        k = _join(self.parent, left, right, out_l, out_r)
        if record:
            self.left.append(out_l[:k])
            self.right.append(out_r[:k])

    def within(self, sorted_keys: U32, rows: U32, docs: I64, sig: U16) -> None:
        """Link pairs of one set of pages that share a band key (its sorted band tables;
        ``rows`` index ``docs`` and ``sig``)."""
        cap = docs.shape[0]
        out_l, out_r = np.empty(cap, np.int64), np.empty(cap, np.int64)
        k, checked = _within(
            sorted_keys, rows, docs, sig, self.need, self.verify, self.parent, out_l, out_r
        )
        self.left.append(out_l[:k])
        self.right.append(out_r[:k])
        self.checked += checked

    def across(
        self,
        keys: U32,
        docs: I64,
        sig: U16,
        table: U32,
        table_rows: U32,
        table_start: int,
        table_sig: U16,
    ) -> None:
        """Link new pages (band keys (bands, q), global docs, signatures) with a stored
        batch's sorted band tables: binary search per key, memory-mapped tables."""
        cap = docs.shape[0] + table_rows.shape[1]
        out_l, out_r = np.empty(cap, np.int64), np.empty(cap, np.int64)
        k, checked = _across(
            keys,
            docs,
            sig,
            np.asarray(table),
            np.asarray(table_rows),
            table_start,
            np.asarray(table_sig),
            self.need,
            self.verify,
            self.parent,
            out_l,
            out_r,
        )
        self.left.append(out_l[:k])
        self.right.append(out_r[:k])
        self.checked += checked

    def edges(self) -> I64:
        """The recorded links, (m, 2)."""
        if not self.left:
            return np.zeros((0, 2), dtype=np.int64)
        return np.stack([np.concatenate(self.left), np.concatenate(self.right)], axis=1)

    def labels(self) -> I64:
        """Each doc's component label: its smallest member."""
        return _labels(self.parent)
