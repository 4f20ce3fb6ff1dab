"""Pass 47 F1, the window's side: with the user's database already there, a CHIPSCOPE_BUNDLED_DB
naming no ChipScope database either was ignored without a word (a folder) or stopped the start
(no SQLite file). Now the window opens on the user's database and says, where its other
session notes go (kept at the right of the status bar, the whole sentence its tooltip), that
the file is not used."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from chipscope.storage import open_user_database
from chipscope.ui import app


@pytest.mark.parametrize("kind", ["folder", "not sqlite"])
def test_a_bad_override_beside_the_database_opens_the_window_with_a_note(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
    _dataset, own = open_user_database()
    before = own.read_bytes()
    bad = tmp_path / "bad.db"
    if kind == "folder":
        bad.mkdir()
    else:
        bad.write_text("x")
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: boxes.append(text))
    window = app.start(confirm=lambda reason: False)
    assert boxes == [] and window is not None
    qtbot.addWidget(window)
    assert window.db_path == own
    kept = [label for label in window.statusBar().findChildren(QLabel)
            if label.text() == "\u26a0 CHIPSCOPE_BUNDLED_DB not used"]
    assert len(kept) == 1
    tip = kept[0].toolTip()
    assert f"CHIPSCOPE_BUNDLED_DB points to {bad}, which " in tip
    assert f"it is not used (your database {own} is)" in tip and "))" not in tip
    window.close()
    assert own.read_bytes() == before
