"""Scenario list and working scenario: save, open, rename, duplicate, delete, presets,
unsaved-changes prompts, import/export, autosave and restore (dialogs answered by the test)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model.scenario import ScenarioError
from chipscope.storage import list_scenarios, load_scenario, open_user_database
from chipscope.storage.autosave import load_autosave, save_autosave
from chipscope.ui.scenarios.panel import ScenariosPanel
from chipscope.ui.scenarios.working import UNTITLED, WorkingScenario
from chipscope.ui.session import Session

PRICE = "vendor.nvidia.price_change_pct"


class Answers:
    """Scripted replies to the panel's dialogs, and a record of what was asked."""

    def __init__(self) -> None:
        self.names: list[tuple[str, str] | None] = []
        self.unsaved: list[str] = []
        self.confirm: list[bool] = []
        self.asked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def panel(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
          user_working: WorkingScenario) -> ScenariosPanel:
    widget = ScenariosPanel(user_working)
    qtbot.addWidget(widget)
    answers = Answers()
    widget.answers = answers  # type: ignore[attr-defined]

    def ask_name(title: str, name: str, description: str | None) -> tuple[str, str] | None:
        answers.asked.append(f"name:{title}:{name}")
        return answers.names.pop(0)

    def ask_unsaved() -> str:
        answers.asked.append("unsaved")
        return answers.unsaved.pop(0)

    def confirm(title: str, text: str) -> bool:
        answers.asked.append(f"confirm:{title}")
        return answers.confirm.pop(0)

    monkeypatch.setattr(widget, "ask_name", ask_name)
    monkeypatch.setattr(widget, "ask_unsaved", ask_unsaved)
    monkeypatch.setattr(widget, "confirm", confirm)
    monkeypatch.setattr(widget, "show_error", lambda t, text: answers.errors.append(text))
    return widget


def _answers(panel: ScenariosPanel) -> Answers:
    answers: Answers = panel.answers  # type: ignore[attr-defined]
    return answers


def _edit(working: WorkingScenario, key: str, value: float) -> None:
    """A finished user edit, as the assumptions panel reports it."""
    working.session.set_value(key, value)
    working.session.finish_edit(key)


def test_presets_are_listed_read_only_and_saving_one_makes_a_copy(panel: ScenariosPanel) -> None:
    w, answers = panel.working, _answers(panel)
    names = [row.text(0) for row in panel.rows()]
    assert names[:5] == ["Baseline", "Trainium breakout", "NVIDIA holds", "Custom silicon wave",
                         "Price war"]
    assert all(row.text(2) == "preset" for row in panel.rows()[:5])
    assert "Project Rainier" in panel.rows()[1].toolTip(1)
    panel.select("Price war")
    assert not panel.rename_action.isEnabled() and not panel.delete_action.isEnabled()
    assert panel.open_selected()
    assert (w.name, w.source, w.is_modified()) == ("Price war", "preset", False)
    assert w.session.assumptions[PRICE] == -30
    _edit(w, "lock_in", 1.0)
    assert w.is_modified() and w.title() == "Price war* \u2014 ChipScope"
    answers.names = [("Price war, sticky", "my copy")]
    assert panel.save()  # a preset: Save asks for a name
    assert answers.asked == ["name:Save scenario as:Price war (2)"]
    record = load_scenario(w.db_path, "Price war, sticky")
    assert record.values == {PRICE: -30.0, "lock_in": 1.0} and record.description == "my copy"
    assert (w.name, w.source, w.is_modified()) == ("Price war, sticky", "saved", False)
    assert w.title() == "Price war, sticky \u2014 ChipScope"
    # A preset's name cannot be taken.
    answers.names = [("Baseline", "")]
    assert not panel.save_as()
    assert "preset" in answers.errors[-1]


def test_save_rename_duplicate_delete(panel: ScenariosPanel) -> None:
    w, answers = panel.working, _answers(panel)
    assert (w.name, w.source) == (UNTITLED, "new") and not w.is_modified()
    _edit(w, PRICE, -25)
    answers.names = [("Mine", "first")]
    assert panel.save()
    _edit(w, PRICE, -20)
    assert panel.save()  # a saved scenario: no question
    assert load_scenario(w.db_path, "Mine").values == {PRICE: -20.0}
    assert len(answers.asked) == 1
    row = next(r for r in panel.rows() if r.text(0) == "Mine")
    assert row.font(0).bold() and row.text(2) != "preset"

    panel.select("Mine")
    answers.names = [("Ours", "")]
    assert panel.rename_selected()
    assert w.name == "Ours" and [s.name for s in list_scenarios(w.db_path)] == ["Ours"]
    assert panel.duplicate_selected() == "Ours (2)"
    assert load_scenario(w.db_path, "Ours (2)").values == {PRICE: -20.0}
    panel.select("Price war")
    assert panel.duplicate_selected() == "Price war (2)"  # a preset copy is a saved scenario

    panel.select("Ours")
    answers.confirm = [False]
    assert not panel.delete_selected()
    assert "Ours" in [s.name for s in list_scenarios(w.db_path)]
    answers.confirm = [True]
    assert panel.delete_selected()
    assert "Ours" not in [s.name for s in list_scenarios(w.db_path)]
    assert w.is_modified() and w.needs_name()  # its values are now unsaved
    assert "Ours" not in [r.text(0) for r in panel.rows()]


def test_save_as_over_an_existing_scenario_asks(panel: ScenariosPanel) -> None:
    w, answers = panel.working, _answers(panel)
    _edit(w, PRICE, -25)
    answers.names = [("A", ""), ]
    panel.save_as()
    w.new()
    _edit(w, PRICE, -5)
    answers.names, answers.confirm = [("A", "")], [False]
    assert not panel.save_as()
    assert load_scenario(w.db_path, "A").values == {PRICE: -25.0}
    answers.names, answers.confirm = [("A", "")], [True]
    assert panel.save_as()
    assert load_scenario(w.db_path, "A").values == {PRICE: -5.0}


def test_opening_another_scenario_asks_about_unsaved_changes(panel: ScenariosPanel) -> None:
    w, answers = panel.working, _answers(panel)
    _edit(w, PRICE, -25)
    panel.select("Baseline")
    answers.unsaved = ["cancel"]
    assert not panel.open_selected()
    assert w.session.assumptions[PRICE] == -25 and w.name == UNTITLED
    answers.unsaved = ["save"]
    answers.names = [None]  # ... then cancels the name: nothing happens
    assert not panel.open_selected()
    assert w.is_modified()
    answers.unsaved, answers.names = ["save"], [("Kept", "")]
    assert panel.open_selected()
    assert w.name == "Baseline" and load_scenario(w.db_path, "Kept").values == {PRICE: -25.0}
    _edit(w, PRICE, -5)
    answers.unsaved = ["discard"]
    panel.new_scenario()
    assert (w.name, w.is_modified()) == (UNTITLED, False)
    assert w.session.assumptions == w.session.specs.defaults()


def test_export_and_import_files(panel: ScenariosPanel, tmp_path: Path) -> None:
    w = panel.working
    _edit(w, PRICE, -27.5)
    _edit(w, "vendor.amd.supply_cap_h100e", 2e6)
    file = tmp_path / "Shared.toml"  # an untitled scenario is exported under the file's name
    w.export_file(file)
    text = file.read_text(encoding="utf-8")
    assert 'name = "Shared"' in text and "-27.5" in text
    w.new()
    assert w.import_file(file) == "Shared"
    assert (w.name, w.source, w.is_modified()) == ("Shared", "saved", False)
    assert w.session.assumptions[PRICE] == -27.5
    assert w.import_file(file) == "Shared (2)"
    bad = tmp_path / "bad.toml"
    bad.write_text('format_version = 1\nname = "Bad"\n[assumptions]\nlock_in = 9\n'
                   '"vendor.nvidia.price_chnage_pct" = 1\n', encoding="utf-8")
    before = [s.name for s in list_scenarios(w.db_path)]
    with pytest.raises(ScenarioError) as info:
        w.import_file(bad)
    assert len(info.value.problems) == 2
    assert any("price_chnage_pct" in p and "did you mean" in p for p in info.value.problems)
    assert [s.name for s in list_scenarios(w.db_path)] == before
    assert w.name == "Shared (2)"  # nothing changed on screen either


def test_autosave_after_a_change_and_restore(qtbot: QtBot, panel: ScenariosPanel) -> None:
    w = panel.working
    w.autosave_timer.setInterval(50)
    _edit(w, PRICE, -33)
    qtbot.waitUntil(lambda: load_autosave(w.db_path) is not None, timeout=3000)
    record = load_autosave(w.db_path)
    assert record is not None and record.unsaved and record.scenario.values == {PRICE: -33.0}
    # A fresh start (the old window was killed) finds it and restores it as unsaved changes.
    w.release_autosave_lock()  # what the killed process's death does to its lock
    fresh = WorkingScenario(Session(w.session.dataset), w.db_path, w.presets)
    pending = fresh.pending_restore()
    assert pending is not None
    fresh.restore(pending)
    assert fresh.session.assumptions[PRICE] == -33 and fresh.is_modified()
    assert fresh.title() == f"{UNTITLED}* \u2014 ChipScope"
    fresh.discard_autosave()
    assert load_autosave(w.db_path) is None and fresh.pending_restore() is None


def test_restore_of_a_saved_scenario_keeps_its_name(panel: ScenariosPanel) -> None:
    w = panel.working
    _edit(w, PRICE, -25)
    _answers(panel).names = [("Mine", "")]
    panel.save()
    save_autosave(w.db_path, "Mine", "", {PRICE: -12.0, "lock_in": 2.0})
    w.release_autosave_lock()
    fresh = WorkingScenario(Session(w.session.dataset), w.db_path, w.presets)
    record = fresh.pending_restore()
    assert record is not None
    fresh.restore(record)
    assert (fresh.name, fresh.source, fresh.is_modified()) == ("Mine", "saved", True)
    fresh.save()
    assert load_scenario(w.db_path, "Mine").values == {PRICE: -12.0, "lock_in": 2.0}
    assert load_autosave(w.db_path) is None  # saved: nothing left to restore


def test_a_second_window_on_the_same_database_leaves_the_autosave_alone(
        qtbot: QtBot, panel: ScenariosPanel) -> None:
    """Two windows open at once share one database: only the first autosaves, and the second
    must not mistake the first one's autosave for a crash's, nor clear it."""
    first = panel.working
    assert first.owns_autosave
    first.autosave_timer.setInterval(50)
    _edit(first, PRICE, -33)
    qtbot.waitUntil(lambda: load_autosave(first.db_path) is not None, timeout=3000)
    second = WorkingScenario(Session(first.session.dataset), first.db_path, first.presets)
    assert not second.owns_autosave
    assert second.pending_restore() is None  # the first window is alive: nothing to restore
    _edit(second, PRICE, -5)
    second.autosave_now()
    second.discard_autosave()
    record = load_autosave(first.db_path)
    assert record is not None and record.scenario.values == {PRICE: -33.0}
    # Saving by name still works from the second window.
    second.save_as("From the second window", "")
    assert load_scenario(first.db_path, "From the second window").values == {PRICE: -5.0}
    # Once the first window has gone, a new one owns the autosave again.
    first.release_autosave_lock()
    third = WorkingScenario(Session(first.session.dataset), first.db_path, first.presets)
    assert third.owns_autosave and third.pending_restore() is not None
    third.release_autosave_lock()


def test_restore_of_values_the_dataset_no_longer_has(panel: ScenariosPanel) -> None:
    w = panel.working
    save_autosave(w.db_path, "Old", "", {"deal.gone.enabled": 0.0})
    record = w.pending_restore()
    assert record is not None
    assert w.restore(record) == ["deal.gone.enabled: not in this dataset"]  # N2: named
    assert load_autosave(w.db_path) is not None  # not deleted with the values that fit


def test_read_only_database_saves_nothing(qtbot: QtBot, panel: ScenariosPanel,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    w = panel.working
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(w.db_path))
    assert not w.writable
    panel.refresh()
    assert not panel.save_action.isEnabled()
    _edit(w, PRICE, -25)
    _answers(panel).names = [("X", "")]
    assert not panel.save_as()
    assert "read-only" in _answers(panel).errors[-1]
    w.autosave_now()  # silently off: nothing to write to
    assert w.pending_restore() is None and not math.isnan(w.session.assumptions[PRICE])


# --- in the main window -----------------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import os

    from PySide6.QtCore import QSettings

    from chipscope.ui.main_window import MainWindow

    dataset, db = open_user_database()
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    win = MainWindow(Session(dataset), settings, db_path=db)
    qtbot.addWidget(win)
    answers = Answers()
    panel = win.scenarios.panel

    def ask_unsaved() -> str:
        answers.asked.append("unsaved")
        return answers.unsaved.pop(0) if answers.unsaved else "discard"

    monkeypatch.setattr(panel, "ask_unsaved", ask_unsaved)
    monkeypatch.setattr(panel, "ask_name", lambda *a: answers.names.pop(0))
    monkeypatch.setattr(panel, "show_error", lambda t, text: answers.errors.append(text))
    win.answers = answers
    win.show()
    return win


def test_menus_title_and_shortcuts(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    file_texts = [a.text().replace("&", "") for a in window.menus["file"].actions()
                  if not a.isSeparator()]
    assert file_texts[:7] == ["New", "Open", "Save", "Save As\u2026", "Import scenario\u2026",
                              "Open recent", "Export scenario\u2026"]
    panel = window.scenarios.panel
    assert panel.save_action.shortcut() == QKeySequence("Ctrl+S")
    assert panel.save_as_action.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert window.windowTitle() == "Untitled \u2014 ChipScope"
    assert window.scenarios_dock.widget() is panel
    view = [a.text() for a in window.menus["view"].actions()]
    assert "&Compare scenarios\u2026" in view and "Scenarios" in view
    compare = window.scenarios.open_compare()
    assert compare.isVisible() and compare.isWindow()
    assert window.scenarios.open_compare() is compare  # one per window


def test_closing_with_unsaved_changes_asks(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    w, answers = window.scenarios.working, window.answers
    _edit(w, PRICE, -25)
    answers.unsaved = ["cancel"]
    window.close()
    assert window.isVisible() and answers.asked == ["unsaved"]
    assert load_autosave(w.db_path) is not None  # written on close, kept while open
    answers.unsaved, answers.names = ["save"], [("On close", "")]
    window.close()
    assert not window.isVisible()
    assert load_scenario(w.db_path, "On close").values == {PRICE: -25.0}
    assert load_autosave(w.db_path) is None  # a clean exit leaves nothing to restore


def test_closing_without_changes_does_not_ask(window) -> None:  # type: ignore[no-untyped-def]
    window.close()
    assert not window.isVisible() and window.answers.asked == []


def test_import_and_export_from_the_file_menu(window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import chipscope.ui.scenarios.actions as actions

    w = window.scenarios.working
    _edit(w, PRICE, -31)
    out = tmp_path / "mine.toml"
    monkeypatch.setattr(actions.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    window.scenarios.export_action.trigger()
    assert '"vendor.nvidia.price_change_pct" = -31' in out.read_text(encoding="utf-8")

    bad = tmp_path / "bad.toml"
    bad.write_text('format_version = 1\nname = "Bad"\n[assumptions]\nlock_in = -1\n'
                   'bogus_key = 3\n', encoding="utf-8")
    shown: list[list[str]] = []
    monkeypatch.setattr(window.scenarios, "show_import_errors", lambda p, problems:
                        shown.append(problems))
    monkeypatch.setattr(actions.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(bad), "")))
    window.answers.unsaved = ["discard"]
    window.scenarios.import_action.trigger()
    assert len(shown) == 1 and len(shown[0]) == 2
    assert any(p.startswith("line 4: lock_in:") for p in shown[0])
    assert any(p.startswith("line 5: ") and "bogus_key" in p for p in shown[0])
    assert [s.name for s in list_scenarios(w.db_path) if not s.is_preset] == []

    monkeypatch.setattr(actions.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    window.scenarios.import_action.trigger()
    assert window.windowTitle() == "mine \u2014 ChipScope"  # untitled: named after the file
    assert w.source == "saved" and w.session.assumptions[PRICE] == -31
    assert window.scenarios.panel.selected_name() == "mine"


def test_start_offers_to_restore_after_a_crash(qtbot: QtBot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A window process is killed after an autosave; the next start offers to restore it."""
    import os
    import signal
    import subprocess
    import sys

    from chipscope.ui import app
    from chipscope.ui.scenarios.actions import ScenarioActions

    code = (
        "import os, sys, time\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QTimer\n"
        "from chipscope.ui import app\n"
        "qt = app.ensure_app()\n"
        "window = app.start(confirm=lambda reason: False)\n"
        "working = window.scenarios.working\n"
        "working.autosave_timer.setInterval(100)\n"
        f"working.session.set_value({PRICE!r}, -44.0)\n"
        f"working.session.finish_edit({PRICE!r})\n"
        "working.autosave_timer.timeout.connect(lambda: print('autosaved', flush=True))\n"
        "qt.exec()\n")
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert line.strip() == "autosaved"

    offered: list[str] = []

    def ask(self: ScenarioActions, record) -> bool:  # type: ignore[no-untyped-def]
        offered.append(record.scenario.name)
        return True

    monkeypatch.setattr(ScenarioActions, "ask_restore", ask)
    window = app.start(confirm=lambda reason: False)
    assert window is not None
    qtbot.addWidget(window)
    monkeypatch.setattr(window.scenarios.panel, "ask_unsaved", lambda: "discard")
    assert offered == [UNTITLED]
    assert window.session.assumptions[PRICE] == -44
    assert window.windowTitle() == f"{UNTITLED}* \u2014 ChipScope"
    window.close()
    assert load_autosave(window.scenarios.working.db_path) is None

    # Declining the offer discards the autosave.
    save_autosave(window.scenarios.working.db_path, "X", "", {PRICE: -1.0})
    monkeypatch.setattr(ScenarioActions, "ask_restore", lambda self, record: False)
    again = app.start(confirm=lambda reason: False)
    assert again is not None
    qtbot.addWidget(again)
    assert again.session.assumptions[PRICE] == -10
    assert load_autosave(again.scenarios.working.db_path) is None


def test_a_second_window_says_for_good_that_it_does_not_autosave(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two main windows on one database: the second shows a permanent "Autosave off" in its
    status bar (a passing message would vanish), the first does not."""
    from chipscope.ui import app

    first = app.start(confirm=lambda reason: False)
    second = app.start(confirm=lambda reason: False)
    assert first is not None and second is not None
    for w in (first, second):
        qtbot.addWidget(w)
        monkeypatch.setattr(w.scenarios.panel, "ask_unsaved", lambda: "discard")
    assert first.scenarios.autosave_label is None
    label = second.scenarios.autosave_label
    assert label is not None and label.isVisible() and "Autosave off" in label.text()
    assert "Ctrl+S" in label.toolTip()
    second.statusBar().showMessage("something else", 100)
    qtbot.wait(200)
    assert label.isVisible()  # permanent widgets stay through passing messages


def test_rename_and_delete_are_undone_in_the_database(panel: ScenariosPanel) -> None:
    w, answers = panel.working, _answers(panel)
    _edit(w, PRICE, -25)
    answers.names = [("Mine", "")]
    assert panel.save()
    panel.select("Mine")
    answers.names = [("Ours", "")]
    assert panel.rename_selected()
    assert w.undo()  # the rename
    assert [s.name for s in list_scenarios(w.db_path)] == ["Mine"] and w.name == "Mine"
    assert "Mine" in [r.text(0) for r in panel.rows()]  # the list follows
    panel.select("Mine")
    answers.confirm = [True]
    assert panel.delete_selected()
    assert list_scenarios(w.db_path) == [] and w.is_modified()
    assert w.undo()  # the deletion: saved again, and the working scenario is it again
    assert load_scenario(w.db_path, "Mine").values == {PRICE: -25.0}
    assert (w.name, w.source, w.is_modified()) == ("Mine", "saved", False)
    assert w.redo() and list_scenarios(w.db_path) == []
    # Import is one step: undo deletes what it saved and shows what was there before.
    w.redo()  # nothing left to redo
    before = w.session.assumptions
    file = Path(str(w.db_path) + "-import.toml")
    file.write_text('format_version = 1\nname = "From file"\n[assumptions]\nlock_in = 2\n',
                    encoding="utf-8")
    assert w.import_file(file) == "From file"
    assert w.undo() and "From file" not in w.names() and w.session.assumptions == before


def test_an_undo_the_database_refuses_is_reported_not_raised(panel: ScenariosPanel) -> None:
    w = panel.working
    messages: list[str] = []
    w.message_changed.connect(messages.append)
    _edit(w, PRICE, -25)
    w.save_as("A", "")
    w.rename("A", "B")
    w.store.save("A", "", {})  # another window took the old name meanwhile
    # Pass 25: no longer refused ("rename or delete it first" led back to the refusal in the
    # one window a database has): the other save is kept, this one takes a free name.
    assert w.undo() and not messages[-1].startswith("Cannot undo")
    assert "\u201cA (restored)\u201d" in messages[-1] and w.name == "A (restored)"
    assert set(w.names()) >= {"A", "A (restored)"} and "B" not in w.names()
