"""Shared steps of the window tests of the marks (passes 101-106): a crash with the autosave
restored, Save with every question recorded, and what the database holds."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage import list_scenarios
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.panel import ScenariosPanel
from chipscope.ui.scenarios.working import WorkingScenario
from tests.ui.test_restore_over_a_newer_save import _answers


def opened(make_window: Callable[..., MainWindow]
           ) -> tuple[MainWindow, WorkingScenario, ScenariosPanel, Path]:
    """A window (not shown), its working scenario, its scenario panel and its database."""
    window = make_window(show=False)
    db = window.scenarios.working.db_path
    assert db is not None
    return window, window.scenarios.working, window.scenarios.panel, db


def crash(working: WorkingScenario, db: Path) -> None:
    """Killed once the autosave is written; the next start restores it."""
    working.autosave_timer.stop()
    working.autosave_now()
    record = load_autosave(db)
    assert record is not None
    working.restore(record)


def save_asks(working: WorkingScenario, panel: ScenariosPanel,
              monkeypatch: pytest.MonkeyPatch, crashed: bool) -> list[str]:
    """Save in the panel (after a crash and restore if ``crashed``); the questions it asked,
    each answered "cancel" ("conflict:<name>", "name:<name>")."""
    assert working.db_path is not None
    if crashed:
        crash(working, working.db_path)
    asked = _answers(panel, monkeypatch)
    panel.save()
    return asked


def stored(db: Path) -> dict[str, dict[str, float]]:
    """The saved scenarios' values by name."""
    return {r.name: r.values for r in list_scenarios(db)}
