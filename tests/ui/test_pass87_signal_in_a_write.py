"""Pass 87, F1: a signal that came inside the database write of an Edit data import (or a row's
Save) was put off until the import returned, and the import went from the write straight into
the reload that shows it (6 s for 1,000 deals): the window ended 7 s after the signal. Once a
stop is asked, a stored change is no longer shown: the window ends at the next turn of its
event loop, the change stored, the unsaved scenario values in the autosave."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import chipscope.storage.user_edits as user_edits
from chipscope.storage import stop_request
from chipscope.ui.data_edit.dialog import DataEditDialog, open_data_dialog
from chipscope.ui.main_window import MainWindow
from tests.ui import test_pass83_signal_in_a_save as pass83
from tests.ui import test_pass85_signal_in_an_import as pass85
from tests.ui.test_attack5_window import DEAL

ended = pass83.ended  # the window's real signal handlers, app.exit recorded (a fixture)


def _counting_reloads(dialog: DataEditDialog, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reloads: list[int] = []
    real = dialog.editor.reload

    def reload() -> object:
        reloads.append(1)
        return real()

    monkeypatch.setattr(dialog.editor, "reload", reload)
    return reloads


def test_a_signal_in_an_imports_write_ends_the_window_without_the_reload(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    window.session.set_value("lock_in", 1.3)
    dialog = open_data_dialog(window)
    assert dialog is not None
    shown = window.session.document.dataset
    pass83._signal_inside(monkeypatch, user_edits, "change_edits")
    capfd.readouterr()
    assert dialog.import_file(pass85._deals(tmp_path / "deals.csv")) is True
    assert window.session.document.dataset is shown  # stored, not shown: the window is ending
    stored = {e.key for e in user_edits.list_edits(window.db_path)}
    assert {f"p85_deal_{i}" for i in range(pass85.ROWS)} <= stored
    assert ended() == 143
    err = capfd.readouterr().err
    assert err.strip().splitlines()[-1] == ("chipscope: terminated; unsaved changes are kept in "
                                            "the autosave (offered at the next start)"), err
    restored = window.scenarios.working.pending_restore()
    assert restored is not None and restored.scenario.values["lock_in"] == 1.3
    assert not stop_request.stop_asked()  # asked of that import only


def test_a_signal_in_a_row_save_ends_the_window_without_the_reload(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        type_into: Callable[[object, dict[str, str]], None]) -> None:
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("deals")
    type_into(dialog, DEAL)
    shown = window.session.document.dataset
    pass83._signal_inside(monkeypatch, user_edits, "change_edits")
    capfd.readouterr()
    assert dialog.save()
    assert window.session.document.dataset is shown
    assert ended() == 143
    err = capfd.readouterr().err
    assert "was not saved" not in err and err.strip().splitlines()[-1] == "chipscope: terminated"
    assert ("deals", "apple_trainium3") in [(e.table, e.key)
                                            for e in user_edits.list_edits(window.db_path)]


def test_without_a_signal_a_stored_change_is_shown(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    window = make_window(show=False)
    dialog = open_data_dialog(window)
    assert dialog is not None
    reloads = _counting_reloads(dialog, monkeypatch)
    shown = window.session.document.dataset
    assert dialog.import_file(pass85._deals(tmp_path / "deals.csv")) is True
    assert reloads == [1]
    assert window.session.document.dataset is not shown
