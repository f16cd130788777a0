import numpy as np
import numpy.typing as npt

MAX_CONTAINER_LEVELS: int
GROUP_MIN_BLOCKS: int
SECTION_MIN_BLOCKS: int
BEST_PIVOT: float
CONTAINER_FEATURE_NAMES: tuple[str, ...]

def _container_stack(
    parents: npt.NDArray[np.int64],
    elems: npt.NDArray[np.int64],
    p: npt.NDArray[np.float64],
    lengths: npt.NDArray[np.int64],
) -> npt.NDArray[np.float32]: ...
