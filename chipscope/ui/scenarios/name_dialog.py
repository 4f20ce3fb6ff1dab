"""The dialog Save As and Rename ask a scenario's name (and description) in."""

from __future__ import annotations

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
            self.description_edit = QPlainTextEdit(description)
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
