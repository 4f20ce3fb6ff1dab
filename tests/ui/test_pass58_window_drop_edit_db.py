"""Pass 58 (m70 item 4): the window's advice to drop an edit before an undo or redo
(`chipscope-cli data drop-edit TABLE KEY`) named no database, so pasted into a terminal it
dropped the edit of the default database, not of the one the window was started on (--db or
CHIPSCOPE_HOME's); the CLI's advice names it since pass 57 F1. Now the window's does too,
unless its database is the platform's default one."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from chipscope import paths
from chipscope.model.document import Document
from chipscope.model.edits import Edit, EditRejected, EditSource
from chipscope.model.shell_words import shell_option
from chipscope.storage import load_dataset
from chipscope.ui.data_edit.opening import make_editor

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")
ADOPTER = {"adopter_id": "zz", "name": "Zed Lab", "kind": "AI lab", "derivation": "guess"}


def test_the_windows_undo_advice_names_its_database(synthetic_db: Path) -> None:
    """The window's editor (made as the window makes it) over a database --db named."""
    db = synthetic_db
    window = SimpleNamespace(db_path=db, session=SimpleNamespace(
        document=Document(load_dataset(db))))
    editor = make_editor(window)
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    mine = next(e for e in editor.store.edits() if e.key == "zz.v0")
    theirs = Edit("access", mine.key, mine.operation, {**mine.fields, "access": "0.5"},
                  SOURCE, "low", "2099-01-01T00:00:00+00:00")  # another program changed it
    editor.store.change([theirs], [])
    before = db.read_bytes()
    with pytest.raises(EditRejected) as refused:
        editor.document.undo()
    said = str(refused.value)
    command = f"chipscope-cli data drop-edit access {mine.key} {shell_option('--db', db)}"
    assert f"first drop that edit with `{command}`, then undo again" in said, said
    assert db.read_bytes() == before  # nothing changed


def test_the_default_database_is_not_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_path

    default = user_data_path(paths.APP_NAME, paths.APP_AUTHOR) / paths.DB_FILENAME
    assert paths.advice_db(default) is None
    assert paths.advice_db(Path("/elsewhere/-odd.db")) == Path("/elsewhere/-odd.db")


def test_the_windows_retire_advice_names_its_database(synthetic_db: Path) -> None:
    """Retiring a bundled row that a row the user added uses: the drop-edit advice of the same
    refusal names the database too."""
    db = synthetic_db
    window = SimpleNamespace(db_path=db, session=SimpleNamespace(
        document=Document(load_dataset(db))))
    editor = make_editor(window)
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    with pytest.raises(EditRejected) as refused:
        editor.retire("vendors", "v3", SOURCE, "medium")
    said = str(refused.value)
    assert f"`chipscope-cli data drop-edit access zz.v3 {shell_option('--db', db)}`" in said, said
