"""The user's edits against the bundled base of a database: what applies and what conflicts.

Used by ``chipscope-cli data diff|import-edits|export-edits`` and by the window's data editors
(:class:`~chipscope.model.data_editor.DataEditor` needs the base as text).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from chipscope.model.dataset import DatasetError
from chipscope.model.edits import Overlay, build_dataset, frames_as_text
from chipscope.storage.database import damaged, open_current
from chipscope.storage.repository import _read_frames, invalid_data
from chipscope.storage.user_edits import diff_command, read_edits


def load_overlay(db_path: Path) -> tuple[dict[str, pd.DataFrame], Overlay]:
    """(the base tables as text, the edits applied over them with their conflicts)."""
    path = Path(db_path)
    try:
        with open_current(path) as conn:
            try:
                base = frames_as_text(_read_frames(conn))
                edits = read_edits(conn, path)
                return base, build_dataset(base, edits)[1]
            except DatasetError as exc:
                raise invalid_data(path, exc, conn) from None
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None


def conflict_lines(db_path: Path) -> list[str]:
    """One line per edit kept but not applied (empty: every edit applies)."""
    return [f"{c.edit.describe()}: not applied, {c.reason}; keep, adapt or drop it "
            f"({diff_command(db_path)})" for c in load_overlay(db_path)[1].conflicts]
