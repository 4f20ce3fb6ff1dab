"""The working scenario's autosave in its database: written a couple of seconds after each
change (or cleared when nothing is unsaved), read back at the next start after a session that
did not exit cleanly, and forgotten when the user declines it or exits cleanly. Only the window
that owns the database's autosave (:mod:`~chipscope.ui.scenarios.autosave_lock`) touches it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from chipscope import paths
from chipscope.storage import StorageError
from chipscope.storage.autosave import (
    AutosaveRecord,
    clear_autosave,
    load_autosave,
    save_autosave,
)
from chipscope.storage.errors import DatabaseReadOnly, read_only

if TYPE_CHECKING:
    from chipscope.ui.scenarios.working import WorkingScenario

log = logging.getLogger("chipscope")


def write_autosave(working: WorkingScenario) -> str | None:
    """Write the working values to the autosave (or clear it when nothing is unsaved);
    returns why that failed (also logged and shown), or None (done, or no autosave here).
    A database that turned read-only since the window opened (or since the last autosave) is
    shown once, as a full disk is (pass 49 F8: the autosave stopped without a word), not again
    at each change until it can be written again; one read-only from the start is shown by
    the status bar's "Read-only" mark."""
    working.autosave_timer.stop()
    if working.db_path is None or not working.owns_autosave:
        return None
    if not working.writable:
        if paths.is_bundled_db(working.db_path):
            return None  # the dataset that ships with ChipScope: no autosave there
        return _read_only(working, read_only(working.db_path))
    try:
        if working.is_modified():
            save_autosave(working.db_path, working.name, working.description,
                          working.session.assumptions.changed(), unsaved=True)
        else:
            clear_autosave(working.db_path)
    except DatabaseReadOnly as exc:  # SQLite found it read-only (a disk remounted so)
        return _read_only(working, exc)
    except (StorageError, ValueError) as exc:
        log.warning("Autosave failed: %s", exc)
        working.message_changed.emit(f"Autosave failed: {exc}")
        return str(exc)
    working.read_only_said = False  # written: turning read-only again is said again
    return None


def _read_only(working: WorkingScenario, exc: DatabaseReadOnly) -> str:
    """Why the autosave stopped: the database cannot be written (``exc``, the read-only
    words every writer uses); logged and shown only the first time."""
    if not working.read_only_said:
        working.read_only_said = True
        log.warning("Autosave failed: %s", exc)
        working.message_changed.emit(f"Autosave failed: {exc}")
    return str(exc)


def read_autosave(working: WorkingScenario) -> AutosaveRecord | None:
    """An autosave left by a session that did not exit cleanly, if any."""
    if not working.writable or working.db_path is None or not working.owns_autosave:
        return None
    try:
        return load_autosave(working.db_path)
    except StorageError as exc:
        log.warning("Cannot read the autosave: %s", exc)
        working.message_changed.emit(f"The autosave could not be read: {exc}")
        return None


def forget_autosave(working: WorkingScenario) -> str | None:
    """Forget the autosave (the user declined to restore it, or exits cleanly); returns
    why it could not be cleared (it is then offered again at the next start), or None."""
    working.autosave_timer.stop()
    if working.writable and working.db_path is not None and working.owns_autosave:
        try:
            clear_autosave(working.db_path)
        except StorageError as exc:
            log.warning("Cannot clear the autosave: %s", exc)
            return str(exc)
    return None
