"""Edit > Edit data…: a deal added in the window with its source changes the projection, is
undone by Edit > Undo, survives closing and reopening, and is marked as the user's in the
Sources and details tab; invalid fields are shown next to them and cannot be saved."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication, QGroupBox
from pytestqt.qtbot import QtBot

from chipscope.storage import load_dataset
from chipscope.storage.user_edits import list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog, report_conflicts
from chipscope.ui.data_edit.shown import OUTSIDE
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture

SHOTS = Path("/work/shots/edits")


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()




DEAL = {"deal_id": "apple_trainium3", "adopter_id": "apple", "vendor_id": "aws",
        "chip_id": "trainium3", "first_year": "2027", "last_year": "2029", "amount": "1",
        "amount_unit": "GW", "description": "Apple signs for Trainium3", "firmness": "firm",
        "citation": "Example News, 30 Nov 2026", "url": "https://example.com/apple",
        "retrieved": "2026-11-30", "licence": "fair use quote", "confidence": "medium"}


def test_adding_a_deal_in_the_window(type_into: TypeInto, qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("deals")
    assert not dialog.save_button.isEnabled()  # an empty form cannot be saved
    before = window.session.projection.by_vendor("h100e").copy()
    type_into(dialog, {**DEAL, "first_year": "20x7"})
    assert dialog.form is not None
    assert dialog.form.errors["first_year"].isVisible()
    assert "not a number" in dialog.form.errors["first_year"].text()
    assert not dialog.save_button.isEnabled()
    QApplication.processEvents()
    dialog.grab().save(str(SHOTS / "deal_form_invalid.png")) if SHOTS.is_dir() else None
    type_into(dialog, {"first_year": "2027"})
    assert not dialog.form.errors["first_year"].isVisible()
    assert "161,539 H100e/yr" in dialog.form.conversion.text()  # live conversion
    assert dialog.save_button.isEnabled()
    QApplication.processEvents()  # the layout follows the hidden messages
    dialog.grab().save(str(SHOTS / "deal_form.png")) if SHOTS.is_dir() else None
    assert dialog.save()
    qtbot.waitUntil(lambda: not window.session.is_stale())
    assert "apple_trainium3" in set(window.session.dataset.deals["deal_id"])
    assert not np.array_equal(window.session.projection.by_vendor("h100e"), before)
    deals = window.details_panel.table("Deals")
    assert any(str(s).startswith("[your edit]") for s in deals["Source"])
    assert any(i.text().startswith("\u270e apple_trainium3")
               for i in (dialog.rows.item(n) for n in range(dialog.rows.count())))
    # Closed and reopened: the deal is there.
    assert "apple_trainium3" in set(load_dataset(window.db_path).deals["deal_id"])
    # Edit > Undo takes it back, in the window and in the database.
    assert window.session.document.undo()
    qtbot.waitUntil(lambda: not window.session.is_stale())
    assert "apple_trainium3" not in set(window.session.dataset.deals["deal_id"])
    assert list_edits(window.db_path) == []
    window.grab().save(str(SHOTS / "window_after_undo.png")) if SHOTS.is_dir() else None


def test_retire_and_conflict_buttons(type_into: TypeInto, qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    dialog.table_box.setCurrentText("deals")
    dialog.rows.setCurrentRow(0)
    key = dialog._selected_key()
    assert key is not None and dialog.mode == "edit"
    assert not dialog.keep_button.isEnabled()  # no conflicts
    type_into(dialog, {"citation": "Deal called off", "url": "https://example.com/off",
                   "retrieved": "2026-11-30", "licence": "fair use quote"})
    assert dialog.retire()
    assert key not in set(window.session.dataset.deals["deal_id"])
    [edit] = list_edits(window.db_path)
    assert (edit.operation, edit.key) == ("retire", key)


def test_undo_refreshes_the_editor_and_conflicts_are_reported(type_into: TypeInto, qtbot: QtBot,
                                                              window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    dialog.table_box.setCurrentText("deals")
    type_into(dialog, DEAL)
    assert dialog.save()
    keys = [dialog.rows.item(n).data(0x0100) for n in range(dialog.rows.count())]
    assert "apple_trainium3" in keys
    assert window.session.document.undo()
    keys = [dialog.rows.item(n).data(0x0100) for n in range(dialog.rows.count())]
    assert "apple_trainium3" not in keys  # the list followed the undo
    assert dialog.mode == "add" and not dialog.retire_button.isEnabled()
    assert window.session.document.redo()
    # The bundled row under an edit changes (as after an upgrade): reported at start.
    dialog.table_box.setCurrentText("chips")
    dialog._select("trainium3")
    type_into(dialog, {"name": "Trainium 3 (mine)", "citation": "Mine",
                   "url": "https://example.com/t3", "retrieved": "2026-11-30",
                   "licence": "CC BY 4.0", "confidence": "high"})
    assert dialog.save()
    with closing(sqlite3.connect(window.db_path)) as conn, conn:
        conn.execute("UPDATE chips SET notes = 'revised upstream' WHERE chip_id = 'trainium3'")
    lines = report_conflicts(window)
    assert len(lines) == 1 and "chips row \u201ctrainium3\u201d changed" in lines[0]
    assert "conflict" in window.statusBar().currentMessage()


def test_a_replaced_dataset_gets_a_fresh_editor(qtbot: QtBot, window: MainWindow) -> None:
    first = open_data_dialog(window)
    assert open_data_dialog(window) is first  # raised again, not rebuilt
    window.replace_dataset(load_dataset(window.db_path))
    second = open_data_dialog(window)
    assert second is not first and second.editor.document is window.session.document


def test_export_and_import_in_the_window(type_into: TypeInto, qtbot: QtBot, window: MainWindow,
                                         tmp_path: Path) -> None:
    dialog = open_data_dialog(window)
    dialog.table_box.setCurrentText("deals")
    assert not dialog.export_file(tmp_path / "none.csv")  # nothing to export yet
    type_into(dialog, DEAL)
    assert dialog.save()
    out = tmp_path / "edits.csv"
    assert dialog.export_file(out) and out.is_file()
    doc = window.session.document
    assert doc.undo() and list_edits(window.db_path) == []
    assert dialog.import_file(out)
    assert "apple_trainium3" in set(window.session.dataset.deals["deal_id"])
    assert doc.history.undo_label() == "Undo import of 1 data edit(s)"
    assert dialog.status.text().startswith("Imported 1 edit(s) from edits.csv")
    assert doc.undo()
    assert "apple_trainium3" not in set(window.session.dataset.deals["deal_id"])
    # the status line no longer says "Imported" after the window's Undo took the import back:
    # it names the shown row the undo removed, or says the data changed outside the dialog
    assert "“apple_trainium3” was removed" in dialog.status.text()
    dialog.start_new()
    assert doc.redo() and dialog.status.text() == OUTSIDE
    assert doc.undo() and dialog.status.text() == OUTSIDE
    assert list_edits(window.db_path) == []
    bad = tmp_path / "bad.csv"
    bad.write_text("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,"
                   "amount_unit,description,confidence,citation,url,retrieved,licence\n"
                   "x,apple,aws,trainium3,20x7,2029,1,GW,d,low,C,https://e.com/a,2026-11-30,"
                   "MIT\n", encoding="utf-8")
    assert not dialog.import_file(bad)
    assert f"{bad}, line 2, column first_year" in dialog.status.text()
    QApplication.processEvents()
    dialog.grab().save(str(SHOTS / "import_refused.png")) if SHOTS.is_dir() else None
    assert list_edits(window.db_path) == []


ADOPTER = {"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab",
           "derivation": "Announced purchases", "citation": "Example News, 30 Nov 2026",
           "url": "https://example.com/newlab", "retrieved": "2026-11-30",
           "licence": "fair use quote", "confidence": "low"}


def test_adding_an_adopter_with_the_vendors_it_buys_from(type_into: TypeInto, qtbot: QtBot,
                                                         window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("adopters")
    form = dialog.form
    assert form is not None and form.fields["buys_from"].isVisibleTo(dialog)
    usual = dialog.editor.default_vendors()
    assert "nvidia" in usual and "google" not in usual  # the open market, not a rival's TPUs
    assert form.vendors() == usual  # prefilled, for the user to trim
    type_into(dialog, {**ADOPTER, "buys_from": "nvidia, nope"})
    assert "'nope' is not a vendor of the dataset" in form.errors["buys_from"].text()
    assert not dialog.save_button.isEnabled()
    type_into(dialog, {"buys_from": "nvidia, amd"})
    assert dialog.save_button.isEnabled()
    assert dialog.save()
    qtbot.waitUntil(lambda: not window.session.is_stale())
    assert "newlab" in window.session.dataset.adopter_ids
    stored = {(e.table, e.key) for e in list_edits(window.db_path)}
    assert stored == {("adopters", "newlab"), ("access", "newlab.nvidia"),
                      ("access", "newlab.amd")}
    assert "Saved: addition of adopters \u201cnewlab\u201d" in dialog.status.text()
    # Shown as an existing row now: its vendors are rows of the access table, not a field.
    assert dialog.mode == "edit" and not form.fields["buys_from"].isVisibleTo(dialog)
    dialog.table_box.setCurrentText("access")
    keys = [dialog.rows.item(n).data(0x0100) for n in range(dialog.rows.count())]
    assert {"newlab.nvidia", "newlab.amd"} <= set(keys)
    # A copy of an adopter starts with the vendors it buys from.
    dialog.table_box.setCurrentText("adopters")
    dialog._select("openai")
    dialog.duplicate("openai_copy")
    assert dialog.form is not None and dialog.mode == "add"
    assert dialog.form.vendors() == dialog.editor.vendors_of("openai") != []
    # One Edit > Undo takes the adopter and its access rows back.
    assert window.session.document.undo()
    qtbot.waitUntil(lambda: not window.session.is_stale())
    assert "newlab" not in window.session.dataset.adopter_ids
    assert list_edits(window.db_path) == []


def test_an_access_row_is_edited_in_the_window(type_into: TypeInto, qtbot: QtBot,
                                               window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    dialog.table_box.setCurrentText("access")
    dialog._select("openai.intel")
    assert dialog.mode == "edit" and dialog.form is not None
    assert dialog.form.findChild(QGroupBox).title() == "Access of an adopter to a vendor"
    assert dialog.form.fields["vendor_id"].isReadOnly()  # the pair is the row's key
    type_into(dialog, {"access": "0.5", "citation": "Mine", "url": "https://example.com/x",
                       "retrieved": "2026-11-30", "licence": "CC BY 4.0", "confidence": "low"})
    assert dialog.save()
    [edit] = list_edits(window.db_path)
    assert (edit.table, edit.key, edit.operation) == ("access", "openai.intel", "edit")
    access = window.session.dataset.frames["access"].set_index(["adopter_id", "vendor_id"])
    assert access.loc[("openai", "intel"), "access"] == 0.5


def test_import_reads_a_table_csv_as_the_table_shown_and_names_missing_columns(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Pass 11, N5: an access CSV without ``confidence`` was refused with "... give --table",
    a command-line option the window has no way to give, and the missing column unnamed."""
    dialog = open_data_dialog(window)
    dialog.table_box.setCurrentText("access")
    csv = tmp_path / "access.csv"
    csv.write_text("adopter_id,vendor_id,access\nopenai,intel,0.2\n", encoding="utf-8")
    assert not dialog.import_file(csv)
    said = dialog.status.text()
    assert f"{csv}, line 1: missing column(s) confidence, which a CSV of access needs" in said
    assert "--table" not in said
    assert list_edits(window.db_path) == []
