"""Loading on demand: names a package offers but imports on first use (PEP 562), so that
importing any part of decruft (the command line's ``--help``) does not load numpy, the
parsers and the models; regular expressions compiled on first use; and loading without the
garbage collector's passes."""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from importlib import import_module
from typing import AnyStr, Generic


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


class LazyPattern(Generic[AnyStr]):
    """A regular expression compiled when first used, for the patterns most pages never
    reach (a date format, a file name to mend, a class name rule): compiling Python's
    regular expressions costs ~0.1-0.3 ms each, and the 38 made lazy here, compiled on
    import, used or not, cost a one-page run of a dev HTML page ~4 ms of its start."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: AnyStr, flags: int = 0) -> None:
        self._source: AnyStr = source
        self._flags = flags
        self._compiled: re.Pattern[AnyStr] | None = None

    @property
    def compiled(self) -> re.Pattern[AnyStr]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(
        self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[AnyStr] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: AnyStr) -> re.Match[AnyStr] | None:
        return self.compiled.match(string)

    def fullmatch(self, string: AnyStr) -> re.Match[AnyStr] | None:
        return self.compiled.fullmatch(string)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr) -> AnyStr:
        return self.compiled.sub(repl, string)
