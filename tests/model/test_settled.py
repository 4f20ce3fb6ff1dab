"""``settled``: the edits applied, with those that make the data checks fail set aside as the
app's dataset shows them (one helper for the editor's check, the imports' checks and the
withdrawal message). Qt-free: runs without PySide6."""

from __future__ import annotations

import pandas as pd

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edit_checks import settled
from chipscope.model.edits import EditSource, build_dataset, find_row, frames_as_text
from chipscope.model.synthetic import synthetic_dataset

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")


def _newer_without_c4() -> tuple[dict[str, pd.DataFrame], list]:
    base = frames_as_text(synthetic_dataset().frames)
    editor = DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())
    deal = find_row(base, "deals", "d1")
    assert deal is not None
    mine = editor.edit("deals", "d1", {**deal, "description": "mine"}, SOURCE, "high")
    fields = {**deal, "deal_id": "new_deal", "chip_id": "c4"}
    added = editor.add("deals", fields, SOURCE, "low")
    newer = {k: v.copy() for k, v in base.items()}  # another release drops chip c4
    newer["chips"] = newer["chips"][newer["chips"]["chip_id"] != "c4"]
    newer["history"] = newer["history"][newer["history"]["chip_id"] != "c4"]
    return newer, [mine, added]


def test_settled_sets_aside_what_the_app_sets_aside() -> None:
    newer, edits = _newer_without_c4()
    overlay, problems = settled(newer, edits)
    assert problems == []
    assert [e.key for e in overlay.applied] == ["d1"]
    assert [c.edit.key for c in overlay.conflicts] == ["new_deal"]
    assert "no longer passes the data checks" in overlay.conflicts[0].reason
    shown = build_dataset(newer, edits)[1]
    assert [c.edit.key for c in shown.conflicts] == [c.edit.key for c in overlay.conflicts]


def test_settled_without_find_keeps_every_edit_and_tells_the_problem() -> None:
    newer, edits = _newer_without_c4()
    overlay, problems = settled(newer, edits, find=False)
    assert [e.key for e in overlay.applied] == ["d1", "new_deal"]
    assert overlay.conflicts == []
    assert any("c4" in p for p in problems)
