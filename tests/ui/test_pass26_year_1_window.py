"""Pass 26 (F1) in the window. The scenario list shows a stored ``updated_at`` in local time;
a year-1 stamp whose offset puts it before 0001-01-01 (another program's text in the database)
raised OverflowError out of the list instead of being shown as it is stored; and Edit data >
Import of an edits file whose created_at is before 0001-01-01 in UTC went to the
unexpected-error path."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.panel import _local


def test_a_stamp_that_cannot_be_moved_to_local_time_is_shown_as_stored() -> None:
    stamp = "0001-01-01T00:00:00+14:00"
    assert _local(stamp) == stamp
    assert _local("not a time") == "not a time"
    assert _local("2026-11-30T09:15:00+00:00")[:4] == "2026"


def test_the_window_import_names_a_created_at_before_year_1_in_utc(
        make_window: Callable[..., MainWindow], tmp_path: Path) -> None:
    """F1 in the window: Edit data > Import reads through the same ``read_edits_csv``; the
    year-1 value is a refusal below the form, not the unexpected-error path."""
    from chipscope.ui.data_edit.dialog import open_data_dialog

    window = make_window(show=False)
    dialog = open_data_dialog(window)
    assert dialog is not None
    fields = json.dumps({"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab",
                         "derivation": "guess"})
    path = tmp_path / "edits.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["table_name", "row_key", "operation", "fields_json", "citation", "url",
                      "retrieved", "licence", "confidence", "created_at", "base_digest",
                      "source_id"])
        out.writerow(["adopters", "newlab", "add", fields, "Example News",
                      "https://example.com/a", "2026-11-30", "MIT", "low",
                      "0001-01-01T00:00:00+14:00", "", ""])
    assert not dialog.import_file(path)
    status = dialog.status.text()
    assert status.startswith(f"{path}: nothing imported")
    assert (f"{path}, line 2, column created_at: '0001-01-01T00:00:00+14:00' is before "
            "0001-01-01 in UTC") in status
