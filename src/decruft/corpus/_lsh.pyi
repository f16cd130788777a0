import numpy as np
import numpy.typing as npt

def _join(
    parent: npt.NDArray[np.int64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    out_l: npt.NDArray[np.int64],
    out_r: npt.NDArray[np.int64],
) -> int: ...
def _within(
    sorted_keys: npt.NDArray[np.uint32],
    rows: npt.NDArray[np.uint32],
    docs: npt.NDArray[np.int64],
    sig: npt.NDArray[np.uint16],
    need: int,
    verify: bool,
    parent: npt.NDArray[np.int64],
    out_l: npt.NDArray[np.int64],
    out_r: npt.NDArray[np.int64],
) -> tuple[int, int]: ...
def _across(
    keys: npt.NDArray[np.uint32],
    docs: npt.NDArray[np.int64],
    sig: npt.NDArray[np.uint16],
    table: npt.NDArray[np.uint32],
    table_rows: npt.NDArray[np.uint32],
    table_start: int,
    table_sig: npt.NDArray[np.uint16],
    need: int,
    verify: bool,
    parent: npt.NDArray[np.int64],
    out_l: npt.NDArray[np.int64],
    out_r: npt.NDArray[np.int64],
) -> tuple[int, int]: ...
def _labels(parent: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]: ...
