"""Pass 41 F2: a saved scenario whose ``values_json`` names keys that are no assumptions
(another program, or another version of ChipScope, wrote them) is listed, and opening it said
"unknown assumption ' lock_in'; ...; `chipscope-cli assumptions` lists them": words for a scenario
file, naming neither the saved scenario nor the database, and no way to repair the row. Now
Open, the compare view and the difference reference refuse it in one sentence naming the
scenario, the database, the unknown keys and what to do; it stays listed and can be deleted
(and the deletion undone), and every refusal leaves the database byte-identical. No CLI
command opens a saved scenario by name (``--scenario`` takes a file): nothing to test there."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_store import ScenarioRecord
from chipscope.storage import open_user_database
from chipscope.ui.main_window import MainWindow
from tests.ui.saved_rows import window_with_saved_row

ODD = '{"lock_in": 0.5, " lock_in": 0.7, "lock_in\\u200b": 0.2, "NOPE": 1}'
ADVICE = ("; delete it in the scenario list, or repair its row in the scenarios table with an "
          "SQLite tool.")


def _window(make_window: Callable[..., MainWindow]) -> tuple[MainWindow, Path]:
    return window_with_saved_row(make_window, "Good", "Beta", ODD)


def _says_it(text: str, db: Path) -> None:
    assert text.startswith(f"The saved scenario 'Beta' in {db} cannot be opened (unknown "
                           "assumption ' lock_in'; did you mean lock_in?")
    assert "'NOPE'" in text and "U+200B ZERO WIDTH SPACE" in text
    assert text.endswith(ADVICE)
    assert "\n" not in text and "lists them" not in text  # file advice (pass 42 F2)


SHORT_ADVICE = "; delete it in the scenario list, or open it to see how to repair it"


def _says_short(text: str) -> None:
    """The short cause the compare hint and the difference note give (pass 42 F2)."""
    assert text.startswith("unknown assumption ' lock_in'; did you mean lock_in?")
    assert "'NOPE'" in text and "U+200B ZERO WIDTH SPACE" in text
    assert text.endswith(SHORT_ADVICE) and "saved scenario" not in text
    assert "lists them" not in text and "." not in text.replace("..", "")


def test_open_names_the_scenario_the_database_and_what_to_do(
        make_window: Callable[..., MainWindow]) -> None:
    window, db = _window(make_window)
    before = db.read_bytes()
    panel = window.scenarios.panel
    values = dict(window.session.assumptions)
    assert panel.select("Beta")  # still listed: it may come from a newer ChipScope
    assert not panel.open_selected()
    assert len(window.errors) == 1  # type: ignore[attr-defined]
    _says_it(window.errors[0], db)  # type: ignore[attr-defined]
    assert dict(window.session.assumptions) == values and window.scenarios.working.name != "Beta"
    assert db.read_bytes() == before
    assert panel.select("Good") and panel.open_selected()  # the others keep working
    assert window.session.assumptions["lock_in"] == 2.0
    assert db.read_bytes() == before


def test_compare_and_difference_name_it_too(make_window: Callable[..., MainWindow],
                                            qtbot: QtBot) -> None:
    window, db = _window(make_window)
    before = db.read_bytes()
    view = window.scenarios.open_compare()
    view.set_selection(["Beta", "Good"])
    hint = view.hint.text()
    # The short cause (pass 42 F2): the name once, one level of brackets, no inner full stop.
    assert "cannot be compared and is left out (Beta): unknown assumption ' lock_in'; did " in hint
    _says_short(hint[hint.index("(Beta): ") + 8:-1])
    assert hint.endswith(f"{SHORT_ADVICE}.")
    assert view.labels == ["Good"]
    diff = window.difference
    diff.set_on(True)
    diff.choose("saved:Beta")
    qtbot.waitUntil(lambda: not diff.is_stale())
    message = diff.panel.message.text()
    assert message.startswith("\u201cBeta\u201d cannot be the reference (unknown assumption")
    _says_short(message[message.index("(") + 1:-len("); showing the Baseline.")])
    assert message.endswith(f"{SHORT_ADVICE}); showing the Baseline.")
    assert window.errors == []  # type: ignore[attr-defined]
    assert db.read_bytes() == before


def test_it_can_be_deleted_from_the_list_and_the_deletion_undone(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window, db = _window(make_window)
    panel = window.scenarios.panel
    monkeypatch.setattr(panel, "confirm", lambda *_: True)
    assert panel.select("Beta") and panel.delete_selected()
    assert window.errors == []  # type: ignore[attr-defined]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT name FROM scenarios WHERE is_preset = 0 "
                            "ORDER BY name").fetchall() == [("Good",)]
    assert not panel.select("Beta")
    assert window.scenarios.working.undo()  # Edit > Undo brings it back, unknown keys and all
    with closing(sqlite3.connect(db)) as conn:
        (text,) = conn.execute("SELECT values_json FROM scenarios WHERE name = 'Beta'").fetchone()
    assert json.loads(text) == json.loads(ODD)
    assert panel.select("Beta")


def test_a_preset_or_a_record_without_a_database_keeps_the_plain_words() -> None:
    from chipscope.model.scenario_store import record_assumptions  # new in pass 41

    specs = AssumptionSpecs.for_dataset(_dataset())
    bad = Scenario("P", "", {"NOPE": 1.0})
    for record in (ScenarioRecord(bad, "", True, origin="/x/chipscope.db"),
                   ScenarioRecord(bad, "2026", False)):
        with pytest.raises(ValueError, match=r"^unknown assumption 'NOPE'"):
            record_assumptions(specs, record)
    saved = ScenarioRecord(bad, "2026", False, origin="/x/chipscope.db")
    with pytest.raises(ValueError) as caught:
        record_assumptions(specs, saved)
    assert str(caught.value).startswith("The saved scenario 'P' in /x/chipscope.db cannot be "
                                        "opened (unknown assumption 'NOPE'")
    assert str(caught.value).endswith(ADVICE)


def _dataset() -> Dataset:
    return open_user_database()[0]
