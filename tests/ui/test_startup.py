"""Start-up: the user's database, a database that fails to load, error hooks, logging, and
each panel opening on its own."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope import paths
from chipscope.ui import app, diagnostics
from chipscope.ui.main_window import MainWindow

CORRUPT = b"SQLite format 3\x00" + b"\x13" * 200  # looks like SQLite, is not


@pytest.fixture
def asked() -> list[str]:
    return []


@pytest.fixture
def log_handler() -> Iterator[logging.Handler]:
    handler = app.configure_logging()
    yield handler
    app.remove_logging(handler)


def started(qtbot: QtBot, window: MainWindow | None) -> MainWindow:
    assert window is not None
    qtbot.addWidget(window)
    return window


def test_first_run_copies_and_opens_the_user_database(qtbot: QtBot, asked: list[str]) -> None:
    window = started(qtbot, app.start(confirm=lambda reason: asked.append(reason) or False))
    assert asked == []
    assert paths.user_db_path().exists()
    assert window.db_path == paths.user_db_path()
    assert window.session.dataset.name in window.dataset_label.text()


def test_corrupt_database_asks_and_quits_without_touching_the_file(
        qtbot: QtBot, tmp_path: Path, asked: list[str]) -> None:
    bad = tmp_path / "broken.db"
    bad.write_bytes(CORRUPT)
    stamp = bad.stat().st_mtime_ns
    window = app.start(bad, confirm=lambda reason: asked.append(reason) or False)
    assert window is None
    assert len(asked) == 1 and "broken.db" in asked[0]
    assert bad.read_bytes() == CORRUPT and bad.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]  # no journal left


def test_corrupt_database_can_fall_back_to_the_bundled_dataset(
        qtbot: QtBot, tmp_path: Path, asked: list[str]) -> None:
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"not a database at all")
    window = started(qtbot, app.start(bad, confirm=lambda r: asked.append(r) or True))
    assert len(asked) == 1
    assert window.db_path == paths.bundled_db_path()
    assert bad.read_bytes() == b"not a database at all"


def test_corrupt_user_database_is_offered_the_bundled_one(
        qtbot: QtBot, asked: list[str]) -> None:
    user_db = paths.user_db_path()
    user_db.write_bytes(CORRUPT)
    window = started(qtbot, app.start(confirm=lambda r: asked.append(r) or True))
    assert len(asked) == 1
    assert window.db_path == paths.bundled_db_path()
    assert user_db.read_bytes() == CORRUPT


def test_uncaught_exception_is_logged_and_shown_not_fatal(
        qtbot: QtBot, log_handler: logging.Handler) -> None:
    shown: list[str] = []
    reporter = app.ErrorReporter(show=shown.append)
    try:
        raise RuntimeError("slider exploded")
    except RuntimeError as exc:
        reporter.excepthook(RuntimeError, exc, exc.__traceback__)
    assert shown == ["RuntimeError: slider exploded"]
    log_handler.flush()
    text = paths.log_path().read_text(encoding="utf-8")
    assert "slider exploded" in text and "Traceback" in text


def test_worker_thread_exception_reaches_the_gui_thread(
        qtbot: QtBot, log_handler: logging.Handler) -> None:
    shown: list[str] = []
    reporter = app.ErrorReporter(show=shown.append)
    restore = reporter.install()
    try:
        assert sys.excepthook == reporter.excepthook
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: shown == ["ZeroDivisionError: division by zero"])
    finally:
        restore()
    assert sys.excepthook != reporter.excepthook


def test_run_gui_restores_hooks_and_closes_the_log(monkeypatch: pytest.MonkeyPatch,
                                                  qapp: object) -> None:
    before = sys.excepthook, threading.excepthook
    monkeypatch.setattr(app, "start", lambda db=None: None)  # the user chose "Quit"
    assert app.run_gui(None) == 1
    assert (sys.excepthook, threading.excepthook) == before
    assert not app.log.handlers


def test_an_earlier_ctrl_c_does_not_end_the_next_run(monkeypatch: pytest.MonkeyPatch,
                                                     qapp: QApplication) -> None:
    monkeypatch.setattr(app, "start", lambda db=None: None)  # the user chose "Quit"
    qapp.setProperty(diagnostics.INTERRUPTED, True)  # a Ctrl+C that ended an earlier run
    assert app.run_gui(None) == 1  # "Quit", not "interrupted" (130)


@pytest.mark.parametrize("module", ["chipscope.ui.panels.assumptions", "chipscope.ui.main_window",
                                    "chipscope.ui.panels.details"])
def test_each_panel_opens_on_its_own(module: str, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHIPSCOPE_QUIT_AFTER_MS="200",
               CHIPSCOPE_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", module], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(60)
def test_a_fifo_as_the_database_is_refused_at_once(tmp_path: Path, asked: list[str]) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    assert app.start(fifo, confirm=lambda reason: asked.append(reason) or False) is None
    assert len(asked) == 1 and "pipe.db" in asked[0] and "pipe (FIFO)" in asked[0]


def test_scenario_and_autosave_tables_of_another_layout_open_with_a_warning(
        qtbot: QtBot, tmp_path: Path, asked: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import sqlite3
    from contextlib import closing

    from PySide6.QtWidgets import QMessageBox

    path = Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "odd.db"))
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DROP TABLE scenarios")
        conn.execute("CREATE TABLE scenarios (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("CREATE TABLE autosave (slot INTEGER, blob BLOB)")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append(f"{title}: {text}"))
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a: pytest.fail(f"{title}: {text}"))
    window = started(qtbot, app.start(path, confirm=lambda r: asked.append(r) or False))
    assert asked == [] and window.session.dataset.chip_ids  # the dataset opens
    assert any("scenarios table" in w and "another layout" in w for w in warnings), warnings
