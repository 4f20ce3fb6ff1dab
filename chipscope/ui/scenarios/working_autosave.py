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
from chipscope.storage.errors import DatabaseFull, DatabaseReadOnly, read_only

if TYPE_CHECKING:
    from chipscope.ui.scenarios.working import WorkingScenario

log = logging.getLogger("chipscope")


def write_autosave(working: WorkingScenario) -> str | None:
    """Write the working values to the autosave (or clear it when nothing is unsaved);
    returns why that failed (also logged and shown), or None (done, or no autosave here).
    A database that turned read-only since the window opened (or since the last autosave),
    and a full disk, are shown once (pass 49 F8: the autosave stopped without a word; N3: a
    full disk was shown again at each change), not again until an autosave is written; one
    read-only from the start is shown by the status bar's "Read-only" mark."""
    working.autosave_timer.stop()
    if working.db_path is None or not working.owns_autosave:
        return None
    if not working.writable:
        if paths.is_bundled_db(working.db_path):
            return None  # the dataset that ships with ChipScope: no autosave there
        return _said_once(working, read_only(working.db_path))
    try:
        if working.is_modified():
            save_autosave(working.db_path, working.name, working.description,
                          working.session.assumptions.changed(), unsaved=True)
        else:
            clear_autosave(working.db_path)
    except (DatabaseReadOnly, DatabaseFull) as exc:  # read-only (a disk remounted so), full
        return _said_once(working, exc)
    except (StorageError, ValueError) as exc:
        log.warning("Autosave failed: %s", exc)
        working.message_changed.emit(f"Autosave failed: {exc}")
        return str(exc)
    working.autosave_failures_said.clear()  # written: failing again is said again
    return None


def _said_once(working: WorkingScenario, exc: DatabaseReadOnly | DatabaseFull) -> str:
    """Why the autosave stopped: the database cannot be written (``exc``: the read-only or
    full-disk words every writer uses); logged and shown only the first time for its kind."""
    kind = DatabaseFull if isinstance(exc, DatabaseFull) else DatabaseReadOnly
    if kind not in working.autosave_failures_said:
        working.autosave_failures_said.add(kind)
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
