"""Pass 26 F6 in the window: Edit data > Retire of a chip the history uses showed "Not retired:
history, line 2, column chip_id: 'a100' is not a known chip (chips.chip_id)"; now the one
sentence `data import-edits` gives, without an import file's line. And (review of pass 25) a
change refused because another program changed the row said "try again" twice and sent the
user to "Edit > Edit data…" from inside Edit data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chipscope.model.data_editor import DataEditor
from chipscope.model.document import Document
from chipscope.model.edits import EditSource
from chipscope.storage import load_dataset
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import DbEditStore, list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]
SOURCE = {"citation": "Ex", "url": "https://ex.com/r", "retrieved": "2026-11-30",
          "licence": "MIT"}


def test_retiring_a_chip_the_history_uses_says_why_it_stays(
        make_window: Callable[..., MainWindow], type_into: TypeInto, qtbot: QtBot) -> None:
    window = make_window(show=False)
    db = window.db_path
    assert db is not None
    before = db.read_bytes()
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("chips")
    dialog._select("a100")
    assert dialog._selected_key() == "a100"
    type_into(dialog, SOURCE)
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    said = dialog.status.text()
    assert said.startswith("Not retired: chip 'a100' cannot be retired: "), said
    assert " history rows " in said, said
    assert said.endswith("use it; the history cannot be edited, so the chip stays"), said
    assert "not a known chip" not in said and "remove the line" not in said, said
    assert list_edits(db) == [] and db.read_bytes() == before
    assert "a100" in set(window.session.dataset.chips["chip_id"])


def test_a_change_another_program_made_first_is_told_once_with_the_windows_advice(
        make_window: Callable[..., MainWindow], type_into: TypeInto) -> None:
    window = make_window(show=False)
    db = window.db_path
    assert db is not None
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("chips")
    dialog._select("a100")
    type_into(dialog, {"name": "A100 (mine)", **SOURCE})
    base, _ = load_overlay(db)
    other = DataEditor(Document(load_dataset(db)), base, DbEditStore(db))  # another program
    row = other.row("chips", "a100")
    assert row is not None
    other.edit("chips", "a100", {**row, "name": "A100 (theirs)"},
               EditSource("Theirs", "https://ex.com/t", "2026-11-30", "MIT"), "low")
    assert not dialog.save()
    said = dialog.status.text()
    assert said.startswith("Not saved: Another window or program made the "), said
    assert said.endswith("nothing was changed. The editor now shows the data as it is: try "
                         "again."), said
    assert said.lower().count("try again") == 1 and "Edit > Edit data" not in said, said
    [theirs] = list_edits(db)
    assert theirs.fields["name"] == "A100 (theirs)"
