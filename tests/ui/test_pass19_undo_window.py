"""Edit data's Save after a save, and Edit > Undo of a data edit another program dropped
(pass 19, E1 and D3), in the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chipscope.storage.user_edits import change_edits, list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

SOURCE = {"citation": "Example News, 30 Nov 2026", "url": "https://example.com/x",
          "retrieved": "2026-11-30", "licence": "fair use quote", "confidence": "low"}
SLOT = ("access", "openai.intel")


def db_of(window: MainWindow) -> Path:
    assert window.db_path is not None
    return window.db_path


def test_save_is_off_once_the_row_is_saved_and_a_second_save_adds_no_step(
        make_window: Callable[..., MainWindow],
        type_into: Callable[[object, dict[str, str]], None]) -> None:
    """Save stayed enabled after a save; a second Save of the unchanged form added an undo
    step that did nothing (the user had to undo twice)."""
    window = make_window()
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None
    dialog.table_box.setCurrentText(SLOT[0])
    dialog._select(SLOT[1])
    assert not dialog.save_button.isEnabled()  # shown as saved: nothing to save
    type_into(dialog, {**SOURCE, "access": "0.3"})
    assert dialog.save_button.isEnabled() and dialog.save()
    steps = len(window.scenarios.working.stack)
    assert not dialog.save_button.isEnabled()
    assert not dialog.save() and len(window.scenarios.working.stack) == steps
    type_into(dialog, {"access": "0.4"})  # a change: Save again
    assert dialog.save_button.isEnabled()


def test_undo_of_an_edit_another_program_dropped_is_passed_over_with_a_note(
        make_window: Callable[..., MainWindow],
        type_into: Callable[[object, dict[str, str]], None]) -> None:
    """`chipscope data drop-edit`, then Edit > Undo: "... Look at it again ... and try again"
    for ever, and the steps before it could not be undone."""
    window = make_window()
    working = window.scenarios.working
    doc = working.document
    key = next(k for k in doc.specs if doc.specs[k].kind == "float")
    before = doc.assumptions[key]
    doc.set_value(key, doc.specs[key].hi if before != doc.specs[key].hi else doc.specs[key].lo)
    assert working.commit()
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText(SLOT[0])
    dialog._select(SLOT[1])
    type_into(dialog, {**SOURCE, "access": "0.3"})
    assert dialog.save()
    change_edits(db_of(window), [], [SLOT])  # another program drops it
    messages: list[str] = []
    working.message_changed.connect(messages.append)
    assert working.undo()
    assert messages and "already done" in messages[-1] and "try again" not in messages[-1]
    assert list_edits(db_of(window)) == []
    assert working.undo() and doc.assumptions[key] == before  # the older step, undone
