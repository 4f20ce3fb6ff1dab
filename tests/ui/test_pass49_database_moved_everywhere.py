"""Pass 51 F3: a database moved away while the window is open was told only "The database P
does not exist." by the scenario list refresh, Edit data (opening it, and its Save, Import and
Export) and File > Import scenario, while the autosave, Open, Save and the others said what
becomes of the work and the way to keep it. Now every window action says the same words
(:mod:`chipscope.ui.database_gone`), Edit data with advice that fits data edits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

GONE = "does not exist (it was moved or deleted while this window was open)"
KEEP = ("your changes stay in this window: put the file back, or keep them in a scenario file "
        "with File > Export scenario.")
SOURCE = {"citation": "Me", "url": "https://example.com/v", "retrieved": "2026-01-01",
          "licence": "CC BY 4.0"}


@pytest.fixture
def moved(make_window: Callable[..., MainWindow]) -> tuple[Any, Path, Path]:
    """A window over the user's database (``db``), and where the test moves it (``away``)."""
    window: Any = make_window(show=False)
    db = Path(window.scenarios.working.db_path)
    return window, db, db.with_name("moved.db")


def _move(db: Path, away: Path) -> bytes:
    """Move the database away while the window is open; its bytes (to compare after)."""
    db.rename(away)
    return away.read_bytes()


def test_list_refresh_and_import_scenario_say_the_window_words(
        moved: tuple[Any, Path, Path], tmp_path: Path) -> None:
    window, db, away = moved
    kept = _move(db, away)
    window.scenarios.panel.refresh()
    assert window.errors == [f"The database {db} {GONE}; {KEEP}"]
    window.errors.clear()
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 2\nname = "s"\n')
    before = scenario.read_bytes()
    assert window.scenarios.import_scenario(scenario) is False
    assert window.errors == [f"The database {db} {GONE}; {KEEP}"]
    assert scenario.read_bytes() == before and away.read_bytes() == kept and not db.exists()


def test_opening_edit_data_says_the_window_words(
        moved: tuple[Any, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    window, db, away = moved
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, title, text: boxes.append(f"{title}: {text}"))
    kept = _move(db, away)
    assert open_data_dialog(window) is None
    assert boxes == [f"Cannot edit the data: The database {db} {GONE}; put the file back to "
                     "edit the data."]
    assert away.read_bytes() == kept and not db.exists()


def test_edit_data_save_import_and_export_say_the_window_words(
        moved: tuple[Any, Path, Path], type_into: Any, tmp_path: Path) -> None:
    window, db, away = moved
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None
    dialog.table_box.setCurrentText("vendors")
    dialog._select("amd")
    kept = _move(db, away)
    type_into(dialog, {"name": "AMD v2", **SOURCE})
    assert dialog.save() is False
    assert dialog.status.text() == (f"Not saved: The database {db} {GONE}; put the file back; "
                                    "your edits are not saved.")
    assert dialog.form.values()["name"] == "AMD v2"  # what was typed stays in the form
    edits = tmp_path / "edits.csv"
    edits.write_text("table,key,field,value\n")
    before = edits.read_bytes()
    assert dialog.import_file(edits) is False
    assert dialog.status.text() == (f"Nothing imported: The database {db} {GONE}; put the file "
                                    "back; your edits are not saved.")
    assert dialog.export_file(tmp_path / "out.csv") is False
    assert dialog.status.text() == (f"Not exported: The database {db} {GONE}; put the file "
                                    "back to export your edits.")
    assert edits.read_bytes() == before and not (tmp_path / "out.csv").exists()
    assert away.read_bytes() == kept and not db.exists()
