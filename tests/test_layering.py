"""The package's modules import each other without a circle: each stage of the data flow
(io -> segment -> page steps -> pipeline -> corpus passes -> run) sees only those below it."""

from __future__ import annotations

import ast
from pathlib import Path

import decruft

ROOT = Path(decruft.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, own: str, modules: set[str], everywhere: bool) -> set[str]:
    """decruft modules imported by the module at its top level, or ``everywhere``: inside
    functions and for type checking too (a type named across stages is a dependency)."""
    found: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node) and not everywhere:
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = own.rsplit(".", node.level)[0]
                base = f"{package}.{base}" if base else package
            names = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            names = []
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != own and not own.startswith(f"{name}."):
                found.add(name)
        if everywhere or not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack.extend(
                child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)
            )
    return found


def _graph(everywhere: bool) -> dict[str, set[str]]:
    paths = sorted(ROOT.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {
        _module_name(p): _imports(
            ast.parse(p.read_text("utf-8")), _module_name(p), modules, everywhere
        )
        for p in paths
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


def test_no_import_circle_at_module_level() -> None:
    assert _cycle(_graph(everywhere=False)) is None


def test_no_import_circle_counting_lazy_and_type_checking_imports() -> None:
    assert _cycle(_graph(everywhere=True)) is None


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
