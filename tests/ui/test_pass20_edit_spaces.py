"""Edit data's Save for a change of only spaces at the start or end of a field (pass 20, E1):
Save turned on, and the save (which stores the values stripped) added an undo step that
changed nothing. The form now compares the values as a save stores them."""

from __future__ import annotations

from collections.abc import Callable

from chipscope.storage.user_edits import list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

SOURCE = {"citation": "Example News, 30 Nov 2026", "url": "https://example.com/x",
          "retrieved": "2026-11-30", "licence": "fair use quote", "confidence": "low"}
SLOT = ("access", "openai.intel")


def test_spaces_at_either_end_are_no_change_to_save(
        make_window: Callable[..., MainWindow],
        type_into: Callable[[object, dict[str, str]], None]) -> None:
    window = make_window()
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None and window.db_path is not None
    dialog.table_box.setCurrentText(SLOT[0])
    dialog._select(SLOT[1])
    type_into(dialog, {**SOURCE, "notes": "win"})
    assert dialog.save()
    steps = len(window.scenarios.working.stack)
    saved = list_edits(window.db_path)
    for typed in ({"notes": "win "}, {"notes": " win"}, {"citation": SOURCE["citation"] + "  "}):
        type_into(dialog, typed)
        assert not dialog.save_button.isEnabled(), typed
        assert not dialog.form.is_modified, typed  # nothing to lose on leaving either
        assert not dialog.save() and len(window.scenarios.working.stack) == steps
    assert list_edits(window.db_path) == saved
    type_into(dialog, {"notes": "win 2 "})  # a real change, spaces and all: Save again
    assert dialog.save_button.isEnabled()
