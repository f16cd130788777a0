import numpy as np
import numpy.typing as npt

STACK_WINDOWS: tuple[int, ...]
STACK_SHIFTS: tuple[int, ...]
STACK_RUN_PIVOT: float

def _stack(
    p: npt.NDArray[np.float64], lengths: npt.NDArray[np.int64], out: npt.NDArray[np.float32]
) -> None: ...
def dropped_runs(
    dropped: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]: ...
def kept_by_score(
    scores: npt.NDArray[np.float64], keep: float, join: float
) -> npt.NDArray[np.bool_]: ...
