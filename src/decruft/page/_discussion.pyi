from typing import Any

import numpy as np
import numpy.typing as npt

_U8 = npt.NDArray[np.uint8]
_U32 = npt.NDArray[np.uint32]
_I64 = npt.NDArray[np.int64]
_U64 = npt.NDArray[np.uint64]

BUILT_IN: dict[str, Any]

def _kernel(
    cps: _U32,
    cls: _U8,
    starts: _I64,
    lengths: _I64,
    counts: _I64,
    word_hash: _U64,
    word_block: _I64,
    word_first_cls: _U8,
    keys: _U64,
    bits: _U32,
    pair_keys: _U64,
    pair_bits: _U32,
    out: npt.NDArray[np.float32],
) -> None: ...
