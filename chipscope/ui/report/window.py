"""File > Export report: ask where, then write the PDF report of the working scenario (its
values, name and description, on the window's compute basis). A failure is shown in one
message box, never raised; the old file is unchanged. A name with no type gets ".pdf", and
replacing an existing file of that name is asked about first.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QStatusBar, QWidget

from chipscope.storage import StorageError
from chipscope.storage.export_names import named_path
from chipscope.ui.export_dialog import ChartPathError
from chipscope.ui.plain import literal
from chipscope.ui.report import WHAT, ReportInput, default_paper, write_report
from chipscope.ui.scenarios.file_names import MAX_STEM_BYTES
from chipscope.ui.session import Session

TITLE = "Export report"


class ReportWindow(Protocol):
    """What the command needs of the main window."""

    session: Session

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name


def default_report_name(scenario: str) -> str:
    """``chipscope-report-price-war.pdf`` for "Price war" (letters, digits and dashes)."""
    slug = re.sub(r"[^\w]+", "-", scenario.casefold()).strip("-_")[:60]
    while len(slug.encode("utf-8")) > MAX_STEM_BYTES:  # 60 four-byte characters: 261 bytes
        slug = slug[:-1]
    return f"chipscope-report-{slug or 'scenario'}.pdf"


def report_input(session: Session) -> ReportInput:
    """The working scenario as a report's input; a modified scenario says so in its name."""
    document = session.document
    identity = document.identity
    name = identity.name + (" (modified)" if document.is_modified() else "")
    return ReportInput(session.dataset, session.assumptions, name, identity.description,
                       session.basis)


def export_report(window: ReportWindow) -> bool:
    """Ask for a file name, then write the report there. Returns success."""
    parent = window if isinstance(window, QWidget) else None
    default = Path.home() / default_report_name(window.session.document.identity.name)
    path, _ = QFileDialog.getSaveFileName(parent, TITLE, str(default), "PDF report (*.pdf)")
    if not path:
        return False
    try:
        out = report_path(path)
    except (ChartPathError, StorageError) as exc:  # StorageError: the name with ".pdf" added
        QMessageBox.warning(parent, TITLE, literal(str(exc)))
        return False
    if str(out) != path and os.path.lexists(out) and not confirm_replace(parent, out):
        return False  # the dialog asked about the name typed, not about this one
    return export_report_to(window, out)


def report_path(text: str) -> Path:
    """The file a name from the file dialog is written to: ".pdf" added to a name with no
    type; refused (:class:`ChartPathError`, the rule of every export's name) with another
    type, or a space or dot at the end, and (:class:`~chipscope.storage.StorageError`) when
    the name with ".pdf" added is one no writer takes (too long for the file system...)."""
    return named_path(text, Path.home(), "report", {".pdf": "PDF document"}, WHAT)


def confirm_replace(parent: QWidget | None, path: Path) -> bool:
    """Whether to replace ``path``, which exists (tests replace this)."""
    answer = QMessageBox.question(
        parent, TITLE, literal(f"{path} already exists. Replace it with the report?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def export_report_to(window: ReportWindow, out: Path) -> bool:
    """Write the working scenario's report to ``out``; a failure is shown, not raised."""
    parent = window if isinstance(window, QWidget) else None
    window.statusBar().showMessage(f"Writing the report to {out}\u2026")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = write_report(report_input(window.session), out, default_paper())
    except StorageError as exc:  # names the file and the cause; nothing was changed
        _failed(parent, window, str(exc))
        return False
    except (OSError, ValueError, RuntimeError) as exc:
        _failed(parent, window, f"Could not write the report {out}: {exc}")
        return False
    finally:
        QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Report ({report.pages} pages) saved to {out}", 8000)
    return True


def _failed(parent: QWidget | None, window: ReportWindow, text: str) -> None:
    window.statusBar().clearMessage()
    QMessageBox.warning(parent, "Export failed", literal(text))
