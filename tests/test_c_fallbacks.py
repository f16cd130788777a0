"""The C kernels' SIMD chunks against their plain-C fallbacks, which machines without SSE2
(other architectures) build: the same answers on the same random cases (tests/c/)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEADERS = [ROOT / "src" / "decruft" / "segment", ROOT / "src" / "decruft" / "page"]


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_simd_chunks_and_plain_fallbacks_agree(tmp_path: Path) -> None:
    outputs = []
    for name, flags in (("simd", []), ("plain", ["-DDECRUFT_NO_SIMD"])):
        binary = tmp_path / name
        include = [f"-I{h}" for h in HEADERS]
        source = ROOT / "tests" / "c" / "fallbacks.c"
        subprocess.run(["cc", "-O2", *include, *flags, str(source), "-o", str(binary)], check=True)
        outputs.append(subprocess.run([str(binary)], capture_output=True, text=True, check=True))
    assert outputs[0].stdout == outputs[1].stdout and outputs[0].stdout.strip()
