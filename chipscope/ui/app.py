"""Start the desktop app: logging, error hooks, the dataset, the main window.

``run_gui(db)`` is what ``chipscope`` (no subcommand) calls. :func:`start` does everything but
the event loop, so tests can drive start-up, including a database that fails to load.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import stat
import sys
import tempfile
import threading
import traceback
import weakref
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from chipscope import __version__, paths
from chipscope.model import Dataset
from chipscope.ui.log_file import NoLogFile, StderrLog, open_log
from chipscope.ui.plain import literal, session_note
from chipscope.ui.settings_note import (
    SettingsNote,
    by_name,
    config_home_note,
    home_read_only,
    keep_of,
    passing_of,
    read_only_settings,
    squeeze_of,
)

if TYPE_CHECKING:
    from chipscope.ui.main_window import MainWindow

ORGANISATION = "ChipScope"
ORGANISATION_DOMAIN = "chipscope.github.io"
APPLICATION = "ChipScope"
LOG_BYTES = 1_000_000
log = logging.getLogger("chipscope")

_made: list[weakref.ref[MainWindow]] = []
"""The window :func:`start` made (shown; its start questions may follow)."""

Confirm = Callable[[str], bool]
"""Asked when the database fails to load: the reason; True opens the bundled dataset."""


# --- settings, logging, error hooks ------------------------------------------------------------
def app_settings() -> QSettings:
    """Where geometry and the last chart are kept: the platform's settings store, or an INI
    file inside ``CHIPSCOPE_HOME`` when that is set (tests, portable use). If a settings file
    is there but is not a regular file (a FIFO would block the start for ever, Ctrl+C
    included), default settings kept in a scratch file instead (:func:`settings_problem`)."""
    return settings_for(settings_problem())


def settings_for(problem: str | None) -> QSettings:
    """:func:`app_settings` once :func:`settings_problem` has answered ``problem``."""
    if problem is not None:
        scratch = Path(tempfile.mkdtemp(prefix="chipscope-settings-"))
        atexit.register(shutil.rmtree, scratch, True)
        own = paths.settings_file()
        if own is not None and problem == read_only_settings():  # read, kept for the session
            with contextlib.suppress(OSError):  # none yet, or unreadable: default settings
                shutil.copyfile(own, scratch / "settings.ini")
        return QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    if paths.home_override() is not None:  # the file paths.settings_file() names
        return QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def settings_files() -> list[Path]:
    """The files :func:`app_settings` reads: settings.ini in ``CHIPSCOPE_HOME``, or on Linux
    and the BSDs Qt's user and system INI files (macOS and Windows keep settings in a property
    list or the registry)."""
    own = paths.settings_file()  # the file app_settings opens (None: the registry)
    if paths.home_override() is not None:
        return [own] if own is not None else []
    if sys.platform in ("win32", "darwin") or own is None:
        return []
    # Qt also reads the organisation-wide file beside it and the system-wide copies.
    folders = [own.parent.parent, *(Path(f) for f in
                                    (os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
                                    if f)]
    return [own, *(f / name for f in folders
                   for name in (f"{ORGANISATION}/{APPLICATION}.conf", f"{ORGANISATION}.conf")
                   if f / name != own)]


def settings_problem() -> str | None:
    """Why the settings cannot be used (one sentence naming the file), or None: a settings
    file that exists (through its symlinks) as anything but a regular file (never opened:
    reading a FIFO waits for ever), or a link or hard link to a database or another file
    (:func:`~chipscope.storage.file_causes.not_settings`), which Qt would overwrite at close;
    or a settings lock file Qt's save would wait for for ever (not a regular file, held by
    another program, left behind where it cannot be removed: :func:`lock_blocker`)."""
    from chipscope.storage.file_causes import kind_of, not_settings
    from chipscope.ui.stored_settings import lock_blocker

    if (flawed := config_home_note()) is not None:  # a lookalike folder (pass 65 F4)
        return flawed
    for path in settings_files():
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):  # absent (or a dangling symlink): Qt creates it
            continue
        what = (f"{kind_of(mode)}, not a regular file" if not stat.S_ISREG(mode)
                else not_settings(path))
        if what is not None:
            return SettingsNote(
                f"The settings file {path} is {what}, so ChipScope started with default "
                "settings and leaves it alone; remove or rename it to keep your settings again.",
                f"Default settings used: remove or rename {path.name}, which is "
                f"{by_name(what, path)}, to keep your settings again.")
    if (read_only := read_only_settings()) is not None:
        return read_only
    own = paths.settings_file()
    lock = paths.settings_lock_file()
    blocked = lock_blocker(str(lock), at_start=True) if lock is not None else None
    if blocked is not None:  # Qt's first save (any setValue) would wait for it for ever
        return SettingsNote(
            f"ChipScope started with default settings and leaves {own} alone, because saving "
            f"them would hang: {blocked}.",
            f"Default settings used: {blocked.passing}." if isinstance(blocked, SettingsNote)
            else f"Default settings used, as saving them would hang: {by_name(blocked, own)}.")
    return None


def configure_logging() -> logging.Handler:
    """Log to ``paths.log_path()`` (rotating, 1 MB x 3). Idempotent; returns the handler. A
    log file that cannot be created or written is said once on stderr, never raised
    (:mod:`chipscope.ui.log_file`)."""
    for handler in log.handlers:
        if isinstance(handler, (RotatingFileHandler, NoLogFile, StderrLog)):
            return handler
    quiet = home_read_only(paths.settings_file())  # the settings' note names the folder
    handler = open_log(paths.log_path(), LOG_BYTES, paths.LOG_BACKUPS, quiet=quiet)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def remove_logging(handler: logging.Handler) -> None:
    log.removeHandler(handler)
    handler.close()


class ErrorReporter(QObject):
    """Shows uncaught exceptions from any thread in a message box on the GUI thread.

    Signals
    -------
    report_requested(str)
        Text of an error to show; queued to the GUI thread when emitted from another thread.
    """

    report_requested = Signal(str)

    def __init__(self, show: Callable[[str], None] | None = None):
        super().__init__()
        self.shown: list[str] = []
        self._show = show or _error_box
        self.report_requested.connect(self._on_report)

    def _on_report(self, text: str) -> None:
        self.shown.append(text)
        self._show(text)

    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        """``sys.excepthook``: log the traceback, then show the error; never exit."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        detail = "".join(traceback.format_exception(kind, exc, tb))
        log.error("Uncaught exception\n%s", detail)
        self.report_requested.emit(f"{kind.__name__}: {exc}")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: the same, for worker threads."""
        if args.exc_value is None:
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def install(self) -> Callable[[], None]:
        """Install both hooks; returns a function that puts the previous ones back."""
        old_sys, old_thread = sys.excepthook, threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

        def restore() -> None:
            sys.excepthook, threading.excepthook = old_sys, old_thread

        return restore


def _error_box(text: str) -> None:
    QMessageBox.critical(
        QApplication.activeWindow(), "ChipScope: unexpected error",
        literal(f"Something went wrong, but ChipScope is still running.\n\n{text}\n\n"
                f"Details are in the log: {log_place()}"))


def log_place() -> str:
    """Where the log's lines go: the log file, or standard error when it is read-only."""
    if any(isinstance(handler, StderrLog) for handler in log.handlers):
        return "standard error (the log file or its folder is read-only)"
    return str(paths.log_path())


# --- the dataset -------------------------------------------------------------------------------
def ask_open_bundled(reason: str) -> bool:
    """The start-up failure dialog: say why, offer the bundled dataset or quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, "ChipScope: cannot open the database",
                      literal(f"{reason}\n\nThe file has not been changed. You can open the "
                              "dataset that ships with ChipScope instead (read-only), or quit."))
    open_button = box.addButton("Open bundled dataset", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    return box.clickedButton() is open_button


def load_startup_dataset(db: Path | None,
                         confirm: Confirm) -> tuple[Dataset, Path, str | None] | None:
    """The dataset to open, its path and a note to show (a ``CHIPSCOPE_BUNDLED_DB`` not used):
    ``db``, or the user's database (copied from the bundled one on first run). If it fails,
    ``confirm(reason)`` decides between the bundled dataset and quitting (None); not when the
    bundled dataset is what failed (its error is raised)."""
    from chipscope.storage import StorageError, load_dataset
    from chipscope.storage.errors import BundledUnusable
    from chipscope.storage.repository import open_user_database_noted

    try:
        if db is not None:
            return load_dataset(Path(db)), Path(db), None
        return open_user_database_noted()
    except BundledUnusable:
        raise  # the bundled dataset is what failed: offering it would fail again (pass 45)
    except (StorageError, OSError) as exc:
        log.warning("Cannot open the database: %s", exc)
        reason = str(exc)
    if not confirm(reason):
        return None
    bundled = paths.bundled_db_path()
    return load_dataset(bundled), bundled, None


# --- start ------------------------------------------------------------------------------------
def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain(ORGANISATION_DOMAIN)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APPLICATION)
    # Wayland ties windows to the .desktop file (and so to the menu icon) by this name.
    app.setDesktopFileName("io.github.chipscope.ChipScope")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The application icon in every shipped size (an empty icon if resources are missing:
    the damaged install is reported elsewhere, the window still opens)."""
    icon = QIcon()
    try:
        icons = paths.resources_dir() / "icons"
    except paths.MissingResourceError:
        return icon
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(icons / f"chipscope-{size}.png"), QSize(size, size))
    return icon


def start(db: Path | None = None, confirm: Confirm | None = None,
          settings: QSettings | None = None) -> MainWindow | None:
    """Load the dataset and show the main window (None: the user chose to quit)."""
    from chipscope.storage import StorageError
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session

    try:
        loaded = load_startup_dataset(db, confirm or ask_open_bundled)
    except (StorageError, OSError) as exc:  # the bundled dataset failed too
        log.error("Cannot open the bundled dataset: %s", exc)
        QMessageBox.critical(None, "ChipScope cannot start", str(exc))
        return None
    if loaded is None:
        return None
    dataset, path, note = loaded
    log.info("Opened %s (%s, %s)", path, dataset.name, dataset.date)
    problem = None if settings is not None else settings_problem()
    if problem is not None:
        log.warning("%s", problem)
    window = MainWindow(Session(dataset), settings or settings_for(problem), db_path=path)
    window.show()
    _made[:] = [weakref.ref(window)]  # a signal during its questions below keeps its autosave
    if problem is not None:  # for good at the right, whole in its tooltip; passing in full
        session_note(window.statusBar(), "\u26a0 Settings not saved", problem,
                     passing_of(problem), squeeze_of(problem), keep_of(problem))
    if note is not None:  # CHIPSCOPE_BUNDLED_DB names no usable file: not used (pass 47 F1)
        log.warning("%s", note)
        session_note(window.statusBar(), "\u26a0 CHIPSCOPE_BUNDLED_DB not used", note)
    window.scenarios.offer_restore()  # the last session did not exit cleanly
    from chipscope.ui.data_edit.opening import report_conflicts

    report_conflicts(window)  # the user's data edits a newer bundled dataset left unapplied
    return window


def _say_waiting() -> None:
    print("chipscope: the ChipScope window already running is waiting for an answer to a "
          "question; the files open there once it is answered, or here in a new window if it "
          "closes", file=sys.stderr, flush=True)


def run_gui(db: Path | None = None, open_files: list[Path] | None = None) -> int:
    """Run the desktop app on ``db`` (default: the user's database) and open ``open_files``
    (scenario files) in it; if a window is already open on that database, hand the files to
    it instead and return 0. Returns the exit code."""
    from chipscope.model.text_rules import escaped_hidden
    from chipscope.storage import StorageError
    from chipscope.storage.home_folder import user_db_path
    from chipscope.ui import accessibility, diagnostics, instance
    from chipscope.ui.socket_path import start_problem

    app = ensure_app()
    try:  # the data folder (logs, autosaves) before anything is made in it
        own = user_db_path()
    except (paths.HomeError, StorageError) as exc:  # started from a menu: no terminal shows
        print(f"chipscope: error: {exc}", file=sys.stderr)  # stderr
        QMessageBox.critical(None, "ChipScope cannot start", literal(str(exc)))
        return 2
    name = instance.server_name(db or own)
    handed = instance.send_to_running(name, open_files, _say_waiting) if open_files else None
    if handed is not None:
        return handed.report(open_files or [])
    if open_files and (problem := start_problem(name)) is not None:  # the window says it too
        print(f"chipscope: {escaped_hidden(problem)}", file=sys.stderr, flush=True)
    handler = configure_logging()
    faults = diagnostics.enable_fault_log()
    accessibility.install(app)
    reporter = ErrorReporter()
    restore = reporter.install()
    holder: list[MainWindow] = []
    _made.clear()
    restore_interrupt = diagnostics.install_interrupt(
        app, lambda: holder[0] if holder else _made[0]() if _made else None)
    # Listening before the start questions (open the bundled data? restore?): a second start
    # meanwhile waits for them, then its files open here (not in a window without autosave).
    server = instance.serve(name)
    try:
        diagnostics.end_within(diagnostics.HARD_END_S)  # a busy window ends (pass 86, F1)
        window = start(db)
        if (status := diagnostics.interrupted(app)) is not None:  # a signal during a start
            server.stop()  # question (Ctrl+C, SIGTERM, SIGHUP)
            if window is not None:
                window.scenarios.working.release_autosave_lock()
                window.hide()
            return status
        if window is None:
            server.stop()  # the user chose to quit: a second start opens its own window
            return 1
        holder.append(window)
        server.attach(window)
        for path in open_files or []:
            if diagnostics.interrupted(app) is None:  # no more opens once a signal came
                window.open_scenario_file(path)
        # A signal that came before the loop runs (its exit() ended no loop) ends it at once.
        QTimer.singleShot(0, app, lambda: diagnostics.exit_if_interrupted(app))
        return int(app.exec())
    finally:
        diagnostics.loop_ended()
        if shiboken6.isValid(server):  # Ctrl+C ends the loop without closing the window:
            server.close()  # its socket is removed here (only if still its own)
        restore_interrupt()
        _made.clear()
        restore()
        diagnostics.disable_fault_log(faults)
        remove_logging(handler)
