from collections.abc import Collection

import numpy as np
import numpy.typing as npt

_I64 = npt.NDArray[np.int64]
_U64 = npt.NDArray[np.uint64]

def _ngram_chars(
    word_hash: _U64, word_len: _I64, top_ns: Collection[int], dup_ns: Collection[int]
) -> dict[int, int]: ...
