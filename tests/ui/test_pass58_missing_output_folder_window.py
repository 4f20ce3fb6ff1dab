"""P58-F4 in the window: Export chart, Export table, Export scenario and the compare window's
exports into a folder that does not exist (deleted while the dialog was open, or typed) said
"Could not write the PNG file d/c.png (No such file or directory); nothing was changed.".
They now give every writer's words, next to the action, and write nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.ui.export_dialog import ExportOptions
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.compare_view import CompareView
from chipscope.ui.scenarios.working import WorkingScenario

Make = Callable[..., MainWindow]


def _said(what: str, out: Path) -> str:
    return (f"Cannot write the {what} {out}: the folder {out.parent} does not exist; make it "
            "or choose another folder (nothing was written).")


def test_window_exports_name_a_missing_folder(make_window: Make, tmp_path: Path) -> None:
    window = make_window()
    gone = tmp_path / "gone"
    assert not window.export_table_to(gone / "t.csv")
    assert not window.export_chart_to(ExportOptions(gone / "c.png", 640, 360))
    assert not window.export_chart_to(ExportOptions(gone / "c.svg", 640, 360))
    assert not window.scenarios.export_scenario(gone / "s.toml")
    said = [_said("CSV file", gone / "t.csv"), _said("PNG file", gone / "c.png"),
            _said("SVG file", gone / "c.svg"), _said("scenario file", gone / "s.toml")]
    shown = window.warnings + window.errors  # type: ignore[attr-defined]
    assert all(any(s in w for w in shown) for s in said), shown
    assert not any("No such file" in w for w in shown)
    assert list(tmp_path.iterdir()) == []


def test_compare_exports_name_a_missing_folder(make_compare: Callable[..., CompareView],
                                               user_working: WorkingScenario,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    user_working.new()
    user_working.session.set_value("lock_in", 1.5)
    user_working.save_as("Sticky", "test scenario")
    view = make_compare(user_working, (1200, 800))
    view.set_selection(["Sticky"])
    warned: list[str] = []
    monkeypatch.setattr(view, "_warn", warned.append)
    gone = tmp_path / "gone"
    assert not view.export_table_to(gone / "c.csv")
    assert not view.export_chart_to(gone / "c.png", 640, 360)
    assert not view.export_chart_to(gone / "c.svg", 640, 360)
    assert warned == [_said("CSV file", gone / "c.csv"), _said("PNG file", gone / "c.png"),
                      _said("SVG file", gone / "c.svg")]
    assert list(tmp_path.iterdir()) == []
