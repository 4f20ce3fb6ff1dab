"""File > Open recent: the scenario files the user imported or exported last, newest first,
kept in QSettings. A file that has gone is shown disabled with the reason in its tooltip."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from chipscope.file_access import folder_denial
from chipscope.storage.file_causes import bad_name
from chipscope.storage.file_reads import not_regular, refusal_clause, stat_refusal
from chipscope.storage.path_length import too_long_clause
from chipscope.ui.plain import elide, literal, menu_text
from chipscope.ui.stored_settings import setting

MAX_RECENT = 10
KEY = "recent_files"


def why_not_openable(path: Path | str, recent: bool = False) -> str | None:
    """Why ``path`` cannot be opened as a scenario file ("it is no longer there", "it is
    a folder", "its folder D cannot be entered (permission denied); make that folder
    accessible (chmod u+x) or choose another one", ...), or None if it is a regular file.
    Never raises, never opens the file (one it may not read is named when it is opened), and
    looks at it once. A symlink loop, a missing file or link target, a folder on the way that
    is a file, a folder, a FIFO, a socket and a device get the readers' words and advice
    (:func:`~chipscope.storage.file_reads.check_regular_file`); ``recent``: ``path`` is a
    recent-files entry, which a missing file "is no longer there"."""
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except ValueError as exc:  # a NUL or a lone surrogate in the name
        return bad_name(exc)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:  # every reader's words (pass 60 F2)
            return too_long_clause(p)
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and recent:
            return "it is no longer there"
        if exc.errno in (errno.EACCES, errno.EPERM) and (denied := folder_denial(p)):
            return denied.refusal()  # every reader's words, not "Permission denied"
        if exc.errno not in (errno.ELOOP, errno.ENOENT, errno.ENOTDIR):
            return exc.strerror or str(exc)
        if isinstance(refused := stat_refusal(p, "scenario file", exc), Path):
            return why_not_openable(refused, recent)  # the end of a long chain of links
        return refusal_clause(refused)
    if stat.S_ISREG(mode):
        return None
    return refusal_clause(not_regular("scenario file", p, mode))  # a folder, a FIFO, a device


class RecentFiles(QObject):
    """The recent-files list and its menu.

    Parameters
    ----------
    settings : where the list is kept (None: this window only).
    menu : the "Open recent" submenu, rebuilt on every change.
    open_file : called with a path when the user picks an entry.
    """

    def __init__(self, settings: QSettings | None, menu: QMenu,
                 open_file: Callable[[Path], object], parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.menu = menu
        self.open_file = open_file
        self._paths: list[str] = []
        if settings is not None:
            stored = setting(settings, KEY, [])
            if isinstance(stored, str):  # QSettings gives a str for a one-item list
                stored = [stored]
            if isinstance(stored, list):  # entries that are not a path's text are skipped
                self._paths = [p for p in stored if isinstance(p, str) and p.strip()
                               and "\0" not in p][:MAX_RECENT]
        self.rebuild()

    def paths(self) -> list[Path]:
        return [Path(p) for p in self._paths]

    def holds(self, path: Path | str) -> bool:
        """Whether ``path`` is on the list."""
        return str(Path(path).absolute()) in self._paths

    def add(self, path: Path) -> None:
        """Put ``path`` first (once)."""
        text = str(Path(path).absolute())
        self._paths = [text] + [p for p in self._paths if p != text]
        del self._paths[MAX_RECENT:]
        self._store()

    def clear(self) -> None:
        self._paths = []
        self._store()

    def _store(self) -> None:
        if self.settings is not None:
            self.settings.setValue(KEY, list(self._paths))
        self.rebuild()

    def rebuild(self) -> None:
        self.menu.clear()
        if not self._paths:
            empty = self.menu.addAction("No recent files")
            empty.setEnabled(False)
        for i, text in enumerate(self._paths):
            path = Path(text)
            # A "&" in the name is shown, not a shortcut; a line break or U+202E spelled out.
            name = menu_text(path.name)
            action = QAction(f"&{i + 1} {name}" if i < 9 else name, self.menu)
            action.setToolTip(literal(text))  # tooltips read HTML: a path is text
            action.setStatusTip(elide(text))
            if (why := why_not_openable(path, recent=True)) is not None:
                action.setEnabled(False)
                action.setToolTip(literal(f"{text}: {why}"))
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
            self.menu.addAction(action)
        self.menu.addSeparator()
        clear = self.menu.addAction("&Clear list")
        clear.setEnabled(bool(self._paths))
        clear.triggered.connect(self.clear)
        self.menu.setToolTipsVisible(True)
