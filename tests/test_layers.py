"""The core (model, storage, CLI) runs headless: it never imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
