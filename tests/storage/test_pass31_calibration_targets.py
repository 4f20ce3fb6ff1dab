"""Pass 30 F2: the calibration-targets file told a value outside its band by its float rounded
to 6 digits ("894640 is outside [h100e_p5, h100e_p95]" for 894640.01 over a p95 of 894640.0;
"0 is outside ..." for 1e-400), and a non-zero number too small for a float (1e-400 in a p5
column) was taken as 0 without a word. Now the cells are shown as written, with the bound
crossed and its value, and a too-small number is refused by file, line and column with the
wording scenario files, sweep specs and --set use."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.calibration_files import (
    TARGET_COLUMNS,
    calibration_target_problems,
    read_calibration_targets,
)

COLUMNS = list(TARGET_COLUMNS)
GOOD = dict(zip(COLUMNS, ["2026", "1", "v0", "10", "8", "12", "20", "16", "24", "derived",
                         "synthetic", "medium"], strict=True))
TOO_SMALL = "is too small for a number here (it would read as 0); write "
INSTEAD = {"quarter": "a quarter (1 to 4)", "year": "a year from 2000 to 2100"}  # pass 31: no 0


def _file(tmp_path: Path, **cells: str) -> Path:
    row = {**GOOD, **cells}
    path = tmp_path / "targets.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(row[c] for c in COLUMNS) + "\n",
                    encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        read_calibration_targets(path)
    assert path.read_bytes() == before
    assert calibration_target_problems(path) == [str(info.value)]  # data check says the same
    return str(info.value)


def test_a_value_just_above_its_band_is_shown_as_written(tmp_path: Path) -> None:
    path = _file(tmp_path, h100e="894640.01", h100e_p5="634320.0", h100e_p95="894640.0")
    assert _refusal(path) == (
        f"{path}, line 2, column h100e: '894640.01' is above h100e_p95 ('894640.0'); a target "
        "lies within its band [h100e_p5, h100e_p95], so correct h100e or the band")


def test_a_value_below_its_band_names_the_p5_as_written(tmp_path: Path) -> None:
    path = _file(tmp_path, units="7.999999999", units_p5="8.00")
    assert _refusal(path) == (
        f"{path}, line 2, column units: '7.999999999' is below units_p5 ('8.00'); a target "
        "lies within its band [units_p5, units_p95], so correct units or the band")


@pytest.mark.parametrize("column", ["units", "units_p5", "units_p95", "h100e", "h100e_p5",
                                    "h100e_p95", "quarter", "year"])
@pytest.mark.parametrize("written", ["1e-400", "-1e-400", "0." + "0" * 400 + "1"])
def test_a_number_too_small_for_a_float_is_refused_not_read_as_0(
        tmp_path: Path, column: str, written: str) -> None:
    path = _file(tmp_path, **{column: written})
    message = _refusal(path)
    assert message.startswith(f"{path}, line 2, column {column}: ")
    assert message.endswith(TOO_SMALL + INSTEAD.get(column, "0 or a larger value")), message
    assert "0 is outside" not in message and " is below " not in message  # told once, as written
    assert ("1e-400" if "e" in written else "characters)") in message


def test_zero_and_the_smallest_float_are_still_numbers(tmp_path: Path) -> None:
    path = _file(tmp_path, units_p5="0", h100e_p5="0e0", h100e="5e-324", h100e_p95="5e-324",
                 units="-0")
    frame = read_calibration_targets(path)
    assert frame["units_p5"][0] == 0 and frame["h100e_p5"][0] == 0 and frame["units"][0] == 0
    assert frame["h100e"][0] == 5e-324 and not math.isnan(frame["h100e_p95"][0])
