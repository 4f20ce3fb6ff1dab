"""Pass 30 F3, the window's data dialog: an access or a deal amount typed ``1e-400`` (a non-zero
number that reads as 0) is refused at its field, with the words of the data checks, and the
deal's conversion line says why it cannot be computed (not "0 H100e/yr"); nothing is saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from chipscope.storage.user_edits import list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture
SOURCE = {"citation": "Mine", "url": "https://example.com/x", "retrieved": "2026-11-30",
          "licence": "CC BY 4.0", "confidence": "low"}
DEAL = {"deal_id": "apple_trainium3", "adopter_id": "apple", "vendor_id": "aws",
        "chip_id": "trainium3", "first_year": "2027", "last_year": "2029", "amount": "1e-400",
        "amount_unit": "GW", "description": "Apple signs for Trainium3", "firmness": "firm",
        **SOURCE}


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


def test_access_and_amount_of_1e_400_are_refused_at_the_field(
        type_into: TypeInto, qtbot: QtBot, window: MainWindow) -> None:
    before = window.db_path.read_bytes()
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("access")
    dialog._select("apple.aws")
    assert dialog.form is not None
    type_into(dialog, {"access": "1e-400", **SOURCE})
    error = dialog.form.errors["access"]
    assert error.isVisible()
    assert error.text().startswith("1e-400 is too small for a number here (it would read as 0)")
    assert not dialog.save_button.isEnabled()
    type_into(dialog, {"access": "5e-324"})  # a subnormal reads as itself: fine
    assert not dialog.form.errors["access"].isVisible()

    dialog.table_box.setCurrentText("deals")
    type_into(dialog, DEAL)
    error = dialog.form.errors["amount"]
    assert error.isVisible() and error.text().startswith("1e-400 is too small for a number")
    assert "too small" in dialog.form.conversion.text()
    assert "H100e/yr" not in dialog.form.conversion.text()
    assert not dialog.save_button.isEnabled()
    assert not dialog.save()
    assert list_edits(window.db_path) == []
    assert window.db_path.read_bytes() == before


@pytest.mark.parametrize("amount", ["1e-320", "1e-310"])
def test_an_amount_whose_rate_underflows_is_refused_at_the_field(
        type_into: TypeInto, qtbot: QtBot, window: MainWindow, amount: str) -> None:
    """Pass 50 F5: 1e-320 USD was saved as a deal of 0 H100e a year (the rate underflows), 1e-310
    USD as 9.4e-316, shown as 0."""
    before = window.db_path.read_bytes()
    dialog = open_data_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.table_box.setCurrentText("deals")
    assert dialog.form is not None
    type_into(dialog, {**DEAL, "amount": amount, "amount_unit": "USD"})
    error = dialog.form.errors["amount"]
    assert error.isVisible(), dialog.form.conversion.text()
    assert error.text() == (f"{amount} USD is too small for a number here (its H100e per "
                            "year would read as 0); write 0 or a larger value")
    assert "H100e/yr" not in dialog.form.conversion.text()
    assert not dialog.save_button.isEnabled() and not dialog.save()
    assert list_edits(window.db_path) == []
    assert window.db_path.read_bytes() == before
