"""Edit data's Import and Export: a CSV of edits into the editor (one undo step), and the
user's edits out to a file another ChipScope imports; what happened in the dialog's status line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from chipscope.storage import StorageError
from chipscope.storage.stop_request import Stopped
from chipscope.ui.data_edit.commands import say_failed
from chipscope.ui.database_gone import EXPORT_LATER

if TYPE_CHECKING:
    from chipscope.ui.data_edit.dialog import DataEditDialog


def import_edits_file(dialog: DataEditDialog, path: Path | None = None) -> bool:
    """Import a CSV into the dialog's editor (asked for when not given): every row checked,
    all applied as one undo step, or none (each bad row named below the form)."""
    from chipscope.storage.edit_files import EditFileError, read_edits_csv  # on first use

    if path is None:
        name, _ = QFileDialog.getOpenFileName(dialog, "Import data edits", "",
                                              "CSV files (*.csv)")
        if not name:
            return False
        path = Path(name)
    notes: list[str] = []  # the rows equal to the current ones: not stored
    try:
        edits = read_edits_csv(path, dialog.editor.base, dialog.editor.store.edits(),
                               shown=dialog.table, notes=notes, window=True)
    except EditFileError as exc:
        dialog.status.setText(f"{path}: nothing imported, {len(exc.problems):,} problem(s):\n"
                            + "\n".join(exc.problems[:20]))
        return False
    except StorageError as exc:
        say_failed(dialog, "Nothing imported", exc)
        return False
    except Stopped:  # the window was told to end (SIGTERM, Ctrl+C) while rows were checked
        dialog.status.setText(f"{path}: nothing imported; ChipScope is ending.")
        dialog.stopped_note = f"; the import of {path} was stopped: nothing imported"
        return False
    told = "".join(f"\n{n}" for n in notes[:20])
    if not edits and notes:
        dialog.status.setText(f"{path}: nothing to import: every row equals the current data."
                              f"{told}")
        return False
    if not edits:  # a header and no rows: no empty undo step
        dialog.status.setText(f"{path}: nothing imported, the file has no rows.")
        return False
    dialog.reload_note = ""
    try:
        dialog.editor.import_edits(edits)
    except StorageError as exc:
        say_failed(dialog, "Nothing imported", exc)
        return False
    dialog.refresh()  # the shown row reloaded: what that says stays after the import's text
    dialog.status.setText(f"Imported {len(edits)} edit(s) from {path.name} (Edit > Undo "
                          f"takes them back). {dialog.reload_note}".strip() + told)
    return True

def export_edits_file(dialog: DataEditDialog, path: Path | None = None) -> bool:
    """Write the dialog's edits file (asked for when not given)."""
    from chipscope.storage.edit_files import write_edits_csv

    try:
        edits = dialog.editor.store.edits()
    except StorageError as exc:
        say_failed(dialog, "Not exported", exc, EXPORT_LATER)
        return False
    if not edits:  # a renamed user_edits table keeps them: named, as export-edits does
        from chipscope.storage.user_work import unknown_tables_note

        db = getattr(dialog.editor.store, "db_path", None)
        dialog.status.setText("No data edits to export"
                              + (unknown_tables_note(db) if db is not None else ""))
        return False
    if path is None:
        name, _ = QFileDialog.getSaveFileName(dialog, "Export data edits", "edits.csv",
                                              "CSV files (*.csv)")
        if not name:
            return False
        path = Path(name)
    try:
        write_edits_csv(edits, path)
    except (StorageError, OSError) as exc:
        dialog.status.setText(f"Not exported: {exc}")
        return False
    dialog.status.setText(f"Exported {len(edits)} edit(s) to {path}")
    return True

