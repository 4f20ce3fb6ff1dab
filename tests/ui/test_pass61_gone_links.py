"""Fix m85 (B): a window's database whose folder became a dangling link or a symlink loop while
the window was open was said to be "moved or deleted while this window was open" by the
autosave, Save and Edit data, hiding the link that is the cause. The window's words
(:mod:`chipscope.ui.database_gone`) are for the database file itself gone; a cause that names a
link on the way keeps the storage's words ("... is a symlink to the missing ...", "... is a
symlink loop; remove the link ...")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from chipscope.ui.data_edit.dialog import open_data_dialog
from tests.ui.autosaving import change as _change

GONE = "does not exist (it was moved or deleted while this window was open)"
SOURCE = {"citation": "Me", "url": "https://example.com/v", "retrieved": "2026-01-01",
          "licence": "CC BY 4.0"}


@pytest.fixture
def window(autosaving_window: Any) -> Any:
    return autosaving_window


def _file_removed(folder: Path, db: Path) -> None:
    db.rename(folder.with_name("moved.db"))


def _dangling(folder: Path, db: Path) -> None:
    folder.rename(folder.with_name("folder-moved"))
    folder.symlink_to(folder.with_name("nowhere"))


def _loop(folder: Path, db: Path) -> None:
    folder.rename(folder.with_name("folder-moved"))
    folder.symlink_to(folder)


@pytest.fixture
def put_back() -> Iterator[list[Callable[[], None]]]:
    """Undo steps run at the end, so the private CHIPSCOPE_HOME is whole for teardown."""
    steps: list[Callable[[], None]] = []
    yield steps
    for step in reversed(steps):
        step()


def _break(how: Callable[[Path, Path], None], db: Path,
           put_back: list[Callable[[], None]]) -> None:
    folder = db.parent
    moved = folder.with_name("folder-moved")

    def undo() -> None:
        if folder.is_symlink():
            folder.unlink()
            moved.rename(folder)
        elif not db.exists():
            folder.with_name("moved.db").rename(db)
    put_back.append(undo)
    how(folder, db)


@pytest.mark.parametrize(("how", "words"), [
    (_file_removed, "{db} " + GONE),
    (_dangling, "{folder} is a symlink to the missing {nowhere}"),
    (_loop, "{folder} is a symlink loop; remove the link"),
])
def test_autosave_save_and_edit_data_name_the_cause(
        window: Any, how: Callable[[Path, Path], None], words: str,
        put_back: list[Callable[[], None]], monkeypatch: pytest.MonkeyPatch,
        type_into: Any) -> None:
    working, panel = window.scenarios.working, window.scenarios.panel
    db = Path(working.db_path)
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None
    dialog.table_box.setCurrentText("vendors")
    dialog._select("amd")
    _break(how, db, put_back)
    want = words.format(db=db, folder=db.parent, nowhere=db.parent.with_name("nowhere"))
    failed = _change(working, 1.6)
    assert failed is not None and want in failed, failed
    assert (GONE in failed) == (how is _file_removed)  # the window's words for the file only
    assert working.said == [f"Autosave failed: {failed}"]
    monkeypatch.setattr(panel, "ask_name", lambda *_args: ("Mine", ""))
    assert panel.save() is False
    assert len(window.errors) == 1 and want in window.errors[0], window.errors
    type_into(dialog, {"name": "AMD v2", **SOURCE})
    assert dialog.save() is False
    assert dialog.status.text().startswith("Not saved: ") and want in dialog.status.text()
    assert dialog.form.values()["name"] == "AMD v2"  # what was typed stays in the form
