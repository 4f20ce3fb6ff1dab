"""Fix m99 (P67-F5): a window's database replaced while the window was open by a text file or
by another application's SQLite file got only "is not a ChipScope database (it is not an
SQLite file)" / "is an SQLite database made by another application, ..." from the autosave and
Save, with no word on the window's changes. It gets the words of a database replaced by a
folder or FIFO (:func:`chipscope.ui.database_gone.in_window`): not the database this window
was opened on, the changes stay in the window, put the file back or export them; the file
that stands there is left untouched."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.ui.autosaving import change as _change

NOW = ("is now {kind}, not the database this window was opened on; your changes stay in this "
       "window: put the file back, or keep them in a scenario file with File > Export scenario.")


def _text(db: Path) -> None:
    db.write_text("hello\n", encoding="utf-8")


def _foreign(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()


@pytest.fixture(params=[(_text, "a file that is not an SQLite database"),
                        (_foreign, "another application's SQLite database")],
                ids=["text", "foreign-sqlite"])
def replaced(request: pytest.FixtureRequest,
             autosaving_window: Any) -> Iterator[tuple[Any, Path, str, bytes]]:
    """The window, its database moved away and another kind of file made at its name (put
    back after), what that is in words, and its bytes."""
    make: Callable[[Path], None] = request.param[0]
    db = Path(autosaving_window.scenarios.working.db_path)
    moved = db.with_name("moved.db")
    db.rename(moved)
    make(db)
    yield autosaving_window, db, request.param[1], db.read_bytes()
    db.unlink()
    moved.rename(db)


def test_autosave_and_save_say_the_database_was_replaced(
        replaced: tuple[Any, Path, str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    window, db, kind, before = replaced
    working, panel = window.scenarios.working, window.scenarios.panel
    want = f"The database {db} " + NOW.format(kind=kind)
    assert _change(working, 1.6) == want
    assert working.said == [f"Autosave failed: {want}"]
    monkeypatch.setattr(panel, "ask_name", lambda *_args: ("Mine", ""))
    assert panel.save() is False
    assert window.errors == [want]
    assert db.read_bytes() == before  # left untouched
