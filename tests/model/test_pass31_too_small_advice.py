"""Pass 31 F1: a number written non-zero that a float reads as 0 (``1e-400``) was told "write 0
or a larger value" where 0 is itself refused (chips.csv tdp_w takes 1 to 100000, bass_p 0.001 to
1 /yr), and "write 0 or a number further from 0" wherever the text began with "-", also where
negatives are refused (a sweep's seed, lock_in). Now the advice keeps to the key's or column's
range: 0 only where 0 is allowed, "further from 0" only where negatives are, else the range in
the words of that key's or column's out-of-range message. Keys whose range holds 0 keep their
message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from chipscope.cli import main
from chipscope.model.edit_checks import field_problems
from chipscope.model.edits import EditSource
from chipscope.model.table_checks import check_table
from chipscope.model.tables import DatasetError
from chipscope.storage.csv_source import validate_csv_dir

ROOT = Path(__file__).resolve().parents[2]
DB = ROOT / "data" / "chipscope.db"
TOO_SMALL = "is too small for a number here (it would read as 0); write"


def _chip(**cells: str) -> dict[str, str]:
    """A new chip row, valid but for ``cells``."""
    row = {"chip_id": "zz_chip", "vendor_id": "nvidia", "name": "ZZ", "launch_year": "2026",
           "dense_bf16_tflops": "1000", "memory_gb": "80", "bandwidth_tbs": "3",
           "tdp_w": "700", "price_usd": "20000", "price_year": "2026",
           "price_is_estimate": "false", "price_derivation": "x", "source_id": "facts_d008",
           "confidence": "low", "notes": "", "only_for": "", "not_for": "",
           "dense_8bit_tflops": ""}
    return {**row, **cells}


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(("column", "written", "instead"), [
    ("tdp_w", "0.1e-330", "a number from 1 to 100000"),
    ("tdp_w", "-1e-400", "a number from 1 to 100000"),
    ("price_usd", "1e-400", "a number from 100 to 10000000"),
    ("dense_bf16_tflops", "1e-400", "a number from 1 to 100000"),
    ("memory_gb", "1e-400", "0 or a larger value"),  # 0 allowed: as before
    ("memory_gb", "-1e-400", "0 or a larger value")])
def test_data_check_advises_a_value_the_column_takes(
        tmp_path: Path, column: str, written: str, instead: str) -> None:
    folder = tmp_path / "cx"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("*.db", "derive"))
    path = folder / "chips.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = written
    frame.to_csv(path, index=False)
    with pytest.raises(DatasetError) as info:
        validate_csv_dir(folder)
    assert str(info.value).splitlines()[-1].strip() == (
        f"{path}, line 2, column {column}: {written} {TOO_SMALL} {instead}")


def test_zero_is_refused_where_the_advice_no_longer_offers_it() -> None:
    """What the old advice offered: 0 in tdp_w is out of range."""
    frame = pd.DataFrame([_chip(tdp_w="0")], dtype=object)
    assert check_table("chips", frame) == ["chips, line 2, column tdp_w: 0 is outside [1, 100000]"]


def test_the_data_dialog_field_advises_within_the_column() -> None:
    source = EditSource("", "", "", "", existing_id="facts_d008")
    bad = field_problems("chips", _chip(tdp_w="1e-400", price_usd="-1e-400"), source, "low")
    assert bad == {"tdp_w": f"tdp_w: 1e-400 {TOO_SMALL} a number from 1 to 100000",
                   "price_usd": f"price_usd: -1e-400 {TOO_SMALL} a number from 100 to 10000000"}


def test_an_edits_file_adding_a_chip_advises_within_the_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "t.db"
    shutil.copyfile(DB, db)
    db.chmod(0o644)
    fields = json.dumps(_chip(tdp_w="1e-400")).replace('"', '""')
    edits = tmp_path / "ch.csv"
    edits.write_text("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,"
                     "confidence,created_at,base_digest,source_id\n"
                     f'chips,zz_chip,add,"{fields}",Ex,https://ex.com/r,2026-11-30,MIT,low,,,\n',
                     encoding="utf-8")
    before = db.read_bytes()
    err = _refused(["data", "import-edits", str(edits), "--db", str(db)], capsys)
    assert f"{edits}, line 2, column tdp_w: 1e-400 {TOO_SMALL} a number from 1 to 100000" in err
    assert "0 or a larger value" not in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(("setting", "said"), [
    ("bass_p=1e-400", "bass_p: '1e-400' is too small for a number here; write a number from "
                      "0.001 to 1 /yr"),
    ("sales_life_years=-1e-400", "sales_life_years: '-1e-400' is too small for a number here; "
                                 "write a number from 1 to 30 yr"),
    ("base_year=1e-400", "base_year: '1e-400' is too small for a number here; write a year "
                         "from 2023 to 2025"),
    ("lock_in=-1e-400", "lock_in: '-1e-400' is too small for a number here; write 0 or a larger "
                        "value (allowed 0 to 5)"),
    # keys whose range holds 0 and negatives: the messages as before
    ("own_silicon=-1e-400", "own_silicon: '-1e-400' is too small for a number here; write 0 or "
                            "a number further from 0 (allowed -5 to 5 utils)"),
    ("price_sensitivity=1e-400", "price_sensitivity: '1e-400' is too small for a number here; "
                                 "write 0 or a larger value (allowed 0 to 10)")])
def test_set_advises_within_the_key_range(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          setting: str, said: str) -> None:
    out = tmp_path / "o.csv"
    err = _refused(["run", "--set", setting, "--out", str(out)], capsys)
    assert err == f"chipscope-cli: error: --set: {said}\n"
    assert not out.exists()


@pytest.mark.parametrize(("body", "said"), [
    ("[ranges]\nbass_p = {low = 1e-400, high = 0.5}\n",
     "line 4: ranges.bass_p.low: 1e-400 TOO a number from 0.001 to 1 /yr"),
    ("[ranges]\nlock_in = {low = 0, high = 1, mode = -1e-400}\n",
     "line 4: ranges.lock_in.mode: -1e-400 TOO 0 or a larger value"),
    ("[assumptions]\nhorizon_year = 1e-400\n",
     "line 4: assumptions.horizon_year: 1e-400 TOO a year from 2026 to 2040"),
    ("[assumptions.vendor.nvidia]\nprice_change_pct = -1e-400\n",  # takes -50 to 50: as before
     "line 4: assumptions.vendor.nvidia.price_change_pct: -1e-400 TOO 0 or a number "
     "further from 0")])
def test_a_scenario_file_advises_within_the_key_range(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, said: str) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 1\nname = "x"\n' + body, encoding="utf-8")
    out = tmp_path / "o.csv"
    err = _refused(["run", "--scenario", str(scenario), "--out", str(out)], capsys)
    assert err == f"chipscope-cli: error: {scenario}: {said.replace('TOO', TOO_SMALL)}\n"
    assert not out.exists()


@pytest.mark.parametrize(("body", "said"), [
    ("[sample]\nn = 5\nseed = -1e-400\n[ranges]\nlock_in = {low = 0, high = 1}\n",
     "line 3: sample.seed: -1e-400 TOO 0 or a larger value"),
    ("[sample]\nn = 5\n[ranges]\nlock_in = {low = 0, high = 1, mode = -1e-400}\n",
     "line 4: ranges.lock_in.mode: -1e-400 TOO 0 or a larger value"),
    ("[grid]\nsales_life_years = [2, 1e-400]\n",
     "line 2: grid.sales_life_years: 1e-400 TOO a number from 1 to 30 yr")])
def test_a_sweep_spec_advises_within_the_key_range(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, said: str) -> None:
    spec = tmp_path / "w.toml"
    spec.write_text(body, encoding="utf-8")
    out = tmp_path / "o.csv"
    err = _refused(["sweep", str(spec), "--out", str(out), "--workers", "1"], capsys)
    assert err == f"chipscope-cli: error: {spec}: {said.replace('TOO', TOO_SMALL)}\n"
    assert not out.exists()
