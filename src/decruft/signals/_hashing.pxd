# cython: language_level=3
"""The open-addressing hash tables the signals' kernels share (``_kernels``, ``_ngrams``):
a key's slot and a table's size (the multiplier is ``text.SLOT_MULT``)."""

from libc.stdint cimport uint64_t


cdef inline Py_ssize_t _slot(uint64_t key, int shift) noexcept nogil:
    # Fibonacci hashing: the product's high bits depend on all of the key's bits (a
    # polynomial hash's low bits depend only on its characters' low bits)
    return <Py_ssize_t>((key * <uint64_t>0x9E3779B97F4A7C15ULL) >> shift)


cdef inline int _table_shift(Py_ssize_t items, Py_ssize_t* size) noexcept nogil:
    """A table of at least twice ``items`` slots (a power of two): its size, and the shift
    that takes a slot from a 64-bit product."""
    cdef int shift = 60
    size[0] = 16
    while size[0] < 2 * items + 2:
        size[0] <<= 1
        shift -= 1
    return shift
