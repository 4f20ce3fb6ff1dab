"""The scenario list: presets (read-only) and saved scenarios, with New, Open, Save, Save As,
Rename, Duplicate and Delete.

The panel is the face of :class:`~chipscope.ui.scenarios.working.WorkingScenario`: it asks the
questions (names, "save your changes?", "delete?") and shows errors; the working scenario does
the work. Its actions (``save_action`` Ctrl+S, ``save_as_action`` Ctrl+Shift+S, ...) also go in
the window's File menu. The dialogs are methods (:meth:`ask_name`, :meth:`ask_unsaved`,
:meth:`ask_conflict`, :meth:`confirm`, :meth:`show_error`) so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chipscope.model.scenario import clean_name
from chipscope.storage import SaveConflict, StorageError
from chipscope.ui import refusal
from chipscope.ui.database_gone import in_window
from chipscope.ui.plain import elide, literal
from chipscope.ui.scenarios.name_dialog import NameDialog
from chipscope.ui.scenarios.row_text import wrapped
from chipscope.ui.scenarios.working import ScenarioGone, ScenarioRecord, WorkingScenario

NAME_ROLE = Qt.ItemDataRole.UserRole
Answer = Literal["save", "discard", "cancel"]
ConflictAnswer = Literal["overwrite", "save_as", "cancel"]


class ScenariosPanel(QWidget):
    """List and manage scenarios; see the module docstring."""

    def __init__(self, working: WorkingScenario, parent: QWidget | None = None):
        super().__init__(parent)
        self.working = working
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Name", "Description", "Last change"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.tree.itemSelectionChanged.connect(self._sync_actions)
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        buttons = QHBoxLayout()
        for action in (self.new_action, self.open_action, self.save_action, self.save_as_action,
                       self.rename_action, self.duplicate_action, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.tree)
        working.scenarios_changed.connect(self.refresh)
        working.state_changed.connect(self._mark_current)
        self.refresh()

    def _action(self, text: str, slot: object, tip: str,
                shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("New", self.new_scenario,
                                       "Start a new scenario at the default assumptions",
                                       QKeySequence(QKeySequence.StandardKey.New))
        self.open_action = self._action("Open", self.open_selected,
                                        "Show the selected scenario (or double-click it)")
        self.save_action = self._action("Save", self.save, "Save the working scenario",
                                        QKeySequence("Ctrl+S"))
        self.save_as_action = self._action("Save As\u2026", self.save_as,
                                           "Save the working scenario under a new name",
                                           QKeySequence("Ctrl+Shift+S"))
        self.rename_action = self._action("Rename\u2026", self.rename_selected,
                                          "Rename the selected saved scenario")
        self.duplicate_action = self._action("Duplicate", self.duplicate_selected,
                                             "Save a copy of the selected scenario")
        self.delete_action = self._action("Delete\u2026", self.delete_selected,
                                          "Delete the selected saved scenario")

    # --- the list ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the list from the presets and the database, keeping the selection."""
        selected = self.selected_name()
        self.tree.clear()
        try:
            entries = self.working.entries()
        except StorageError as exc:
            self.show_error("Cannot list the saved scenarios",
                            str(in_window(exc, self.working.db_path)))
            entries = self._presets_only()
        groups = {True: self._group("Presets (read-only)"), False: self._group("Saved")}
        for entry in entries:
            groups[entry.is_preset].addChild(self._row(entry))
        for group in groups.values():
            group.setExpanded(True)
        if selected is not None:
            self.select(selected)
        self._mark_current()
        self._sync_actions()

    def _presets_only(self) -> list[ScenarioRecord]:
        return [ScenarioRecord(p, "", is_preset=True)
                for p in self.working.presets]

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        return item

    def _row(self, entry: ScenarioRecord) -> QTreeWidgetItem:
        first = entry.description.strip().split("\n")[0]
        short = first if len(first) <= 90 else first[:88].rstrip() + "\u2026"
        when = "preset" if entry.is_preset and not entry.updated_at else _local(entry.updated_at)
        item = QTreeWidgetItem([entry.name, short, when])
        item.setData(0, NAME_ROLE, entry.name)
        item.setToolTip(0, literal(entry.name))  # tooltips read HTML: names are text
        item.setToolTip(1, literal(wrapped(entry.description) or "(no description)"))
        return item

    def rows(self) -> list[QTreeWidgetItem]:
        """Every scenario row (presets first), for tests and keyboard navigation."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                out += [c for i in range(group.childCount()) if (c := group.child(i))]
        return out

    def select(self, name: str) -> bool:
        for item in self.rows():
            if item.data(0, NAME_ROLE) == name:
                self.tree.setCurrentItem(item)
                return True
        return False

    def selected_name(self) -> str | None:
        items = self.tree.selectedItems()
        name = items[0].data(0, NAME_ROLE) if items else None
        return str(name) if name is not None else None

    def _selected_entry(self, failed: str = "") -> ScenarioRecord | None:
        """The selected scenario; None if none, or if it cannot be read (said under the title
        ``failed`` when given: a command must not fail silently)."""
        name = self.selected_name()
        if name is None:
            return None
        try:
            return self.working.entry(name)
        except StorageError as exc:
            if failed:
                self._failed(failed, exc)
            return None

    def _mark_current(self) -> None:
        w = self.working
        for item in self.rows():
            font = QFont(item.font(0))
            current = item.data(0, NAME_ROLE) == w.name and w.source != "new"
            font.setBold(current)
            for col in range(3):
                item.setFont(col, font)
        self.save_action.setEnabled(w.writable)
        self.save_as_action.setEnabled(w.writable)

    def _sync_actions(self) -> None:
        entry = self._selected_entry()
        writable = self.working.writable
        self.open_action.setEnabled(entry is not None)
        self.duplicate_action.setEnabled(entry is not None and writable)
        own = entry is not None and not entry.is_preset and writable
        self.rename_action.setEnabled(own)
        self.delete_action.setEnabled(own)

    # --- dialogs (tests replace these) ------------------------------------------------------
    def ask_name(self, title: str, name: str, description: str | None) -> tuple[str, str] | None:
        """Name (and description, unless None) from the user; None if cancelled."""
        dialog = NameDialog(title, name, description, self)
        if dialog.exec() != NameDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def ask_unsaved(self) -> Answer:
        """Save, discard or cancel, for unsaved changes of the working scenario."""
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                          literal(f"The scenario \u201c{elide(self.working.name)}\u201d has "
                                  "unsaved changes. Save them?"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def ask_conflict(self, error: SaveConflict) -> ConflictAnswer:
        """Another window saved (or deleted or renamed) the scenario since it was opened here:
        overwrite its change (save it again), save these values under a new name, or cancel."""
        gone = error.gone
        title = f"Scenario {'deleted' if gone else 'changed'} elsewhere"
        box = QMessageBox(QMessageBox.Icon.Warning, title, literal(str(error)),
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(("Save it again under this name" if gone else "Overwrite the "
                                "other change") + ", or save yours as a new scenario?")
        overwrite = box.addButton("Save again" if gone else "Overwrite",
                                  QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("Save as new\u2026", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        return "overwrite" if clicked is overwrite else "save_as" if clicked is save_as \
            else "cancel"

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, literal(text))
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        refusal.said(text)  # a start that handed the file over is told now (not after the box)
        QMessageBox.warning(self, title, literal(text))

    # --- commands ---------------------------------------------------------------------------
    def maybe_save(self) -> bool | None:
        """Before the working scenario is replaced or the window closes: True to go ahead;
        None: the user chose Cancel (at the "Unsaved changes" question or in the save it
        asked for); False: not saved, and a message said why."""
        if not self.working.is_modified():
            return True
        answer = self.ask_unsaved()
        if answer == "cancel":
            return None
        if answer == "discard":
            return True
        return self.save()

    def new_scenario(self) -> None:
        if self.maybe_save():
            self.working.new()

    def open_selected(self) -> bool:
        name = self.selected_name()
        if name is None or not self.maybe_save():
            return False
        try:
            self.working.open(name)
        except (StorageError, ValueError) as exc:
            self._failed("Cannot open the scenario", exc)
            return False
        return True

    def save(self) -> bool | None:
        """Save (asks for a name if the scenario is untitled or a preset). True if saved; None
        if the user cancelled (the name, the replacement or the conflict); False if a message
        said why not."""
        if self.working.needs_name():
            return self.save_as()
        return self._saving(self.working.save)

    def _saving(self, write: Callable[[bool | str], None], first: bool | str = False
                ) -> bool | None:
        """``write(overwrite)``; if another window saved the scenario since, Overwrite / Save as
        new / Cancel (Save and Save As to the open name alike): Overwrite replaces the copy asked
        about only; one saved while the question was open asks again (pass 116 F2). True if
        saved, None if the user cancelled, False if a message said why not."""
        while True:
            try:
                write(first)
                return True
            except SaveConflict as exc:
                if (answer := self.ask_conflict(exc)) != "overwrite":
                    return self.save_as() if answer == "save_as" else None
                first = True if exc.found is None else exc.found
            except (StorageError, ValueError) as exc:
                self._failed("Cannot save the scenario", exc)
                return False

    def save_as(self) -> bool | None:
        """Ask a name and save under it: True if saved, None if the user cancelled (pass 82
        F1: a handed-over file is then not "refused"), False if a message said why not."""
        w = self.working
        try:  # it must take the save: said first, in a writer's words (a shut folder: u+wx,
            w._guard_store()  # not the reader's u+x of the saved names, pass 62 F4)
            suggested = w.suggest_name()  # reads the saved names: the database may be busy
        except StorageError as exc:
            self._failed("Cannot save the scenario", exc)
            return False
        answer = self.ask_name("Save scenario as", suggested, w.description)
        if answer is None:
            return None
        name, description = answer
        try:  # found as stored: "Cafe" + combining accent is the saved "Café" it replaces
            existing = w.entry(name)
        except StorageError:
            existing = None
        mine = existing is not None and existing.name == w.name and w.source == "saved"  # its
        # own Save (checked); an untitled window asks too (112 F1); Yes replaces that copy only
        agreed = existing.updated_at or True if existing and not existing.is_preset else False
        if agreed and not mine and existing and not self.confirm(  # (pass 116 F3)
                "Replace scenario?", f"A scenario named \u201c{existing.name}\u201d exists. "
                "Replace it?"):
            return None
        if (ok := self._saving(lambda overwrite: w.save_as(name, description, overwrite),
                               False if mine else agreed)):
            self.select(w.name)
        return ok

    def rename_selected(self) -> bool:
        entry = self._selected_entry("Cannot rename the scenario")
        if entry is None or entry.is_preset:
            return False
        answer = self.ask_name("Rename scenario", entry.name, None)
        if answer is None or clean_name(answer[0]) == clean_name(entry.name):
            return False  # its own name as stored ("Cafe" + combining accent): nothing to rename
        new = answer[0]
        ok = self._guard("Cannot rename the scenario", lambda: self.working.rename(entry.name, new))
        if ok:
            self.select(new)
        return ok

    def duplicate_selected(self) -> str | None:
        entry = self._selected_entry("Cannot duplicate the scenario")
        if entry is None:
            return None
        names: list[str] = []
        ok = self._guard("Cannot duplicate the scenario",
                         lambda: names.append(self.working.duplicate(entry.name)))
        if ok:
            self.select(names[0])
        return names[0] if ok else None

    def delete_selected(self) -> bool:
        entry = self._selected_entry("Cannot delete the scenario")
        if entry is None or entry.is_preset:
            return False
        if not self.confirm("Delete scenario?",
                            f"Delete the saved scenario \u201c{entry.name}\u201d? Edit \u203a "
                            "Undo brings it back."):
            return False
        return self._guard("Cannot delete the scenario", lambda: self.working.delete(entry.name))

    def _guard(self, title: str, call: Callable[[], object]) -> bool:
        try:
            call()
        except (StorageError, ValueError) as exc:
            self._failed(title, exc)
            return False
        return True

    def _failed(self, title: str, exc: Exception) -> None:
        """Show why a command failed; if its scenario is gone (another window or program
        deleted or renamed it), the list is out of date: rebuild it. A database gone since
        the window opened says what becomes of the work, as the autosave does."""
        exc = in_window(exc, self.working.db_path)
        self.show_error(title, str(exc))
        if isinstance(exc, ScenarioGone):
            self.refresh()


def _local(iso: str) -> str:
    """An ISO 8601 UTC time as local "YYYY-MM-DD HH:MM"; the text itself if it is not one."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):  # not a time; or year 1 or 9999 moved past by the zone
        return iso

