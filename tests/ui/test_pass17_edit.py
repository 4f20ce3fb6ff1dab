"""Pass 17 window: Edit data's reload after an undo or an import kept every field the user did
not type in at its old saved value, and the next Save wrote them back (A1, A2); the status line
still said "Saved: addition" after the added row was undone, and after Redo the form stayed in
add mode (D4); a vendor name with a tab showed a fake shortcut in Uncertainty > One vendor (E1)."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from chipscope.ui.data_edit.dialog import DataEditDialog, open_data_dialog
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture
SOURCE = {"citation": "Me", "url": "https://example.com/v", "retrieved": "2026-01-01",
          "licence": "CC BY 4.0"}


def vendors(window: MainWindow, key: str | None = "amd") -> DataEditDialog:
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None
    dialog.table_box.setCurrentText("vendors")
    if key is not None:
        dialog._select(key)
        assert dialog._selected_key() == key and not dialog.form.is_modified
    return dialog


def test_an_undo_under_a_typed_field_shows_the_other_fields_as_saved_now(
        make_window: Callable[..., MainWindow], type_into: TypeInto) -> None:
    """A1: the name saved as "AMD v2" and undone stayed "AMD v2" in the form because the user
    had typed a colour, and a Save of the colour stored "AMD v2" again."""
    window = make_window(show=False)
    dialog = vendors(window)
    assert dialog.form is not None
    old_name = dialog.editor.row("vendors", "amd")["name"]
    type_into(dialog, {"name": "AMD v2", **SOURCE})
    assert dialog.save()
    type_into(dialog, {"colour": "#654321"})
    assert window.session.document.undo()
    values = dialog.form.values()
    assert values["name"] == old_name and values["colour"] == "#654321"
    assert dialog.form.is_modified and dialog.form.kept == ["colour"]
    assert "kept in colour" in dialog.status.text()
    QApplication.processEvents()  # laid out, for a look at it
    dialog.grab().save(str(Path(os.environ["CHIPSCOPE_HOME"]) / "pass17-a1.png"))
    type_into(dialog, SOURCE)
    assert dialog.save()
    row = dialog.editor.row("vendors", "amd")
    assert row["name"] == old_name and row["colour"] == "#654321"


def test_an_import_under_a_typed_field_is_kept_and_said(
        make_window: Callable[..., MainWindow], type_into: TypeInto, tmp_path: Path) -> None:
    """A2: the import's new notes were hidden under the old ones (the user had typed a colour),
    the status line said only "Imported", and a Save put the old notes back."""
    window = make_window(show=False)
    dialog = vendors(window)
    assert dialog.form is not None
    row = dialog.editor.row("vendors", "amd")
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow([*row, *SOURCE])
        out.writerow([*{**row, "notes": "IMPORTED NOTES"}.values(), *SOURCE.values()])
    type_into(dialog, {"colour": "#654321"})
    assert dialog.import_file(path)
    assert dialog.form.values()["notes"] == "IMPORTED NOTES"
    assert dialog.form.values()["colour"] == "#654321" and dialog.form.is_modified
    status = dialog.status.text()
    assert status.startswith("Imported 1 edit(s)")
    assert "\u201camd\u201d changed" in status and "kept in colour" in status
    assert dialog.save()
    assert dialog.editor.row("vendors", "amd")["notes"] == "IMPORTED NOTES"


def test_an_undone_addition_is_said_and_its_redo_shows_the_row_as_saved(
        make_window: Callable[..., MainWindow], type_into: TypeInto) -> None:
    """D4: after Edit > Undo of an added vendor the status still said "Saved: addition of
    vendors “zzv”"; after Redo the form stayed in add mode and Save was refused."""
    window = make_window(show=False)
    dialog = vendors(window, None)
    assert dialog.form is not None
    amd = dialog.editor.row("vendors", "amd")
    type_into(dialog, {k: v for k, v in amd.items() if k in dialog.form.fields})
    type_into(dialog, {"vendor_id": "zzv", "name": "Zed", **SOURCE})
    assert dialog.save() and dialog.mode == "edit"
    assert window.session.document.undo()
    assert dialog.editor.row("vendors", "zzv") is None and dialog.mode == "add"
    status = dialog.status.text()
    assert "Saved" not in status and "\u201czzv\u201d was removed" in status
    type_into(dialog, {"colour": "#123456"})
    assert window.session.document.redo()
    assert dialog.mode == "edit" and dialog._selected_key() == "zzv"
    assert "\u201czzv\u201d is back" in dialog.status.text()
    assert dialog.form.values()["colour"] == "#123456" and dialog.form.kept == ["colour"]
    assert dialog.save()
    assert dialog.editor.row("vendors", "zzv")["colour"] == "#123456"


def test_a_vendor_name_with_a_tab_shows_no_shortcut_in_the_vendor_menu(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """E1: "AMD\\tCtrl+Q" showed "AMD" with "Ctrl+Q" as its shortcut in One vendor."""
    import chipscope.ui.uncertainty.controller as controller
    from chipscope.model.synthetic import synthetic_dataset

    window = make_window(synthetic_dataset(), show=False)
    monkeypatch.setattr(controller, "vendor_names",
                        lambda _dataset: {"v0": "AMD\tCtrl+Q", "v1": "R&D\n2"})
    window.uncertainty._fill_vendor_menu()
    texts = [a.text() for a in window.uncertainty.vendor_menu.actions()]
    assert "AMD\\tCtrl+Q" in texts and "R&&D\\n2" in texts
    assert not any("\t" in t or "\n" in t for t in texts)
