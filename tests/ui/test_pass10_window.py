"""Window findings of pass 10 (/work/pass10-win.md) fixed on branch fixwin2: scenario names
compared as stored, one damaged row of the scenarios table, the settings file, Ctrl+C, open
recent and the read-only folder of a data edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.ui.main_window import MainWindow

NFC, NFD = "Caf\u00e9", "Cafe\u0301"


def db_of(window: MainWindow) -> Path:
    assert window.db_path is not None
    return window.db_path


def _save_as(window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str,
             answer: bool) -> list[str]:
    """Save As ``name``; the texts of the Replace questions asked (answered ``answer``)."""
    panel = window.scenarios.panel
    asked: list[str] = []
    monkeypatch.setattr(panel, "ask_name", lambda *_: (name, ""))
    monkeypatch.setattr(panel, "confirm", lambda _t, text: asked.append(text) or answer)
    panel.save_as()
    return asked


# --- W2: Save As a name equal after normalisation asks before replacing ------------------------
@pytest.mark.parametrize("typed", [NFD, NFC, f"  {NFD} "])
def test_save_as_a_decomposed_twin_asks_before_replacing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        typed: str) -> None:
    """W2: Save As "Cafe" + combining accent replaced the saved "Café" without asking, also
    when the question would have been answered No."""
    window = make_window(show=False)
    save_scenario(db_of(window), NFC, "mine", {"lock_in": 1.0})
    window.scenarios.panel.refresh()
    window.session.set_value("lock_in", 4.0)
    window.session.finish_edit("lock_in")
    asked = _save_as(window, monkeypatch, typed, answer=False)
    assert len(asked) == 1 and NFC in asked[0]
    [kept] = list_scenarios(db_of(window))
    assert (kept.name, kept.description, kept.values) == (NFC, "mine", {"lock_in": 1.0})
    assert _save_as(window, monkeypatch, typed, answer=True) == asked
    assert [(r.name, r.values) for r in list_scenarios(db_of(window))] == [
        (NFC, {"lock_in": 4.0})]
    assert window.scenarios.panel.selected_name() == NFC


def test_save_as_asks_about_a_twin_another_window_saved(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """W2 across two windows: the second window's Save As NFD did not ask about the first
    window's NFC save."""
    first, second = make_window(show=False), make_window(show=False)
    save_scenario(db_of(first), NFC, "mine", {"lock_in": 1.0})
    first.scenarios.panel.refresh()
    second.session.set_value("lock_in", 4.0)
    second.session.finish_edit("lock_in")
    assert len(_save_as(second, monkeypatch, NFD, answer=False)) == 1
    assert list_scenarios(db_of(first))[0].values == {"lock_in": 1.0}


def test_saving_as_the_working_scenarios_own_name_in_another_form_does_not_ask(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    save_scenario(db_of(window), NFC, "mine", {"lock_in": 1.0})
    panel = window.scenarios.panel
    panel.refresh()
    assert panel.select(NFC) and panel.open_selected()
    window.session.set_value("lock_in", 4.0)
    window.session.finish_edit("lock_in")
    assert _save_as(window, monkeypatch, NFD, answer=False) == []
    assert list_scenarios(db_of(window))[0].values == {"lock_in": 4.0}


# --- W3: names that look like another name are refused ------------------------------------------
@pytest.mark.parametrize(("name", "code"), [
    ("a\ufe0f", "U+FE0F"), ("a\U000E0041", "U+E0041"), ("\u0301\u0301", "U+0301"),
    ("a\uffff", "U+FFFF"), ("a\u200db", "U+200D"), ("\u00adab", "U+00AD")])
def test_save_as_refuses_a_name_with_a_character_that_shows_as_nothing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, name: str,
        code: str) -> None:
    """W3: "a", "a" + U+FE0F and "a" + U+E0041 were three scenarios that look the same."""
    window = make_window(show=False)
    save_scenario(db_of(window), "a", "", {"lock_in": 1.0})
    window.scenarios.panel.refresh()
    _save_as(window, monkeypatch, name, answer=True)
    assert [r.name for r in list_scenarios(db_of(window))] == ["a"]
    [error] = window.errors  # type: ignore[attr-defined]
    assert code in error and "invisible" in error


# --- W4, W5: one damaged row of the scenarios table ---------------------------------------------
SOURCE = {"citation": "Example News, 30 Nov 2026", "url": "https://example.com/x",
          "retrieved": "2026-11-30", "licence": "fair use quote", "confidence": "low"}
DAMAGE = {
    "not_utf8": "INSERT INTO scenarios VALUES (CAST(X'ff' AS TEXT), '', '{}', 0, '2026')",
    "not_json": "INSERT INTO scenarios VALUES ('Other', '', '{not json', 0, '2026')",
    "blob_name": "INSERT INTO scenarios VALUES (X'4142', '', '{}', 0, '2026')",
    "odd_layout": "DROP TABLE scenarios; CREATE TABLE scenarios (x)"}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_scenarios_row_never_breaks_a_data_edit_new_or_compare(
        make_window: Callable[..., MainWindow], type_into: Callable[[object, dict[str, str]],
                                                                    None], damage: str) -> None:
    """W4: with a saved scenario open and a row another program damaged, View > Compare and
    File > New gave the unexpected-error box after a data edit. W5: that data edit was written
    but the editor said "Not saved", and Undo could not take it back."""
    import sqlite3

    from chipscope.storage.user_edits import list_edits
    from chipscope.ui.data_edit.dialog import open_data_dialog

    window = make_window()
    save_scenario(db_of(window), "S1", "", {"lock_in": 1.0})
    panel = window.scenarios.panel
    panel.refresh()
    assert panel.select("S1") and panel.open_selected()
    with sqlite3.connect(db_of(window)) as conn:
        conn.executescript(DAMAGE[damage])
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("access")
    dialog._select("openai.intel")
    type_into(dialog, {**SOURCE, "access": "0.4"})
    assert dialog.save(), dialog.status.text()
    assert dialog.status.text().startswith("Saved")
    assert len(list_edits(db_of(window))) == 1
    assert "openai.intel" in window.scenarios.undo.undo_action.text()
    window.scenarios.open_compare()
    if damage != "odd_layout":  # the good rows are listed; the damaged one is named
        assert [e.name for e in window.scenarios.working.entries() if not e.is_preset] == ["S1"]
        assert "row 2 of the scenarios table" in window.statusBar().currentMessage()
    panel.new_scenario()
    assert window.scenarios.working.source == "new"
    assert window.scenarios.working.undo() and window.scenarios.working.undo()
    assert list_edits(db_of(window)) == []


# --- W10: a settings file that is not a regular file ---------------------------------------------
def test_a_settings_fifo_is_never_opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """W10: a settings.ini that is a FIFO hung the start for good (Ctrl+C did nothing)."""
    import os

    from chipscope.ui import app

    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path))
    os.mkfifo(tmp_path / "settings.ini")
    problem = app.settings_problem()  # checked before anything opens the file
    assert problem is not None and str(tmp_path / "settings.ini") in problem
    assert "pipe (FIFO)" in problem and "default settings" in problem
    settings = app.app_settings()
    assert Path(settings.fileName()) != tmp_path / "settings.ini"
    settings.setValue("x", 1)
    settings.sync()  # the scratch file, not the FIFO
    assert (tmp_path / "settings.ini").is_fifo()


def test_the_platform_settings_file_is_checked_too(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    import os

    from chipscope.ui import app

    monkeypatch.delenv("CHIPSCOPE_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "ChipScope").mkdir()
    assert app.settings_problem() is None  # absent: Qt creates it
    os.mkfifo(tmp_path / "ChipScope" / "ChipScope.conf")
    problem = app.settings_problem()
    assert problem is not None and "ChipScope.conf" in problem


# --- W13: what Ctrl+C says -----------------------------------------------------------------------
@pytest.mark.parametrize("unsaved", [False, True])
def test_ctrl_c_mentions_the_autosave_only_for_unsaved_changes_and_once(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], unsaved: bool) -> None:
    """W13: "unsaved changes are kept in the autosave" was printed with nothing unsaved, and
    twice for two Ctrl+C."""
    import signal

    from PySide6.QtWidgets import QApplication

    from chipscope.ui import diagnostics

    window = make_window(show=False)
    if unsaved:
        window.session.set_value("lock_in", 4.0)
        window.session.finish_edit("lock_in")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    codes: list[int] = []
    monkeypatch.setattr(app, "exit", lambda code=0: codes.append(code))
    restore = diagnostics.install_interrupt(app, lambda: window)
    try:
        capsys.readouterr()
        signal.raise_signal(signal.SIGINT)
        signal.raise_signal(signal.SIGINT)
    finally:
        restore()
        app.setProperty(diagnostics.INTERRUPTED, False)
    said = capsys.readouterr().err.splitlines()
    assert codes == [130, 130]
    assert said == ["chipscope: interrupted; unsaved changes are kept in the autosave (offered "
                    "at the next start)" if unsaved else "chipscope: interrupted"]


# --- W15: recent files that are not text ---------------------------------------------------------
def test_recent_entries_that_are_not_text_paths_are_skipped(tmp_path: Path) -> None:
    """W15: Open recent listed "None" and "b'\\xff\\xfe'"."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

    from chipscope.ui.recent import RecentFiles

    ini = tmp_path / "settings.ini"
    ini.write_text("[General]\nrecent_files=/tmp/a\\0b.toml, @Invalid(), "
                   "@ByteArray(\\xff\\xfe), /tmp/kept.toml\n", encoding="utf-8")
    menu = QMenu()
    recent = RecentFiles(QSettings(str(ini), QSettings.Format.IniFormat), menu, print)
    assert recent.paths() == [Path("/tmp/kept.toml")]
    texts = [a.text() for a in menu.actions()]
    assert not any("None" in t or "b'" in t for t in texts)
