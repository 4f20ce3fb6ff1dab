"""File > Export chart: pick a file (PNG or SVG by its type), a size preset and high-DPI.

The dialog only collects :class:`ExportOptions`; the main window does the export with
``chipscope.ui.charts.export``, so tests can drive the export without a modal dialog.
:func:`chart_path` reads the File field: a name that is blank, names a folder, has another
type than .png or .svg, or ends in a space or a dot is refused with a sentence saying why (never
turned into another name), and a relative name is taken in the folder the dialog shows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from chipscope.storage.export_names import ExportNameError, typed_path
from chipscope.ui.plain import literal

FORMATS = {".png": "PNG image", ".svg": "SVG vector image"}
"""The types the chart export writes (:data:`chipscope.ui.charts.export.EXPORT_SUFFIXES`)."""


ChartPathError = ExportNameError
"""The File field names no file the chart (or report) can be written to; the message says
why."""

CHART_TYPES = {".png": "picture", ".svg": "drawing"}
"""What :func:`chart_path` takes: each type and what it holds, as the messages say it."""


def chart_path(text: str, folder: Path) -> Path:
    """The file the File field's ``text`` names: ``~`` expanded, a relative name taken in
    ``folder`` (the one the dialog shows, never the process's current folder).

    Raises
    ------
    ChartPathError
        One sentence naming the text and what to do: blank, a folder, an unknown ``~user``,
        a type other than .png / .svg (none is guessed: that could replace another file), or
        a space or tab at either end or a dot at the end (which would be part of the file's
        name): :func:`chipscope.storage.export_names.typed_path`, every export's rule.
    """
    return typed_path(text, folder, "chart", CHART_TYPES)


@dataclass(frozen=True)
class ExportOptions:
    """What to export: the file (its suffix picks PNG or SVG), logical size, and scale
    (2: twice the pixels, for high-DPI screens and print; PNG only); ``dark``: on the dark
    theme (default: light, whatever the window's appearance)."""

    path: Path
    width: int
    height: int
    scale: float = 1.0
    dark: bool = False

    @property
    def is_svg(self) -> bool:
        return self.path.suffix.lower() == ".svg"


def preset_items(presets: object) -> list[tuple[str, int, int]]:
    """(label, width, height) of each size preset, whether the export module gives a mapping
    name -> (w, h) or a sequence of (w, h) / (name, w, h)."""
    entries = ([(name, *size[-2:]) for name, size in presets.items()]
               if isinstance(presets, dict)
               else [tuple(e) if len(e) > 2 else ("", *e) for e in presets])  # type: ignore[attr-defined]
    items: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for name, w, h in entries:
        if (int(w), int(h)) in seen:  # one entry per size: the first, best-named one
            continue
        seen.add((int(w), int(h)))
        size = f"{w} x {h} px"
        plain = not name or name.replace(" ", "").lower() == f"{w}x{h}"
        items.append((size if plain else f"{name} ({size})", int(w), int(h)))
    return items


class ExportDialog(QDialog):
    """Collects :class:`ExportOptions` for the chart on screen."""

    def __init__(self, presets: object, default_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export chart")
        self.folder = Path(default_path).absolute().parent
        """Where a relative name in the File field goes: the folder of the offered file, or
        of the one last picked with Browse."""
        self.asked: Path | None = None
        """The file Browse's file dialog already asked about replacing (asked once only)."""
        self.path_edit = QLineEdit(str(default_path))
        browse = QPushButton("Browse\u2026")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.size_combo = QComboBox()
        items = preset_items(presets)
        self._sizes = [(w, h) for _, w, h in items]
        for label, _, _ in items:
            self.size_combo.addItem(label)
        if (1920, 1080) in self._sizes:
            self.size_combo.setCurrentIndex(self._sizes.index((1920, 1080)))
        self.hidpi_box = QCheckBox("2x pixels (high-DPI, print)")
        self.hidpi_box.setToolTip("Twice the pixels in each direction; same layout. PNG only.")
        self.dark_box = QCheckBox("Dark background")
        self.dark_box.setToolTip("Draw the chart on the dark theme. By default exports are "
                                 "light, for documents and slides, whatever the window's "
                                 "appearance.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("File:", path_row)
        form.addRow("Size:", self.size_combo)
        form.addRow("", self.hidpi_box)
        form.addRow("", self.dark_box)
        form.addRow(buttons)
        self.path_edit.textChanged.connect(self._update_enabled)
        self._update_enabled()
        self.setMinimumWidth(560)  # room for a whole path

    def _browse(self) -> None:
        filters = ";;".join(f"{name} (*{suffix})" for suffix, name in FORMATS.items())
        start = self.path_edit.text().strip()
        if not start or not (start.startswith("~") or Path(start).is_absolute()):
            start = str(self.folder / start)
        path, chosen = QFileDialog.getSaveFileName(self, "Export chart", start, filters)
        if path:
            suffix = next((s for s, n in FORMATS.items() if chosen.startswith(n)), ".png")
            if Path(path).suffix.lower() not in FORMATS:
                path += suffix  # a name the file dialog did not ask about
            else:
                self.asked = Path(path)
            self.folder = Path(path).parent
            self.path_edit.setText(path)

    def _update_enabled(self) -> None:
        is_svg = Path(self.path_edit.text()).suffix.lower() == ".svg"
        self.hidpi_box.setEnabled(not is_svg)

    def accept(self) -> None:
        """Save: closes the dialog only when the File field names a file it can take (else
        says why, and the dialog stays open for a correction), and asks before replacing a
        file that exists (unless Browse's file dialog asked already)."""
        try:
            path = self.options().path
        except ChartPathError as exc:
            QMessageBox.warning(self, "Export chart", literal(str(exc)))
            self.path_edit.setFocus()
            return
        if (path != self.asked and os.path.lexists(path) and not os.path.isdir(path)
                and not self.confirm_replace(path)):
            self.path_edit.setFocus()
            return
        super().accept()

    def confirm_replace(self, path: Path) -> bool:
        """Whether to replace ``path``, which exists (tests replace this)."""
        answer = QMessageBox.question(
            self, "Export chart", literal(f"{path} already exists. Replace it with the chart?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def options(self) -> ExportOptions:
        """What the dialog holds; :class:`ChartPathError` (see :func:`chart_path`) when the
        File field names no file a chart can be saved to."""
        path = chart_path(self.path_edit.text(), self.folder)
        w, h = self._sizes[self.size_combo.currentIndex()]
        scale = 2.0 if self.hidpi_box.isChecked() and path.suffix.lower() == ".png" else 1.0
        return ExportOptions(path, w, h, scale, self.dark_box.isChecked())
