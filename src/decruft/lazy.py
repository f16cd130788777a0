"""Loading on demand: names a package offers but imports on first use (PEP 562), so that
importing any part of decruft (the command line's ``--help``) does not load numpy, the
parsers and the models; and loading without the garbage collector's passes."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from importlib import import_module


def lazy_names(
    package: str, homes: dict[str, str], namespace: MutableMapping[str, object]
) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``name`` from ``homes[name]`` and keeps it in
    ``namespace`` (the package's globals), so later look-ups do not come back here."""

    def get(name: str) -> object:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(homes[name]), name)
        namespace[name] = value
        return value

    return get


@contextmanager
def collector_paused() -> Iterator[None]:
    """Load modules, tables and parsers without the garbage collector: they make tens of
    thousands of objects that live as long as the process, and no garbage, and its passes
    over them while they load cost a one-page run of the command line ~8 ms (a twentieth of
    its start). What loaded is then frozen out of its passes (as the cleaning does with its
    models: ``decruft.run.worker.tuned_collector``), and it runs again, if it ran before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()
