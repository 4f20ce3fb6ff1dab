"""Desktop behaviour (issue #14): scenario files opened from outside (argument, a second start,
recent files, Ctrl+O), Help > Report a problem, Ctrl+C, the fault log, the application's
identity, and an accessible name on every control."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope import __version__, paths
from chipscope.storage import list_scenarios
from chipscope.ui import accessibility, diagnostics, instance
from chipscope.ui.app import ORGANISATION_DOMAIN, ensure_app
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.param_widgets import ParamEditor

PRESET = Path(__file__).resolve().parents[2] / "resources" / "presets" / "02-trainium-breakout.toml"


def settings_file() -> QSettings:
    return QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                     QSettings.Format.IniFormat)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
           ) -> MainWindow:
    win = make_window()
    monkeypatch.setattr(win.scenarios.panel, "maybe_save", lambda: True)
    return win


def _scenario_file(tmp_path: Path, name: str = "Handed over") -> Path:
    text = PRESET.read_text(encoding="utf-8")
    text = "\n".join(f'name = "{name}"' if line.startswith("name = ") else line
                     for line in text.splitlines())
    path = tmp_path / f"{name.lower().replace(' ', '-')}.toml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_application_identity_is_set() -> None:
    app = ensure_app()
    assert app.applicationVersion() == __version__
    assert app.organizationDomain() == ORGANISATION_DOMAIN


def test_opening_a_file_imports_it_and_remembers_it(window: MainWindow, tmp_path: Path) -> None:
    path = _scenario_file(tmp_path)
    assert window.open_scenario_file(path)
    assert window.scenarios.working.name == "Handed over"
    assert "Handed over" in [r.name for r in list_scenarios(window.db_path)]
    recent = window.desktop.recent
    assert recent.paths()[0] == path.absolute()
    entries = [a for a in window.desktop.recent_menu.actions() if a.toolTip() == str(path)]
    assert entries and entries[0].isEnabled()
    # Kept in the settings for the next start, newest first, once.
    other = _scenario_file(tmp_path, "Second")
    assert window.open_scenario_file(other)
    assert window.open_scenario_file(path)
    stored = settings_file().value("recent_files")
    assert stored[:2] == [str(path.absolute()), str(other.absolute())]


def test_a_recent_file_that_has_gone_is_shown_disabled(window: MainWindow,
                                                       tmp_path: Path) -> None:
    path = _scenario_file(tmp_path)
    window.desktop.recent.add(path)
    path.unlink()
    window.desktop.recent.rebuild()
    entry = next(a for a in window.desktop.recent_menu.actions()
                 if a.toolTip().startswith(str(path)))
    assert not entry.isEnabled() and "no longer there" in entry.toolTip()
    assert not window.open_scenario_file(path)
    assert "no longer there" in window.errors[-1]  # type: ignore[attr-defined]


def test_ctrl_o_imports_a_scenario(window: MainWindow) -> None:
    action = window.scenarios.import_action
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert action in window.menus["file"].actions()


def test_a_second_start_hands_its_file_to_the_running_window(
        window: MainWindow, tmp_path: Path, qtbot: QtBot) -> None:
    name = instance.server_name(tmp_path / "some.db")
    server = instance.FileServer(name, window)
    assert server.listen()
    server.open_requested.connect(window.open_scenario_file)
    path = _scenario_file(tmp_path, "From Second Start")
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from chipscope.ui import instance
        from chipscope.ui.instance import send_to_running
        instance.REPLY_MS = instance.TIMEOUT_MS = 60_000  # the protocol, not a loaded machine
        sys.exit(0 if send_to_running({name!r}, [Path({str(path)!r})]) else 1)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], env=os.environ.copy())
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=15_000)
    assert proc.returncode == 0
    qtbot.waitUntil(lambda: window.scenarios.working.name == "From Second Start", timeout=5000)
    server.close()


def test_no_window_listening_means_no_hand_over(tmp_path: Path) -> None:
    ensure_app()
    assert not instance.send_to_running(instance.server_name(tmp_path / "none.db"),
                                        [tmp_path / "x.toml"])


def test_report_a_problem_copies_versions_and_the_log(window: MainWindow) -> None:
    paths.log_path().parent.mkdir(parents=True, exist_ok=True)
    paths.log_path().write_text("2026-12-02 INFO chipscope: a line to find\n", encoding="utf-8")
    assert window.desktop.report_action in window.menus["help"].actions()
    dialog = window.desktop.show_report()
    text = dialog.view.toPlainText()
    for part in (f"ChipScope: {__version__}", "Python: ", "Qt: ", "Platform: ",
                 "a line to find", window.session.dataset.name):
        assert part in text
    dialog.copy()
    assert QGuiApplication.clipboard().text() == text
    dialog.close()


def test_ctrl_c_keeps_unsaved_changes_in_the_autosave(window: MainWindow,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    key = "vendor.nvidia.price_change_pct"
    window.session.set_value(key, -12.0)
    window.session.finish_edit(key)
    codes: list[int] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(app, "exit", lambda code=0: codes.append(code))
    restore = diagnostics.install_interrupt(app, lambda: window)
    try:
        signal.raise_signal(signal.SIGINT)  # the handler runs in the main thread, at once
    finally:
        restore()
    assert codes == [130]
    from chipscope.storage.autosave import load_autosave

    record = load_autosave(window.db_path)
    assert record is not None and record.scenario.values[key] == -12.0


def test_a_native_crash_leaves_its_stack_in_the_fault_log(tmp_path: Path) -> None:
    env = {**os.environ, "CHIPSCOPE_HOME": str(tmp_path)}
    code = ("import faulthandler; from chipscope.ui.diagnostics import enable_fault_log; "
            "enable_fault_log(); faulthandler._sigsegv()")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            timeout=60, check=False)
    assert result.returncode != 0
    log = (tmp_path / "faults.log").read_text(encoding="utf-8")
    assert "Fatal Python error" in log and "Segmentation fault" in log


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    accessibility.name_tree(window)
    missing = accessibility.unnamed_controls(window)
    assert missing == [], [f"{type(w).__name__} {w.objectName()!r}" for w in missing[:10]]
    editors = window.assumptions_panel.findChildren(ParamEditor)
    editor = next(e for e in editors if e.spec.group == "global")
    label = editor.spec.label
    assert editor.slider.accessibleName() == f"{label} (slider)"
    assert editor.spin.accessibleName() == f"{label} (value)"
    assert editor.reset_button.accessibleName() == f"Reset {label}"
    assert editor.slider.accessibleDescription()  # the tooltip: meaning and range
    assert "table" in window.chart_area.accessibleDescription()
    # Twenty deals each have a "Size": the name says whose.
    names = [e.slider.accessibleName() for e in editors if e.spec.group == "deal"]
    assert len(names) == len(set(names)) > 1


def test_dialogs_opened_later_are_named_too(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.desktop.show_report()
    qtbot.waitExposed(dialog)
    assert accessibility.unnamed_controls(dialog) == []
    dialog.close()


def test_tab_order_follows_the_panels(window: MainWindow) -> None:
    """Tab goes through the assumption rows in order, each row's "±" (added later by the
    uncertainty view) right after its own reset button, not at the end of the window."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QWidget

    def takes_tab(w: QWidget) -> bool:
        return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.isVisible() \
            and w.isEnabled()

    chain: list[QWidget] = []
    w = window.nextInFocusChain()
    while w is not window and len(chain) < 5000:
        if takes_tab(w):
            chain.append(w)
        w = w.nextInFocusChain()

    def dock_of(w: QWidget) -> str:
        p = w
        while p is not None and not isinstance(p, QDockWidget):
            p = p.parentWidget()
        return p.objectName() if p is not None else "central"

    runs = [dock_of(chain[0])]
    for w in chain[1:]:
        if dock_of(w) != runs[-1]:
            runs.append(dock_of(w))
    assert runs.count("assumptions") == 1, runs  # one stretch, not split by other panels
    buttons = [b for b in window.uncertainty.fields.buttons.values()
               if b is not None and takes_tab(b)]
    assert buttons

    def row_of(w: QWidget) -> QWidget | None:
        p: QWidget | None = w
        while p is not None and not isinstance(p, ParamEditor):
            p = p.parentWidget()
        return p

    for button in buttons:
        before = chain[chain.index(button) - 1]  # the row's last field, then its "±"
        assert row_of(before) is row_of(button) is not None
