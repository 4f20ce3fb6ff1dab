"""P68-F2: a signal (SIGTERM, SIGHUP, Ctrl+C: :func:`diagnostics.interrupt`) ended the window
while a row typed in Edit data was not saved: the row was lost without a word, and with a
changed scenario the note said "unsaved changes are kept in the autosave" as if all were. Now
the note names the lost row, and the autosave's words speak of the scenario only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication

from chipscope.ui import diagnostics
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture


def _interrupt(window: MainWindow, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(app, "exit", lambda code=0: None)
    capsys.readouterr()
    try:
        diagnostics.interrupt(app, window, 143, "terminated")
    finally:
        app.setProperty(diagnostics.INTERRUPTED, False)
    return capsys.readouterr().err


def _typed_row(window: MainWindow, type_into: TypeInto) -> str:
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("chips")
    dialog.rows.setCurrentRow(0)
    key = dialog._selected_key()
    assert key is not None
    type_into(dialog, {"notes": "MY TYPED NOTE"})
    assert dialog.form is not None and dialog.form.is_modified
    return key


@pytest.mark.parametrize("scenario_changed", [False, True])
def test_a_signal_names_the_row_typed_in_edit_data_that_was_not_saved(
        make_window: Callable[..., MainWindow], type_into: TypeInto,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        scenario_changed: bool) -> None:
    window = make_window(show=False)
    key = _typed_row(window, type_into)
    if scenario_changed:
        window.session.set_value("lock_in", 2.5)
        window.session.finish_edit("lock_in")
    err = _interrupt(window, monkeypatch, capsys)
    row = f"chipscope: terminated; the chips row \u201c{key}\u201d typed in Edit data was not saved"
    kept = "; unsaved scenario changes are kept in the autosave (offered at the next start)"
    assert err.splitlines() == [row + (kept if scenario_changed else "")]


def test_a_signal_names_a_new_row_typed_in_edit_data(
        make_window: Callable[..., MainWindow], type_into: TypeInto,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    window = make_window(show=False)
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("chips")
    dialog.start_new()
    type_into(dialog, {"notes": "A NEW CHIP"})
    err = _interrupt(window, monkeypatch, capsys)
    assert err.splitlines() == [
        "chipscope: terminated; the new chips row typed in Edit data was not saved"]


def test_a_signal_with_nothing_typed_says_as_before(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    window = make_window(show=False)
    assert open_data_dialog(window) is not None  # open, nothing typed
    window.session.set_value("lock_in", 2.5)
    window.session.finish_edit("lock_in")
    err = _interrupt(window, monkeypatch, capsys)
    assert err.splitlines() == ["chipscope: terminated; unsaved changes are kept in the "
                                "autosave (offered at the next start)"]
