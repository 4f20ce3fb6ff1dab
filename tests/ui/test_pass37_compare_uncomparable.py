"""Pass 37 F2: with only saved scenarios ticked that cannot be compared (a value out of range,
an unknown key), the compare window's disabled export buttons and a refused export said "Tick
at least one scenario to export: nothing is compared yet" although scenarios were ticked. Now
they say the ticked scenarios cannot be compared (the hint above names them); with nothing
ticked the pass-36 sentence stays."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton

from chipscope.ui.scenarios import compare_export
from chipscope.ui.scenarios.compare_view import CompareView
from chipscope.ui.scenarios.working import WorkingScenario


@pytest.fixture
def view(user_working: WorkingScenario,
         make_compare: Callable[..., CompareView]) -> CompareView:
    db = user_working.db_path
    assert db is not None
    with closing(sqlite3.connect(db)) as conn, conn:
        for name, values in [("bad range", {"lock_in": 99}), ("bad key", {"nope": 1}),
                             ("good", {"lock_in": 2})]:
            conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                         "updated_at) VALUES (?, '', ?, 0, '2026-01-01T00:00:00')",
                         (name, json.dumps(values)))
    return make_compare(user_working, (1000, 700))


def _buttons(view: CompareView) -> tuple[QPushButton, QPushButton]:
    return (view.export_chart_button, view.export_table_button)


@pytest.mark.parametrize(("ticked", "says"), [
    (["bad range"], "The ticked scenario cannot be compared (the note above says why)"),
    (["bad key"], "The ticked scenario cannot be compared (the note above says why)"),
    (["bad range", "bad key"], "None of the 2 ticked scenarios can be compared (the note above"),
])
def test_only_uncomparable_ticked_says_so_not_tick_one(
        view: CompareView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        ticked: list[str], says: str) -> None:
    dialogs: list[object] = []
    warnings: list[str] = []
    monkeypatch.setattr(view, "_warn", warnings.append)

    def ask(*args: object, **kwargs: object) -> tuple[str, str]:
        dialogs.append(args)
        return str(tmp_path / "x.csv"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    view.set_selection(ticked)
    assert view.selected_keys() == ticked and view.labels == []
    hint = view.hint.text()
    assert "cannot be compared and" in hint and all(n in hint for n in ticked)
    for button in _buttons(view):
        assert not button.isEnabled()
        assert button.toolTip().startswith(says)
        assert "Tick at least one" not in button.toolTip()
        assert "nothing is compared yet" not in button.toolTip()
    older = tmp_path / "compare.csv"
    older.write_bytes(b"year,vendor\n2030,amd\n")
    before = older.read_bytes()
    assert not view.export_table_to(older)
    assert older.read_bytes() == before
    assert view.export_note.text() == compare_export.left_out(len(ticked))
    assert view.export_note.text().startswith(says)
    assert not view.export_chart_to(tmp_path / "c.png", 800, 500)
    assert view.export_note.text().startswith(says)
    view.export_table()
    view.export_chart()
    assert dialogs == [] and warnings == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compare.csv"]
    with pytest.raises(ValueError, match=r"can(not)? be compared"):
        view.chart_input()


def test_nothing_ticked_keeps_the_tick_one_sentence(view: CompareView, tmp_path: Path) -> None:
    view.set_selection(["bad range"])
    view.set_selection([])
    for button in _buttons(view):
        assert not button.isEnabled() and button.toolTip() == compare_export.NOTHING
    assert not view.export_table_to(tmp_path / "t.csv")
    assert view.export_note.text() == compare_export.NOTHING


def test_a_comparable_one_beside_them_exports(view: CompareView, tmp_path: Path) -> None:
    view.set_selection(["bad range", "good"])
    assert view.labels == ["good"]
    for button in _buttons(view):
        assert button.isEnabled() and button.toolTip() == ""
    assert view.export_table_to(tmp_path / "t.csv")
    assert view.export_note.text() == f"Table saved to {tmp_path / 't.csv'}"
