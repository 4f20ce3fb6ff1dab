"""Pass 87, F2: on a full disk the window's ending line said "unsaved changes could not be kept:
… nothing was changed (free some space and try again)": an ending window cannot try again, and
the line did not say that an older autosave (lock_in 1.3 where 1.4 was on screen) is what is
left. It now says why without the advice, then what the autosave holds."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage.errors import full
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios import working_autosave
from tests.ui import test_pass68_interrupt_typed_row as pass68


def _end_on_a_full_disk(window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> str:
    db = window.scenarios.working.db_path
    assert db is not None

    def refused(*_args: object, **_kwargs: object) -> None:
        raise full(Path(db))

    monkeypatch.setattr(working_autosave, "save_autosave", refused)
    return pass68._interrupt(window, monkeypatch, capsys).strip().splitlines()[-1]


def test_the_ending_line_names_the_older_autosave_left(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    window = make_window(show=False)
    working = window.scenarios.working
    window.session.set_value("lock_in", 1.3)
    assert working.autosave_now() is None  # written while there was room
    window.session.set_value("lock_in", 1.4)
    line = _end_on_a_full_disk(window, monkeypatch, capsys)
    db = working.db_path
    assert re.fullmatch(
        re.escape(f"chipscope: terminated; unsaved changes could not be kept: The database {db} "
                  "could not be written because the disk is full; the autosave of ")
        + r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
        + re.escape(" (older values) is offered at the next start"), line), line
    assert "try again" not in line
    record = working.pending_restore()
    assert record is not None and record.scenario.values["lock_in"] == 1.3


def test_the_ending_line_says_the_changes_are_lost_with_no_autosave_left(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    window = make_window(show=False)
    working = window.scenarios.working
    window.session.set_value("lock_in", 1.4)
    assert working.discard_autosave() is None
    line = _end_on_a_full_disk(window, monkeypatch, capsys)
    assert line == (f"chipscope: terminated; unsaved changes could not be kept: The database "
                    f"{working.db_path} could not be written because the disk is full; they "
                    "are lost")
    assert working.pending_restore() is None
