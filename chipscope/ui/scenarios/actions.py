"""What the main window needs for scenarios, in one place: the working scenario, the scenario
list, undo/redo, import/export of files, the compare window, the unsaved-changes question on
close and the offer to restore an autosave.

:class:`ScenarioActions` builds the pieces; :meth:`ScenarioActions.install` puts their actions
in the window's menus. The main window keeps only a few lines of wiring.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox

from chipscope import paths
from chipscope.model.formatting import capped
from chipscope.model.scenario import ScenarioError, name_problem
from chipscope.model.text_rules import quoted
from chipscope.storage import StorageError, files
from chipscope.storage.autosave import AutosaveRecord
from chipscope.storage.errors import is_read_only, read_only
from chipscope.storage.export_names import named_path
from chipscope.storage.presets import usable_presets
from chipscope.ui import refusal
from chipscope.ui.database_gone import in_window
from chipscope.ui.plain import elide, literal
from chipscope.ui.scenarios.compare_view import CompareView
from chipscope.ui.scenarios.file_names import suggested_file_name
from chipscope.ui.scenarios.panel import ScenariosPanel
from chipscope.ui.scenarios.undo_actions import UndoActions
from chipscope.ui.scenarios.working import WorkingScenario
from chipscope.ui.session import Session

log = logging.getLogger("chipscope")
TOML_FILTER = "ChipScope scenario (*.toml)"
SCENARIO_TYPES = {".toml": "scenario file"}
"""What File > Export scenario writes (:func:`chipscope.storage.export_names.named_path`)."""


class ScenarioActions(QObject):
    """Scenario features of ``window``; see the module docstring.

    Signals
    -------
    file_used(object)
        A scenario file (:class:`pathlib.Path`) was imported or exported (File > Open recent).

    Attributes
    ----------
    working : WorkingScenario
    panel : ScenariosPanel (the window puts it in a dock)
    undo : UndoActions (``undo.undo_action``, ``undo.redo_action``)
    import_action, export_action, compare_action : QAction
    """

    file_used = Signal(object)

    def __init__(self, window: QMainWindow, session: Session, db_path: Path | None):
        super().__init__(window)
        self.window = window
        presets, problems = usable_presets(session.specs)
        for problem in problems:
            log.warning("Preset left out: %s", problem)
        self.working = WorkingScenario(session, db_path, presets, self)
        self.panel = ScenariosPanel(self.working)
        self.undo = UndoActions(self.working, window)
        self.compare_window: CompareView | None = None
        self._ask_on_close = True
        # Lambdas: triggered(bool) must not land in the optional path parameter.
        self.import_action = self._action(
            "&Import scenario\u2026", lambda: self.import_scenario(),
            "Read a scenario file (TOML) into your list and open it (Ctrl+O)")
        self.import_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.export_action = self._action(
            "E&xport scenario\u2026", lambda: self.export_scenario(),
            "Save the working scenario as a file (TOML)")
        self.compare_action = self._action("&Compare scenarios\u2026", self.open_compare,
                                           "Overlay the vendor shares of several scenarios",
                                           QKeySequence("Ctrl+K"))
        self.working.state_changed.connect(self.update_title)
        session.dataset_changed.connect(self._on_dataset)
        self.working.message_changed.connect(
            lambda text: window.statusBar().showMessage(text, max(8000, 60 * len(text))))
        self.update_title()
        self.autosave_label: QLabel | None = None
        self.read_only_label: QLabel | None = None
        if db_path is not None and is_read_only(db_path):
            # The file opens (reading is fine) but nothing can be saved: say so for good.
            self.read_only_label = QLabel("\u26a0 Read-only")
            self.read_only_label.setToolTip(literal(str(read_only(db_path))))
            window.statusBar().addPermanentWidget(self.read_only_label)
        if not self.working.owns_autosave:
            # Permanent (not a passing message): it stays true for the window's lifetime.
            self.autosave_label = QLabel("\u26a0 Autosave off")
            self.autosave_label.setToolTip(
                "Another ChipScope window has this database open and keeps its autosave. This "
                "window does not autosave: save your scenario by name (Ctrl+S) to keep it.")
            window.statusBar().addPermanentWidget(self.autosave_label)

    def _action(self, text: str, slot: object, tip: str,
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def install(self, menus: dict[str, QMenu]) -> None:
        """File: New ... Export scenario at the top; Edit: Undo, Redo at the top; View:
        Compare scenarios."""
        p = self.panel
        _prepend(menus["file"], [p.new_action, p.open_action, p.save_action, p.save_as_action,
                                 None, self.import_action, self.export_action, None])
        _prepend(menus["edit"], [self.undo.undo_action, self.undo.redo_action, None])
        menus["view"].addSeparator()
        menus["view"].addAction(self.compare_action)

    def update_title(self) -> None:
        # "[*]" in a name is shown: Qt takes it for the modified placeholder, "[*][*]" for "[*]".
        self.window.setWindowTitle(self.working.title().replace("[*]", "[*][*]"))

    # --- files ------------------------------------------------------------------------------
    def import_scenario(self, path: Path | None = None) -> bool | None:
        """File > Import scenario: read and check, then save in the list and open. Errors are
        listed, each naming its key, and nothing is saved; the "Unsaved changes" question comes
        only for a file that can be opened (pass 80, F3). True: opened; None: the user chose
        Cancel (at the file dialog, the question or the save it led to); False: not opened, and a
        message said why."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, "Import scenario",
                                                  str(Path.home()), TOML_FILTER)
            if not name:
                return None
            path = Path(name)
        try:
            scenario = self.working.read_import(path)
            go_ahead = self.panel.maybe_save()
            if not go_ahead:
                return go_ahead
            name = self.working.add_import(scenario)
        except ScenarioError as exc:  # a problem said of the whole file gets its subject
            self.show_import_errors(path, [f"This file is {exc.problems[0]}"] if exc.named
                                    else exc.problems)
            return False
        except (StorageError, ValueError) as exc:  # a database gone: the words of the others
            self.panel.show_error("Cannot import the scenario",
                                  str(in_window(exc, self.working.db_path)))
            return False
        self.panel.select(name)
        self.window.statusBar().showMessage(
            f"Imported {elide(path.name)} as \u201c{name}\u201d", 5000)
        self.file_used.emit(path)
        return True

    def show_import_errors(self, path: Path, problems: list[str]) -> None:
        """The import failed: list the problems, the first 20 of many (50,000 lines froze the
        window for seconds in a box taller than the screen; tests replace this)."""
        text = (f"{elide(path.name)} was not imported: {len(problems):,} "
                f"problem{'s' if len(problems) != 1 else ''}. Nothing was saved.")
        listed = "\n".join(f"\u2022 {p}" for p in capped(problems))
        refusal.said(f"{text}\n{listed}")  # told to a start that handed it over, at once
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot import the scenario", literal(text),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setInformativeText(literal(listed))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def export_scenario(self, path: Path | None = None) -> bool:
        """File > Export scenario: the working values as a TOML file."""
        if path is None:
            suggested = Path.home() / suggested_file_name(self.working.name)
            name, _ = QFileDialog.getSaveFileName(self.window, "Export scenario",
                                                  str(suggested), TOML_FILTER)
            if not name:
                return False
            path = Path(name)
        try:  # a stream or a special file is told as such before the name's type
            files.write_target(path, "scenario file")
            out = named_path(str(path), Path(), "scenario", SCENARIO_TYPES)  # checks it too
        except (StorageError, ValueError) as exc:
            self.panel.show_error("Cannot export the scenario", str(exc))
            return False
        if out.name != path.name and os.path.lexists(out) and not self.confirm_replace(out):
            return False  # the dialog asked about the name typed, not about this one
        path = out
        try:
            self.working.export_file(path)
        except (StorageError, ValueError) as exc:
            self.panel.show_error("Cannot export the scenario", str(exc))
            return False
        self.window.statusBar().showMessage(f"Scenario saved to {path}", 5000)
        self.file_used.emit(path)
        return True

    def confirm_replace(self, path: Path) -> bool:
        """Whether to replace ``path``, which exists (tests replace this)."""
        answer = QMessageBox.question(
            self.window, "Export scenario",
            literal(f"{path} already exists. Replace it with the scenario?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- compare ----------------------------------------------------------------------------
    def open_compare(self) -> CompareView:
        """View > Compare scenarios: the compare window (one per main window)."""
        if self.compare_window is None:
            view = CompareView(self.working, self.window)
            view.setWindowFlag(Qt.WindowType.Window, True)
            view.setWindowTitle("ChipScope \u2014 Compare scenarios")
            view.resize(1300, 850)
            self.compare_window = view
        self.compare_window.show()
        self.compare_window.raise_()
        return self.compare_window

    def _on_dataset(self, *_: object) -> None:
        """The dataset was replaced: the compare window (vendor names, colours, cached
        projections of the old dataset) is built anew, and shown again if it was open."""
        old, self.compare_window = self.compare_window, None
        if old is None:
            return
        shown = old.isVisible()
        # Signals still sent in this pass (scenarios_changed, projection_changed) must not
        # reach the old view, which draws the old dataset's vendors.
        self.working.scenarios_changed.disconnect(old.refresh_list)
        self.working.state_changed.disconnect(old._on_working_renamed)
        self.working.session.projection_changed.disconnect(old._on_working_projection)
        old.close()
        old.deleteLater()
        if shown:
            self.open_compare()

    # --- start and close --------------------------------------------------------------------
    def offer_restore(self) -> bool:
        """At start: if the last session did not exit cleanly, offer its autosave. True if
        it was restored."""
        record = self.working.pending_restore()
        if record is None:
            return False
        answer = self.ask_restore(record)
        if answer is None:  # no answer (Ctrl+C ended the question): kept for the next start
            return False
        if not answer:
            self._discard_autosave()
            return False
        try:
            left_out = self.working.restore(record)
        except (StorageError, ValueError) as exc:  # the list unreadable: the autosave is kept
            self.panel.show_error("Cannot restore the autosave", str(exc))
            return False
        self.window.statusBar().showMessage("Unsaved changes restored", 5000)
        renamed = restored_name_text(record, self.working.name)
        if left_out:
            self.panel.show_error("Some unsaved changes no longer fit", " ".join(
                filter(None, (left_out_text(self.working.name, left_out), renamed))))
        elif renamed:
            self.panel.show_error("The unsaved changes were restored under another name",
                                  renamed)
        return True

    def ask_restore(self, record: AutosaveRecord) -> bool | None:
        """Restore (True) or discard (False); None when the question ended unanswered (the
        application quit under it: Ctrl+C). Tests replace this."""
        answer = QMessageBox.question(
            self.window, "Restore unsaved changes?",
            literal(f"ChipScope did not close normally last time. Restore the unsaved "
                    f"changes of \u201c{elide(record.scenario.name)}\u201d (autosaved "
                    f"{autosaved_when(record.saved_at)})?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            return True
        return False if answer == QMessageBox.StandardButton.No else None

    def confirm_close(self) -> bool:
        """Before the window closes: autosave, ask about unsaved changes (Save / Discard /
        Cancel) when they could be saved, and clear the autosave on a clean exit."""
        self.working.autosave_now()
        if self._ask_on_close and self.working.writable and not self.panel.maybe_save():
            return False
        if self._ask_on_close and self._read_only_user_db() and self.working.is_modified() \
                and not self.keep_unsavable():
            return False
        self._discard_autosave()
        self.working.release_autosave_lock()
        if self.compare_window is not None:
            self.compare_window.close()
        return True

    def _discard_autosave(self) -> None:
        """Clear the autosave; if it cannot be, say so, or the next start would offer changes
        the user saved or discarded as if they were lost."""
        problem = self.working.discard_autosave()
        if problem is not None:
            self.panel.show_error(
                "The autosave could not be cleared",
                f"{problem.rstrip('.')}. So the next start may offer to restore changes you "
                "saved or discarded just now; answer No to that question.")

    def _read_only_user_db(self) -> bool:
        """Whether the window is on the user's own database and it cannot be written (now:
        it may have turned read-only since the window opened)."""
        db = self.working.db_path
        return db is not None and not paths.is_bundled_db(db) and is_read_only(db)

    def keep_unsavable(self) -> bool:
        """Unsaved changes the read-only database cannot take: export them to a file, discard
        them or cancel the close. True to close."""
        answer = self.ask_unsavable()
        if answer == "export":
            return self.export_scenario()
        return answer == "discard"

    def ask_unsavable(self) -> str:
        """Export, discard or cancel (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          literal(f"The scenario \u201c{elide(self.working.name)}\u201d has "
                                  "unsaved changes, and the database cannot save them (it is "
                                  "read-only). Export them to a file?"),
                          QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        export = box.addButton("Export\u2026", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(export)
        answer = box.exec()
        if box.clickedButton() is export:
            return "export"
        return "discard" if answer == QMessageBox.StandardButton.Discard else "cancel"

    def close_discarding(self) -> None:
        """Close without asking, dropping unsaved changes (scripts and the smoke test)."""
        self._ask_on_close = False
        try:
            self.window.close()
        finally:
            self._ask_on_close = True


def _prepend(menu: QMenu, actions: list[QAction | None]) -> None:
    """Put ``actions`` (None: a separator) at the top of ``menu``, in this order."""
    existing = menu.actions()
    if not existing:
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return
    first = existing[0]
    for action in actions:
        if action is None:
            menu.insertSeparator(first)
        else:
            menu.insertAction(first, action)



def left_out_text(name: str, left_out: list[str], shown: int = 8) -> str:
    """What an autosave restore says about the values it left out (at most ``shown`` named)."""
    named = "; ".join(left_out[:shown]) + (f"; and {len(left_out) - shown:,} more"
                                          if len(left_out) > shown else "")
    one = len(left_out) == 1
    return (f"The unsaved changes of \u201c{elide(name)}\u201d were restored except "
            f"{len(left_out)} value{'' if one else 's'} that no longer "
            f"fit{'s' if one else ''} the dataset ({named}); set "
            f"{'it' if one else 'them'} again if needed before saving.")


def autosaved_when(saved_at: str) -> str:
    """When the autosave was made, for the restore question: its stored time if it reads as
    one (ISO 8601), else "at an unknown time" (another program's text, number or bytes)."""
    try:
        datetime.fromisoformat(saved_at)
    except ValueError:
        return "at an unknown time"
    return elide(saved_at)


def restored_name_text(record: AutosaveRecord, name: str) -> str | None:
    """What a restore says when the autosave's stored name broke the name rule (``name``: what
    the working scenario is called now), or None."""
    if record.stored_name is None:
        return None
    why = name_problem(record.stored_name) or "it is taken"
    return (f"The autosaved name {quoted(record.stored_name, 120)} cannot name a scenario "
            f"({why}). An older version stored it; the changes were restored as "
            f"\u201c{elide(name)}\u201d; rename it or use Save As to choose another name.")
