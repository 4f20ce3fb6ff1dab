"""Pass 36 F3: with nothing ticked the compare window's exports are disabled (tooltip says why)
and refused before any file dialog or write; an older export is left byte-identical and no
"Table saved" is said for a table with no rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from chipscope.ui.scenarios import compare_export
from chipscope.ui.scenarios.compare_view import CompareView
from chipscope.ui.scenarios.working import WorkingScenario


@pytest.fixture
def view(user_working: WorkingScenario,
         make_compare: Callable[..., CompareView]) -> CompareView:
    return make_compare(user_working, (1000, 700))


def test_export_buttons_are_disabled_until_a_scenario_is_ticked(view: CompareView) -> None:
    assert view.selected_keys() == []  # the window opens with nothing ticked
    buttons = (view.export_chart_button, view.export_table_button)
    for button in buttons:
        assert not button.isEnabled()
        assert "Tick at least one scenario to export" in button.toolTip()
    view.set_selection(["Baseline"])
    for button in buttons:
        assert button.isEnabled()
        assert button.toolTip() == ""
    view.set_selection([])
    assert not any(b.isEnabled() for b in buttons)


def test_nothing_ticked_writes_nothing_and_asks_for_no_file(
        view: CompareView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    dialogs: list[object] = []
    monkeypatch.setattr(view, "_warn", warnings.append)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: dialogs.append(a) or (str(tmp_path / "x.csv"), ""))
    older = tmp_path / "compare.csv"
    older.write_bytes(b"year,vendor\n2030,amd\n")  # an older good export of the same name
    before = older.read_bytes()
    assert not view.export_table_to(older)
    assert older.read_bytes() == before
    note = view.export_note.text()
    assert "Tick at least one scenario to export" in note and "saved" not in note.lower()
    assert not view.export_chart_to(tmp_path / "c.png", 800, 500)
    assert not (tmp_path / "c.png").exists()
    assert "chart:" not in view.export_note.text()
    assert view.export_note.text() == compare_export.NOTHING
    view.export_table()  # the buttons' own actions refuse before any file dialog
    view.export_chart()
    assert dialogs == [] and warnings == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compare.csv"]


def test_one_ticked_scenario_still_exports(view: CompareView, tmp_path: Path) -> None:
    view.set_selection(["Baseline"])
    assert view.export_table_to(tmp_path / "t.csv")
    assert view.export_note.text() == f"Table saved to {tmp_path / 't.csv'}"
    lines = (tmp_path / "t.csv").read_text().splitlines()
    assert any(line and not line.startswith("#") for line in lines[1:])
