"""Pass 66 F1: the Edit data dialog's conversion preview of a deal whose amount is too large
said "(not yet: amount: inf must be a number of 0 or more)" (1e400, 5,000 nines: an "inf" not
typed, and a sign the amount did not have) or computed "inf H100e/yr" (1e308, above the 1e15
limit the field names); it now repeats the field's own message, and nothing is saved."""

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


@pytest.mark.parametrize("amount", ["1e400", "9" * 5000, "1e308"])
def test_the_preview_repeats_the_fields_message(
        type_into: TypeInto, qtbot: QtBot, window: MainWindow, amount: str) -> None:
    before = window.db_path.read_bytes()
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("deals")
    assert dialog.form is not None
    type_into(dialog, {**DEAL, "amount": amount})
    error = dialog.form.errors["amount"]
    assert error.isVisible()
    preview = dialog.form.conversion.text()
    assert preview.startswith("(not yet: amount: ") and error.text()[:40] in preview, preview
    assert "inf" not in preview.replace("finite", "") and "0 or more" not in preview
    assert "H100e/yr" not in preview
    assert not dialog.save_button.isEnabled() and not dialog.save()
    assert list_edits(window.db_path) == [] and window.db_path.read_bytes() == before


def test_a_good_amount_still_converts(type_into: TypeInto, qtbot: QtBot,
                                      window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("deals")
    assert dialog.form is not None
    type_into(dialog, {**DEAL, "amount": "4"})
    assert "H100e/yr</b>" in dialog.form.conversion.text()
    assert not dialog.form.errors["amount"].isVisible()
