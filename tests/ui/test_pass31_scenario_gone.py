"""Pass 30 F1: a saved scenario another program deleted while the window listed it was told
on Rename, Delete and Open as "There is no scenario named 'S1'.": no database, no cause,
although the list showed it a moment before. The window now names the database and the likely
cause in one sentence; nothing is written and the list drops the name."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.ui.scenarios.panel import ScenariosPanel
from tests.ui.test_scenarios_ui import PRICE, _answers, _edit, panel  # noqa: F401 - fixture


def _rename(p: ScenariosPanel) -> bool:
    _answers(p).names = [("S9", "")]
    return p.rename_selected()


def _delete(p: ScenariosPanel) -> bool:
    _answers(p).confirm = [True]
    return p.delete_selected()


@pytest.mark.parametrize("command", [_rename, _delete, ScenariosPanel.open_selected],
                         ids=["rename", "delete", "open"])
def test_a_scenario_deleted_by_another_program_is_told_with_the_database_and_cause(
        panel: ScenariosPanel, command: Callable[[ScenariosPanel], bool]  # noqa: F811
) -> None:
    w, answers = panel.working, _answers(panel)
    _edit(w, PRICE, -25)
    answers.names = [("S1", "")]
    assert panel.save()
    _edit(w, PRICE, -20)
    answers.names = [("S2", "")]
    assert panel.save_as()  # S2 is open: S1 is only listed
    assert w.db_path is not None
    with sqlite3.connect(w.db_path) as conn:  # another program
        conn.execute("DELETE FROM scenarios WHERE name = 'S1'")
    conn.close()
    before = Path(w.db_path).read_bytes()
    assert panel.select("S1")  # still listed
    answers.unsaved = ["discard"]
    assert command(panel) is False
    assert len(answers.errors) == 1
    text = answers.errors[0]
    assert text == (f"There is no saved scenario named 'S1' in {w.db_path}: another window or "
                    "program deleted or renamed it since the list was shown.")
    assert Path(w.db_path).read_bytes() == before  # nothing written
    assert "S1" not in [row.text(0) for row in panel.rows()]  # the list drops it


def test_without_a_database_no_cause_is_guessed(panel: ScenariosPanel) -> None:  # noqa: F811
    w = panel.working
    w.db_path = None
    with pytest.raises(StorageError, match=r"^There is no scenario named 'Nope'\.$"):
        w.entry("Nope")
