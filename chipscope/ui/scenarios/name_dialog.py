"""The dialog Save As and Rename ask a scenario's name (and description) in."""

from __future__ import annotations

import re

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


class NameDialog(QDialog):
    """Asks for a scenario name and, optionally, its description."""

    def __init__(self, title: str, name: str, description: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.name_edit = QLineEdit(name)
        self.name_edit.selectAll()
        form.addRow("Name:", self.name_edit)
        self.description_edit: QPlainTextEdit | None = None
        if description is not None:
            self.description_edit = QPlainTextEdit()
            if re.search(r"\S{500}", description):  # a word of 900,000 letters took 100 s to
                self.description_edit.setWordWrapMode(  # lay out at word boundaries: a word
                    QTextOption.WrapMode.WrapAnywhere)  # that long wraps anywhere (pass 116 F4)
            self.description_edit.setPlainText(description)
            self.description_edit.setMinimumHeight(90)
            form.addRow("Description:", self.description_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        text = self.description_edit.toPlainText() if self.description_edit else ""
        return self.name_edit.text().strip(), text
