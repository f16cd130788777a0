from selectolax.lexbor import LexborNode

LEXBOR_VERSION: tuple[int, int]
_NODE_TYPE: type[LexborNode]

def layout_ok() -> bool: ...
