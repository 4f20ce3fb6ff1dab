"""Pass 81 F4 (pass 79 F7 before it): `data import-edits` of a row the user had retired
replaced the retirement without a word ("1 changed row"). It says which line brings the row
back; the window's Edit data > Import shows the same notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.user_edits import list_edits
from tests.test_cli_edits import _db

EDITS = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence,"
         "created_at,base_digest,source_id\n")
DEALS = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
         "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,licence\n")


def test_importing_a_retired_row_says_it_brings_it_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    retire = tmp_path / "retire.csv"
    retire.write_text(EDITS + "deals,d0,retire,{},Example News,https://example.com/a,"
                      "2026-11-30,MIT,low,,,\n", encoding="utf-8")
    assert main(["data", "import-edits", str(retire), "--db", str(db)]) == 0
    assert [e.operation for e in list_edits(db)] == ["retire"]
    back = tmp_path / "deals.csv"
    back.write_text(DEALS + "d0,a0,v1,,2026,2029,90000,h100e,Deal 0 again,low,,,,Cite,"
                    "https://example.com/b,2026-11-30,MIT\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["data", "import-edits", str(back), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"{back}, line 2: brings back deals 'd0', which you had retired\n" in out
    assert [e.operation for e in list_edits(db)] == ["edit"]


def test_a_row_not_retired_gets_no_such_note(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    deals = tmp_path / "deals.csv"
    deals.write_text(DEALS + "d0,a0,v1,,2026,2029,90000,h100e,Deal 0 changed,low,,,,Cite,"
                     "https://example.com/b,2026-11-30,MIT\n", encoding="utf-8")
    assert main(["data", "import-edits", str(deals), "--db", str(db)]) == 0
    assert "brings back" not in capsys.readouterr().out
