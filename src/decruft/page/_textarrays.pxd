# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The word-table lookup shared by the compiled kernels that read a WordTable
(``from decruft.page._textarrays cimport probe``)."""

cimport cython
from libc.stdint cimport uint32_t, uint64_t

# PROBE_SLOTS and _SLOT_MIX (the multiplier below) of textarrays.py, where the tables are built.
cdef enum:
    _PROBE_SLOTS = 2


@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline uint32_t probe(
    const uint64_t[::1] keys, const uint32_t[::1] bits, uint64_t h
) noexcept nogil:
    """The bits stored for word hash h (0 if absent): the OR over the PROBE_SLOTS slots from
    its home slot (an empty slot has bits 0; the table has PROBE_SLOTS - 1 slots of padding
    past its power-of-two size, so the window never wraps)."""
    cdef Py_ssize_t size = keys.shape[0]
    if size == 0:
        return 0
    cdef uint64_t mask = <uint64_t>(size - _PROBE_SLOTS)
    cdef Py_ssize_t i = <Py_ssize_t>(((h * 0x9E3779B97F4A7C15ULL) >> 32) & mask)
    cdef uint32_t found = 0
    cdef Py_ssize_t j
    for j in range(_PROBE_SLOTS):
        found |= bits[i + j] * <uint32_t>(keys[i + j] == h)
    return found
