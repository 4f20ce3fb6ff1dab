"""Pass 65 F4 (fix m97): XDG_CONFIG_HOME with a trailing space made the window keep its settings
in a lookalike folder "cfg " without a word, so they seemed lost. The window now says why in
the "⚠ Settings not saved" note (as for a read-only settings file) and makes nothing there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_a_config_home_with_a_trailing_space_keeps_no_settings_there(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.ui import app

    config = f"{tmp_path / 'cfg'} "
    (tmp_path / "cfg").mkdir()  # the folder the user meant
    monkeypatch.delenv("CHIPSCOPE_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", config)
    problem = app.settings_problem()
    assert problem == (
        f"ChipScope started with default settings, which last only until it closes, because "
        f"XDG_CONFIG_HOME is {config!r}, which has spaces around it: a folder of that name "
        "would be another one than it looks like; delete them, or unset XDG_CONFIG_HOME.")
    window = app.start(confirm=lambda reason: False)
    assert window is not None
    qtbot.addWidget(window)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() == (
        "Settings are not saved: XDG_CONFIG_HOME has spaces around it; delete them, or unset "
        "it."))
    kept = [label for label in bar.findChildren(QLabel)
            if label.text() == "\u26a0 Settings not saved"]
    assert len(kept) == 1 and kept[0].toolTip() == problem
    window.settings.setValue("view/appearance", "dark")
    window.close()  # saves the settings: in the scratch file
    window.settings.sync()
    assert not os.path.lexists(config)
    assert list((tmp_path / "cfg").iterdir()) == []
