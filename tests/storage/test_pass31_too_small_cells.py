"""Pass 30 F3: a number written non-zero that a float reads as 0 (``1e-400``) in an edits file,
an access CSV or a data CSV was read as 0 and then told as 0 ("its access row apple.aws is 0:
... keep it above 0" to a user who wrote 1e-400), imported silently where nothing needed it,
told as "0 from 0 GW" for an amount, or (``data check``) only its consequences were listed.
Now the one reading of a number cell (the table checks, which the edits' field checks use too)
refuses it at its file, line and column, with the words scenario files and ``--set`` use,
before any check across tables; the database stays byte-identical. Zeros and subnormals that
do not read as 0 keep working."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from chipscope.cli import main
from chipscope.model.edit_checks import deal_conversion, field_problems
from chipscope.model.edits import EditSource
from chipscope.model.table_checks import check_table
from chipscope.model.tables import DatasetError
from chipscope.storage.csv_source import validate_csv_dir

ROOT = Path(__file__).resolve().parents[2]
DB = ROOT / "data" / "chipscope.db"
TOO_SMALL = "1e-400 is too small for a number here (it would read as 0); write 0 or a larger value"
HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence,"
          "created_at,base_digest,source_id\n")
TAIL = ",Ex,https://ex.com/r,2026-11-30,MIT,low,,,\n"


def _access_edit(pair: str, access: str) -> str:
    adopter, vendor = pair.split(".")
    return (f'access,{pair},edit,"{{""adopter_id"": ""{adopter}"", ""vendor_id"": ""{vendor}"", '
            f'""access"": ""{access}"", ""source_id"": """", ""confidence"": ""low"", '
            f'""notes"": ""x""}}"' + TAIL)


def _deal_add(amount: str) -> str:
    return ('deals,zz_x,add,"{""deal_id"": ""zz_x"", ""adopter_id"": ""xai"", ""vendor_id"": '
            '""nvidia"", ""chip_id"": ""h100"", ""first_year"": ""2027"", ""last_year"": '
            f'""2029"", ""amount"": ""{amount}"", ""amount_unit"": ""GW"", ""h100e_per_year"": '
            '""323078"", ""conversion"": ""x"", ""description"": ""x"", ""source_id"": '
            '""facts_d008"", ""confidence"": ""medium"", ""firmness"": ""firm"", '
            '""start_fraction"": """", ""host_id"": """"}"' + TAIL)


def _import(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problem lines of a refused ``data import-edits``; the database is unchanged."""
    db = tmp_path / "t.db"
    shutil.copyfile(DB, db)
    db.chmod(0o644)
    edits = tmp_path / "edits.csv"
    edits.write_text(text, encoding="utf-8")
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
    assert db.read_bytes() == before
    return [line.strip() for line in capsys.readouterr().err.splitlines()
            if line.startswith("  ")]


@pytest.mark.parametrize("pair", ["apple.aws", "xai.aws"])  # a deal needs it / nothing does
def test_an_access_edit_of_1e_400_is_refused_at_its_line_and_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], pair: str) -> None:
    lines = _import(tmp_path, HEADER + _access_edit(pair, "1e-400"), capsys)
    assert lines == [f"{tmp_path / 'edits.csv'}, line 2, column access: {TOO_SMALL}"]


def test_an_access_table_csv_of_1e_400_is_refused_not_told_as_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("adopter_id,vendor_id,access,source_id,confidence,notes\n"
            "apple,aws,1e-400,epoch_ai_chip_counts,low,x\n")
    lines = _import(tmp_path, text, capsys)
    assert lines == [f"{tmp_path / 'edits.csv'}, line 2, column access: {TOO_SMALL}"]
    assert "is 0" not in " ".join(lines)


def test_a_deal_amount_of_1e_400_is_refused_at_the_amount_not_as_0_gw(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _import(tmp_path, HEADER + _deal_add("1e-400"), capsys)
    assert lines == [f"{tmp_path / 'edits.csv'}, line 2, column amount: {TOO_SMALL}"]


def test_the_field_checks_and_the_conversion_name_the_field() -> None:
    """The window's data dialog checks each field with these (one message next to the field,
    and the conversion line says why it cannot be computed yet)."""
    source = EditSource("", "", "", "", existing_id="epoch_ai_chip_counts")
    bad = field_problems("access", {"adopter_id": "apple", "vendor_id": "aws",
                                    "access": "1e-400", "notes": ""}, source, "low")
    assert bad == {"access": f"access: {TOO_SMALL}"}
    fields = {"amount": "1e-400", "amount_unit": "h100e", "first_year": "2027",
              "last_year": "2028"}
    with pytest.raises(ValueError, match=r"^amount: 1e-400 is too small for a number here"):
        deal_conversion({}, fields)
    with pytest.raises(ValueError, match=r"^start_fraction: 1e-400 is too small"):
        deal_conversion({}, {**fields, "amount": "5", "start_fraction": "1e-400"})


@pytest.mark.parametrize("written", ["0", "0.0", "-0", "0e0", "00", "0e-400", " 0", "1e-5",
                                     "5e-324", "2.5e-310", "1"])
def test_zeros_and_numbers_that_do_not_read_as_0_keep_working(written: str) -> None:
    frame = pd.DataFrame([{"adopter_id": "apple", "vendor_id": "aws", "access": written,
                           "source_id": "s", "confidence": "low", "notes": ""}], dtype=object)
    assert check_table("access", frame) == []


@pytest.mark.parametrize("written", ["1e-400", "-1e-400", "0.1e-330", "+2E-999"])
def test_every_non_zero_number_that_reads_as_0_is_refused(written: str) -> None:
    frame = pd.DataFrame([{"adopter_id": "apple", "vendor_id": "aws", "access": written,
                           "source_id": "s", "confidence": "low", "notes": ""}], dtype=object)
    assert check_table("access", frame) == [
        f"access, line 2, column access: {written} is too small for a number here (it would "
        "read as 0); write 0 or a larger value"]


def test_data_check_names_the_cell_not_the_history_it_breaks(tmp_path: Path) -> None:
    folder = tmp_path / "cd"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("*.db", "derive"))
    path = folder / "access.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("openai,nvidia,1,")
    lines[1] = lines[1].replace("openai,nvidia,1,", "openai,nvidia,1e-400,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        validate_csv_dir(folder)
    assert str(info.value).splitlines()[-1].strip() == (
        f"{path}, line 2, column access: {TOO_SMALL}")
    assert "history" not in str(info.value)


def test_the_bundled_data_still_passes() -> None:
    validate_csv_dir(ROOT / "data")
