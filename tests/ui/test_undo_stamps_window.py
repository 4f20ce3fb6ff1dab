"""Two windows on one database (pass 12, finding A1): window 1 imports a scenario, window 2
opens it, changes it and saves; window 1's Undo of the import deleted window 2's save with no
message (and window 2 still showed it as saved, so it closed without asking). Then the undo
was refused (for ever, pass 21 W2); now it is passed over with a note, window 2's values stay in
the database and the history moves on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chipscope.storage import load_scenario
from chipscope.ui.main_window import MainWindow


def test_undo_of_an_import_keeps_another_windows_save(
        make_window: Callable[..., MainWindow], tmp_path: Path) -> None:
    one, two = make_window(show=False), make_window(show=False)
    source = tmp_path / "imp.toml"
    source.write_text('format_version = 1\nname = "Imp"\n[assumptions]\nlock_in = 1.0\n',
                      encoding="utf-8")
    assert one.scenarios.import_scenario(source)
    two.scenarios.panel.refresh()
    assert two.scenarios.panel.select("Imp") and two.scenarios.panel.open_selected()
    two.session.set_value("lock_in", 2.5)
    two.session.finish_edit("lock_in")
    assert two.scenarios.panel.save()
    messages: list[str] = []
    one.scenarios.working.message_changed.connect(messages.append)
    assert one.scenarios.working.undo()
    assert load_scenario(one.db_path, "Imp").values == {"lock_in": 2.5}
    assert messages and messages[-1].startswith("Undo of import of \u201cImp\u201d passed over")
    assert "another window or program saved \u201cImp\u201d since" in messages[-1]
    assert not one.scenarios.working.document.history.can_undo()
