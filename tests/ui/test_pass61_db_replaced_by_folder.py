"""Fix m86 (P61-F1): a window's database replaced by a folder while the window was open was
said to have "2 names (hard links)" by the autosave (a folder's link count is 2 or more), and
Save sent the user to "give a file inside it". A non-regular file is never counted as hard
links (:func:`chipscope.storage.hard_links.names_of`), and the window names what its database
now is, with the window's own advice: put the database back
(:mod:`chipscope.ui.database_gone`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from chipscope.storage.hard_links import names_of
from tests.ui.autosaving import change as _change

NOW = ("is now {kind}, not the database this window was opened on; your changes stay in this "
       "window: put the file back, or keep them in a scenario file with File > Export scenario.")


def _folder(db: Path) -> None:
    db.mkdir()
    (db / "sub").mkdir()  # st_nlink 3: a folder's count is never names


def _fifo(db: Path) -> None:
    os.mkfifo(db)


@pytest.fixture(params=[(_folder, "a folder"), (_fifo, "a pipe (FIFO)")], ids=["folder", "fifo"])
def replaced(request: pytest.FixtureRequest,
             autosaving_window: Any) -> Iterator[tuple[Any, Path, str]]:
    """The window, its database moved away and something else made at its name (put back
    after), and what that is in words."""
    make: Callable[[Path], None] = request.param[0]
    db = Path(autosaving_window.scenarios.working.db_path)
    moved = db.with_name("moved.db")
    db.rename(moved)
    make(db)
    yield autosaving_window, db, request.param[1]
    if db.is_dir():
        (db / "sub").rmdir()
        db.rmdir()
    else:
        db.unlink()
    moved.rename(db)


def test_autosave_and_save_say_what_the_database_became(
        replaced: tuple[Any, Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    window, db, kind = replaced
    working, panel = window.scenarios.working, window.scenarios.panel
    want = f"The database {db} " + NOW.format(kind=kind)
    failed = _change(working, 1.6)
    assert failed == want
    assert working.said == [f"Autosave failed: {want}"]
    monkeypatch.setattr(panel, "ask_name", lambda *_args: ("Mine", ""))
    assert panel.save() is False
    assert window.errors == [want]
    for said in [failed, *window.errors]:
        assert "hard link" not in said and "give a file inside it" not in said


def test_a_folder_has_no_names_to_count(tmp_path: Path) -> None:
    folder = tmp_path / "chipscope.db"
    folder.mkdir()
    (folder / "a").mkdir()
    assert os.stat(folder).st_nlink == 3
    assert names_of(folder) == 1
    file = tmp_path / "x.db"
    file.write_bytes(b"x")
    os.link(file, tmp_path / "y.db")
    assert names_of(file) == 2  # a regular file's other names are still counted
