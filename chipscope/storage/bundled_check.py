"""The bundled dataset beside the user's own database: checked before it seeds or refreshes it,
and ``CHIPSCOPE_BUNDLED_DB`` naming no usable dataset once the user's database exists.

That database works without the bundled file (it is only read to take a newer release), so a
bad ``CHIPSCOPE_BUNDLED_DB`` then stops no command: whatever kind of file it names (a folder, a
device, a FIFO, a symlink loop, a missing file, no SQLite file, another program's database, a
path too long, a damaged or foreign schema), it is not used and one note says so (pass 47 F1:
half of those kinds were ignored without a word, the other half stopped every command).
Before the user's database exists it is the one its copy is made from: a refusal then.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chipscope import paths
from chipscope.storage.database import damaged
from chipscope.storage.errors import BundledUnusable, DatabaseBusy
from chipscope.storage.file_errors import Elsewhere
from chipscope.storage.refresh import refresh_from_bundled
from chipscope.storage.schema import StorageError

Load = Callable[[Path], Any]
"""``repository.load_dataset``: every check any database gets (passed in: it imports this)."""

UNUSABLE = "which is not a usable ChipScope database"
"""The clause for a loading error that carries no cause of its own."""


def as_clause(exc: BaseException) -> str:
    """A loading error about a file as the clause that follows its name ("which is not a
    ChipScope database (it is not an SQLite file)"): its :attr:`StorageError.cause`, without
    the advice or the "(nothing was changed)" of its own message (the sentence it goes into
    says those); :data:`UNUSABLE` for an error that has none."""
    cause = exc.cause if isinstance(exc, StorageError) else None
    return f"which {cause}" if cause else UNUSABLE


def override_advice(exc: BaseException) -> str:
    """What to do about ``CHIPSCOPE_BUNDLED_DB`` naming a file that ``exc`` refused: the
    reader's own advice when the cause is outside the file (:class:`Elsewhere`: "make it
    readable (chmod u+r)", "free space there, or set TMPDIR to another folder"), then "or
    unset it ..."; else :data:`~chipscope.paths.BUNDLED_OVERRIDE_ADVICE` (pass 63 F3, F4)."""
    if not (advice := _elsewhere_advice(exc)):
        return paths.BUNDLED_OVERRIDE_ADVICE
    return f"{advice}, or {paths.BUNDLED_UNSET}"


def _elsewhere_advice(exc: BaseException) -> str:
    """The reader's own advice for a cause outside the file (:class:`Elsewhere`), else ""."""
    if isinstance(exc, Elsewhere) and isinstance(exc, StorageError):
        return exc.advice or ""
    return ""


def check_bundled(bundled: Path, outcome: str, load_dataset: Load) -> None:
    """Before the bundled dataset seeds or refreshes the user's database: the checks any
    database gets (its layout, then its data, read-only). A bundled file that fails them is a
    damaged installation: BundledUnusable "<outcome>: the dataset installed with ChipScope is
    damaged (...); reinstall ChipScope" (or "<outcome>: CHIPSCOPE_BUNDLED_DB points to FILE,
    which ...; point it to ..." when that names the file), and the user's database is not
    touched."""
    try:
        load_dataset(bundled)
    except DatabaseBusy:
        raise  # another program's lock is no damage
    except StorageError as exc:
        if paths.bundled_override() is not None:
            raise BundledUnusable(f"{outcome}: {paths.points_to(bundled)}, "
                                  f"{as_clause(exc)}; {override_advice(exc)}.") from None
        detail = str(exc).rstrip(".").removesuffix("; rebuild it or restore a copy")
        if detail.startswith("The "):
            detail = "t" + detail[1:]
        raise BundledUnusable(f"{outcome}: the dataset installed with ChipScope is damaged "
                              f"({detail}); reinstall ChipScope.") from None


def refresh_if_bundled_is_newer(db: Path, load_dataset: Load) -> None:
    """After an upgrade of ChipScope, take its newer dataset (only a newer one, see
    :mod:`chipscope.storage.refresh`); saved scenarios stay."""
    try:
        bundled = paths.bundled_db_path()
    except paths.MissingResourceError:
        return  # the user's copy still works; the damaged install is reported elsewhere
    try:
        refresh_from_bundled(  # the user's data edits stay (an overlay)
            db, bundled, lambda: check_bundled(bundled, f"Your database {db} was left as it was",
                                      load_dataset))
    except sqlite3.DatabaseError as exc:
        raise damaged(db, str(exc)) from None  # read-only or full: read as it is (the caller)


def unused_override_note(db: Path, load_dataset: Load) -> str | None:
    """The note for ``CHIPSCOPE_BUNDLED_DB`` naming no usable ChipScope database while the
    user's database ``db`` exists (None: unset, or a usable one): "CHIPSCOPE_BUNDLED_DB points
    to FILE, which is a folder, not a regular file; it is not used (your database DB is); unset
    it or point it to a ChipScope database." (not used, not even for a refresh)."""
    override = paths.bundled_override()
    if override is None:
        return None
    cause = paths.override_cause(override)
    if cause is None:
        try:
            load_dataset(override)
        except DatabaseBusy:
            return None  # another program's lock is no fault of the file (a refresh waits)
        except (StorageError, OSError) as exc:  # a cause outside the file keeps its fix
            cause = paths.Unusable(as_clause(exc), _elsewhere_advice(exc))
        else:
            return None
    return (f"{paths.points_to(override, cause)}, {cause.clause}; it is not used (your "
            f"database {db} is); "
            f"{cause.advice('unset it or point it to a ChipScope database')}.")
