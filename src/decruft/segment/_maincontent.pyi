import numpy as np
import numpy.typing as npt

def off_main(tag: int, flags: int, depth: int) -> int: ...
def off_main_blocks(
    parents: npt.NDArray[np.int64],
    rules: npt.NDArray[np.int64],
    elems: npt.NDArray[np.int64],
    chars: npt.NDArray[np.float64],
    link_chars: npt.NDArray[np.float64],
) -> npt.NDArray[np.bool_]: ...
