import numpy as np
import numpy.typing as npt

_I64 = npt.NDArray[np.int64]
_U64 = npt.NDArray[np.uint64]
_U32 = npt.NDArray[np.uint32]
_U16 = npt.NDArray[np.uint16]
_U8 = npt.NDArray[np.uint8]

def _scan(
    text: str,
    ftab: _U8,
    ltab: _U16,
    astral_cp: _U32,
    astral_flags: _U8,
    astral_lower: _U64,
    probes: _U32,
    probe_len: _I64,
    stop_keys: _U64,
    stop_langs: _U32,
    stop_gopher: npt.NDArray[np.int8],
    stop_shift: int,
    short_line_chars: int,
    c4_min_words: int,
    c4_max_word_chars: int,
    prose_line_chars: int,
) -> tuple[tuple[int, ...], _I64, _U64, _I64, _I64, _I64] | None: ...
