import numpy as np
import numpy.typing as npt

N_FEATURES: int
PROSE_MIN_WORDS: int
SHORT_MAX_WORDS: int
N_VOCABULARIES: int
N_CHAR_GROUPS: int

def _row(
    word_block: npt.NDArray[np.int64],
    word_first_cls: npt.NDArray[np.uint8],
    kept: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.float64],
    word_counts: npt.NDArray[np.int64],
    char_counts: npt.NDArray[np.int64],
    n_chars: int,
) -> npt.NDArray[np.float32]: ...
