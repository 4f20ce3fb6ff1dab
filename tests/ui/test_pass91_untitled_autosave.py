"""Pass 91 F1: a saved scenario named "Untitled" and the untitled working scenario's autosave
(also "Untitled") were mixed up. The next start offered the untitled values as unsaved changes of
the saved one, and Save overwrote it without asking a name. A rename of the saved "Untitled" to
"X" also moved the untitled autosave to "X", and Save then overwrote X. The untitled autosave now
never takes a saved scenario's name, and a rename takes only the working scenario's autosave."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import list_scenarios, load_scenario
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow


@pytest.mark.parametrize("rename", [False, True])
def test_untitled_changes_are_never_offered_as_a_saved_scenarios(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        rename: bool) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None and working.owns_autosave
    window.session.set_value("lock_in", 1.3)
    monkeypatch.setattr(panel, "ask_name", lambda *_: ("Untitled", ""))
    assert panel.save_as() is True
    working.new()
    assert (working.name, working.source) == ("Untitled", "new")
    window.session.set_value("lock_in", 1.6)
    assert working.autosave_now() is None
    saved = "Untitled"
    if rename:
        working.rename("Untitled", saved := "X")
    working.autosave_timer.stop()  # killed here: the next start finds this autosave
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 1.6}
    assert record.scenario.name not in {r.name for r in list_scenarios(db)}
    working.restore(record)  # Yes at the next start's question
    assert working.source == "new" and working.needs_name()
    asked: list[str] = []
    monkeypatch.setattr(panel, "ask_name", lambda _t, name, _d: asked.append(name) or (
        "Kept", ""))
    assert panel.save() is True  # asks a name: nothing saved is overwritten
    assert asked and load_scenario(db, "Kept").values == {"lock_in": 1.6}
    assert load_scenario(db, saved).values == {"lock_in": 1.3}
