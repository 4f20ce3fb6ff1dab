"""The row Edit data's form shows, as it is saved now: its fields, the source and confidence of
the user's edit of it (or the dataset's), and what the status line says when an undo, a redo or
an import changed it, removed it or brought it back while it was shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chipscope.model.data_editor import DataEditor
from chipscope.model.edits import EditSource, key_of
from chipscope.storage import StorageError
from chipscope.ui.data_edit.form import RowForm

if TYPE_CHECKING:
    from chipscope.ui.data_edit.dialog import DataEditDialog

CAUSE = "(an undo, a redo or an import)"


def saved_row(editor: DataEditor, table: str,
              key: str) -> tuple[dict[str, str], EditSource | None, str]:
    """Row ``key`` of ``table`` as :meth:`RowForm.set_row` takes it."""
    row = editor.row(table, key) or {}
    try:
        mine = next((e for e in editor.store.edits() if (e.table, e.key) == (table, key)),
                    None)
    except StorageError:  # the database is busy or gone: the row as the dataset has it
        mine = None
    return (row, mine.source if mine else None,
            mine.confidence if mine else row.get("confidence", ""))


def _kept(form: RowForm) -> str:
    """What the status line says of the typed values :meth:`RowForm.reload` kept."""
    return (f"the values you typed are kept in {', '.join(form.kept)} and not saved (the other "
            "fields show the row as saved now); Save makes them the row, or choose another row "
            "and Discard them to see it as saved.")


def reload_row(form: RowForm, editor: DataEditor, key: str) -> str | None:
    """Show row ``key`` in ``form`` as it is saved now, typed values kept over it field by
    field; the status line's text when the saved row changed (None: it did not)."""
    if not form.reload(*saved_row(editor, form.table, key)):
        return None
    where = f"The {form.table} row \u201c{key}\u201d changed {CAUSE}"
    return f"{where}: {_kept(form)}" if form.is_modified else f"{where}: it is shown as saved now."


def follow_shown_row(dialog: DataEditDialog, before: str | None) -> str | None:
    """After the data changed under ``dialog`` (``before``: the row selected until then), the
    status line's text (None: nothing to say). The shown row went: its values stay in the form,
    which adds it again on Save. A row that went and came back with the id the form shows: it
    is shown as saved again (edit mode), typed values kept field by field. The shown row
    changed: reloaded field by field (:func:`reload_row`)."""
    form, key = dialog.form, dialog._selected_key()
    if form is None:
        return None
    table, gone = form.table, dialog.gone_key
    if dialog.mode == "edit" and key is None:
        dialog.mode, dialog.gone_key = "add", before
        form.set_key_editable(True)
        said = f"The {table} row \u201c{before}\u201d was removed {CAUSE}: the form keeps "
        adopter = form.values().get("adopter_id", "") if table == "access" else ""
        if adopter and dialog.editor.row("adopters", adopter) is None:  # went in the same step
            return (f"{said}its values, but its adopter \u201c{adopter}\u201d was removed too; "
                    "Edit > Redo brings both back.")
        if not form.is_valid:  # an adopter's vendors went with it: Save cannot add it as it is
            field, why = next(iter(form.problems.items()), ("", ""))
            if why.startswith(f"{field}: "):  # named once, by the label the form shows
                why = why[len(field) + 2:]
            named = f"{form.labels.get(field, field)}: {why}" if field else why
            return (f"{said}its values; correct them to add it again ({named}), or Edit > "
                    "Redo brings it back.")
        return f"{said}its values, and Save adds it again."
    if (dialog.mode == "add" and key is None and gone is not None
            and key_of(table, form.values()) == gone and dialog.editor.row(table, gone)):
        dialog.mode, dialog.gone_key = "edit", None
        dialog._show_key(gone)
        form.set_key_editable(False)
        form.reload(*saved_row(dialog.editor, table, gone))
        where = f"The {table} row \u201c{gone}\u201d is back {CAUSE}"
        return (f"{where}: {_kept(form)}" if form.is_modified
                else f"{where}: it is shown as saved.")
    return reload_row(form, dialog.editor, key) if dialog.mode == "edit" and key else None


OUTSIDE = ("The data changed outside this dialog (Edit > Undo or Redo, or a reload): the rows "
           "are shown as they are now.")
"""The status line after a change this dialog did not make. Its own actions (Save, Retire,
Import, Keep, Drop) change the data first and say what they did after, over this."""


def data_changed(dialog: DataEditDialog) -> None:
    """The dataset changed: the status line no longer says what an earlier action did (an
    "Imported ..." an undo took back), then the lists follow (a note on the shown row wins)."""
    dialog.status.setText(OUTSIDE)
    dialog.refresh()


def reopened(dialog: DataEditDialog) -> None:
    """Edit data opened (again): the edits another window or program stored since this window
    last read them are read, so they are listed (an undo refused for one of them names it
    here), then the lists follow."""
    try:
        if dialog.editor.catch_up():
            return  # the reload's dataset_changed refreshed the lists
    except StorageError:  # busy or unreadable just now: shown as last read
        pass
    dialog.refresh()
