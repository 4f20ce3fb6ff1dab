"""The assumption forms are rebuilt whenever the dataset is replaced (an Edit data save, Undo):
Qt deletes the old forms then. A segmentation fault inside that deletion (FormScrollArea's
setWidget, CI on 2026-12-06, during tests/ui/test_data_edit_ui.py) came from Python event
filters still installed on the widgets being destroyed: the scroll area's on the old forms, the
undo-key guard's on every old number box. Both are removed before the old forms go."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.session import Session


def test_a_rebuild_unwatches_the_old_forms_before_they_are_deleted(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = AssumptionsPanel(Session(synthetic_dataset()))
    qtbot.addWidget(panel)
    boxes = panel.scroll_area.widget().findChildren(QAbstractSpinBox)
    watched = list(panel.undo_keys._watched)
    assert boxes and set(map(id, watched)) <= set(map(id, boxes))
    old_forms = panel.scroll_area.widget()
    removed: list[object] = []
    real = type(old_forms).removeEventFilter

    def spy(self, obj):  # type: ignore[no-untyped-def]
        removed.append(self)
        return real(self, obj)

    monkeypatch.setattr(type(old_forms), "removeEventFilter", spy)
    panel.rebuild()
    monkeypatch.undo()
    # the scroll area's filter on the old forms, and the guard's on each old number box
    assert sum(r is old_forms for r in removed) == 1
    assert sum(any(r is b for b in boxes) for r in removed) == len(watched)
    assert len(panel.undo_keys._watched) == len(watched)  # the new boxes only, not both
    new_boxes = panel.scroll_area.widget().findChildren(QAbstractSpinBox)
    assert set(map(id, panel.undo_keys._watched)) <= set(map(id, new_boxes))
