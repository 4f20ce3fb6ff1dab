"""Edit > Data…: add, edit, duplicate and retire rows of deals, chips, adopters, vendors,
sources and access (a new adopter with its vendors, in one step), and resolve the edits a
newer bundled dataset made conflict. Each save is one step
of the window's undo history (:class:`~chipscope.model.data_editor.DataEditor`). A database
another program holds, or that cannot be written, is said in the status line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chipscope.model.data_editor import DataEditor
from chipscope.model.edits import EDITABLE, frame_keys
from chipscope.storage import StorageError
from chipscope.ui.data_edit.commands import duplicate_row, resolve_conflict, retire_row, save_row
from chipscope.ui.data_edit.files import export_edits_file, import_edits_file
from chipscope.ui.data_edit.form import RowForm
from chipscope.ui.data_edit.leaving import Answer, ask_unsaved_row, row_named
from chipscope.ui.data_edit.opening import make_editor, report_conflicts
from chipscope.ui.data_edit.shown import data_changed, follow_shown_row, reopened, saved_row
from chipscope.ui.database_gone import EDIT_LATER, in_window
from chipscope.ui.plain import MessageLabel, elide, literal

__all__ = ["DataEditDialog", "make_editor", "open_data_dialog", "report_conflicts"]

USER_MARK = "\u270e "  # a pencil before the rows the user added or edited


class DataEditDialog(QDialog):
    """The data editor: a table, its rows (yours marked), the form, the conflicts."""

    def __init__(self, editor: DataEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Edit data")
        self.editor = editor
        self.mode = "add"  # or "edit"
        self.gone_key: str | None = None  # the row an undo removed from the form (add mode)
        self.reload_note = ""  # what refresh() last said of the shown row (Import repeats it)
        self.stopped_note = ""  # an import a signal stopped, for the line the window ends with
        self.table_box = QComboBox()
        self.table_box.addItems(list(EDITABLE))
        self.table_box.setToolTip("The table to edit")
        self.rows = QListWidget()
        self.rows.setToolTip(f"Rows of the table; {USER_MARK.strip()} marks yours")
        self.new_button = QPushButton("&New")
        self.duplicate_button = QPushButton("&Duplicate")
        self.retire_button = QPushButton("&Retire")
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the row (Edit > Undo takes it back); disabled "
                                    "while a field is invalid or nothing differs from the "
                                    "saved row")
        self.status = MessageLabel()  # names and paths shown as they are
        self.status.setWordWrap(True)
        self.conflicts = QListWidget()
        self.conflicts.setToolTip("Your edits that a newer bundled dataset made conflict: "
                                  "kept, not applied")
        self.import_button = QPushButton("&Import\u2026")
        self.import_button.setToolTip("Apply a CSV of deals, chips or adopters (documented "
                                      "columns) or an edits file, in one step")
        self.export_button = QPushButton("E&xport\u2026")
        self.export_button.setToolTip("Save your data edits as a file another ChipScope "
                                      "imports")
        self.keep_button = QPushButton("&Keep mine")
        self.drop_button = QPushButton("D&rop mine")
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form: RowForm | None = None
        self._layout()
        self.table_box.currentTextChanged.connect(self._table_chosen)
        self.rows.currentItemChanged.connect(self._row_chosen)
        self.new_button.clicked.connect(lambda: self.start_new(ask=True))
        self.duplicate_button.clicked.connect(self.duplicate)
        self.retire_button.clicked.connect(self.retire)
        self.save_button.clicked.connect(self.save)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.export_button.clicked.connect(lambda: self.export_file())
        self.keep_button.clicked.connect(lambda: resolve_conflict(self, keep=True))
        self.drop_button.clicked.connect(lambda: resolve_conflict(self, keep=False))
        self._on_table(self.table_box.currentText())
        # Undo and redo of a data edit change the dataset: the lists and the status follow.
        editor.document.dataset_changed.connect(lambda _dataset: data_changed(self))
        self.resize(900, 700)

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.table_box)
        left.addWidget(self.rows, 1)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.duplicate_button, self.retire_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        files = QHBoxLayout()
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        left.addLayout(files)
        left.addWidget(QLabel("Conflicts after an update"))
        left.addWidget(self.conflicts)
        resolve = QHBoxLayout()
        resolve.addWidget(self.keep_button)
        resolve.addWidget(self.drop_button)
        left.addLayout(resolve)
        right = QVBoxLayout()
        right.addWidget(self.form_area, 1)
        right.addWidget(self.status)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        top = QHBoxLayout(self)
        top.addLayout(left, 1)
        top.addLayout(right, 2)

    # --- what is shown ------------------------------------------------------------------------
    @property
    def table(self) -> str:
        return self.table_box.currentText()

    def _on_table(self, table: str) -> None:
        self.form = RowForm(table, lambda: self.editor.overlay.frames)
        self.form.changed.connect(self._sync_save)
        self.form_area.setWidget(self.form)
        self.refresh()
        self.start_new()

    def refresh(self) -> None:
        """Rows and conflicts as the editor has them now."""
        frame = self.editor.overlay.frames[self.table]
        current = self.rows.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.rows.blockSignals(True)
        self.rows.clear()
        for key in frame_keys(frame, self.table):
            mine = self.editor.is_user_row(self.table, key)
            item = QListWidgetItem((USER_MARK if mine else "") + key)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if mine:
                item.setToolTip("Your edit (kept over the bundled data)")
            self.rows.addItem(item)
            if key == keep:
                self.rows.setCurrentItem(item)
        self.rows.blockSignals(False)
        self.conflicts.clear()
        for c in self.editor.conflicts:
            item = QListWidgetItem(elide(f"{c.edit.table} {c.edit.key}: {c.reason}"))  # one line
            item.setData(Qt.ItemDataRole.UserRole, (c.edit.table, c.edit.key))
            self.conflicts.addItem(item)
        for button in (self.keep_button, self.drop_button):
            button.setEnabled(self.conflicts.count() > 0)
        note = follow_shown_row(self, keep)  # the row went, came back or changed
        if note:
            self.status.setText(note)
            self.reload_note = note
        self._sync_save()

    # --- typed values the user would leave -----------------------------------------------------
    def ask_unsaved(self) -> Answer:
        """Save, discard or cancel the form's typed values (tests replace this)."""
        assert self.form is not None
        return ask_unsaved_row(self, self.form, self._selected_key() if self.mode == "edit"
                               else None)

    def unsaved_row(self) -> str | None:
        """The row whose typed values are unsaved (:meth:`confirm_leave` would ask about it),
        named as the question names it; None when nothing typed is unsaved."""
        form = self.form
        if form is None or not form.is_modified:
            return None
        return row_named(form, self._selected_key() if self.mode == "edit" else None)

    def confirm_leave(self) -> bool:
        """True when the form may be left: nothing typed and unsaved, or the user saved it or
        discarded it (the row shown again as saved); False to stay (Cancel, a refused save)."""
        form = self.form
        if form is None or self.unsaved_row() is None:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return form.is_valid and self.save()
        if answer == "discard":
            self._on_row() if self.mode == "edit" and self._selected_key() else self.start_new()
            return True
        return False

    def _row_chosen(self, current: QListWidgetItem | None,
                    previous: QListWidgetItem | None) -> None:
        if self.form is not None and self.form.is_modified:  # the question first
            target = None if current is None else str(current.data(Qt.ItemDataRole.UserRole))
            self._show_key(None if previous is None
                           else str(previous.data(Qt.ItemDataRole.UserRole)))
            if not self.confirm_leave():
                return
            self._show_key(target)
        self._on_row()

    def _show_key(self, key: str | None) -> None:
        """Select row ``key`` (None: none) without loading it."""
        with QSignalBlocker(self.rows):
            self.rows.setCurrentRow(-1)
            self.rows.clearSelection()
            self._select(key or "")

    def _table_chosen(self, table: str) -> None:
        if self.form is not None and self.form.is_modified and table != self.form.table:
            with QSignalBlocker(self.table_box):
                self.table_box.setCurrentText(self.form.table)  # the question is about it
            if not self.confirm_leave():
                return
            with QSignalBlocker(self.table_box):
                self.table_box.setCurrentText(table)
        self._on_table(table)

    def reject(self) -> None:
        """Qt override (Escape, the close button): ask about typed values first."""
        if self.confirm_leave():
            super().reject()

    def _selected_key(self) -> str | None:
        item = self.rows.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _on_row(self) -> None:
        key = self._selected_key()
        if key is None or self.form is None:
            return
        self.mode = "edit"
        self.form.set_row(*saved_row(self.editor, self.table, key))
        self.form.set_key_editable(False)
        self.status.setText(f"Editing {self.table} \u201c{key}\u201d")
        self._sync_save()

    def _sync_save(self) -> None:
        """Save: a valid form that differs from the row as saved (a new row: any valid one)."""
        self.save_button.setEnabled(self.form is not None
                                    and self.form.can_save(self.mode == "add"))
        self.duplicate_button.setEnabled(self._selected_key() is not None)
        self.retire_button.setEnabled(self._selected_key() is not None)

    # --- commands -------------------------------------------------------------------------
    def start_new(self, ask: bool = False) -> None:
        """An empty form for a new row; with ``ask`` (New), typed values are asked about first
        (:meth:`confirm_leave`), else dropped."""
        assert self.form is not None
        if ask and not self.confirm_leave():
            return
        self.rows.blockSignals(True)
        self.rows.setCurrentRow(-1)
        self.rows.clearSelection()
        self.rows.blockSignals(False)
        self.mode, self.gone_key = "add", None
        self.form.set_row({})
        self.form.set_key_editable(True)
        if self.table == "adopters":  # the usual vendors, for the user to trim
            self.form.set_vendors(self.editor.default_vendors())
        self.status.setText(f"New {self.table} row")
        self._sync_save()

    def save(self) -> bool:
        """Save the form's row; False (messages next to the fields) if it is refused."""
        return save_row(self)

    def _select(self, key: str) -> None:
        for i in range(self.rows.count()):
            if self.rows.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.rows.setCurrentRow(i)

    def duplicate(self, new_key: str | None = None) -> None:
        duplicate_row(self, new_key)

    def retire(self) -> bool:
        """Retire the selected row with the form's source (the reason)."""
        return retire_row(self)

    def import_file(self, path: Path | None = None) -> bool:
        """Import a CSV (asked for when not given): every row checked, all applied as one
        undo step, or none (each bad row named below the form)."""
        return import_edits_file(self, path)

    def export_file(self, path: Path | None = None) -> bool:
        """Write the edits file (asked for when not given)."""
        return export_edits_file(self, path)


def open_data_dialog(window: Any) -> DataEditDialog | None:
    """Show (or raise) the window's data editor; None (the cause shown) if the database
    cannot be read now."""
    dialog: DataEditDialog | None = getattr(window, "_data_dialog", None)
    if dialog is not None and dialog.editor.dataset is not window.session.document.dataset:
        dialog.deleteLater()  # the window's dataset was replaced: start from its database
        dialog = None
        window._data_dialog = None
    if dialog is None:
        try:
            editor = make_editor(window)
        except StorageError as exc:  # busy (another program), unreadable, gone
            words = str(in_window(exc, getattr(window, "db_path", None), EDIT_LATER))
            QMessageBox.warning(window if isinstance(window, QWidget) else None,
                                "Cannot edit the data", literal(words))
            return None
        dialog = DataEditDialog(editor, window)
        window._data_dialog = dialog
    reopened(dialog)
    dialog.show()
    dialog.raise_()
    return dialog
