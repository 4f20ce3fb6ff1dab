"""Pass 101 in the window, live and after a crash (the autosave restored at the next start):
A's unsaved values were made on a "Mine" another window saved (or deleted) since; an undo
that puts a copy back under a free name, or undoes A's own write over the name, leaves the
window on a name whose stored copy A never saw. Save there asks instead of overwriting it
(see tests/storage/test_pass101_marks.py for the model's cases)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.model.scenario import Scenario, dump_scenario
from chipscope.storage import delete_scenario, save_scenario
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import stored
from tests.ui.test_restore_over_a_newer_save import _answers, _mine_saved


@pytest.mark.parametrize("case", ["deletion put back", "rename put back", "import undone"])
@pytest.mark.parametrize("then", ["live", "crash"])
def test_save_asks_after_an_undo_that_leaves_a_copy_never_seen_here(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, case: str, then: str) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _mine_saved(window, monkeypatch, 1.5)
    if case == "import undone":
        delete_scenario(db, "Mine")  # window B
        working.new()
        scenario_file = tmp_path / "mine.toml"
        scenario_file.write_text(dump_scenario(Scenario("Mine", "", {"lock_in": 0.5}),
                                               window.session.specs), encoding="utf-8")
        assert working.import_file(scenario_file) == "Mine"
        assert working.undo() and working.undo()  # the import, then New
        assert (working.name, working.source) == ("Mine", "saved")
        save_scenario(db, "Mine", "third", {"lock_in": 1.9})  # a third window
    else:
        save_scenario(db, "Mine", "B", {"lock_in": 1.7})  # window B; A never saw 1.7
        if case == "deletion put back":
            working.delete("Mine")
        else:
            working.rename("Mine", "R")
        save_scenario(db, "Mine", "B again", {"lock_in": 1.9})
        assert working.undo()
        assert (working.name, working.source) == ("Mine (restored)", "saved")
    if then == "crash":  # killed right after the steps: the next start restores the autosave
        assert working.autosave_now() is None  # the 2 s after the last step have passed
        working.autosave_timer.stop()
        record = load_autosave(db)
        assert record is not None and record.scenario.values == {"lock_in": 1.5}
        working.restore(record)
    before = stored(db)
    asked = _answers(panel, monkeypatch)
    assert panel.save() is None and asked == [f"conflict:{working.name}"]
    assert stored(db) == before
