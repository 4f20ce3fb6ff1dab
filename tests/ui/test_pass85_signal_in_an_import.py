"""Pass 85, F2: SIGTERM or Ctrl+C while Edit data > Import checked the rows of a big file (1,000
rows, 15 s) was handled only once the whole import had been checked and stored: the window
ended 15 s late, with the import stored all the same. The check now stops at its next row,
nothing is imported, and the window ends at once, saying so."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

import chipscope.storage.edit_file_layouts as layouts
from chipscope.storage import stop_request
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow
from tests.ui import test_pass83_signal_in_a_save as pass83

ended = pass83.ended  # the window's real signal handlers, app.exit recorded (a fixture)

HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
          "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
          "licence\n")
ROWS = 60


def _deals(path: Path) -> Path:
    path.write_text(HEADER + "".join(
        f"p85_deal_{i},apple,aws,trainium3,2027,2029,1,GW,Deal {i},medium,firm,,,"
        f"\"Example News, 30 Nov 2026\",https://example.com/x{i},2026-11-30,fair use quote\n"
        for i in range(ROWS)), encoding="utf-8")
    return path


def test_a_signal_while_an_import_is_checked_stops_it_and_ends_the_window(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    window.session.set_value("lock_in", 1.3)
    dialog = open_data_dialog(window)
    assert dialog is not None
    before = dialog.editor.store.edits()
    checked: list[int] = []
    real = layouts.field_problems

    def field_problems(*args: object, **kwargs: object) -> object:
        checked.append(1)
        if len(checked) == 3:  # the third row: SIGTERM, its handler runs in here
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):
                pass
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(layouts, "field_problems", field_problems)
    path = _deals(tmp_path / "deals.csv")
    assert dialog.import_file(path) is False
    assert len(checked) == 3  # no row checked after the signal (all 60 were)
    assert dialog.editor.store.edits() == before  # nothing imported
    assert "nothing imported; ChipScope is ending" in dialog.status.text()
    assert ended() == 143
    err = capfd.readouterr().err
    assert f"chipscope: terminated; the import of {path} was stopped: nothing imported; " \
           "unsaved changes are kept in the autosave" in err, err
    restored = window.scenarios.working.pending_restore()
    assert restored is not None and restored.scenario.values["lock_in"] == 1.3
    stop_request.stop_point()  # the request was for that import only: later calls go on


def test_a_signal_in_a_quick_storage_call_leaves_no_stop_behind(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A signal during a save (no rows to stop between) is handled after it; the request it
    made is gone by then, and an import afterwards is checked in full."""
    import chipscope.storage.scenario_db_store as scenarios  # where the window's saves call

    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    window.session.set_value("lock_in", 1.4)
    monkeypatch.setattr(window.scenarios.panel, "ask_name", lambda *_: ("Kept", ""))
    pass83._signal_inside(monkeypatch, scenarios, "save_scenario")
    assert window.scenarios.panel.save_as() is True
    assert ended() == 143
    stop_request.stop_point()  # does not raise
    dialog = open_data_dialog(window)
    assert dialog is not None
    assert dialog.import_file(_deals(tmp_path / "deals.csv")) is True
