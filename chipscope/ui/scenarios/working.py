"""The working scenario: which named scenario the session shows, whether it has unsaved changes,
its undo history and its autosave.

:class:`WorkingScenario` sits beside the :class:`~chipscope.ui.session.Session` (which owns the
values) and adds what a document needs: a name, save / save as / open / new, the undo stack
(:class:`chipscope.model.undo.CommandStack`, one entry per finished edit), and an autosave a
couple of seconds after each change. It shows no dialogs: it raises ``StorageError`` /
``ValueError`` and the panel or window that called it shows them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from chipscope import paths
from chipscope.model import Assumptions
from chipscope.model.scenario import Scenario
from chipscope.model.undo import CommandStack
from chipscope.storage import (
    StorageError,
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
)
from chipscope.storage.autosave import (
    AutosaveRecord,
    clear_autosave,
    load_autosave,
    save_autosave,
)
from chipscope.storage.scenario_files import (
    free_name,
    import_scenario_file,
    write_scenario_file,
)
from chipscope.ui.session import Session

UNTITLED = "Untitled"
AUTOSAVE_DELAY_MS = 2000
log = logging.getLogger("chipscope")

Source = Literal["new", "preset", "saved"]


@dataclass(frozen=True)
class ScenarioEntry:
    """One row of the scenario list: a preset or a saved scenario."""

    name: str
    description: str
    updated_at: str  # ISO 8601 UTC; "" for presets shipped as files
    is_preset: bool
    values: dict[str, float]


class WorkingScenario(QObject):
    """Name, saved state, undo history and autosave of what the session shows.

    Parameters
    ----------
    session : the values and projection.
    db_path : the user's database, where scenarios and the autosave are written; None (or the
        bundled dataset) makes everything read-only: saving raises StorageError, autosave is off.
    presets : the read-only preset scenarios (chipscope.storage.presets.load_presets).

    Signals
    -------
    state_changed()
        The name, the kind (new / preset / saved) or the unsaved-changes flag changed.
    undo_changed()
        The undo stack changed (its labels and what can be undone).
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
        self.presets = list(presets or [])
        self._lock: QLockFile | None = None
        self.owns_autosave = self._take_autosave_lock()
        self.stack = CommandStack()
        self.name = UNTITLED
        self.description = ""
        self.source: Source = "new"
        self._committed = session.assumptions
        self._was_modified = False
        self._applying = False
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_delay_ms)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.stack.subscribe(self._on_stack)
        session.edit_finished.connect(self._on_edit_finished)
        session.assumptions_changed.connect(self._on_assumptions)

    # --- one autosave per database --------------------------------------------------------
    def _take_autosave_lock(self) -> bool:
        """Lock ``<database>.lock`` for this window's lifetime. False when another running
        ChipScope window already holds it: that window owns the database's single autosave, so
        this one neither writes nor clears it, and does not offer it for restoring (it is not
        left over from a crash). A lock whose process has died is stale and taken over."""
        if not self.writable or self.db_path is None:
            return True
        lock = QLockFile(str(Path(self.db_path)) + ".lock")
        lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran
        if lock.tryLock(0):
            self._lock = lock
            return True
        if lock.error() == QLockFile.LockError.LockFailedError:
            log.info("Another ChipScope window has %s open: autosave is off here", self.db_path)
            return False
        # The folder refuses the lock file (read-only, say): carry on as the only window.
        log.warning("Cannot create %s.lock; autosave runs without it", self.db_path)
        return True

    def release_autosave_lock(self) -> None:
        """Give the database's autosave up (the window closes)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    # --- state ------------------------------------------------------------------------------
    @property
    def writable(self) -> bool:
        """Whether scenarios can be saved (a user database, not the bundled dataset)."""
        return self.db_path is not None and not paths.is_bundled_db(self.db_path)

    def is_modified(self) -> bool:
        """True when the values differ from the last save (or open) of this scenario."""
        return not self.stack.is_clean() or self.session.assumptions != self._committed

    def title(self) -> str:
        """"ChipScope — <name>", with "*" when there are unsaved changes."""
        return f"ChipScope \u2014 {self.name}{'*' if self.is_modified() else ''}"

    def _db(self) -> Path:
        if self.db_path is None or not self.writable:
            raise StorageError("Scenarios cannot be saved: ChipScope opened the bundled "
                               "dataset read-only (your own database could not be opened).")
        return self.db_path

    def _set_identity(self, name: str, description: str, source: Source) -> None:
        self.name, self.description, self.source = name, description, source
        self._emit_state()

    def _emit_state(self) -> None:
        self._was_modified = self.is_modified()
        self.state_changed.emit()

    # --- edits and undo ---------------------------------------------------------------------
    def commit(self, label: str | None = None) -> bool:
        """Record the change since the last entry as one undo step (True if there was one)."""
        current = self.session.assumptions
        before, self._committed = self._committed, current
        return self.stack.push(label, before, current)

    def _on_edit_finished(self, key: str, old: float, new: float) -> None:
        self.commit()

    def _on_assumptions(self, assumptions: Assumptions) -> None:
        if not self._applying:
            self.autosave_timer.start()
        if self.is_modified() != self._was_modified:
            self._emit_state()

    def _on_stack(self) -> None:
        self.undo_changed.emit()
        self._emit_state()

    def _apply(self, assumptions: Assumptions) -> None:
        self._committed = assumptions
        self._applying = True
        try:
            self.session.set_assumptions(assumptions)
        finally:
            self._applying = False
        self.autosave_timer.start()

    def undo(self) -> bool:
        """Go back one step (an unfinished change is recorded first, then undone)."""
        self.commit()
        target = self.stack.undo()
        if target is None:
            return False
        self._apply(target)
        self._emit_state()
        return True

    def redo(self) -> bool:
        target = self.stack.redo()
        if target is None:
            return False
        self._apply(target)
        self._emit_state()
        return True

    def reset_all(self) -> None:
        """Every assumption back to its default, as one undo step."""
        self.commit()
        self.session.reset_all()
        self.commit("reset of all assumptions")

    # --- the list ---------------------------------------------------------------------------
    def entries(self) -> list[ScenarioEntry]:
        """Presets (files, then any in the database), then saved scenarios by name."""
        out = [ScenarioEntry(p.name, p.description, "", True, dict(p.values))
               for p in self.presets]
        if self.db_path is not None:
            for r in list_scenarios(self.db_path):
                if not (r.is_preset and any(e.name == r.name for e in out)):
                    out.append(ScenarioEntry(r.name, r.description, r.updated_at, r.is_preset,
                                             dict(r.values)))
        presets = [e for e in out if e.is_preset]
        return presets + [e for e in out if not e.is_preset]

    def entry(self, name: str) -> ScenarioEntry:
        """The preset or saved scenario called ``name``; StorageError if there is none."""
        for e in self.entries():
            if e.name == name:
                return e
        raise StorageError(f"There is no scenario named {name!r}.")

    def assumptions_of(self, name: str) -> Assumptions:
        """The full assumptions of a preset or saved scenario (ValueError if they no longer
        fit the dataset)."""
        return self.session.specs.defaults().replace(self.entry(name).values)

    def names(self) -> list[str]:
        return [e.name for e in self.entries()]

    def suggest_name(self, wanted: str | None = None) -> str:
        """A free name for a new copy ("Price war (2)")."""
        return free_name(self.names(), wanted or self.name)

    # --- opening ----------------------------------------------------------------------------
    def new(self) -> None:
        """Start an untitled scenario at the defaults (the caller asked about unsaved work)."""
        self._apply(self.session.specs.defaults())
        self.stack.clear()
        self._set_identity(UNTITLED, "", "new")

    def open(self, name: str) -> None:
        """Show a preset or saved scenario (the caller asked about unsaved work).

        Raises
        ------
        StorageError, ValueError
            If it cannot be read or no longer fits the dataset; nothing changes.
        """
        entry = self.entry(name)
        values = self.session.specs.defaults().replace(entry.values)
        self._apply(values)
        self.stack.clear()
        self._set_identity(entry.name, entry.description,
                           "preset" if entry.is_preset else "saved")

    # --- saving -----------------------------------------------------------------------------
    def needs_name(self) -> bool:
        """Whether Save must ask for a name (untitled, or a read-only preset)."""
        return self.source != "saved"

    def save(self) -> None:
        """Save under the current name; ValueError if it needs a name (use save_as)."""
        if self.needs_name():
            raise ValueError(f"name: {self.name!r} cannot be overwritten; save it under a name")
        self._write(self.name, self.description)

    def save_as(self, name: str, description: str | None = None) -> None:
        """Save under ``name`` (replacing a saved scenario of that name) and keep working on it.

        Raises
        ------
        StorageError
            If ``name`` is a preset's, or the database cannot be written.
        """
        clean = name.strip()
        if any(p.name == clean for p in self.presets):
            raise StorageError(f"{clean!r} is a preset scenario, which cannot be changed; "
                               "choose another name.")
        self._write(clean, self.description if description is None else description)

    def _write(self, name: str, description: str) -> None:
        self.commit()
        save_scenario(self._db(), name, description, self.session.assumptions.changed())
        self.stack.set_clean()
        self._set_identity(name.strip(), description, "saved")
        self.scenarios_changed.emit()
        self.autosave_now()

    def rename(self, old: str, new: str) -> None:
        """Rename a saved scenario (the working one keeps up if it is that one)."""
        rename_scenario(self._db(), old, new)
        if self.source == "saved" and self.name == old:
            self._set_identity(new.strip(), self.description, "saved")
        self.scenarios_changed.emit()

    def duplicate(self, name: str) -> str:
        """Save a copy of a preset or saved scenario under a free name; returns the name."""
        entry = self.entry(name)
        copy = self.suggest_name(entry.name)
        save_scenario(self._db(), copy, entry.description, entry.values)
        self.scenarios_changed.emit()
        return copy

    def delete(self, name: str) -> None:
        """Delete a saved scenario; if it is the working one, its values become unsaved."""
        delete_scenario(self._db(), name)
        if self.source == "saved" and self.name == name:
            self.stack.set_dirty()
            self._set_identity(name, self.description, "new")
        self.scenarios_changed.emit()

    # --- files ------------------------------------------------------------------------------
    def export_file(self, path: Path) -> None:
        """Write the working values as a scenario file (TOML); an untitled scenario is named
        after the file."""
        self.commit()
        name = Path(path).stem if self.source == "new" else self.name
        scenario = Scenario(name, self.description, self.session.assumptions.changed())
        write_scenario_file(path, scenario, self.session.specs)

    def import_file(self, path: Path) -> str:
        """Save a scenario file in the database (under a free name) and open it.

        Raises
        ------
        ScenarioError
            (a ValueError) listing every bad key; nothing is saved.
        StorageError
            If the file or the database cannot be read or written.
        """
        scenario = import_scenario_file(self._db(), path, self.session.specs)
        self.scenarios_changed.emit()
        self.open(scenario.name)
        return scenario.name

    # --- autosave ---------------------------------------------------------------------------
    def autosave_now(self) -> None:
        """Write the working values to the autosave (or clear it when nothing is unsaved)."""
        self.autosave_timer.stop()
        if not self.writable or self.db_path is None or not self.owns_autosave:
            return
        try:
            if self.is_modified():
                save_autosave(self.db_path, self.name, self.description,
                              self.session.assumptions.changed(), unsaved=True)
            else:
                clear_autosave(self.db_path)
        except (StorageError, ValueError) as exc:
            log.warning("Autosave failed: %s", exc)
            self.message_changed.emit(f"Autosave failed: {exc}")

    def pending_restore(self) -> AutosaveRecord | None:
        """An autosave left by a session that did not exit cleanly, if any."""
        if not self.writable or self.db_path is None or not self.owns_autosave:
            return None
        try:
            return load_autosave(self.db_path)
        except StorageError as exc:
            log.warning("Cannot read the autosave: %s", exc)
            self.message_changed.emit(f"The autosave could not be read: {exc}")
            return None

    def restore(self, record: AutosaveRecord) -> None:
        """Show the autosaved values, as unsaved changes of the scenario they came from.

        Raises
        ------
        ValueError
            If the values no longer fit the dataset (the autosave is then discarded).
        """
        try:
            values = self.session.specs.defaults().replace(record.scenario.values)
        except ValueError:
            self.discard_autosave()
            raise
        names = {e.name: e for e in self.entries()}
        known = names.get(record.scenario.name)
        source: Source = "new" if known is None else ("preset" if known.is_preset else "saved")
        self._apply(values)
        self.stack.clear()
        if record.unsaved:
            self.stack.set_dirty()
        self._set_identity(record.scenario.name, record.scenario.description, source)

    def discard_autosave(self) -> None:
        """Forget the autosave (the user declined to restore it, or exits cleanly)."""
        self.autosave_timer.stop()
        if self.writable and self.db_path is not None and self.owns_autosave:
            try:
                clear_autosave(self.db_path)
            except StorageError as exc:
                log.warning("Cannot clear the autosave: %s", exc)
