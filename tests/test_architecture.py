"""The layout of docs/architecture.md, checked: imports only go down, no cycles, and no imports
inside functions except for optional heavy dependencies."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Bottom to top; a module may import from its own layer or any layer below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("gazetteer",),
    ("geonews", "geonews.errors", "geonews.models", "geonews.settings", "geonews.lexicon",
     "geonews.resources"),
    ("geonews.text",),
    ("geonews.recognition",),
    ("geonews.resolution",),
    ("geonews.records",),
    ("geonews.outputs",),
    ("geonews.maps", "geonews.parsing"),
    ("geonews.evaluation",),
    ("geonews.cli",),
)

#: Imports allowed inside functions: optional heavy dependencies (Dask and its distributed
#: scheduler, Playwright).
LAZY_ALLOWED = ("dask", "distributed", "playwright")
#: The geoparser loads spaCy; the package's lazy ``geonews.Geoparser`` and the commands that
#: parse import it on use, so that maps, exports and ``--help`` never load spaCy.
LAZY_GEOPARSER = ("geonews", "geonews.cli")


def _lazy_allowed(module: str, name: str) -> bool:
    if name.startswith(LAZY_ALLOWED):
        return True
    return (name in ("geonews.parsing", "geonews.parsing.geoparser")
            and (module == "geonews" or module.startswith("geonews.cli.")))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    if module == "geonews":  # the package itself: version and the lazy public API
        return 1
    best, level = -1, None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if prefix != "geonews" and (module == prefix or module.startswith(prefix + ".")) \
                    and len(prefix) > best:
                best, level = len(prefix), index
    assert level is not None, f"{module} is in no layer of {LAYERS}"
    return level


def _sources() -> dict[str, ast.Module]:
    return {_module_name(path): ast.parse(path.read_text(encoding="utf-8"))
            for package in ("geonews", "gazetteer")
            for path in sorted((ROOT / package).rglob("*.py"))}


def _imports(tree: ast.Module, module: str) -> list[tuple[str, ast.stmt, bool]]:
    """``(imported module, statement, at module level)`` for every project import; imports under
    ``if TYPE_CHECKING:`` count as module level."""
    found = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.ImportFrom):
                    base = child.module or ""
                    if child.level:
                        package = module.split(".")[: len(module.split(".")) - child.level + 1]
                        base = ".".join(package + ([base] if base else []))
                    names = [base]
                else:
                    names = [alias.name for alias in child.names]
                found.extend((name, child, top) for name in names)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, False)
            else:
                visit(child, top)

    visit(tree, True)
    return found


SOURCES = _sources()


def _project(name: str) -> bool:
    return name.split(".")[0] in ("geonews", "gazetteer")


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_imports_only_go_down(module: str) -> None:
    upward = [f"{name} (line {stmt.lineno})" for name, stmt, _ in _imports(SOURCES[module], module)
              if _project(name) and _layer(name) > _layer(module)
              and not _lazy_allowed(module, name)]
    assert not upward, f"{module} (layer {_layer(module)}) imports upward: {upward}"


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_no_imports_inside_functions(module: str) -> None:
    inner = [f"{name} (line {stmt.lineno})" for name, stmt, top in _imports(SOURCES[module], module)
             if not top and not _lazy_allowed(module, name)]
    assert not inner, f"{module} imports inside functions: {inner}"


def test_no_import_cycles() -> None:
    graph = {module: {name for name, _, top in _imports(tree, module) if top and _project(name)}
             for module, tree in SOURCES.items()}
    edges = {module: {name for name in names if name in SOURCES and name != module}
             for module, names in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycle = stack[stack.index(target):] + [target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)
