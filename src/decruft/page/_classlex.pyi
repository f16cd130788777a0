import numpy as np
import numpy.typing as npt

_I64 = npt.NDArray[np.int64]

def _bucket(h: int | np.uint32) -> int: ...
def _features(
    parents: _I64,
    offsets: _I64,
    hashes: npt.NDArray[np.uint32],
    elems: _I64,
    lexicon: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]: ...
def _chain_buckets(
    parents: _I64, offsets: _I64, hashes: npt.NDArray[np.uint32], elems: _I64
) -> tuple[_I64, _I64]: ...
