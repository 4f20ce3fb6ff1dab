"""The row Edit data's form shows, as it is saved now: its fields, the source and confidence of
the user's edit of it (or the dataset's), and what the status line says when an undo, a redo or
an import changed it while it was shown."""

from __future__ import annotations

from chipscope.model.data_editor import DataEditor
from chipscope.model.edits import EditSource
from chipscope.storage import StorageError
from chipscope.ui.data_edit.form import RowForm


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


def reload_row(form: RowForm, editor: DataEditor, key: str) -> str | None:
    """Show row ``key`` in ``form`` as it is saved now, typed values kept over it; the status
    line's text when the saved row changed (None: it did not)."""
    if not form.reload(*saved_row(editor, form.table, key)):
        return None
    where = f"The {form.table} row \u201c{key}\u201d changed (an undo, a redo or an import)"
    if form.is_modified:
        return (f"{where}: the values you typed are kept over it and not saved; Save makes "
                "them the row, or choose another row and Discard them to see it as saved.")
    return f"{where}: it is shown as saved now."
