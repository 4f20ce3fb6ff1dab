"""Window findings of the sixth attack pass of issue 10 (/tmp/attack6/findings.md): the file
name File > Export scenario suggests, and scenarios saved by an older version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from chipscope.storage.scenarios import save_scenario
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.file_names import suggested_file_name


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window(show=False)


@pytest.mark.parametrize(("name", "expected"), [
    ("Cheaper AMD", "cheaper-amd.toml"), ("CON", "scenario-con.toml"),
    ("nul", "scenario-nul.toml"), ("COM1", "scenario-com1.toml"), ("...", "scenario.toml"),
    ("-", "scenario.toml"), ("a/b\\c", "a-b-c.toml")])
def test_the_suggested_name_is_an_ordinary_file(name: str, expected: str) -> None:
    assert suggested_file_name(name) == expected


@pytest.mark.parametrize("name", ["\u4e2d" * 200, "\U00020000" * 200, "e\u0301" * 100])
def test_the_suggested_name_fits_the_file_system(name: str) -> None:
    assert len(suggested_file_name(name).encode("utf-8")) <= 125


@pytest.mark.parametrize("name", ["CON", "\u4e2d" * 200])
def test_export_to_the_suggested_name_works(window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path, name: str) -> None:
    """G9: a 200-character Chinese name suggested a 600-byte file name: the export failed."""
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    save_scenario(window.db_path, name, "", {"demand_growth_pct": 40.0})
    panel = window.scenarios.panel
    panel.refresh()
    assert panel.select(name) and panel.open_selected()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (args[2], ""))
    assert window.scenarios.export_scenario(), window.errors  # type: ignore[attr-defined]
    assert len(list(tmp_path.glob("*.toml"))) == 1


def test_an_old_description_exports_imports_and_saves(window: MainWindow, tmp_path: Path
                                                      ) -> None:
    """G8: a description an older version saved with ESC and U+202E could not be saved again
    nor its export imported."""
    save_scenario(window.db_path, "old", "x", {"demand_growth_pct": 40.0})
    with sqlite3.connect(window.db_path) as conn:
        conn.execute("UPDATE scenarios SET description = ? WHERE name = 'old'",
                     ("a\x1bb\u202ec",))
    panel = window.scenarios.panel
    panel.refresh()
    assert panel.select("old") and panel.open_selected()
    assert window.scenarios.export_scenario(tmp_path / "old.toml")
    assert window.scenarios.import_scenario(tmp_path / "old.toml")
    assert panel.save()
    assert window.errors == []  # type: ignore[attr-defined]


def test_the_report_name_fits_the_file_system() -> None:
    """60 four-byte characters made a 261-byte report name (the limit is 255)."""
    from chipscope.ui.report.window import default_report_name

    name = default_report_name("\U00020000" * 200)
    assert name.startswith("chipscope-report-\U00020000") and len(name.encode("utf-8")) <= 255
