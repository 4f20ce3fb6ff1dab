"""Pass 45 (observed), the window's side: with CHIPSCOPE_BUNDLED_DB naming a file that is not
a database and no user database yet, the start asked "cannot open the database ... open the
dataset that ships with ChipScope instead?" and then failed on that same file (two boxes for
one cause, the offer a dead end). Now one box names the variable, the file and the cause."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from chipscope import paths
from chipscope.ui import app


def test_a_bad_override_is_one_box_and_no_offer(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database\n")
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    asked: list[str] = []
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: boxes.append(text))
    assert app.start(confirm=lambda reason: asked.append(reason) or True) is None
    assert asked == []  # the bundled dataset is not offered: it is what failed
    assert len(boxes) == 1
    assert "CHIPSCOPE_BUNDLED_DB points to" in boxes[0] and str(bad) in boxes[0]
    assert "reinstall" not in boxes[0]
    assert not paths.user_db_path().exists()
    assert bad.read_text() == "not a database\n"
