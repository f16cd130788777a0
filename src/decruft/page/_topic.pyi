import numpy as np
import numpy.typing as npt

TOPIC_MIN_WORD_CHARS: int
SHARED_SCORE: float
MASS_CAP: float
NO_WORDS: float

def _kernel(
    word_hash: npt.NDArray[np.uint64],
    word_block: npt.NDArray[np.int64],
    word_len: npt.NDArray[np.int64],
    stop_keys: npt.NDArray[np.uint64],
    stop_bits: npt.NDArray[np.uint32],
    stop_bit: int,
    p: npt.NDArray[np.float64],
    out: npt.NDArray[np.float32],
) -> None: ...
