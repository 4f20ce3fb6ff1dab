"""Pass 52 N3: after the database was moved away while the window is open, Edit > Undo/Redo of
a scenario step said "Cannot undo: The database P does not exist." and the autosave read at
start "The autosave could not be read: The database P does not exist.", while every other
window action says what becomes of the work and the way to keep it. Now they say the same words
(:mod:`chipscope.ui.database_gone`), the autosave read with advice that fits it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chipscope.ui.main_window import MainWindow

GONE = "does not exist (it was moved or deleted while this window was open)"
KEEP = ("your changes stay in this window: put the file back, or keep them in a scenario file "
        "with File > Export scenario.")


def test_undo_redo_and_autosave_read_say_the_window_words(
        make_window: Callable[..., MainWindow]) -> None:
    window: Any = make_window(show=False)
    working = window.scenarios.working
    working.save_as("Saved1")
    working.rename("Saved1", "Saved2")
    working.rename("Saved2", "Saved3")
    assert working.undo() is True  # back to "Saved2": a rename to redo, and one to undo
    db = Path(working.db_path)
    away = db.with_name("moved.db")
    db.rename(away)
    kept = away.read_bytes()
    said: list[str] = []
    working.message_changed.connect(said.append)
    assert working.redo() is False
    assert working.undo() is False
    assert said == [f"Cannot redo: The database {db} {GONE}; {KEEP}",
                    f"Cannot undo: The database {db} {GONE}; {KEEP}"]
    said.clear()
    assert working.pending_restore() is None
    assert said == [f"The autosave could not be read: The database {db} {GONE}; put the file "
                    "back and start ChipScope again to restore the autosave."]
    assert away.read_bytes() == kept and not db.exists()
