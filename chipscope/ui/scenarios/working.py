"""The working scenario's Qt adapter: a thin layer over the Qt-free
:class:`~chipscope.model.document.Document` (``session.document``) that adds storage (the
user's database as the document's store), the autosave a couple of seconds after each change
(QTimer), one autosave per database (QLockFile), scenario files, and Qt signals re-sending the
document's notifications.

Every operation (new, open, save as, rename, delete, duplicate, import, restore, reset, each
finished edit) is one step of the document's single undo history. It shows no dialogs: it
raises ``StorageError`` / ``ValueError`` and the panel or window that called it shows them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from chipscope import paths
from chipscope.model import Assumptions
from chipscope.model.document import (
    UNTITLED,
    Document,
    ScenarioRecord,
    Source,
    State,
)
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_checks import repaired_name
from chipscope.model.shown_names import named
from chipscope.model.uncertainty import Range
from chipscope.model.undo import CommandStack, PassedOver
from chipscope.storage import DbScenarioStore, StorageError
from chipscope.storage.autosave import AutosaveRecord
from chipscope.storage.errors import DatabaseReadOnly, is_read_only
from chipscope.ui.database_gone import in_window
from chipscope.ui.plain import elide
from chipscope.ui.scenarios.autosave_lock import take_autosave_lock
from chipscope.ui.scenarios.working_autosave import forget_autosave, read_autosave, write_autosave
from chipscope.ui.scenarios.working_files import (
    add_import,
    export_scenario,
    import_scenario,
    read_import,
)
from chipscope.ui.session import Session

APP_NAME = "ChipScope"
"""The window title's last part (ui.app sets the same application display name)."""

AUTOSAVE_DELAY_MS = 2000
log = logging.getLogger("chipscope")

__all__ = ["AUTOSAVE_DELAY_MS", "UNTITLED", "ScenarioRecord", "Source", "WorkingScenario"]


class ScenarioGone(StorageError):
    """A listed scenario is gone (deleted or renamed elsewhere): the list is out of date."""


class WorkingScenario(QObject):
    """Name, saved state, undo history and autosave of what the session shows.

    Parameters
    ----------
    session : the document's Qt face (values and projection).
    db_path : the user's database, where scenarios and the autosave are written; None (or the
        bundled dataset) makes everything read-only: saving raises StorageError, autosave is off.
    presets : the read-only preset scenarios (chipscope.storage.presets.load_presets).

    Signals
    -------
    state_changed()
        The name, the kind (new / preset / saved) or the unsaved-changes flag changed.
    undo_changed()
        The undo history changed (its labels and what can be undone).
    scenarios_changed()
        A scenario was saved, renamed or deleted: lists need refreshing.
    message_changed(str)
        A short status message (autosave failures and the like).
    """

    state_changed = Signal()
    undo_changed = Signal()
    scenarios_changed = Signal()
    message_changed = Signal(str)

    def __init__(self, session: Session, db_path: Path | None,
                 presets: list[Scenario] | None = None, parent: QObject | None = None,
                 autosave_delay_ms: int = AUTOSAVE_DELAY_MS):
        super().__init__(parent)
        self.session = session
        self.db_path = db_path
        # Uncertainty ranges a file export writes (the window's range set; none by default).
        self.extra_ranges: Callable[[], dict[str, Range]] = dict
        self.ranges_imported: Callable[[dict[str, Range]], None] = lambda _ranges: None
        self.document: Document = session.document
        self.store = DbScenarioStore(db_path)
        self._damaged_said: list[str] = []  # damaged rows of the list already named
        self.document.store = self.store
        self.document.presets = list(presets or [])
        self._lock: QLockFile | None = None
        self.owns_autosave = self._take_autosave_lock()
        self.store.autosave_of = self._autosave_of  # a rename of it takes the autosave along
        # the autosave's failures already said (a read-only database: the status bar's mark
        # when it opened so; then the autosave's one message; a full disk): each is said once,
        # not at every change, until an autosave is written again
        self.autosave_failures_said: set[type[StorageError] | str] = (
            set() if self.writable else {DatabaseReadOnly})
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_delay_ms)
        self.autosave_timer.timeout.connect(self.autosave_now)
        doc = self.document
        doc.state_changed.connect(self.state_changed.emit)
        doc.history_changed.connect(self.undo_changed.emit)
        doc.scenarios_changed.connect(self.scenarios_changed.emit)
        doc.assumptions_changed.connect(self._on_assumptions)
        doc.state_changed.connect(self.autosave_timer.start)  # a rename, a delete...
        doc.scenarios_changed.connect(self.autosave_timer.start)  # a save dropped it
        self._writes = 0  # writes of the database by this window's steps (see _step)
        doc.scenarios_changed.connect(self._wrote)

    # --- one autosave per database --------------------------------------------------------
    def _take_autosave_lock(self) -> bool:
        """Lock ``<database>.lock`` for this window's lifetime; False when another running
        ChipScope window holds it (:func:`~.autosave_lock.take_autosave_lock`)."""
        if not self.writable or self.db_path is None:
            return True
        self._lock, owns = take_autosave_lock(Path(self.db_path))
        return owns

    def release_autosave_lock(self) -> None:
        """Give the database's autosave up (the window closes)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    # --- state ------------------------------------------------------------------------------
    @property
    def writable(self) -> bool:
        """Whether scenarios can be saved (a user database that can be written, not the
        bundled dataset)."""
        return self.db_path is not None and not paths.is_bundled_db(self.db_path) \
            and not is_read_only(self.db_path)

    @property
    def name(self) -> str:
        return self.document.identity.name

    @property
    def description(self) -> str:
        return self.document.identity.description

    @property
    def source(self) -> Source:
        return self.document.identity.source

    @property
    def presets(self) -> list[Scenario]:
        return self.document.presets

    @property
    def stack(self) -> CommandStack[State]:
        """The document's one undo history."""
        return self.document.history

    def is_modified(self) -> bool:
        """True when the values differ from the scenario's saved copy (or it has none)."""
        return self.document.is_modified()

    def title(self) -> str:
        """"<name> — ChipScope", with "*" when there are unsaved changes. The application's
        name comes last: Qt appends the display name to a title that does not end with it
        (X11, Windows), which made "ChipScope — Untitled — ChipScope"."""
        # elided: a damaged autosave or an old database may hold a 200,000-character name
        return f"{elide(self.name)}{'*' if self.is_modified() else ''} \u2014 {APP_NAME}"

    def _on_assumptions(self, _assumptions: Assumptions) -> None:
        self.autosave_timer.start()

    def _guard_store(self) -> None:
        self.store.check_writable()

    # --- edits and undo ---------------------------------------------------------------------
    def commit(self, label: str | None = None) -> bool:
        """Record the change since the last step as one undo step (True if there was one)."""
        return self.document.commit(label)

    def undo(self) -> bool:
        """Go back one step (an unfinished change is recorded first, then undone). A step
        whose storage side cannot be undone (the old name was taken meanwhile, the database
        is gone) stays where it is and the reason goes to :attr:`message_changed`; a step (data
        edit or scenario) another program already undid or changed is passed over, with a note."""
        return self._step(self.document.undo, "Cannot undo")

    def redo(self) -> bool:
        return self._step(self.document.redo, "Cannot redo")

    def _step(self, move: Callable[[], bool], failed: str) -> bool:
        writes = self._writes
        try:
            return self._stepped(move, failed)
        finally:  # a step that wrote the database (a delete's undo saves the copy back under
            if self._writes != writes:  # a new stamp): the autosave and its basis follow at
                self.autosave_now()  # once, not 2 s later (a kill between: pass 95 F2)

    def _stepped(self, move: Callable[[], bool], failed: str) -> bool:
        try:
            return move()
        except PassedOver as note:  # moved past a step whose storage side was done elsewhere
            log.info("%s", note)
            self.message_changed.emit(str(note))
            return True
        except (StorageError, ValueError, KeyError) as exc:
            words = f"{failed}: {in_window(exc, self.db_path)}"
            log.warning("%s", words)
            self.message_changed.emit(words)
            return False

    def _wrote(self) -> None:
        self._writes += 1

    def reset_all(self) -> None:
        """Every assumption back to its default, as one undo step."""
        self.document.reset_all()

    # --- the list ---------------------------------------------------------------------------
    def entries(self) -> list[ScenarioRecord]:
        """Presets (files) first, then saved scenarios by name; a row another program damaged
        is left out and named once (:attr:`message_changed` and the log)."""
        entries, damaged = self.document.entries(), self.store.damaged
        if damaged and damaged != self._damaged_said:
            log.warning("%s", " ".join(damaged))
            self.message_changed.emit(damaged[0] + (f" ({len(damaged) - 1:,} more damaged rows "
                                                    "are left out too.)" if damaged[1:] else ""))
        self._damaged_said = damaged
        return entries

    def entry(self, name: str) -> ScenarioRecord:
        """The preset or saved scenario called ``name``; StorageError if there is none."""
        try:
            return self.document.entry(name)
        except KeyError:
            raise self._gone(name) from None

    def _gone(self, name: str) -> ScenarioGone:
        """The error for ``name``, listed but not there: another window or program took it
        since, from the database named (none: nothing is saved here, no cause to give)."""
        if self.db_path is None:
            return ScenarioGone(f"There is no scenario named {named(name)!r}.")
        return ScenarioGone(f"There is no saved scenario named {named(name)!r} in "
                            f"{self.db_path}: another window or program deleted or renamed it "
                            "since the list was shown.")

    def assumptions_of(self, name: str) -> Assumptions:
        """The full assumptions of a preset or saved scenario (ValueError if they no longer
        fit the dataset)."""
        return self.document.fitted(self.entry(name))  # StorageError if there is none

    def names(self) -> list[str]:
        return self.document.names()

    def suggest_name(self, wanted: str | None = None) -> str:
        """A free name for a new copy ("Price war (2)")."""
        return self.document.suggest_name(wanted)

    # --- commands (each one undo step) ------------------------------------------------------
    def new(self) -> None:
        """Start an untitled scenario at the defaults (the caller asked about unsaved work)."""
        self.document.new()

    def open(self, name: str) -> None:
        """Show a preset or saved scenario (the caller asked about unsaved work).

        Raises
        ------
        StorageError, ValueError
            If it cannot be read or no longer fits the dataset; nothing changes.
        """
        self.entry(name)  # StorageError if there is none
        self.document.open(name)

    def needs_name(self) -> bool:
        """Whether Save must ask for a name (untitled, or a read-only preset)."""
        return self.source != "saved"

    def save(self, overwrite: bool | str = False) -> None:
        """Save under the current name; ValueError if it needs a name (use save_as),
        SaveConflict if another window saved it since (unless ``overwrite``)."""
        with self._autosave_follows():
            self.document.save(overwrite)
        self.autosave_now()

    def save_as(self, name: str, description: str | None = None,
                overwrite: bool | str = False) -> None:
        """Save under ``name`` (replacing a saved scenario of that name) and keep working on it.

        Raises
        ------
        StorageError
            If the database cannot be written (SaveConflict: ``name`` is the open scenario's,
            and another window saved it since; unless ``overwrite``).
        ValueError
            If ``name`` is a preset's.
        """
        self._guard_store()
        with self._autosave_follows():
            self.document.save_as(name, description, overwrite)
        self.autosave_now()

    def rename(self, old: str, new: str) -> None:
        """Rename a saved scenario (the working one keeps up if it is that one)."""
        self._guard_store()
        self._saved(old)
        self.document.rename(old, new)

    def _autosave_of(self) -> str | None:
        """The saved scenario whose changes this window autosaves (None: untitled, a preset,
        or the autosave is another window's)."""
        ident = self.document.identity
        return ident.name if self.owns_autosave and ident.source == "saved" else None

    @contextmanager
    def _autosave_follows(self) -> Iterator[None]:
        """The working scenario's own Save or Save As: its autosave is dropped in the same
        transaction, when this window keeps it (pass 88 F1, pass 89 F1)."""
        self.store.autosave_follows = self.owns_autosave
        try:
            yield
        finally:
            self.store.autosave_follows = False

    def duplicate(self, name: str) -> str:
        """Save a copy of a preset or saved scenario under a free name; returns the name."""
        self._guard_store()
        self.entry(name)
        return self.document.duplicate(name)

    def delete(self, name: str) -> None:
        """Delete a saved scenario; if it is the working one, its values become unsaved."""
        self._guard_store()
        self._saved(name)
        self.document.delete(name)

    def _saved(self, name: str) -> None:
        try:
            self.document.saved_record(name)
        except KeyError:
            raise self._gone(name) from None

    # --- files (:mod:`~chipscope.ui.scenarios.working_files`) ----------------------------------
    def export_file(self, path: Path) -> None:
        """Write the working values as a scenario file (:func:`.export_scenario`)."""
        export_scenario(self, path)

    def import_file(self, path: Path) -> str:
        """Save a scenario file in the database and open it (:func:`.import_scenario`)."""
        return import_scenario(self, path)

    def read_import(self, path: Path) -> Scenario:
        """The scenario a file holds, checked, not yet saved (:func:`.read_import`)."""
        return read_import(self, path)

    def add_import(self, scenario: Scenario) -> str:
        """Save and open a scenario :meth:`read_import` read (:func:`.add_import`)."""
        return add_import(self, scenario)

    # --- autosave (:mod:`~chipscope.ui.scenarios.working_autosave`) ----------------------------
    def autosave_now(self, final: bool = False) -> str | None:
        """Write (or clear) the autosave; why that failed, or None (:func:`.write_autosave`;
        ``final``: the last one before the app ends, which waits out a lock)."""
        return write_autosave(self, final)

    def pending_restore(self) -> AutosaveRecord | None:
        """An autosave a session that did not exit cleanly left (:func:`.read_autosave`)."""
        return read_autosave(self)

    def restore(self, record: AutosaveRecord) -> list[str]:
        """Show the autosaved values, as unsaved changes of the scenario they came from (one
        undo step); returns one line per value left out because it no longer fits the dataset
        (an unknown key, a value out of range). The autosave is kept until the next autosave.
        A stored name load_autosave repaired is also kept off the list's (Save overwrites)."""
        scenario, name = record.scenario, record.scenario.name
        if record.stored_name is not None:
            name = repaired_name(record.stored_name, {e.name for e in self.document.entries()})
        return self.document.restore(name, scenario.description, scenario.values,
                                     record.unsaved, record.saved_at, record.based_on)

    def discard_autosave(self) -> str | None:
        """Forget the autosave; why it could not be, or None (:func:`.forget_autosave`)."""
        return forget_autosave(self)
