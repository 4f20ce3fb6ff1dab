"""CSV exports start with "# key: value" lines that pandas skips with comment="#"."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from chipscope.model import AssumptionSpecs
from chipscope.model.export_meta import export_metadata, read_metadata
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage import files


def test_metadata_names_dataset_scenario_changes_basis_and_version(tmp_path: Path) -> None:
    dataset = synthetic_dataset()
    values = AssumptionSpecs.for_dataset(dataset).defaults().replace({"lock_in": 2.0})
    meta = export_metadata(dataset, {"Sticky\nbuyers": values}, "8bit", [("table", "t")])
    frame = pd.DataFrame({"year": [2024], "vendor": ["Vendor #1"], "h100e": [1.5]})
    out = files.write_csv(frame, tmp_path / "m.csv", metadata=meta)
    text = out.read_text(encoding="utf-8")
    back = read_metadata(text)
    assert back["dataset"] == dataset.name and back["dataset_date"] == dataset.date
    assert back["scenario"] == "Sticky buyers"  # one line, whatever the name holds
    assert back["changed_assumptions"] == "lock_in=2"
    assert back["compute_basis"].startswith("8bit")
    assert back["exported_by"].startswith("ChipScope ") and back["table"] == "t"
    loaded = pd.read_csv(out, comment="#")
    pd.testing.assert_frame_equal(loaded, frame)  # the "#" in a cell survives (quoted)


def test_without_changes_the_metadata_says_defaults() -> None:
    dataset = synthetic_dataset()
    meta = export_metadata(dataset, {"A": AssumptionSpecs.for_dataset(dataset).defaults(),
                                     "B": AssumptionSpecs.for_dataset(dataset).defaults()},
                           "bf16")
    assert meta["scenario"] == "A | B"
    assert meta["changed_assumptions (A)"] == "none (the defaults)"


def test_a_metadata_line_never_starts_a_spreadsheet_formula(tmp_path: Path) -> None:
    meta = {"scenario": "x,=cmd|' /C calc'!A0, +1"}
    out = files.write_csv(pd.DataFrame({"a": [1]}), tmp_path / "f.csv", metadata=meta)
    with open(out, encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert not any(cell.lstrip()[:1] in files.FORMULA_START for cell in cells)
    assert list(pd.read_csv(out, comment="#")["a"]) == [1]


def test_without_metadata_the_bytes_are_unchanged(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["x#y"], "b": [1.25]})
    out = files.write_csv(frame, tmp_path / "p.csv")
    assert out.read_text(encoding="utf-8") == frame.to_csv(index=False, lineterminator="\n")
