"""Pass 35 F5: File > Import scenario of a sweep spec says, in a whole sentence, what the file
is, and the command it gives names the file by the whole path picked (quoted when needed)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from chipscope.storage import list_scenarios


@pytest.fixture
def window(make_window, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    win = make_window(show=False)
    win.import_problems = []
    monkeypatch.setattr(win.scenarios, "show_import_errors",
                        lambda path, problems: win.import_problems.append((path, problems)))
    return win


@pytest.mark.parametrize("file_name, text", [
    ("grid.toml", 'metrics = ["share:nvidia:2030"]\n[grid]\nlock_in = [1, 2]\n'),
    ("nog.toml", 'metrics = ["share:nvidia:2030"]\nscenario = "x.toml"\n'),  # no [grid] yet
    ("it's spec.toml", 'metrics = ["share:nvidia:2030"]\n[grid]\nlock_in = [1, 2]\n'),
])
def test_import_of_a_sweep_spec_names_its_kind_and_whole_path(
        window, tmp_path: Path, file_name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Downloads"
    folder.mkdir()
    path = folder / file_name
    path.write_text(text, encoding="utf-8")
    saved = [r.name for r in list_scenarios(window.scenarios.working.db_path)]
    assert window.scenarios.import_scenario(path) is False
    assert window.import_problems == [(path, [
        "This file is a sweep spec, not a scenario file; run it with "
        f"`chipscope-cli sweep {shlex.quote(str(path))}`"])], window.import_problems
    assert path.read_text(encoding="utf-8") == text
    assert [r.name for r in list_scenarios(window.scenarios.working.db_path)] == saved
