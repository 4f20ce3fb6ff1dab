"""#11: after "Reset all" the title loses its "*" and closing asks nothing when no value differs
from the saved state; the title never names the application twice."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QGuiApplication

from chipscope.model.document_state import UNTITLED
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.param_widgets import ParamEditor

PRICE = "vendor.nvidia.price_change_pct"


@pytest.fixture
def window(make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
           ) -> tuple[MainWindow, list[str]]:
    win = make_window(show=False)
    asked: list[str] = []

    def ask_unsaved() -> str:
        asked.append(win.windowTitle())
        return "discard"

    monkeypatch.setattr(win.scenarios.panel, "ask_unsaved", ask_unsaved)
    win.show()
    return win, asked


def shown_title(title: str) -> str:
    """What X11 and Windows show: Qt's QPlatformWindow::formatWindowTitle appends
    " — <applicationDisplayName>" unless the title already ends with it."""
    name = QGuiApplication.applicationDisplayName()
    return title if not name or title.endswith(name) else f"{title} \u2014 {name}"


def drag(editor: ParamEditor, steps: int) -> None:
    editor.slider.setSliderDown(True)
    editor.slider.setValue(editor.slider.value() + steps)
    editor.slider.setSliderDown(False)


def test_the_title_names_the_application_once(window: tuple[MainWindow, list[str]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    win, _ = window
    old = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName("ChipScope")  # as ui.app.ensure_app does
    try:
        for edit in (0, -5):
            if edit:
                editor = win.assumptions_panel.editor(PRICE)
                assert isinstance(editor, ParamEditor)
                drag(editor, edit)
            title = shown_title(win.windowTitle())
            assert title.count("ChipScope") == 1, title
            assert title.startswith(UNTITLED)
    finally:
        QGuiApplication.setApplicationDisplayName(old)
    assert win.windowTitle() == f"{UNTITLED}* \u2014 ChipScope"


def test_reset_all_clears_the_star_and_quit_asks_nothing(
        window: tuple[MainWindow, list[str]]) -> None:
    win, asked = window
    editor = win.assumptions_panel.editor(PRICE)
    assert isinstance(editor, ParamEditor)
    drag(editor, -5)
    assert win.windowTitle().startswith(f"{UNTITLED}*")
    win.assumptions_panel.reset_all_button.click()
    assert win.windowTitle() == f"{UNTITLED} \u2014 ChipScope"
    assert win.scenarios.confirm_close() and asked == []


def test_reset_all_after_restoring_unsaved_changes(window: tuple[MainWindow, list[str]]) -> None:
    """The case of the report: an Untitled scenario's changes restored after a crash had no
    stored copy, so nothing (not even the defaults) counted as saved."""
    win, asked = window
    working = win.scenarios.working
    working.document.restore(UNTITLED, "", {PRICE: -33.0})
    assert working.is_modified() and win.windowTitle().startswith(f"{UNTITLED}*")
    win.assumptions_panel.reset_all_button.click()
    assert not working.is_modified()
    assert win.windowTitle() == f"{UNTITLED} \u2014 ChipScope"
    assert win.scenarios.confirm_close() and asked == []
    # Changed again, closing asks as before.
    editor = win.assumptions_panel.editor(PRICE)
    assert isinstance(editor, ParamEditor)
    drag(editor, 3)
    assert win.scenarios.confirm_close() and asked == [win.windowTitle()]
