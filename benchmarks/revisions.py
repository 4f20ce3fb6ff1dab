"""Run a benchmark script on the code of an earlier git revision, for a before/after table
measured in the same session (the machine's noise is the same for both)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def worktree_at(rev: str) -> Iterator[Path]:
    """A temporary git worktree of this checkout at revision ``rev`` (removed afterwards)."""
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(root), "worktree", "add", "--detach", "-q", str(tree),
                        rev], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(tree)],
                           check=False)


def run_script_at(rev: str, script: str, args: list[str]) -> dict[str, Any]:
    """``script`` (this checkout's copy) with ``args`` on revision ``rev``'s code, in a
    temporary worktree and a subprocess; the JSON object it prints last."""
    with worktree_at(rev) as tree:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        out = subprocess.run([sys.executable, script, *args], check=True,
                             capture_output=True, text=True, env=env, cwd=tree).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result
