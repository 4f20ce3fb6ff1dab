"""Pass 113 F1 in the window: "Mine" saved and changed here, killed with the change autosaved;
another program left "Mine" out of the list (a twin row " Mine", or the row damaged in place)
before the restart. Save is refused with a message while the row is left out, and once it is
back as this window left it, Save writes it with no question (it asked for a name, then whether
to replace this window's own copy)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from chipscope.ui.main_window import MainWindow
from tests.raw_scenarios import raw_row
from tests.ui.marks_window import crash, opened, stored
from tests.ui.test_restore_over_a_newer_save import _answers


@pytest.mark.parametrize("harm", ["twin", "damaged"])
def test_restart_while_the_row_is_left_out(make_window: Callable[..., MainWindow],
                                           monkeypatch: pytest.MonkeyPatch, harm: str) -> None:
    window, working, panel, db = opened(make_window)
    window.session.set_value("lock_in", 1.3)
    working.commit()
    working.save_as("Mine")
    window.session.set_value("lock_in", 1.5)
    working.commit()
    with sqlite3.connect(db) as conn:
        text = conn.execute("SELECT values_json FROM scenarios WHERE name = 'Mine'").fetchone()[0]
        if harm == "damaged":
            conn.execute("UPDATE scenarios SET values_json = 'not json' WHERE name = 'Mine'")
    conn.close()
    if harm == "twin":
        raw_row(db, " Mine", '{"lock_in": 0.9}')
    with sqlite3.connect(db) as conn:
        rows = sorted(conn.execute("SELECT * FROM scenarios"))
    conn.close()
    crash(working, db)                                   # the next start restores
    asked = _answers(panel, monkeypatch)
    errors: list[str] = []
    monkeypatch.setattr(panel, "show_error", lambda _t, message: errors.append(message))
    assert panel.save() is False                         # refused, with a message
    assert asked == [] and len(errors) == 1 and "Mine" in errors[0]
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT * FROM scenarios")) == rows   # nothing written
        if harm == "twin":
            conn.execute("DELETE FROM scenarios WHERE name = ' Mine'")
        else:
            conn.execute("UPDATE scenarios SET values_json = ? WHERE name = 'Mine'", (text,))
    conn.close()
    assert panel.save() is True                          # back as this window left it
    assert asked == [] and len(errors) == 1
    assert stored(db)["Mine"]["lock_in"] == 1.5
