"""A copy of the bundled data CSVs as a --csv-dir folder with one table's fixed file taken
out (for the tests of what stands at its name instead), its files' digests, and `data check` or
`data build` run on it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from chipscope import paths


def csv_dir_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    """``tmp_path/cd1``: the data CSVs without ``name``; the tests run in ``tmp_path``."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "cd1"
    shutil.copytree(paths.data_source_dir(), src,
                    ignore=shutil.ignore_patterns("chipscope.db*", "derive"))
    (src / name).unlink()
    return src


def digests(folder: Path) -> dict[str, str]:
    """The md5 of each regular file in ``folder`` (links left out)."""
    return {p.name: hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}


def data_command(command: str, tmp_path: Path) -> list[str]:
    """``data check`` or ``data build`` (into ``tmp_path/out.db``) on ``cd1``."""
    extra = ["--out", str(tmp_path / "out.db")] if command == "build" else []
    return ["data", command, "--csv-dir", "cd1", *extra]
