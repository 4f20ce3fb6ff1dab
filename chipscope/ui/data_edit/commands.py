"""Edit data's row commands: Save, Duplicate, Retire, and Keep mine / Drop mine of a conflict.
Each says in the dialog's status line what it did, or why it did not (a refused row's problems
also next to its fields)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from chipscope.model.edits import EditRejected, find_row, key_fields, key_of
from chipscope.storage import StorageError
from chipscope.storage.errors import EditsChanged
from chipscope.ui.database_gone import EDITS_NOT_SAVED, in_window

if TYPE_CHECKING:
    from chipscope.ui.data_edit.dialog import DataEditDialog


def save_row(dialog: DataEditDialog) -> bool:
    """Save the form's row; False (messages next to the fields) if it is refused."""
    form = dialog.form
    if form is None or not form.can_save(dialog.mode == "add"):  # saved already: no step
        return False
    fields = form.values()
    try:
        if dialog.mode == "add" and dialog.table == "adopters":  # with its access rows
            edit = dialog.editor.add_adopter(fields, form.vendors(), form.source(),
                                             form.confidence())
        elif dialog.mode == "add":
            edit = dialog.editor.add(dialog.table, fields, form.source(), form.confidence())
        else:
            key = dialog._selected_key() or key_of(dialog.table, fields)
            edit = dialog.editor.edit(dialog.table, key, fields, form.source(),
                                      form.confidence())
    except EditRejected as exc:
        form.show_problems(exc.problems)
        dialog.status.setText("Not saved: " + str(exc))
        return False
    except StorageError as exc:  # locked, read-only, full: the form keeps what was typed
        say_failed(dialog, "Not saved", exc)
        return False
    form.mark_clean()
    dialog.refresh()
    dialog._select(edit.key)
    dialog.status.setText(f"Saved: {edit.describe()} (Edit > Undo takes it back)")
    return True


def say_failed(dialog: DataEditDialog, what: str, exc: StorageError,
               gone: str = EDITS_NOT_SAVED) -> None:
    """Say why a change was not made; when another window changed the edits meanwhile,
    read the data again (what was typed stays in the form) so the next try can work. A
    database gone since the window opened is said as the window says it, advice ``gone``."""
    text = f"{what}: {in_window(exc, _db_path(dialog), gone)}"
    if isinstance(exc, EditsChanged):  # its own advice names Edit data: said here instead
        with contextlib.suppress(StorageError):
            dialog.editor.reload()
            dialog.refresh()
            text = f"{what}: {exc.cause} The editor now shows the data as it is: try again."
    dialog.status.setText(text)


def _db_path(dialog: DataEditDialog) -> Path | None:
    """The database the dialog's edits are stored in (None: edits kept in memory)."""
    path = getattr(dialog.editor.store, "db_path", None)
    return Path(path) if path is not None else None


def duplicate_row(dialog: DataEditDialog, new_key: str | None = None) -> None:
    """A new row in the form, a copy of the selected one under ``new_key`` (asked for when
    not given); typed values are asked about first."""
    if not dialog.confirm_leave():
        return
    key = dialog._selected_key()
    if key is None or dialog.form is None:
        return
    if new_key is None:
        label = ("Adopter and vendor of the copy (adopter_id.vendor_id):"
                 if dialog.table == "access" else "Id of the copy:")
        new_key, ok = QInputDialog.getText(dialog, "Duplicate", label, text=f"{key}_copy")
        if not ok:
            return
    row = find_row(dialog.editor.overlay.frames, dialog.table, key) or {}
    dialog.start_new()
    dialog.form.set_row({**row, **key_fields(dialog.table, new_key)})
    if dialog.table == "adopters":  # the copy buys from the same vendors
        dialog.form.set_vendors(dialog.editor.vendors_of(key))
    dialog.status.setText(f"Copy of \u201c{key}\u201d: give its source, then save")


def retire_row(dialog: DataEditDialog) -> bool:
    """Retire the selected row with the form's source (the reason)."""
    key, form = dialog._selected_key(), dialog.form
    if key is None or form is None:
        return False
    try:
        dialog.editor.retire(dialog.table, key, form.source(), form.confidence())
    except EditRejected as exc:
        form.show_problems(exc.problems)
        dialog.status.setText("Not retired: " + str(exc))
        return False
    except StorageError as exc:
        say_failed(dialog, "Not retired", exc)
        return False
    dialog.refresh()
    dialog.start_new()
    dialog.status.setText(f"Retired {dialog.table} \u201c{key}\u201d (Edit > Undo brings it "
                          "back)")
    return True


def resolve_conflict(dialog: DataEditDialog, keep: bool) -> None:
    """Keep mine (``keep``) or Drop mine: the selected conflict (none selected: the first)."""
    item = dialog.conflicts.currentItem() or dialog.conflicts.item(0)
    if item is None:
        return
    table, key = item.data(Qt.ItemDataRole.UserRole)
    try:
        dialog.editor.keep(table, key) if keep else dialog.editor.drop(table, key)
    except EditRejected as exc:
        dialog.status.setText(f"Cannot keep it as it is: {exc}; adapt it or drop it")
        return
    except StorageError as exc:
        say_failed(dialog, f"Not {'kept' if keep else 'dropped'}", exc)
        return
    dialog.refresh()
    dialog.status.setText(f"{'Kept' if keep else 'Dropped'} your edit of {table} {key}")
