"""Pass 35 F5: File > Import scenario of a sweep spec says, in a whole sentence, what the file
is, and the command it gives names the file by the whole path picked (quoted when needed)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest


@pytest.mark.parametrize("file_name, text", [
    ("grid.toml", 'metrics = ["share:nvidia:2030"]\n[grid]\nlock_in = [1, 2]\n'),
    ("nog.toml", 'metrics = ["share:nvidia:2030"]\nscenario = "x.toml"\n'),  # no [grid] yet
    ("it's spec.toml", 'metrics = ["share:nvidia:2030"]\n[grid]\nlock_in = [1, 2]\n'),
])
def test_import_of_a_sweep_spec_names_its_kind_and_whole_path(
        importer, tmp_path: Path, file_name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Downloads"
    folder.mkdir()
    path = folder / file_name
    imported, saved = importer.feed(path, text)
    db = importer.window.db_path  # not the platform's default: named (m77)
    assert imported is False
    assert importer.problems == [(path, [
        "This file is a sweep spec, not a scenario file; run it with "
        f"`chipscope-cli sweep {shlex.quote(str(path))} --out FILE.csv "
        f"--db {shlex.quote(str(db))}`"])], importer.problems
    assert path.read_text(encoding="utf-8") == text
    assert importer.saved() == saved
