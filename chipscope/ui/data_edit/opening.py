"""Opening the window's data editor: its :class:`DataEditor` over the window's database (or in
memory), and the status-bar note of the edits a newer bundled dataset left unapplied."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.edits import frames_as_text
from chipscope.storage import StorageError

log = logging.getLogger(__name__)


def make_editor(window: Any) -> DataEditor:
    """The window's data editor: over its database's edits, or in memory without one."""
    document = window.session.document
    db: Path | None = getattr(window, "db_path", None)
    if db is not None:
        from chipscope import paths
        from chipscope.storage.overlay import load_overlay
        from chipscope.storage.stop_request import stop_asked
        from chipscope.storage.user_edits import DbEditStore

        if not paths.is_bundled_db(db):
            base, _ = load_overlay(db)
            return DataEditor(document, base, DbEditStore(db), paths.advice_db(db), stop_asked)
    return DataEditor(document, frames_as_text(document.dataset.frames), MemoryEditStore())


def report_conflicts(window: Any) -> list[str]:
    """Say in the window's status bar (and the log) which data edits are not applied since
    the bundled data changed under them; returns the lines (empty: none)."""
    db: Path | None = getattr(window, "db_path", None)
    if db is None:
        return []
    from chipscope import paths
    from chipscope.storage.overlay import conflict_lines

    if paths.is_bundled_db(db):
        return []
    try:
        lines = conflict_lines(db)
    except StorageError as exc:
        log.warning("Data edits not checked: %s", exc)
        return []
    for line in lines:
        log.warning("%s", line)
    if lines:
        window.statusBar().showMessage(
            f"{len(lines)} of your data edits conflict with the updated bundled data and are "
            "not applied: Edit > Edit data\u2026 to keep, adapt or drop them", 0)
    return lines
