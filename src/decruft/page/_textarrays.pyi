import numpy as np
import numpy.typing as npt

_U8 = npt.NDArray[np.uint8]
_U32 = npt.NDArray[np.uint32]
_I64 = npt.NDArray[np.int64]
_U64 = npt.NDArray[np.uint64]

BUILT_IN: dict[str, object]

def _scan(
    src: _U32,
    src_starts: _I64,
    src_ends: _I64,
    classes: _U8,
    lower: _U64,
    powers: _U64,
    key_powers: _U64,
) -> tuple[_U32, _I64, _I64, _U8, _I64, _U64, _I64, _U8, _I64, _U64]: ...
def _probe_all(keys: _U64, bits: _U32, hashes: _U64) -> _U32: ...
def _bit_counts(
    keys: _U64, bits: _U32, hashes: _U64, word_block: _I64, kept: npt.NDArray[np.bool_]
) -> _I64: ...
def _tags(
    word_hash: _U64,
    word_block: _I64,
    cps: _U32,
    cls: _U8,
    starts: _I64,
    lengths: _I64,
    keys: _U64,
    bits: _U32,
    chars: _U8,
    other_keys: _U64,
    other_bits: _U32,
    other_chars: _U8,
    n: int,
) -> tuple[_U32, _I64, _I64, _U32, _I64, _I64]: ...
