import numpy as np
import numpy.typing as npt

def _page_signature(
    text: str,
    char_hash: npt.NDArray[np.uint64],
    words: npt.NDArray[np.uint64],
    cur: npt.NDArray[np.uint64],
    filled: npt.NDArray[np.bool_],
    probes: npt.NDArray[np.int64],
    n_words: int,
    seed: np.uint64 | int,
    out: npt.NDArray[np.uint32],
) -> tuple[int, int]: ...
