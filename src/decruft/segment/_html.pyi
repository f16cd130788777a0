import numpy as np
import numpy.typing as npt

def _container_kernel(
    parents: npt.NDArray[np.int64],
    elems: npt.NDArray[np.int64],
    chars: npt.NDArray[np.float64],
    words: npt.NDArray[np.int64],
    commas: npt.NDArray[np.float64],
    links: npt.NDArray[np.float64],
    out: npt.NDArray[np.float32],
) -> None: ...
def _deep_tag_spans(
    data: npt.NDArray[np.uint8],
    nesting: npt.NDArray[np.int64],
    raw_text: npt.NDArray[np.int64],
    max_depth: int,
) -> npt.NDArray[np.int64]: ...
def _long_stretches(data: bytes, stop: int, length: int) -> list[tuple[int, int]]: ...
