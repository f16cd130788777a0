"""Names a package offers but imports on first use (PEP 562), so that importing any part
of decruft (the command line's ``--help``) does not load numpy, the parsers and the models."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
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
