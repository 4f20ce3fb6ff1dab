"""Bad export rules are reported with file, line and column (``chipscope data check``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipscope.storage import check_csv_dir

DATA = Path(__file__).resolve().parents[2] / "data"
HEADER = "chip_id,adopter_id,first_year,last_year,rule,source_id,confidence,notes\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    out.mkdir()
    for f in DATA.glob("*.csv"):
        shutil.copy(f, out / f.name)
    return out


def _with_rules(folder: Path, *rows: str) -> tuple[Path, list[str]]:
    path = folder / "export_rules.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path, check_csv_dir(folder)


def test_bundled_rules_pass(folder: Path) -> None:
    assert check_csv_dir(folder) == []


def test_unknown_chip_and_adopter_name_line_and_column(folder: Path) -> None:
    path, problems = _with_rules(
        folder, "h20,china,2026,2040,barred,facts_c027,medium,",
        "h30,china,2026,2040,barred,facts_c027,medium,",
        "h20,narnia,2026,2040,barred,facts_c027,medium,")
    assert problems == [
        f"{path}, line 3, column chip_id: 'h30' is not a known chip (chips.chip_id)",
        f"{path}, line 4, column adopter_id: 'narnia' is not a known adopter "
        "(adopters.adopter_id)",
    ]


def test_last_year_before_first_year(folder: Path) -> None:
    path, problems = _with_rules(folder, "h20,china,2026,2040,barred,facts_c027,medium,",
                                 "h100,china,2030,2027,allowed,facts_c023,low,")
    assert problems == [f"{path}, line 3, column last_year: 2027 is before first_year 2030"]


def test_contradictory_overlap_is_named_and_agreeing_overlap_is_not(folder: Path) -> None:
    path, problems = _with_rules(
        folder, "h100,china,2026,2030,allowed,facts_c023,low,",
        "h100,china,2028,2040,barred,facts_c023,low,",  # contradicts line 2 in 2028-2030
        "h20,china,2026,2040,barred,facts_c027,medium,",
        "h20,china,2030,2035,barred,facts_c027,medium,",  # agrees: fine
        "h100,china,2031,2040,allowed,facts_c023,low,")  # after line 3's start: contradicts it
    assert problems == [
        f"{path}, line 3, column rule: 'barred' for 'h100' to 'china' in 2028-2040 "
        "contradicts line 2 ('allowed' in 2026-2030); the years 2028-2030 overlap",
        f"{path}, line 6, column rule: 'allowed' for 'h100' to 'china' in 2031-2040 "
        "contradicts line 3 ('barred' in 2028-2040); the years 2031-2040 overlap",
    ]


def test_allowed_without_access_to_the_vendor_has_no_effect(folder: Path) -> None:
    path, problems = _with_rules(folder, "tpu_v7,china,2026,2040,allowed,facts_c023,low,")
    assert problems == [
        f"{path}, line 2, column adopter_id: 'tpu_v7' is allowed to 'china', but access.csv "
        "gives 'china' no access to 'google', so the rule has no effect"]
