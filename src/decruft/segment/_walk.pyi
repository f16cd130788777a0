from collections.abc import Callable

from selectolax.lexbor import LexborNode

from decruft.segment.htmlmeta import MetaSources

LEXBOR_VERSION: tuple[int, int]
CONSTANTS: tuple[str, ...]
OWN_ATTRIBUTES: tuple[str, ...]

def layout_ok() -> bool: ...

class Walker:
    def __init__(
        self,
        flags: dict[int, int],
        meta_names: dict[int, str],
        text_id: int,
        comment_id: int,
        body_id: int,
        constants: dict[str, int],
        rule_attributes: tuple[str, ...],
        value_info: Callable[[str], tuple[int, tuple[int, ...], int]],
        role_bits: Callable[[str], int],
        attribute_rules: Callable[[dict[str, str | None]], int],
        off_main: Callable[[int, int, int], int],
        collect_meta: Callable[[LexborNode, str, MetaSources], None],
    ) -> None: ...
    def walk(
        self,
        root: LexborNode,
        out: list[tuple[str, int, int, int, int, int, int]],
        sources: MetaSources,
        parents: list[int],
        tokens: list[tuple[int, ...]],
        rules: list[int],
        tags: list[int],
        code_lines: list[tuple[int, int, str]],
    ) -> None: ...
