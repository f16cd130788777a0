import numpy as np
import numpy.typing as npt

_I64 = npt.NDArray[np.int64]
_BOOL = npt.NDArray[np.bool_]

def _line_spans(
    cps: npt.NDArray[np.uint32], is_space: _BOOL
) -> tuple[_I64, _I64, _BOOL, int, int]: ...
def _cut_run_ons(
    cps: npt.NDArray[np.uint32],
    starts: _I64,
    ends: _I64,
    messy: _BOOL,
    cut: _BOOL,
    is_space: _BOOL,
    kind: npt.NDArray[np.uint8],
    opens: _BOOL,
) -> tuple[_I64, _I64, _BOOL]: ...
def _span_texts(body: str, starts: _I64, ends: _I64) -> list[str]: ...
def _code_points(text: str) -> npt.NDArray[np.uint32]: ...
