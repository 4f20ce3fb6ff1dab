"""Pass 53 F5: a file that is not UTF-8 (Latin-1 or Windows-1252, as Excel saves it) gets one
wording at every reader, naming the line and the byte, with the advice to save it as UTF-8."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]

CSV_ADVICE = "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again"
TOML_ADVICE = "save it as UTF-8 and try again"
DEAL = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
        "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
        "licence\napple_like,a0,v0,c0,2027,2029,1,GW,A new deal \xc9,medium,firm,,,Example News,"
        "https://example.com/a,2026-11-30,fair use quote\n")


def test_import_edits_of_a_latin1_file(synthetic_db: Path, tmp_path: Path,
                                        capsys: Capture) -> None:
    edits = tmp_path / "lat_edit.csv"
    edits.write_bytes(DEAL.encode("latin-1"))
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    assert (f"{edits}, line 2: the byte 0xC9 is not UTF-8 text; {CSV_ADVICE}"
            in capsys.readouterr().err)
    assert synthetic_db.read_bytes() == before


def test_data_check_of_a_latin1_csv(synthetic_db: Path, capsys: Capture) -> None:
    folder = synthetic_db.parent / "csv"
    deals = folder / "deals.csv"
    lines = deals.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",", ",\xc9", 1)  # the second data row, line 3
    deals.write_bytes("".join(lines).encode("latin-1"))
    before = deals.read_bytes()
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    assert (f"{deals}, line 3: the byte 0xC9 is not UTF-8 text; {CSV_ADVICE}"
            in capsys.readouterr().err)
    assert deals.read_bytes() == before


def test_a_latin1_scenario_file(synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "lat.toml"
    path.write_bytes(b'format_version = 2\nname = "Caf\xe9"\n[assumptions]\nlock_in = 1.0\n')
    assert main(["run", "--db", str(synthetic_db), "--scenario", str(path), "--out",
                 str(tmp_path / "o.csv")]) == 2
    assert (f"Cannot read the scenario file {path}, line 2: the byte 0xE9 is not UTF-8 text; "
            f"{TOML_ADVICE}." in capsys.readouterr().err)
    assert not (tmp_path / "o.csv").exists()


def test_a_latin1_sweep_spec(synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    spec = tmp_path / "lat.toml"
    spec.write_bytes(b'# caf\xe9\nmetrics = ["share:v0:2030"]\n')
    assert main(["sweep", str(spec), "--db", str(synthetic_db), "--out",
                 str(tmp_path / "r.csv")]) == 2
    assert (f"Cannot read the sweep spec {spec}, line 1: the byte 0xE9 is not UTF-8 text; "
            f"{TOML_ADVICE}." in capsys.readouterr().err)


def test_latin1_calibration_targets(synthetic_db: Path, tmp_path: Path,
                                    capsys: Capture) -> None:
    targets = tmp_path / "lat.toml"
    targets.write_bytes(b"\xef\xbb\xbf# targets\n\n# caf\xe9\n")  # the BOM is not counted
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(targets)]) == 2
    assert (f"Cannot read the calibration targets file {targets}, line 3: the byte 0xE9 is not "
            f"UTF-8 text; {CSV_ADVICE}." in capsys.readouterr().err)  # a CSV (pass 54 F5)


@pytest.mark.parametrize(("encoding", "named"), [
    ("utf-16-le", "it is UTF-16 text, not UTF-8 (every other byte is 0)"),
    ("utf-16-be", "it is UTF-16 text, not UTF-8 (every other byte is 0)"),
    ("utf-32-le", "it is UTF-32 text, not UTF-8 (three of every four bytes are 0)"),
])
def test_wide_csv_files_get_the_spreadsheet_advice(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, encoding: str, named: str) -> None:
    """Pass 55 F3: Excel's "Unicode Text" is UTF-16; the three CSV readers advise CSV UTF-8 for
    it as they do for Latin-1, in one wording."""
    edits = tmp_path / "wide_edit.csv"
    edits.write_bytes(DEAL.replace("\xc9", "E").encode(encoding))
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    assert f"{edits}: {named}; {CSV_ADVICE}" in capsys.readouterr().err
    assert synthetic_db.read_bytes() == before
    targets = tmp_path / "targets.csv"
    targets.write_bytes("# targets\n".encode(encoding))
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(targets)]) == 2
    assert (f"Cannot read the calibration targets file {targets}: {named}; {CSV_ADVICE}."
            in capsys.readouterr().err)
    deals = synthetic_db.parent / "csv" / "deals.csv"
    deals.write_bytes(deals.read_text(encoding="utf-8").encode(encoding))
    wide = deals.read_bytes()
    assert main(["data", "check", "--csv-dir", str(deals.parent)]) == 2
    assert f"{deals}: {named}; {CSV_ADVICE}" in capsys.readouterr().err
    assert deals.read_bytes() == wide and edits.read_bytes() == DEAL.replace(
        "\xc9", "E").encode(encoding)
