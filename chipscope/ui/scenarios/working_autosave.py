"""The working scenario's autosave in its database: written a couple of seconds after each
change (or cleared when nothing is unsaved), read back at the next start after a session that
did not exit cleanly, and forgotten when the user declines it or exits cleanly. Only the window
that owns the database's autosave (:mod:`~chipscope.ui.scenarios.autosave_lock`) touches it."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from chipscope import paths
from chipscope.model.scenario_checks import name_problem, repaired_name
from chipscope.storage import StorageError
from chipscope.storage.autosave import (
    AutosaveRecord,
    clear_autosave,
    load_autosave,
    save_autosave,
)
from chipscope.storage.errors import (
    DatabaseBusy,
    DatabaseFull,
    DatabaseMissing,
    DatabaseReadOnly,
    brief_waits,
    read_only,
)
from chipscope.ui.database_gone import RESTORE_LATER, in_window

if TYPE_CHECKING:
    from chipscope.ui.scenarios.working import WorkingScenario

log = logging.getLogger("chipscope")


def write_autosave(working: WorkingScenario, final: bool = False) -> str | None:
    """Write the working values to the autosave (or clear it when nothing is unsaved);
    returns why that failed (also logged and shown), or None (done, or no autosave here).
    Each kind of failure is shown once, not again at every change, until an autosave is
    written (pass 49 F8 and N3: read-only, full disk; pass 50 F8: every other kind). One
    read-only from the start is shown by the status bar's "Read-only" mark. A lock another
    program holds is waited for only briefly (:func:`~chipscope.storage.errors.brief_waits`:
    the window's thread must not freeze for the whole busy timeout at every change) and tried
    again shortly; ``final`` (the last autosave before the app ends) waits the whole timeout,
    as it is the last chance."""
    working.autosave_timer.stop()
    if working.db_path is None or not working.owns_autosave:
        return None
    if not working.writable:
        if paths.is_bundled_db(working.db_path):
            return None  # the dataset that ships with ChipScope: no autosave there
        return _said_once(working, DatabaseReadOnly, str(read_only(working.db_path)))
    try:
        with nullcontext() if final else brief_waits():
            if working.is_modified():
                name, based_on = working.name, working.document.based_on()
                if name_problem(name):  # a listed row another program named as no scenario
                    name, based_on = repaired_name(name), ""  # may be: its changes are kept
                    # under a name that may be, an untitled scenario's (pass 111 F4)
                save_autosave(working.db_path, name, working.description,
                              working.session.assumptions.changed(), unsaved=True,
                              based_on=based_on)
            else:
                clear_autosave(working.db_path)
    except DatabaseBusy as exc:
        if final:
            return _said_once(working, DatabaseBusy, _at_the_end(exc))
        working.autosave_timer.start()  # tried again shortly, changed or not
        return _said_once(working, DatabaseBusy, busy_in_window(working.db_path))
    except DatabaseMissing as exc:
        return _said_once(working, DatabaseMissing,
                          _at_the_end(exc) if final else str(in_window(exc, working.db_path)))
    except (DatabaseReadOnly, DatabaseFull) as exc:  # read-only (a disk remounted so), full
        kind = DatabaseFull if isinstance(exc, DatabaseFull) else DatabaseReadOnly
        return _said_once(working, kind, _at_the_end(exc) if final else str(exc))
    except (StorageError, ValueError) as exc:  # any other: its words are its kind
        words = (_at_the_end(exc) if final  # a folder there now:
                 else str(in_window(exc, working.db_path)))
        return _said_once(working, words, words)
    working.autosave_failures_said.clear()  # written: failing again is said again
    return None


def _at_the_end(exc: Exception) -> str:
    """Why the last autosave failed, for the line the app ends with: without the error's advice
    ("free some space and try again": an ending app cannot; pass 87, F2) nor its full stop."""
    words, advice = str(exc), getattr(exc, "advice", None)
    if advice and words.endswith(f"; {advice}."):
        return words[:-len(advice) - 3]
    return words.removesuffix(".")


def left_in_autosave(working: WorkingScenario) -> str:
    """What the autosave holds when the last one failed, for the ending line: an older autosave
    (offered at the next start) or none (the changes are lost); "" when it cannot be read."""
    if working.db_path is None:
        return ""
    try:
        record = load_autosave(working.db_path)
    except StorageError:
        return ""
    if record is None:
        return "; they are lost"
    when = record.saved_at[:16].replace("T", " ") + " UTC" if record.saved_at else ""
    return (f"; the autosave of {when} (older values) is offered at the next start" if when
            else "; an older autosave is offered at the next start")


def busy_in_window(db_path: Path) -> str:
    """Why the autosave waits: another program holds a lock on the database (the words of
    :func:`~chipscope.storage.errors.sqlite_failure`), and the autosave tries again."""
    return (f"Another program is using the database {db_path}; autosave will try again "
            "when it has finished (your changes stay in this window).")


def _said_once(working: WorkingScenario, kind: type[StorageError] | str, words: str) -> str:
    """``words``, why the autosave stopped; logged and shown only the first time for its
    ``kind`` (an error type, or the words themselves) until an autosave is written."""
    if kind not in working.autosave_failures_said:
        working.autosave_failures_said.add(kind)
        log.warning("Autosave failed: %s", words)
        working.message_changed.emit(f"Autosave failed: {words}")
    return words


def read_autosave(working: WorkingScenario) -> AutosaveRecord | None:
    """An autosave left by a session that did not exit cleanly, if any."""
    if not working.writable or working.db_path is None or not working.owns_autosave:
        return None
    try:
        return load_autosave(working.db_path)
    except StorageError as exc:
        words = in_window(exc, working.db_path, RESTORE_LATER)
        log.warning("Cannot read the autosave: %s", words)
        working.message_changed.emit(f"The autosave could not be read: {words}")
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
