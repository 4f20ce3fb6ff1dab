"""Pass 54 F2: a binary file given where text goes (a database, a picture, a workbook) is named
for what it is, at every reader, instead of "save it as UTF-8"; F5: the calibration targets
file is a CSV, so its UTF-8 advice names the spreadsheet's choice as the other CSVs' does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\xfb"
XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml\xfb\xe9"
DB_ADVICE = "it is an SQLite database, not a CSV file (a database is given with --db)"
XLSX_ADVICE = ("it is a zip archive (an .xlsx workbook?), not a CSV file; save it as CSV UTF-8 "
               "and try again")


def test_import_edits_of_a_database(synthetic_db: Path, tmp_path: Path,
                                    capsys: Capture) -> None:
    edits = tmp_path / "chipscope.db"
    shutil.copyfile(synthetic_db, edits)
    before, db_before = edits.read_bytes(), synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert f"{edits}: {DB_ADVICE}" in err
    assert "UTF-8" not in err
    assert edits.read_bytes() == before
    assert synthetic_db.read_bytes() == db_before


def test_import_edits_of_a_workbook(synthetic_db: Path, tmp_path: Path,
                                    capsys: Capture) -> None:
    edits = tmp_path / "deals.csv"
    edits.write_bytes(XLSX)
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    assert f"{edits}: {XLSX_ADVICE}" in capsys.readouterr().err
    assert edits.read_bytes() == XLSX


def test_a_picture_and_a_database_as_the_scenario(synthetic_db: Path, tmp_path: Path,
                                                  capsys: Capture) -> None:
    picture = tmp_path / "s.toml"
    picture.write_bytes(PNG)
    out = tmp_path / "o.csv"
    assert main(["run", "--db", str(synthetic_db), "--scenario", str(picture), "--out",
                 str(out)]) == 2
    assert (f"Cannot read the scenario file {picture}: it is a PNG image, not a scenario file."
            in capsys.readouterr().err)
    assert main(["run", "--db", str(synthetic_db), "--scenario", str(synthetic_db), "--out",
                 str(out)]) == 2
    assert (f"Cannot read the scenario file {synthetic_db}: it is an SQLite database, not a "
            "scenario file (a database is given with --db)." in capsys.readouterr().err)
    assert not out.exists()


def test_a_database_and_a_binary_file_as_the_calibration_targets(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(synthetic_db)]) == 2
    assert (f"Cannot read the calibration targets file {synthetic_db}: {DB_ADVICE}."
            in capsys.readouterr().err)
    blob = tmp_path / "t.csv"
    blob.write_bytes(b"year,metric\n\x00\x01\x02\xff")
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(blob)]) == 2
    assert (f"Cannot read the calibration targets file {blob}: it is a binary file (it holds "
            "NUL bytes), not a CSV file." in capsys.readouterr().err)


def test_data_check_of_a_folder_with_a_workbook_and_a_picture(synthetic_db: Path,
                                                              capsys: Capture) -> None:
    folder = synthetic_db.parent / "csv"
    (folder / "chips.csv").write_bytes(XLSX)
    (folder / "calibration_targets.csv").write_bytes(PNG)
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'chips.csv'}: {XLSX_ADVICE}" in err
    assert (f"Cannot read the calibration targets file {folder / 'calibration_targets.csv'}: "
            "it is a PNG image, not a CSV file." in err)


CSV_ADVICE = "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again"


def test_latin1_calibration_targets_get_the_spreadsheet_advice(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    targets = tmp_path / "tlat.csv"
    targets.write_bytes(b"# targets\n# caf\xe9\n")
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(targets)]) == 2
    assert (f"Cannot read the calibration targets file {targets}, line 2: the byte 0xE9 is not "
            f"UTF-8 text; {CSV_ADVICE}." in capsys.readouterr().err)
    folder = synthetic_db.parent / "csv"
    shutil.copyfile(targets, folder / "calibration_targets.csv")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    assert (f"{folder / 'calibration_targets.csv'}, line 2: the byte 0xE9 is not UTF-8 text; "
            f"{CSV_ADVICE}." in capsys.readouterr().err)
