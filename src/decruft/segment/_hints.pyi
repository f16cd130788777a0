from collections.abc import Callable

from decruft.lazy import LazyPattern

class ValueInfo:
    def __init__(
        self,
        hint_bits: dict[str, int],
        root_classes: frozenset[str],
        stems: dict[str, int],
        name_rules: tuple[tuple[int, LazyPattern[str]], ...],
        landmark_rules: Callable[[str], int],
        has_names: int,
        root: int,
        max_tokens: int,
        max_values: int,
        max_cached_tokens: int,
    ) -> None: ...
    def __call__(self, value: str) -> tuple[int, tuple[int, ...], int]: ...
