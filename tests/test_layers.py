"""The core (model, storage, CLI) runs headless: it never imports Qt; and no two modules of
chipscope import each other, directly or around a loop.

The layer contracts themselves (ui -> storage -> model, a pure model, the CLI's lazy UI imports)
are import-linter's, in pyproject.toml: run ``lint-imports``."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT = ("PySide6", "pyqtgraph", "shiboken6")

_BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in {qt!r}:
            raise ImportError('Qt is not allowed in the core: ' + name)
sys.meta_path.insert(0, Block())
import chipscope, chipscope.model, chipscope.storage, chipscope.cli
import chipscope.cli_calibration, chipscope.model.backtest, chipscope.model.calibration
import chipscope.storage.calibration_files
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
ds = synthetic_dataset()
p = project(ds, AssumptionSpecs.for_dataset(ds).defaults())
assert p.h100e.sum() > 0
print('headless ok')
"""


def test_core_imports_no_qt_statically() -> None:
    for package in ("model", "storage"):
        for path in (ROOT / "chipscope" / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    assert name.split(".")[0] not in QT, f"{path}: imports {name}"


def test_core_runs_with_qt_blocked() -> None:
    out = subprocess.run([sys.executable, "-c", _BLOCKER.format(qt=QT)], capture_output=True,
                         text=True, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    assert "headless ok" in out.stdout


def test_importing_chipscope_is_light() -> None:
    code = ("import sys, chipscope; bad = [m for m in ('PySide6', 'pandas', 'sqlite3', 'numpy') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


# Import cycles that exist today, each to be removed, never added to (sorted module names).
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of a directed graph (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def test_strongly_connected_finds_loops() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": [], "e": ["e", "d"]}
    assert sorted(strongly_connected(graph)) == [["a", "b", "c"], ["d"], ["e"]]


def test_no_import_cycles() -> None:
    """Every import counts, also one inside a function; imports under ``TYPE_CHECKING`` do
    not (they never run, and annotating a back-reference is what they are for)."""
    grimp = pytest.importorskip("grimp")  # installed with import-linter (the test extra)
    graph = grimp.build_graph("chipscope", exclude_type_checking_imports=True, cache_dir=None)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    cycles = {tuple(c) for c in strongly_connected(edges) if len(c) > 1}
    assert cycles <= KNOWN_CYCLES, f"import cycles: {sorted(cycles - KNOWN_CYCLES)}"
