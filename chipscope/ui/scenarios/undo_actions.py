"""Edit > Undo / Redo: two QActions over the document's one undo history (a Qt-free
:class:`chipscope.model.undo.CommandStack` in :class:`chipscope.model.document.Document`).

The texts name the change ("Undo NVIDIA price change", "Undo opening “Price war”") and follow
the history through ``WorkingScenario.undo_changed``, so the menu is right whenever it opens.
Each entry is one finished drag or edit, or one scenario operation, never a slider tick.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from chipscope.ui.plain import menu_text
from chipscope.ui.scenarios.working import WorkingScenario


class UndoActions(QObject):
    """``undo_action`` (Ctrl+Z) and ``redo_action`` (Ctrl+Shift+Z, Ctrl+Y and the platform's
    own redo key) for ``working``; texts and enabled states kept current."""

    def __init__(self, working: WorkingScenario, parent: QObject | None = None):
        super().__init__(parent)
        self.working = working
        self.undo_action = QAction("Undo", parent)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setStatusTip("Undo the last change of an assumption")
        self.undo_action.triggered.connect(working.undo)
        self.redo_action = QAction("Redo", parent)
        keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                 if k not in keys]
        self.redo_action.setShortcuts(keys)
        self.redo_action.setStatusTip("Redo the change that was undone last")
        self.redo_action.triggered.connect(working.redo)
        working.undo_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Texts and enabled states from the stack."""
        stack = self.working.stack
        # A name in the label ("Edit adopters AT&T") is shown: "&" is no shortcut there.
        self.undo_action.setText(menu_text(stack.undo_label()))
        self.undo_action.setEnabled(stack.can_undo())
        self.redo_action.setText(menu_text(stack.redo_label()))
        self.redo_action.setEnabled(stack.can_redo())
