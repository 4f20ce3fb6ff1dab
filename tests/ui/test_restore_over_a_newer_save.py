"""Pass 92 F1-F2 and pass 93 F1-F3: after a crash, the restored autosave was shown as unsaved
changes of the saved scenario of its name, with that scenario's current stamp, and Save
overwrote a save another window or program had made after the values were opened (window B's
"Mine" = 1.7 under A's restored 1.4 or 1.5; B's new "Untitled" under A's untitled values),
also after the restored scenario was renamed. The autosave now keeps the stamp of the saved
copy its values were made on ("" for an untitled scenario): Save after a restore asks when the
saved copy changed since, and an untitled scenario's values are restored untitled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage import SaveConflict, load_scenario, save_scenario
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.panel import ScenariosPanel


def _restored(window: MainWindow, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """A's values, autosaved; another window saves in between (not in "plain"); A is killed
    and its autosave restored (Yes at the next start's question)."""
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None and working.owns_autosave
    if case != "untitled":
        window.session.set_value("lock_in", 1.3)
        monkeypatch.setattr(panel, "ask_name", lambda *_: ("Mine", ""))
        assert panel.save_as() is True
    window.session.set_value("lock_in", 1.4)
    assert working.autosave_now() is None
    if case == "saved":  # window B, in the same second as A's autosaves
        save_scenario(db, "Mine", "", {"lock_in": 1.7})
    window.session.set_value("lock_in", 1.5)  # A edits on: the autosave is newer than B's save
    assert working.autosave_now() is None
    if case == "untitled":  # B's new "Untitled", after A's last autosave (the same second)
        save_scenario(db, "Untitled", "", {"lock_in": 1.7})
    working.autosave_timer.stop()
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 1.5}
    working.restore(record)


def _mine_saved(window: MainWindow, monkeypatch: pytest.MonkeyPatch, then: float) -> Path:
    """A live window: A saves "Mine" = 1.3 and types ``then``; the database."""
    panel, db = window.scenarios.panel, window.scenarios.working.db_path
    assert db is not None
    window.session.set_value("lock_in", 1.3)
    monkeypatch.setattr(panel, "ask_name", lambda *_: ("Mine", ""))
    assert panel.save_as() is True
    window.session.set_value("lock_in", then)
    return db


def _saved_elsewhere_live(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """A live window: A saves "Mine" = 1.3 and types 1.5; window B saves "Mine" = 1.7."""
    save_scenario(_mine_saved(window, monkeypatch, 1.5), "Mine", "", {"lock_in": 1.7})


def _other_steps_after_a_save_elsewhere(window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                        steps: str) -> Path:
    """:func:`_saved_elsewhere_live`, then A's ``steps``: a first step that writes the database
    (save_as, duplicate, rename_other: of another scenario), then undo and redo steps."""
    working = window.scenarios.working
    db = working.db_path
    assert db is not None
    save_scenario(db, "Other", "", {"lock_in": 1.1})
    _saved_elsewhere_live(window, monkeypatch)
    first, *rest = steps.split()
    if first == "save_as":
        working.save_as("Copy")
    elif first == "duplicate":
        working.duplicate("Mine")
    else:
        working.rename("Other", "Other2")
    for step in rest:
        assert getattr(working, step)()
    return db


def _answers(panel: ScenariosPanel, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def conflict(exc: SaveConflict) -> str:
        asked.append(f"conflict:{exc.name}")
        return "cancel"

    monkeypatch.setattr(panel, "ask_conflict", conflict)
    monkeypatch.setattr(panel, "ask_name", lambda _t, name, _d: asked.append(f"name:{name}")
                        or None)
    return asked


@pytest.mark.parametrize("case", ["saved", "untitled", "plain"])
def test_a_restore_never_overwrites_a_newer_save_without_asking(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        case: str) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    _restored(window, monkeypatch, case)
    asked = _answers(panel, monkeypatch)
    saved = panel.save()
    if case == "plain":  # the saved copy is the one the autosave's changes were made on
        assert saved is True and not asked
        assert load_scenario(db, "Mine").values == {"lock_in": 1.5}
    elif case == "saved":
        assert saved is None and asked == ["conflict:Mine"]
        assert load_scenario(db, "Mine").values == {"lock_in": 1.7}
    else:  # an untitled scenario's values, restored untitled: Save asks a name
        assert working.source == "new" and working.needs_name()
        assert saved is None and asked == ["name:Untitled (2)"]
        assert load_scenario(db, "Untitled").values == {"lock_in": 1.7}


@pytest.mark.parametrize("restored", [True, False])
@pytest.mark.parametrize("then", ["", "back", "undo", "undo redo"])
def test_renaming_the_scenario_still_asks_at_save(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        then: str, restored: bool) -> None:
    """Pass 93 F3 and pass 94 F1: a rename (by hand, back, or undone and redone) of the
    scenario another window saved since it was opened (or restored) here lost that mark: Save
    overwrote the other save without a question, in a live window too."""
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    if restored:
        _restored(window, monkeypatch, "saved")
    else:  # a live window: B saves the "Mine" A has open
        _saved_elsewhere_live(window, monkeypatch)
    working.rename("Mine", "Mine2")
    if then == "back":
        working.rename("Mine2", "Mine")
    for step in then.split() if then != "back" else []:
        assert getattr(working, step)()
    asked = _answers(panel, monkeypatch)
    assert panel.save() is None
    name = "Mine" if then in ("back", "undo") else "Mine2"
    assert asked == [f"conflict:{name}"]
    assert load_scenario(db, name).values == {"lock_in": 1.7}


def test_a_kill_right_after_renaming_ones_own_scenario_asks_nothing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 94 F2: the rename moved the autosave but not its basis (the renamed copy has a new
    stamp); a kill within the 2 s autosave delay made the next start's Save say "saved by
    another window or program" of a scenario nobody else had touched."""
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    _restored(window, monkeypatch, "plain")
    working.rename("Mine", "R")
    working.autosave_timer.stop()  # killed within the delay
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "R"
    assert record.based_on == load_scenario(db, "R").updated_at
    working.restore(record)
    asked = _answers(panel, monkeypatch)
    assert panel.save() is True and not asked
    assert load_scenario(db, "R").values == {"lock_in": 1.5}


@pytest.mark.parametrize("restored", [True, False])
def test_undoing_a_delete_still_asks_at_save(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        restored: bool) -> None:
    """Pass 95 F1: window B saved "Mine" after window A opened (or restored) it; A deleted it
    and undid that (which saves B's copy back): A's Save overwrote B's values without a
    question, as the undo's read-again took the put-back copy for the one A had seen."""
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    if restored:
        _restored(window, monkeypatch, "saved")
    else:
        _saved_elsewhere_live(window, monkeypatch)
    working.delete("Mine")
    assert working.undo() and working.source == "saved"
    assert load_scenario(db, "Mine").values == {"lock_in": 1.7}  # B's copy, put back
    asked = _answers(panel, monkeypatch)
    assert panel.save() is None and asked == ["conflict:Mine"]
    assert load_scenario(db, "Mine").values == {"lock_in": 1.7}


@pytest.mark.parametrize("steps", ["save_as undo", "duplicate undo", "duplicate undo redo",
                                   "rename_other undo"])
def test_undo_and_redo_of_other_steps_still_ask_at_save(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        steps: str) -> None:
    """Pass 96 F1: window B saved "Mine" while window A had it open; any undo or redo step of A
    that writes the database read the stamps again, took B's for the one A had seen, and A's
    Save overwrote B's values without a question."""
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _other_steps_after_a_save_elsewhere(window, monkeypatch, steps)
    assert working.name == ("Copy" if steps == "save_as redo" else "Mine")
    asked = _answers(panel, monkeypatch)
    assert panel.save() is None and asked == ["conflict:Mine"]
    assert load_scenario(db, "Mine").values == {"lock_in": 1.7}


@pytest.mark.parametrize("steps", ["delete undo", "delete undo redo undo",
                                   "rename delete undo undo", "save_as undo"])
def test_a_kill_right_after_undoing_ones_own_step_asks_nothing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        steps: str) -> None:
    """Pass 95 F2: the undo of one's own Delete saves the copy back under a new stamp, while
    the autosave kept the old one as its basis until it was written again 2 s later; a kill
    in between made the next start's Save say "saved by another window or program" of a
    scenario nobody else had touched. A step that writes the database autosaves at once."""
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    _restored(window, monkeypatch, "plain")
    for step in steps.split():
        if step == "rename":
            working.rename("Mine", "R")
        elif step == "delete":
            working.delete(working.name)
        elif step == "save_as":
            working.save_as("Copy")
        else:
            assert getattr(working, step)()
        working.autosave_timer.stop()  # killed within the delay after each step
    record = load_autosave(db)
    assert record is not None and record.scenario.name == working.name == "Mine"
    assert record.based_on == load_scenario(db, "Mine").updated_at
    working.restore(record)
    asked = _answers(panel, monkeypatch)
    assert panel.save() is True and not asked
    assert load_scenario(db, "Mine").values == {"lock_in": 1.5}


@pytest.mark.parametrize("steps", ["save_as undo", "duplicate undo", "rename_other undo"])
def test_a_kill_right_after_an_undo_still_asks_over_another_windows_save(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        steps: str) -> None:
    """Pass 96 F1 after a crash: the autosave an undo step writes keeps the stamp A had seen,
    not B's, so the restored values' Save still asks."""
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _other_steps_after_a_save_elsewhere(window, monkeypatch, steps)
    working.autosave_timer.stop()  # killed within the delay
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 1.5}
    working.restore(record)
    asked = _answers(panel, monkeypatch)
    assert panel.save() is None and asked == ["conflict:Mine"]
    assert load_scenario(db, "Mine").values == {"lock_in": 1.7}
