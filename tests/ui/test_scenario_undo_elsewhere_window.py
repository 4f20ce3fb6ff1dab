"""Pass 21 W2, two real windows on one database: an undo of a scenario rename or delete that
another window then changed was refused for ever ("Cannot undo: There is no saved scenario
named 'B' ...", "... was saved by another window or program in the meantime; writing it now
would overwrite that change."), the history never moved and the older steps (the value change
before the Save As) could never be undone. Now such a step is passed over with a note (the
rename), or its copy is put back under a free name (the delete), and the history moves on;
the other window's change is never overwritten."""

from __future__ import annotations

from collections.abc import Callable

from chipscope.storage import list_scenarios, load_scenario
from chipscope.ui.main_window import MainWindow


def _two(make_window: Callable[..., MainWindow]) -> tuple[MainWindow, MainWindow, list[str]]:
    one, two = make_window(show=False), make_window(show=False)
    messages: list[str] = []
    one.scenarios.working.message_changed.connect(messages.append)
    return one, two, messages


def _names(window: MainWindow) -> set[str]:
    assert window.db_path is not None
    return {r.name for r in list_scenarios(window.db_path)}


def test_undo_of_a_rename_whose_scenario_another_window_deleted_moves_on(
        make_window: Callable[..., MainWindow]) -> None:
    one, two, messages = _two(make_window)
    a, b = one.scenarios.working, two.scenarios.working
    doc = a.document
    before = doc.assumptions["lock_in"]
    doc.set_value("lock_in", 2.5)
    a.commit()
    a.save_as("A")
    a.rename("A", "B")
    b.delete("B")
    assert a.undo() and doc.history.index == 2  # moved past the rename
    assert "passed over" in messages[-1] and "\u201cB\u201d" in messages[-1]
    assert "rename of \u201cA\u201d to \u201cB\u201d" in messages[-1]
    assert not messages[-1].startswith("Cannot undo")
    assert a.undo() and a.undo() and doc.assumptions["lock_in"] == before  # older steps
    assert not _names(one)  # B stays deleted; the save as's undo keeps its (renamed) copy


def test_undo_of_a_delete_whose_name_another_window_saved_restores_under_a_free_name(
        make_window: Callable[..., MainWindow]) -> None:
    one, two, messages = _two(make_window)
    a, b = one.scenarios.working, two.scenarios.working
    doc = a.document
    doc.set_value("lock_in", 2.5)
    a.commit()
    a.save_as("A")
    a.delete("A")
    b.document.set_value("lock_in", 0.5)
    b.commit()
    b.save_as("A")
    assert one.db_path is not None
    assert a.undo() and doc.history.index == 2
    assert "\u201cA (restored)\u201d" in messages[-1] and "another window" in messages[-1]
    assert load_scenario(one.db_path, "A").values["lock_in"] == 0.5  # window 2's, kept
    assert load_scenario(one.db_path, "A (restored)").values["lock_in"] == 2.5  # not lost
    assert doc.identity.name == "A (restored)" and not doc.is_modified()
    assert a.redo() and _names(one) == {"A"}  # the redo deletes what the undo put back
    assert a.undo() and _names(one) == {"A", "A (restored)"}
    assert a.undo() and a.undo() and doc.history.index == 0  # older steps reachable


def test_undo_of_a_rename_whose_old_name_was_saved_again_goes_through_under_a_free_name(
        make_window: Callable[..., MainWindow]) -> None:
    """Pass 25 (pass 23 F3): it was refused ("rename or delete it first, then try the step
    again"), which done in this window only made a step that Undo undid first."""
    one, two, messages = _two(make_window)
    a, b = one.scenarios.working, two.scenarios.working
    a.save_as("A")
    a.rename("A", "B")
    b.save_as("A")
    assert a.undo() and not messages[-1].startswith("Cannot undo")
    assert "saved \u201cA\u201d since" in messages[-1]
    assert "\u201cA (restored)\u201d" in messages[-1]
    assert _names(one) == {"A", "A (restored)"} and a.name == "A (restored)"
    assert a.redo() and _names(one) == {"A", "B"}  # the redo renames it back to B
