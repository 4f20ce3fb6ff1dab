"""What a user needs when something goes wrong, and what a terminal user expects.

- :func:`enable_fault_log`: a native crash (a segfault in Qt, an abort) writes every thread's
  Python stack to ``faults.log`` beside the log, where the Python logger cannot reach.
- :func:`install_interrupt`: Ctrl+C in the terminal ends the app cleanly: unsaved changes
  stay in the autosave (offered at the next start), settings are saved, the worker stops.
- :func:`problem_report` and :class:`ReportDialog` (Help > Report a problem): version,
  platform, Qt, Python and library versions, the dataset, and the log's tail, copied to the
  clipboard for a bug report. Nothing is sent anywhere.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import platform
import signal
import sys
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from chipscope import __version__, paths
from chipscope.file_access import look
from chipscope.storage.stop_request import clear as clear_stop
from chipscope.storage.stop_request import request_stop
from chipscope.storage.write_permission import write_protected
from chipscope.ui.log_file import (
    NotALogFile,
    ReadOnlyLog,
    odd_log_failure,
    refuse_odd_log,
    refuse_read_only_log,
    say,
)

if TYPE_CHECKING:
    from chipscope.model import Dataset
    from chipscope.ui.main_window import MainWindow

LOG_TAIL_LINES = 80
LIBRARIES = ("numpy", "pandas", "scipy", "pyqtgraph", "sqlite-utils")


def fault_log_path() -> Path:
    return paths.fault_log_path()


def enable_fault_log() -> TextIO | None:
    """Send faulthandler's report of a native crash to ``faults.log`` (appending). Returns the
    open file (keep it open while the app runs), or None if the folder cannot be written or
    ``faults.log`` is no regular file (a FIFO would block the start for ever; said once), in
    which case the report goes to stderr as Python's default would. A read-only ``faults.log``
    (said once) or folder (the log's note names it) is left alone in the same way."""
    try:
        refuse_odd_log(fault_log_path())
        refuse_read_only_log(fault_log_path())
        stream = open(fault_log_path(), "a", encoding="utf-8")  # noqa: SIM115 - kept open
    except NotALogFile as exc:
        say(odd_log_failure(exc, "the fault log", "a native crash's report goes to standard "
                            "error"))
        faulthandler.enable()
        return None
    except ReadOnlyLog as exc:
        if write_protected(fault_log_path()):  # a read-only folder: the log's note says it
            say(f"the fault log {exc.filename} is not written because {exc.cause}, so a "
                "native crash's report goes to standard error; make it writable to keep one.")
        faulthandler.enable()
        return None
    except OSError:
        faulthandler.enable()
        return None
    faulthandler.enable(stream, all_threads=True)
    return stream


def disable_fault_log(stream: TextIO | None) -> None:
    faulthandler.disable()
    if stream is not None:
        stream.close()


INTERRUPTED = "chipscope_interrupted"
"""Application property set by :func:`interrupt` to the exit status (130, 143, 129):
:func:`exit` ends only the event loops running then, so a signal during a question asked at
start, or before the event loop runs, must be noticed after it (:func:`interrupted`)."""

_ENDINGS = (("SIGINT", "interrupted", 130), ("SIGTERM", "terminated", 143),
            ("SIGHUP", "hung up (the terminal or the connection closed)", 129))
"""The signals that end the window cleanly: the name, the word said, the exit status."""


def interrupted(app: QApplication) -> int | None:
    """The exit status a signal asked for (:func:`interrupt`), or None if none came."""
    status = app.property(INTERRUPTED)
    if not status:
        return None
    return 130 if status is True else int(status)


def exit_if_interrupted(app: QApplication) -> None:
    """End the event loop now if a signal came before it ran (:func:`interrupted`)."""
    if (status := interrupted(app)) is not None:
        app.exit(status)


def install_interrupt(app: QApplication, window_of: Callable[[], MainWindow | None]
                      ) -> Callable[[], None]:
    """Make SIGINT (Ctrl+C in the terminal), SIGTERM (``kill``, a logout) and SIGHUP (the
    terminal closed) end the app cleanly (:func:`interrupt`; a signal ignored, as SIGHUP under
    ``nohup``, stays ignored). Qt's event loop does not return to Python on its own, so a timer
    wakes the interpreter every 200 ms to run the handler. Returns a function that puts the
    previous handlers back."""
    app.setProperty(INTERRUPTED, False)  # an earlier run's Ctrl+C does not end this one
    previous: list[tuple[int, object]] = []
    for name, word, status in _ENDINGS:
        number = getattr(signal, name, None)  # no SIGHUP on Windows
        if number is None or (name != "SIGINT" and signal.getsignal(number) != signal.SIG_DFL):
            continue

        def on_signal(_signum: int, frame: FrameType | None, word: str = word,
                      status: int = status) -> None:
            if _in_storage(frame):  # its transaction holds the lock the last autosave needs
                request_stop()  # a long check of rows stops at its next row (pass 85, F2)
                QTimer.singleShot(0, app, lambda: interrupt(app, window_of(), status, word))
                return
            interrupt(app, window_of(), status, word)

        previous.append((number, signal.signal(number, on_signal)))
    timer = QTimer(app)
    timer.setInterval(200)
    timer.timeout.connect(lambda: None)
    timer.start()

    def restore() -> None:
        timer.stop()
        timer.deleteLater()
        for number, handler in previous:
            signal.signal(number, handler)  # type: ignore[arg-type]

    return restore


def _in_storage(frame: FrameType | None) -> bool:
    """Whether the signal came inside a call of the storage layer: a save of the window's own
    holds the database's write lock, and the last autosave waited 5 s on it, then said the
    changes were lost, blaming "another program" (pass 83, F1-F3). Such a signal is handled
    when the call has returned, at the next turn of an event loop."""
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).startswith("chipscope.storage"):
            return True
        frame = frame.f_back
    return False


def interrupt(app: QApplication, window: MainWindow | None, status: int = 130,
              word: str = "interrupted") -> None:
    """Quit without questions, losing nothing: the working scenario goes to the autosave
    (offered at the next start), the window's settings are saved, background work stops.
    Said once on stderr (``word``: interrupted, terminated, hung up), naming a row typed in
    Edit data and not saved (it is lost: only the scenario is autosaved) and the autosave (and
    whether it could be written) only when there were unsaved changes; a second signal before
    the app has ended only asks it again to end. The event loop ends with ``status``; one that
    has not started yet ends as soon as it starts (run_gui checks :func:`interrupted`)."""
    clear_stop()  # asked of the storage call that has returned by now
    if (earlier := interrupted(app)) is not None:
        app.exit(earlier)
        return
    app.setProperty(INTERRUPTED, status)  # first: a second signal meanwhile only asks again
    note = ""  # to end (it ran the whole of this again, a second line: pass 84, F2)
    if window is not None:
        from chipscope.ui.scenarios.working_autosave import left_in_autosave

        window.closing.emit()  # the hand-over server: nothing more opens (pass 83, F4)
        data_dialog = getattr(window, "_data_dialog", None)  # as closeEvent asks about it
        row = None if data_dialog is None else data_dialog.unsaved_row()
        note = "" if row is None else f"; {row} typed in Edit data was not saved"
        note += getattr(data_dialog, "stopped_note", "")  # an import it stopped
        changes = "unsaved changes" if row is None else "unsaved scenario changes"
        working = window.scenarios.working
        failed = working.autosave_now(final=True)  # why the values were not written, or None
        if working.is_modified():
            note += (f"; {changes} could not be kept (nothing can be saved here)"
                     if not working.writable else
                     # writable, but the database's one autosave is another window's
                     f"; {changes} were not kept: another ChipScope window keeps this "
                     "database's autosave" if not working.owns_autosave else
                     f"; {changes} could not be kept: {failed}{left_in_autosave(working)}"
                     if failed is not None else
                     f"; {changes} are kept in the autosave (offered at the next start)")
        working.release_autosave_lock()
        window.save_settings()
        window.worker.shutdown()
    with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed terminal
        print(f"chipscope: {word}{note}", file=sys.stderr, flush=True)  # only loses the line
    app.exit(status)  # the mark above also ends a loop that has not run yet (a start question)
    _arm_hard_end(status)


HARD_END_S = 1.5
"""How long after its ending line the window may take to end (:func:`end_within`)."""

_hard_end: dict[str, Any] = {"seconds": None, "timer": None}


def end_within(seconds: float | None) -> None:
    """From here on, an ending (:func:`interrupt`) ends the process ``seconds`` after its line
    if the event loop has not returned by then: the UI thread is busy with long work that
    Python cannot leave half-done (the reload after a 1,000-row Edit data import: the window
    ended 5-8 s after it said "terminated", pass 86 F1). The autosave and the settings are
    written by then; what the busy work had not finished is left as SIGKILL would leave it.
    None: no deadline. ``run_gui`` arms it and :func:`loop_ended` disarms it."""
    _hard_end["seconds"] = seconds


def loop_ended() -> None:
    """The event loop has returned: the process ends the usual way, no deadline."""
    timer = _hard_end["timer"]
    if timer is not None:
        timer.cancel()
    _hard_end.update(seconds=None, timer=None)


def _arm_hard_end(status: int) -> None:
    seconds = _hard_end["seconds"]
    if seconds is None or _hard_end["timer"] is not None:
        return
    timer = threading.Timer(seconds, _end_now, (status,))
    timer.daemon = True  # never keeps the process alive
    _hard_end["timer"] = timer
    timer.start()


def _end_now(status: int) -> None:
    """The deadline of :func:`end_within` passed with the event loop still busy: end now."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed terminal
            stream.flush()
    _exit(status)


_exit = os._exit
"""How :func:`_end_now` ends the process (a test records it instead)."""


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of a log file (a note if there is none)."""
    try:
        refuse_odd_log(path)  # reading a FIFO would wait for a writer for ever
        with open(path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - 64_000))
            text = f.read(64_000).decode("utf-8", errors="replace")  # a cap: never all
    except OSError as exc:
        return f"(no log at {path}: {exc.strerror or exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(the log is empty)"


def problem_report(dataset: Dataset | None = None) -> str:
    """Everything a bug report needs, as plain text (no personal data beyond the log)."""
    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen() if app is not None else None
    lines = [
        "ChipScope problem report",
        f"ChipScope: {__version__}",
        f"Python: {platform.python_version()} ({sys.executable})",
        f"Platform: {platform.platform()} ({platform.machine()})",
        f"Qt: {qVersion()}, PySide6 {pyside_version}, platform plugin "
        f"{QGuiApplication.platformName() if app is not None else '(none)'}",
        "Libraries: " + ", ".join(f"{n} {_version(n)}" for n in LIBRARIES),
        f"Frozen bundle: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
    ]
    if screen is not None:
        size = screen.size()
        lines.append(f"Screen: {size.width()}x{size.height()}, device pixel ratio "
                     f"{screen.devicePixelRatio():g}")
    if app is not None:
        lines.append(f"Fonts available: {len(QFontDatabase.families())}")
    if dataset is not None:
        lines.append(f"Dataset: {dataset.name}, {dataset.date}")
    lines += [f"Log: {paths.log_path()}", "", "Last lines of the log:",
              log_tail(paths.log_path())]
    faults = fault_log_path()
    if look(faults).is_file and faults.stat().st_size > 0:  # a data folder out of reach: none
        lines += ["", "Last native crash report (faults.log):", log_tail(faults, 40)]
    return "\n".join(lines)


class ReportDialog(QDialog):
    """Help > Report a problem: the report, and a button that copies it to the clipboard."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Report a problem")
        self.text = text
        intro = QLabel("To report a problem, copy this text into your report, with what you "
                       "did and what you expected. ChipScope sends nothing anywhere itself.")
        intro.setWordWrap(True)
        self.view = QPlainTextEdit(text)
        self.view.setReadOnly(True)
        self.view.setAccessibleName("Problem report")
        self.view.setMinimumSize(640, 360)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("&Copy to clipboard",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.text)
        self.copy_button.setText("Copied")
