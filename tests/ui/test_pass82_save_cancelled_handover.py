"""Pass 82 F1: a scenario file handed to the running window, with unsaved changes in an
Untitled scenario, answered Save, then Cancel in the "Save scenario as" name dialog (or No at
"Replace scenario?"), is the user's Cancel: the open gives None, so the start that handed it
over says the user cancelled, not "could not open it: see its message there" (no message was
shown)."""
from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.ui import instance
from chipscope.ui.main_window import MainWindow

GOOD = 'format_version = 2\nname = "Cheap Trainium"\n[assumptions]\nlock_in = 0.5\n'


def _modified_untitled(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    working = window.scenarios.working
    assert working.needs_name()
    working.session.set_value("lock_in", 1.0)
    working.session.finish_edit("lock_in")
    monkeypatch.setattr(window.scenarios.panel, "ask_unsaved", lambda: "save")


def _names(window: MainWindow) -> list[str]:
    return [item.text(0) for item in window.scenarios.panel.rows()]


@pytest.mark.parametrize("cancel_at", ["name", "replace"])
def test_cancel_in_the_save_is_a_cancel_not_a_refusal(
        make_window: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], cancel_at: str) -> None:
    window = make_window(show=False)  # type: ignore[operator]
    panel = window.scenarios.panel
    if cancel_at == "replace":  # a saved scenario of that name: "Replace scenario?" No
        monkeypatch.setattr(panel, "ask_name", lambda *_: ("Mine", ""))
        window.scenarios.working.session.set_value("lock_in", 2.0)
        window.scenarios.working.session.finish_edit("lock_in")
        assert panel.save_as() is True
        window.scenarios.working.new()
        monkeypatch.setattr(panel, "confirm", lambda *_: False)
    else:
        monkeypatch.setattr(panel, "ask_name", lambda *_: None)
    _modified_untitled(window, monkeypatch)
    before = _names(window)
    file = tmp_path / "good.toml"
    file.write_text(GOOD)

    assert window.open_scenario_file(file) is None
    assert window.errors == [] and window.warnings == []
    assert _names(window) == before  # nothing imported, nothing saved
    assert window.scenarios.working.session.assumptions["lock_in"] == 1.0
    assert window.scenarios.working.is_modified()
    assert file.read_text() == GOOD

    assert instance.Handed(((str(file), instance.CANCELLED),)).report([file]) == 2
    err = capsys.readouterr().err
    assert f"{file} was not opened: you chose Cancel in the ChipScope window already " \
           "running (at its \u201cUnsaved changes\u201d question or in the save it led to)" in err
    assert "see its message there" not in err


def test_a_failed_save_is_still_a_refusal_with_its_message(
        make_window: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A save that fails (here: a name that cannot be saved) still gives False, with its
    message shown in the window."""
    window = make_window(show=False)  # type: ignore[operator]
    monkeypatch.setattr(window.scenarios.panel, "ask_name", lambda *_: ("bad\u202ename", ""))
    _modified_untitled(window, monkeypatch)
    file = tmp_path / "good.toml"
    file.write_text(GOOD)
    assert window.open_scenario_file(file) is False
    assert len(window.errors) == 1 and window.errors[0]
