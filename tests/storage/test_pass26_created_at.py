"""Pass 26 (F1, F2): an edits file's ``created_at`` of year 1 whose offset puts it before
0001-01-01 in UTC (``0001-01-01T00:00:00+14:00``) passed the check and then failed the UTC
conversion with "unexpected OverflowError" (exit 1, and the window's Import, which reads through
the same ``read_edits_csv``, took the unexpected-error path); lower-case ``t``/``z`` and an
impossible offset (``+25:00``) were called "not a time of day"; fractions of a second were cut
on store, so two edits within one second could apply in the wrong order. Now the year-1 value
is refused at its file, line and column (an :class:`EditFileError`, exit 2, database
unchanged), lower case is taken, the offset is named as the cause, and the microseconds are
kept."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.edit_files import EditFileError, read_edits_csv
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import list_edits
from tests.storage.test_pass25_created_at_form import _file


@pytest.mark.parametrize("created", ["0001-01-01T00:00:00+14:00", "0001-01-01T05:00:00+05:30",
                                     "0001-01-01T00:00:00.5+00:01"])
def test_a_year_1_time_before_year_1_in_utc_is_refused_at_its_line(
        synthetic_db: Path, tmp_path: Path, created: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, [("laba", created)])
    said = (f"{path}, line 2, column created_at: '{created}' is before 0001-01-01 in UTC, the "
            "earliest time an edit can carry; correct it, or leave it empty")
    base, _ = load_overlay(synthetic_db)
    with pytest.raises(EditFileError) as info:  # the class the window's Import shows below the form
        read_edits_csv(path, base, [])
    assert [p for p in info.value.problems if p.startswith(said)], info.value.problems
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert said in err and "OverflowError" not in err
    assert synthetic_db.read_bytes() == before


def test_year_1_in_utc_and_a_far_future_offset_still_read(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, [("laba", "0001-01-01T00:00:00-14:00"), ("labb", "0001-01-01")])
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 0
    stored = {e.key: e.created_at for e in list_edits(synthetic_db) if e.table == "adopters"}
    assert stored == {"laba": "0001-01-01T14:00:00+00:00", "labb": "0001-01-01T00:00:00+00:00"}
    late = _file(tmp_path, [("labc", "9999-12-31T23:00:00-14:00")])  # past 9999 in UTC
    assert main(["data", "import-edits", str(late), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert "column created_at: '9999-12-31T23:00:00-14:00' is later than now" in err
    assert "OverflowError" not in err


def test_lower_case_t_and_z_are_taken(synthetic_db: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, [("laba", "2025-06-01t10:00:00z"), ("labb", "2025-06-01t11:00")])
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 0
    stored = {e.key: e.created_at for e in list_edits(synthetic_db) if e.table == "adopters"}
    assert stored == {"laba": "2025-06-01T10:00:00+00:00", "labb": "2025-06-01T11:00:00+00:00"}


@pytest.mark.parametrize(("created", "why"), [
    ("2025-06-01T10:00+25:00", "+25:00 in '2025-06-01T10:00+25:00' is not a UTC offset (they "
                               "run from -23:59 to +23:59)"),
    ("2025-06-01T10:00-03:60", "-03:60 in '2025-06-01T10:00-03:60' is not a UTC offset"),
    ("2025-06-01T10:60+00:00", "10:60 in '2025-06-01T10:60+00:00' is not a time of day")])
def test_an_impossible_offset_or_time_is_named_as_such(
        synthetic_db: Path, tmp_path: Path, created: str, why: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, [("laba", created)])
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    assert f"{path}, line 2, column created_at: {why}" in capsys.readouterr().err
    assert synthetic_db.read_bytes() == before


def test_fractions_of_a_second_are_kept_so_the_order_is_the_time_order(
        synthetic_db: Path, tmp_path: Path) -> None:
    rows = [("laba", "2025-06-01T10:00:00.999999+01:00"),  # 09:00:00.999999 UTC
            ("labb", "2025-06-01T09:00:00.5Z"),
            ("labc", "2025-06-01T09:00:00Z")]  # a whole second: before its fractions
    path = _file(tmp_path, rows)
    fresh = tmp_path / "fresh.db"
    fresh.write_bytes(synthetic_db.read_bytes())
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 0
    stored = {e.key: e.created_at for e in list_edits(synthetic_db) if e.table == "adopters"}
    assert stored == {"laba": "2025-06-01T09:00:00.999999+00:00",
                      "labb": "2025-06-01T09:00:00.500000+00:00",
                      "labc": "2025-06-01T09:00:00+00:00"}
    out = tmp_path / "out.csv"
    assert main(["data", "export-edits", "--out", str(out), "--db", str(synthetic_db)]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        order = [r["row_key"] for r in csv.DictReader(f) if r["table_name"] == "adopters"]
    assert order == ["labc", "labb", "laba"]
    assert main(["data", "import-edits", str(out), "--db", str(fresh)]) == 0  # its own export
    assert {e.key: e.created_at for e in list_edits(fresh) if e.table == "adopters"} == stored
