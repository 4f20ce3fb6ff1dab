"""Pass 16 window: Edit data's form kept a row's old values after an undo, a redo or an import
changed it, and the next Save wrote them back (A1)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from chipscope.ui.data_edit.dialog import DataEditDialog, open_data_dialog
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture
SOURCE = {"citation": "Me", "url": "https://example.com/v", "retrieved": "2026-01-01",
          "licence": "CC BY 4.0"}


def vendor_amd(window: MainWindow) -> DataEditDialog:
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None
    dialog.table_box.setCurrentText("vendors")
    dialog._select("amd")
    assert dialog._selected_key() == "amd" and not dialog.form.is_modified
    return dialog


def test_undo_of_a_shown_row_shows_it_as_saved_and_a_save_does_not_bring_it_back(
        make_window: Callable[..., MainWindow], type_into: TypeInto) -> None:
    """A1: after Edit > Undo the form still showed "AMD v2", unmodified; changing the colour
    and saving stored "AMD v2" again, although the user had undone it."""
    window = make_window(show=False)
    dialog = vendor_amd(window)
    assert dialog.form is not None
    old_name = dialog.editor.row("vendors", "amd")["name"]
    type_into(dialog, {"name": "AMD v2", **SOURCE})
    assert dialog.save()
    assert window.session.document.undo()
    assert dialog.form.values()["name"] == old_name and not dialog.form.is_modified
    assert "changed (an undo" in dialog.status.text()
    assert window.session.document.redo()
    assert dialog.form.values()["name"] == "AMD v2" and not dialog.form.is_modified
    assert window.session.document.undo()
    type_into(dialog, {"colour": "#654321", **SOURCE})
    assert dialog.save()
    assert dialog.editor.row("vendors", "amd")["name"] == old_name


def test_typed_values_stay_over_a_row_an_undo_changed_and_count_as_unsaved(
        make_window: Callable[..., MainWindow], type_into: TypeInto) -> None:
    """A1: values typed and not saved are kept when the row changes under them, modified
    against the row as it is saved now (the leaving question is asked about them)."""
    window = make_window(show=False)
    dialog = vendor_amd(window)
    assert dialog.form is not None
    type_into(dialog, {"name": "AMD v2", **SOURCE})
    assert dialog.save()
    type_into(dialog, {"name": "AMD v3"})
    assert window.session.document.undo()
    assert dialog.form.values()["name"] == "AMD v3" and dialog.form.is_modified
    assert "values you typed are kept" in dialog.status.text()
    type_into(dialog, {"name": dialog.editor.row("vendors", "amd")["name"]})
    assert dialog.form.source().citation == "Me" and dialog.form.is_modified  # its source


def test_an_import_changing_the_shown_row_shows_its_new_values(
        make_window: Callable[..., MainWindow], type_into: TypeInto, tmp_path: Path) -> None:
    """A1: the import changed amd's notes, the form kept the old notes, and saving a colour
    change reverted the import's notes."""
    window = make_window(show=False)
    dialog = vendor_amd(window)
    assert dialog.form is not None
    row = dialog.editor.row("vendors", "amd")
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow([*row, *SOURCE])
        out.writerow([*{**row, "notes": "IMPORTED NOTES"}.values(), *SOURCE.values()])
    assert dialog.import_file(path)
    assert dialog.form.values()["notes"] == "IMPORTED NOTES" and not dialog.form.is_modified
    type_into(dialog, {"colour": "#654321"})
    assert dialog.save()
    assert dialog.editor.row("vendors", "amd")["notes"] == "IMPORTED NOTES"
