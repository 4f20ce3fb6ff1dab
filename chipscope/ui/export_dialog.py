"""File > Export chart: pick a file (PNG or SVG by its type), a size preset and high-DPI.

The dialog only collects :class:`ExportOptions`; the main window does the export with
``chipscope.ui.charts.export``, so tests can drive the export without a modal dialog.
"""

from __future__ import annotations

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
    QPushButton,
    QWidget,
)

FORMATS = {".png": "PNG image", ".svg": "SVG vector image"}


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
        path, chosen = QFileDialog.getSaveFileName(self, "Export chart", self.path_edit.text(),
                                                   filters)
        if path:
            suffix = next((s for s, n in FORMATS.items() if chosen.startswith(n)), ".png")
            if Path(path).suffix.lower() not in FORMATS:
                path += suffix
            self.path_edit.setText(path)

    def _update_enabled(self) -> None:
        is_svg = Path(self.path_edit.text()).suffix.lower() == ".svg"
        self.hidpi_box.setEnabled(not is_svg)

    def options(self) -> ExportOptions:
        path = Path(self.path_edit.text()).expanduser()
        if path.suffix.lower() not in FORMATS:
            path = path.with_suffix(".png")
        w, h = self._sizes[self.size_combo.currentIndex()]
        scale = 2.0 if self.hidpi_box.isChecked() and path.suffix.lower() == ".png" else 1.0
        return ExportOptions(path, w, h, scale, self.dark_box.isChecked())
