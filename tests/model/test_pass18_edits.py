"""Pass 18 (window D2): adding again a bundled row that the user's own Retire (or an imported
retirement) hides was refused as "the bundled data now has a deals row of its own", naming the
wrong cause: it now brings the row back with the typed values, one Undo away."""

from __future__ import annotations

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edits import EditSource, find_row, frames_as_text
from chipscope.model.synthetic import synthetic_dataset

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")


@pytest.fixture
def editor() -> DataEditor:
    base: dict[str, pd.DataFrame] = frames_as_text(synthetic_dataset().frames)
    return DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())


def test_adding_back_a_row_the_user_retired_restores_it_with_the_typed_values(
        editor: DataEditor) -> None:
    doc = editor.document
    bundled = find_row(editor.base, "deals", "d0")
    assert bundled is not None
    assert editor.retire("deals", "d0", SOURCE, "medium") is not None
    assert "d0" not in set(doc.dataset.deals["deal_id"])
    edit = editor.add("deals", {**bundled, "description": "Typed again"}, SOURCE, "high")
    assert edit.operation == "edit" and editor.overlay.conflicts == []
    shown = editor.row("deals", "d0")
    assert shown is not None and shown["description"] == "Typed again"
    assert doc.undo()  # the add again, then the retire
    assert "d0" not in set(doc.dataset.deals["deal_id"])
    assert doc.undo()
    assert editor.row("deals", "d0") == bundled
