"""Bring one assumption's control into view and give it the keyboard focus."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.param_widgets import ParamEditor


def focus_target(editor: QWidget) -> QWidget:
    """The part of an editor that takes typing: a numeric field's spin box, else the editor."""
    return editor.spin if isinstance(editor, ParamEditor) else editor


def reveal_assumption(panel: AssumptionsPanel, key: str) -> QWidget:
    """Clear a filter that hides ``key``, open its group (and its adopter's page), scroll to its
    control and focus it; returns the focused widget. KeyError for an unknown key."""
    spec = panel.specs[key]
    if panel.filter_bar.is_active():
        panel.filter_bar.clear()
        panel.filter_bar.changed_only.setChecked(False)
    if spec.group == "adopter":
        panel.show_adopter(spec.owner)
    section = panel.sections.get(spec.group)
    if section is not None:
        section.setVisible(True)
        section.set_expanded(True)
    editor = panel.editor(key)
    editor.setVisible(True)
    target = focus_target(editor)
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    panel.scroll_area.ensureWidgetVisible(editor, 0, 50)
    # Once the unfolded section is laid out, its place is known: scroll there again.
    QTimer.singleShot(0, lambda: _scroll(panel, editor))
    return target


def _scroll(panel: AssumptionsPanel, editor: QWidget) -> None:
    with contextlib.suppress(RuntimeError):  # the forms were rebuilt meanwhile
        panel.scroll_area.ensureWidgetVisible(editor, 0, 50)
