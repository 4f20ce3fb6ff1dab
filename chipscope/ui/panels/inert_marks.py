"""Greys out the editors of assumptions that cannot change the projection now (a vendor's cap
growth while its cap is none, a deal's size while the deal is off...) with the reason first in
their tooltips; re-enables them as soon as the condition goes away. The rules are
:func:`chipscope.model.inert.inert_assumptions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QWidget

from chipscope.model import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.inert import inert_assumptions, inputs_of
from chipscope.ui.panels.param_widgets import Editor, ParamEditor


class InertMarks:
    """The editors marked as having no effect, and their tooltips before the mark."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.marked: dict[str, str] = {}  # key -> reason shown
        self._tips: dict[str, list[tuple[QWidget, str]]] = {}
        self._inputs = inputs_of(dataset)
        self._seen: tuple[bytes, int] | None = None  # the inputs' values and editors last time

    def reset(self, dataset: Dataset) -> None:
        """Forget the marks (the editors were rebuilt, perhaps for another dataset)."""
        self.dataset = dataset
        self.marked.clear()
        self._tips.clear()
        self._inputs = inputs_of(dataset)
        self._seen = None

    def update(self, editors: Mapping[str, Editor], assumptions: Assumptions) -> None:
        """Mark and unmark for ``assumptions`` (nothing to do when no input of the rules
        changed: most slider ticks)."""
        seen = (assumptions.array(self._inputs).tobytes(), len(editors))
        if seen == self._seen:
            return
        self._seen = seen
        reasons = inert_assumptions(self.dataset, assumptions)
        for key in list(self.marked):
            if key not in reasons and key in editors:
                self._unmark(key, editors[key])
        for key, reason in reasons.items():
            editor = editors.get(key)
            if editor is not None and self.marked.get(key) != reason:
                self._unmark(key, editor)
                self._mark(key, editor, reason)

    def _mark(self, key: str, editor: Editor, reason: str) -> None:
        widgets: list[QWidget] = [editor]
        if isinstance(editor, ParamEditor):
            widgets += [editor.label, editor.slider, editor.spin]
        self._tips[key] = [(w, w.toolTip()) for w in widgets]
        for widget, tip in self._tips[key]:
            # The tip may be a name shown literally (HTML): the note then goes in HTML too.
            note = f"No effect: {reason}."
            widget.setToolTip(f"{note}\n{tip}" if not GuiQt.mightBeRichText(tip)
                              else f"<p>{escape(note, quote=False)}</p>{tip}")
        editor.setEnabled(False)
        self.marked[key] = reason

    def _unmark(self, key: str, editor: Editor) -> None:
        if key not in self.marked:
            return
        for widget, tip in self._tips.pop(key, []):
            widget.setToolTip(tip)
        editor.setEnabled(True)
        del self.marked[key]
