"""Builds decruft's compiled kernels: every ``src/decruft/**/_*.pyx`` becomes a C extension
beside it, compiled ahead of time by ``pip install`` (Cython, then the C compiler), so no code
is compiled when decruft runs.

``-ffp-contract=off`` keeps each floating-point multiply and add separate (no fused
multiply-adds), so a kernel's results are the same on every machine and compiler.
"""

from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

# Directives shared by every kernel file (each file repeats the ones its code relies on).
DIRECTIVES = {"language_level": "3", "boundscheck": False, "wraparound": False}
COMPILE_ARGS = ["-O3", "-ffp-contract=off", "-g0"]
# No debug symbols in the installed extensions (they would be ~1 MB each instead of ~0.2).
LINK_ARGS = ["-s"]


def _extensions() -> list[Extension]:
    sources = sorted(Path("src").rglob("_*.pyx"))
    return [
        Extension(
            ".".join(path.relative_to("src").with_suffix("").parts),
            [str(path)],
            depends=[str(h) for h in sorted(path.parent.glob("_*.h"))],  # C the kernel includes
            extra_compile_args=COMPILE_ARGS,
            extra_link_args=LINK_ARGS,
        )
        for path in sources
    ]


setup(ext_modules=cythonize(_extensions(), compiler_directives=DIRECTIVES))
