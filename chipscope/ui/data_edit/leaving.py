"""The question Edit data asks before typed, unsaved values of its form would be lost (another
row, New, Duplicate, another table, closing the dialog or the main window): Save, Discard or
Cancel, as the scenario side asks. A form that cannot be saved as it is (a field is invalid)
says why, and offers only Discard and Cancel."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from chipscope.ui.data_edit.form import RowForm
from chipscope.ui.plain import elide, literal

Answer = Literal["save", "discard", "cancel"]
NAMED = 3
"""How many of the form's problems the question names (then "and N more")."""


def row_named(form: RowForm, key: str | None) -> str:
    """The row whose typed values are unsaved, as the question (and the interrupt's note)
    names it: "the chips row \u201ca100\u201d", or "the new chips row"."""
    return (f"the new {form.table} row" if key is None
            else f"the {form.table} row \u201c{elide(key)}\u201d")


def ask_unsaved_row(parent: QWidget, form: RowForm, key: str | None) -> Answer:
    """Save, discard or cancel the typed values of ``form`` (row ``key``; None: a new row).
    When the form is invalid, Save is disabled and the first problems are named."""
    button = QMessageBox.StandardButton
    what = row_named(form, key)
    problems = [] if form.is_valid else list(form.problems.values())
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved row",
                      literal(f"{what[:1].upper()}{what[1:]} has values you typed and did not "
                              "save. Save them?"),
                      button.Save | button.Discard | button.Cancel, parent)
    if problems:
        more = f"; and {len(problems) - NAMED:,} more" if len(problems) > NAMED else ""
        named = "; ".join(elide(p) for p in problems[:NAMED])
        box.setInformativeText(literal(f"It cannot be saved as it is: {named}{more}. Discard "
                                       "the typed values, or Cancel to correct them."))
        box.button(button.Save).setEnabled(False)
        box.setDefaultButton(button.Cancel)
    else:
        box.setDefaultButton(button.Save)
    answer = box.exec()
    if answer == button.Save and not problems:
        return "save"
    if answer == button.Discard:
        return "discard"
    return "cancel"
