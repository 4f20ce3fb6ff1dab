"""Pass 83: a signal (SIGTERM, SIGHUP, Ctrl+C) that came while the window itself was writing
to its database was handled inside that write: the last autosave waited 5 s on the window's
own write lock, then said the changes "could not be kept: Another program is using the
database" (F1: lost, when the save then asked about a conflict; F2: kept, or saved, all the
same), and an Edit data row being saved was reported "not saved" (F3). Such a signal is now
handled when the write has returned. F5: a start still connected to the hand-over socket when
the window ended got a traceback in the window's stderr (see test_pass83_handover_at_signal)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import chipscope.storage.autosave as autosave
import chipscope.storage.scenarios as scenarios
import chipscope.storage.user_edits as user_edits
from chipscope.storage import load_scenario, save_scenario
from chipscope.ui import diagnostics
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow
from tests.ui.test_attack5_window import DEAL


@pytest.fixture
def ended(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], int | None]]:
    """The window's real signal handlers (as run_gui installs them); app.exit recorded, not
    done. Yields: wait for the end the signal asked for, and give its status."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    exits: list[int] = []
    monkeypatch.setattr(app, "exit", lambda code=0: exits.append(code))
    holder: list[MainWindow] = []
    restore = diagnostics.install_interrupt(app, lambda: holder[0] if holder else None)

    def wait() -> int | None:
        qtbot.waitUntil(lambda: bool(exits), timeout=10_000)
        return diagnostics.interrupted(app)

    wait.holder = holder  # type: ignore[attr-defined]
    try:
        yield wait
    finally:
        restore()
        app.setProperty(diagnostics.INTERRUPTED, False)


def _signal_inside(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> None:
    """SIGTERM this process from inside ``module.name`` (once): the handler runs there."""
    real = getattr(module, name)
    fired: list[int] = []

    def wrapped(*args: object, **kwargs: object) -> object:
        if not fired:
            fired.append(1)
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # Python runs a handler between bytecodes: here, if at once
                pass
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)


def test_a_signal_in_a_conflicting_save_keeps_the_changes(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    """F1: another window saved the scenario since; the user's Save met SIGTERM inside, then
    the conflict question: the changes were in neither the scenario nor the autosave."""
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    panel = window.scenarios.panel
    window.session.set_value("lock_in", 1.3)
    monkeypatch.setattr(panel, "ask_name", lambda *_: ("Shared", ""))
    assert panel.save_as() is True
    save_scenario(window.db_path, "Shared", "", {"lock_in": 2.0})  # another window, since
    window.session.set_value("lock_in", 1.6)
    window.session.finish_edit("lock_in")
    monkeypatch.setattr(panel, "ask_conflict", lambda _e: "cancel")
    _signal_inside(monkeypatch, scenarios, "_refuse_twins")
    capfd.readouterr()
    start = time.monotonic()
    assert panel.save() is None  # the conflict, then Cancel
    assert time.monotonic() - start < 4  # no 5 s wait on its own lock
    assert ended() == 143
    err = capfd.readouterr().err
    assert "chipscope: terminated; unsaved changes are kept in the autosave (offered at the " \
           "next start)" in err
    assert "Another program" not in err
    assert load_scenario(window.db_path, "Shared").values == {"lock_in": 2.0}
    record = window.scenarios.working.pending_restore()
    assert record is not None and record.scenario.values["lock_in"] == 1.6


@pytest.mark.parametrize("inside", ["save", "autosave"])
def test_a_signal_in_a_save_that_completes_says_no_false_cause(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        inside: str) -> None:
    """F2: the save (or the timer's autosave) completed, yet the signal's line said the changes
    "could not be kept: Another program is using the database", after a 5 s freeze."""
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    window.session.set_value("lock_in", 1.7)
    window.session.finish_edit("lock_in")
    capfd.readouterr()
    start = time.monotonic()
    if inside == "save":
        monkeypatch.setattr(window.scenarios.panel, "ask_name", lambda *_: ("Mine", ""))
        _signal_inside(monkeypatch, scenarios, "_refuse_twins")
        assert window.scenarios.panel.save_as() is True
    else:
        _signal_inside(monkeypatch, autosave, "_now")
        assert window.scenarios.working.autosave_now() is None
    assert time.monotonic() - start < 4
    assert ended() == 143
    err = capfd.readouterr().err
    assert "Another program" not in err and "could not be kept" not in err
    if inside == "save":
        assert err.strip().splitlines()[-1] == "chipscope: terminated"
        assert load_scenario(window.db_path, "Mine").values["lock_in"] == 1.7
    else:
        assert "unsaved changes are kept in the autosave" in err
        record = window.scenarios.working.pending_restore()
        assert record is not None and record.scenario.values["lock_in"] == 1.7


def test_a_signal_in_an_edit_data_save_does_not_call_the_saved_row_lost(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        type_into: Callable[[object, dict[str, str]], None]) -> None:
    """F3: the dialog said "Saved: addition of deals …" and the signal's line "the new deals
    row typed in Edit data was not saved"."""
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("deals")
    type_into(dialog, DEAL)
    _signal_inside(monkeypatch, user_edits, "_record")
    capfd.readouterr()
    assert dialog.save()
    assert ended() == 143
    err = capfd.readouterr().err
    assert "was not saved" not in err and err.strip().splitlines()[-1] == "chipscope: terminated"
    assert ("deals", "apple_trainium3") in [(e.table, e.key)
                                            for e in user_edits.list_edits(window.db_path)]
