"""Pass 49 F8: the window's autosave on a database that turns read-only during the session
says so once, in the status bar, as a full disk is said ("Autosave failed: The database P is
read-only ..."), not at every change; it had stopped without a word. Written again (and said
again) once the database can be written again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from chipscope.storage.errors import read_only
from chipscope.ui.scenarios import working_autosave
from tests.ui.autosaving import change as _change


@pytest.fixture
def window(autosaving_window: Any) -> Any:
    return autosaving_window


def test_a_database_made_read_only_is_said_once(window: object) -> None:
    working = window.scenarios.working  # type: ignore[attr-defined]
    db = Path(working.db_path)
    os.chmod(db, 0o444)  # read-only for root too (its owner-write bit)
    try:
        before = db.read_bytes()
        words = f"Autosave failed: {read_only(db)}"
        assert "is read-only" in words
        for value in (1.6, 1.7, 1.8):
            assert _change(working, value) == str(read_only(db))
        assert working.said == [words]  # once, not at every move
        assert window.statusBar().currentMessage() == words  # type: ignore[attr-defined]
        assert db.read_bytes() == before
    finally:
        os.chmod(db, 0o644)
    assert _change(working, 1.9) is None  # written again
    assert working.said == [words]
    os.chmod(db, 0o444)
    try:
        _change(working, 2.0)
        assert working.said == [words, words]  # read-only again: said again, once
    finally:
        os.chmod(db, 0o644)


def test_a_read_only_refusal_from_the_storage_layer_is_said_once(
        window: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's mode still says writable (a disk remounted read-only): SQLite's refusal, as
    the storage layer raises it, is said once too."""
    working = window.scenarios.working  # type: ignore[attr-defined]
    db = Path(working.db_path)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise read_only(db)

    monkeypatch.setattr(working_autosave, "save_autosave", refused)
    for value in (1.6, 1.7, 1.8):
        assert _change(working, value) == str(read_only(db))
    assert working.said == [f"Autosave failed: {read_only(db)}"]
