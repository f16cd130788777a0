from typing import Any

import numpy as np
import numpy.typing as npt

CHUNK_ROWS: int
_BUFFER_ROW: int
TREES_PER_PASS: int
BORDERS_PER_PASS: int

def _raw_scores(
    XT: npt.NDArray[np.float32],
    borders: npt.NDArray[np.float32],
    border_start: npt.NDArray[np.int32],
    split_feature: npt.NDArray[np.int32],
    split_bin: npt.NDArray[np.int32],
    leaves: npt.NDArray[np.float64],
    leaf: npt.NDArray[np.unsignedinteger[Any]],
) -> npt.NDArray[np.float64]: ...
