"""Pass 37 F1 in the window: Edit data's Import of a row equal to the current one stores no
edit (no undo step) and says so, naming the file and line."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from chipscope.model.edits import find_row
from chipscope.storage.user_edits import list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow


def test_an_unchanged_row_is_told_and_not_stored(make_window: Callable[..., MainWindow],
                                                 tmp_path: Path) -> None:
    window = make_window(show=False)
    dialog = open_data_dialog(window)
    assert dialog is not None
    base = dialog.editor.base
    key = str(base["chips"]["chip_id"].iloc[0])
    row = find_row(base, "chips", key)
    assert row is not None
    path = tmp_path / "chips.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    steps = window.session.document.history.labels()
    assert dialog.import_file(path) is False
    assert dialog.status.text() == (f"{path}: nothing to import: every row equals the current "
                                    f"data.\n{path}, line 2: no change from the current row; "
                                    "not stored")
    assert window.session.document.history.labels() == steps
    assert list_edits(window.db_path) == []
