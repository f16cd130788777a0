import numpy as np
import numpy.typing as npt

CHUNK_ROWS: int
_BUFFER_ROW: int
SIMD_LEVEL: int

def _raw_scores(
    XT: npt.NDArray[np.float32],
    borders: npt.NDArray[np.float32],
    border_start: npt.NDArray[np.int32],
    split_feature: npt.NDArray[np.int32],
    split_bin: npt.NDArray[np.int32],
    leaves: npt.NDArray[np.float64],
    simd: int = -1,
) -> npt.NDArray[np.float64]: ...
