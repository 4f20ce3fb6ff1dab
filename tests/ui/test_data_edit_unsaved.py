"""Edit data asks before typed, unsaved values of its form would be lost (pass 15, "Edit data
typed values"): clicking another row, New, another table, closing the dialog or the main window
dropped them without a word. Now Save / Discard / Cancel is asked (``ask_unsaved``, which
these tests answer); Save only when the form is valid."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from chipscope.storage.user_edits import list_edits
from chipscope.ui.data_edit.dialog import DataEditDialog, open_data_dialog
from chipscope.ui.data_edit.leaving import ask_unsaved_row
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture


SOURCE = {"citation": "Mine", "url": "https://example.com/x", "retrieved": "2026-01-02",
          "licence": "fair use quote"}
"""A source for a typed row, so that its form can be saved."""


def open_deals(make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
               ) -> tuple[MainWindow, DataEditDialog, list[str], list[str]]:
    """A window with Edit data open on its deals; the dialog's question is answered from the
    returned ``answers`` (in turn) and each time it is asked, ``asked`` gets "row"."""
    window = make_window(show=False)
    answers: list[str] = []
    asked: list[str] = []
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("deals")
    monkeypatch.setattr(dialog, "ask_unsaved",
                        lambda: (asked.append("row"), answers.pop(0))[1])
    return window, dialog, answers, asked


def choose(dialog: DataEditDialog, key: str | None) -> None:
    """Click row ``key`` in the list, as a user would."""
    keys = [dialog.rows.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(dialog.rows.count())]
    dialog.rows.setCurrentRow(keys.index(key))


def description(dialog: DataEditDialog) -> str:
    assert dialog.form is not None
    return dialog.form.values()["description"]


def test_another_row_asks_and_cancel_save_discard_do_what_they_say(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        type_into: TypeInto) -> None:
    window, dialog, answers, asked = open_deals(make_window, monkeypatch)
    dialog.rows.setCurrentRow(0)
    first = dialog._selected_key()
    type_into(dialog, {"description": "Typed here", **SOURCE})
    answers.append("cancel")
    dialog.rows.setCurrentRow(1)  # the typed values stay, on their row
    assert asked == ["row"] and dialog._selected_key() == first
    assert description(dialog) == "Typed here"
    answers.append("save")
    dialog.rows.setCurrentRow(1)  # saved, then the other row is shown
    second = dialog._selected_key()
    assert second != first and len(asked) == 2
    deals = window.session.dataset.deals
    assert list(deals.loc[deals["deal_id"] == first, "description"]) == ["Typed here"]
    assert description(dialog) != "Typed here"
    type_into(dialog, {"description": "Not wanted"})
    answers.append("discard")
    choose(dialog, first)
    assert dialog._selected_key() == first and description(dialog) == "Typed here"
    deals = window.session.dataset.deals
    assert "Not wanted" not in set(deals["description"])
    choose(dialog, second)  # nothing typed: no question
    assert len(asked) == 3


def test_new_another_table_and_closing_the_dialog_ask(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        type_into: TypeInto) -> None:
    _window, dialog, answers, asked = open_deals(make_window, monkeypatch)
    dialog.show()
    type_into(dialog, {"deal_id": "typed_deal", "description": "Half typed"})
    answers.extend(["cancel", "cancel", "cancel"])
    dialog.new_button.click()
    dialog.table_box.setCurrentText("chips")
    dialog.close()
    assert asked == ["row"] * 3
    assert dialog.isVisible() and dialog.table == "deals"
    assert dialog.form is not None and dialog.form.table == "deals"
    assert description(dialog) == "Half typed"
    answers.append("discard")
    dialog.close()
    assert not dialog.isVisible() and description(dialog) == ""
    assert not dialog.form.is_modified


def test_closing_the_main_window_asks_about_the_typed_row_before_the_scenario(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        type_into: TypeInto) -> None:
    window, dialog, answers, asked = open_deals(make_window, monkeypatch)
    monkeypatch.setattr(window.scenarios.panel, "ask_unsaved",
                        lambda: (asked.append("scenario"), "discard")[1])
    window.session.set_value("lock_in", 1.9)
    window.session.finish_edit("lock_in")
    dialog.rows.setCurrentRow(0)
    key = dialog._selected_key()
    type_into(dialog, {"description": "Kept on close", **SOURCE})
    answers.append("cancel")
    assert not window.close()
    assert asked == ["row"] and description(dialog) == "Kept on close"
    answers.append("save")
    assert window.close()
    assert asked == ["row", "row", "scenario"]
    assert window.db_path is not None
    assert [(e.key, e.fields.get("description")) for e in list_edits(window.db_path)] == [
        (key, "Kept on close")]


def test_an_invalid_form_cannot_be_saved_from_the_question(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        type_into: TypeInto) -> None:
    window = make_window(show=False)
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("deals")
    type_into(dialog, {"first_year": "20x7"})  # and every other field empty
    boxes: list[QMessageBox] = []

    def answer_save(box: QMessageBox) -> int:
        boxes.append(box)
        return int(QMessageBox.StandardButton.Save)

    monkeypatch.setattr(QMessageBox, "exec", answer_save)
    assert dialog.form is not None  # the question dialog.ask_unsaved asks (make_window's
    assert ask_unsaved_row(dialog, dialog.form, None) == "cancel"  # answers Discard)
    [box] = boxes
    save = box.button(QMessageBox.StandardButton.Save)
    assert save is not None and not save.isEnabled()
    assert "cannot be saved as it is" in box.informativeText()
    assert "deal_id: empty" in box.informativeText()
    assert box.text().startswith("The new deals row has values you typed")
