"""The package's structure: no import circles, imports point downstream, modules stay small.

Imports are read from the source (imports inside functions and under
``TYPE_CHECKING`` count too): an import hidden in a function is still a
dependency, and a circle of them is what makes a module impossible to move.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "balancegame"
MAX_MODULE_LINES = 300


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        mods[name.removesuffix(".__init__")] = path
    return mods


def import_graph() -> dict[str, set[str]]:
    """module -> package modules it imports (a package's own ``__init__`` excluded)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for m, path in mods.items():
        pkg = m if path.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = pkg.split(".")
                    parent = ".".join(parts[: len(parts) - node.level + 1])
                    base = f"{parent}.{base}" if base else parent
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            for name in names:
                while name and name not in mods:
                    name = name.rpartition(".")[0]
                if name and name != m and not m.startswith(name + "."):
                    graph[m].add(name)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_circle() -> None:
    assert circles(import_graph()) == []


# Stages upstream of the game never import it, nor pygame; measures and body code are pure.
DOWNSTREAM_ONLY = {
    "balancegame.capture": ("balancegame.game", "balancegame.session", "balancegame.challenges"),
    "balancegame.pose": ("balancegame.game", "balancegame.session", "balancegame.challenges"),
    "balancegame.body": ("balancegame.game", "balancegame.session", "balancegame.challenges"),
    "balancegame.measures": ("balancegame.game", "balancegame.session", "balancegame.challenges"),
    "balancegame.challenges": ("balancegame.game", "balancegame.session"),
    "balancegame.session": ("balancegame.game",),
    "balancegame.analysis": ("balancegame.game",),
    "balancegame.progress": ("balancegame.game", "balancegame.session"),
    "balancegame.report": ("balancegame.game", "balancegame.app"),  # reads stored data only
}


@pytest.mark.parametrize("stage", sorted(DOWNSTREAM_ONLY))
def test_imports_point_downstream(stage: str) -> None:
    graph = import_graph()
    wrong = sorted(f"{m} -> {t}" for m, targets in graph.items()
                   if m == stage or m.startswith(stage + ".")
                   for t in targets if t.startswith(DOWNSTREAM_ONLY[stage]))
    assert wrong == []


def test_no_rules_or_measures_import_pygame() -> None:
    offenders = []
    for m, path in _modules().items():
        if m.startswith(("balancegame.game", "balancegame.app")):
            continue
        if "pygame" in {n.split(".")[0] for n in _imported_names(path)}:
            offenders.append(m)
    assert offenders == []


def _imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def test_no_module_is_over_300_lines() -> None:
    long = {m: n for m, p in _modules().items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}
