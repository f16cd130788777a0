import numpy as np
import numpy.typing as npt

_OWN: tuple[str, ...]
_NEXT: tuple[str, ...]
_PREV: tuple[str, ...]
N_FEATURES: int

def _candidate_rows(
    kept: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.float64],
    at: npt.NDArray[np.int64],
    block_features: npt.NDArray[np.float32],
    own: npt.NDArray[np.int64],
    after: npt.NDArray[np.int64],
    before: npt.NDArray[np.int64],
) -> npt.NDArray[np.float32]: ...
