"""Pass 50 F6 in the window: the Edit data dialog refuses a number typed with an invisible
character, a digit of another script or a minus lookalike at its field, naming the character
(it said only "'\\uff14' is not a number"); nothing is saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from chipscope.storage.user_edits import list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass31_too_small_window import DEAL

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.mark.parametrize(("field", "value", "advice"), [
    ("amount", "4\u200b", "it holds an invisible character U+200B (ZERO WIDTH SPACE); delete it"),
    ("amount", "\uff14", "write it with ASCII digits 0-9 (it holds U+FF14 FULLWIDTH DIGIT FOUR)"),
    ("start_fraction", "\u22120.5", "write the minus as '-' (it holds U+2212 MINUS SIGN)"),
])
def test_the_dialog_names_the_character_at_the_field(
        type_into: TypeInto, qtbot: QtBot, window: MainWindow, field: str, value: str,
        advice: str) -> None:
    before = window.db_path.read_bytes()
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("deals")
    assert dialog.form is not None
    type_into(dialog, {**DEAL, "amount": "4", field: value})
    error = dialog.form.errors[field]
    assert error.isVisible()
    assert error.text() == f"{value!r} is not a number: {advice}"
    assert advice in dialog.form.conversion.text()
    assert not dialog.save_button.isEnabled() and not dialog.save()
    assert list_edits(window.db_path) == [] and window.db_path.read_bytes() == before


def test_the_dialog_says_to_drop_the_underscores(type_into: TypeInto, qtbot: QtBot,
                                                 window: MainWindow) -> None:
    """Pass 50 F7: "'1_000' is not a number" alone."""
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("deals")
    assert dialog.form is not None
    type_into(dialog, {**DEAL, "amount": "1_000"})
    error = dialog.form.errors["amount"]
    assert error.isVisible()
    assert error.text() == "'1_000' is not a number: write it without the underscore"
    assert not dialog.save_button.isEnabled() and not dialog.save()
    assert list_edits(window.db_path) == []
