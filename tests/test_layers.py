"""The package's layers: no module imports one that imports it back, directly or through others,
and no subpackage does either (quality and release, pages and printing once did)."""
import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "hooks" / "iopcurriculum"


def imports() -> dict[str, set[str]]:
    """Each module of the package (dotted name) -> the package modules it imports, anywhere in it."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[:len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
                for alias in node.names:  # `from . import edition` imports a module, `from .x import y` x
                    candidate = ".".join(base + [alias.name])
                    found.add(candidate if _exists(candidate) else ".".join(base))
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith(PACKAGE.name)}
        graph[name] = {m for m in found if m != name}
    return graph


def _exists(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or path.is_dir()


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on.add(node)
        for other in graph.get(node, ()):
            if other not in graph:
                continue
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def by_subpackage(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    top = lambda name: ".".join(name.split(".")[:2])
    out: dict[str, set[str]] = {}
    for name, targets in graph.items():
        out.setdefault(top(name), set()).update(top(t) for t in targets if top(t) != top(name))
    return out


def test_no_import_cycles_between_modules_or_subpackages():
    graph = imports()
    assert "iopcurriculum.pages" in graph and "iopcurriculum.registry" in graph["iopcurriculum.blocks"]
    assert cycles(graph) == []
    assert cycles(by_subpackage(graph)) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
