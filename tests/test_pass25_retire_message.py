"""Pass 25 (F1): `data import-edits` of a retirement of a bundled chip the history uses gave
exit 2 with 30 problem lines, half of them ending "... gives amazon no access to " (the vendor
of an unknown chip missing). Now the access check of the history skips a chip the checks
already call unknown, and the retirement is told once, at its own line, naming the rows that
use it; the database stays byte-identical."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipscope.cli import main

DB = Path(__file__).resolve().parents[1] / "data" / "chipscope.db"
HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence,"
          "created_at,base_digest,source_id\n")


def _retire(table: str, column: str, key: str) -> str:
    return (f'{table},{key},retire,"{{""{column}"": ""{key}""}}",Ex,https://ex.com/r,'
            "2026-11-30,MIT,low,,,\n")


def _import(tmp_path: Path, rows: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    db = tmp_path / "rt.db"
    shutil.copyfile(DB, db)
    db.chmod(0o644)
    edits = tmp_path / "retire.csv"
    edits.write_text(HEADER + rows, encoding="utf-8")
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
    assert db.read_bytes() == before
    err = capsys.readouterr().err
    assert not any(line.rstrip().endswith("no access to") for line in err.splitlines()), err
    return [line.strip() for line in err.splitlines() if line.startswith("  ")]


def test_retiring_a_chip_the_history_uses_is_one_line_naming_the_cause(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _import(tmp_path, _retire("chips", "chip_id", "a100"), capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{tmp_path / 'retire.csv'}, line 2: chip 'a100' cannot be "
                               "retired: 15 history rows (amazon a100 2022, china a100 2022, "
                               "google a100 2022, ...) use it;")
    assert "the history cannot be edited" in lines[0] and "remove the line" in lines[0]


def test_retiring_a_chip_deals_use_names_the_deals_and_what_to_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _import(tmp_path, _retire("chips", "chip_id", "trainium3")
                    + _retire("adopters", "adopter_id", "apple"), capsys)
    assert len(lines) == 2, lines
    chip, adopter = lines
    assert ", line 2: chip 'trainium3' cannot be retired: 2 deals " in chip
    assert "'anthropic_aws_trainium_up_to_5gw'" in chip
    assert "retire or change those deals first" in chip
    assert ", line 3: adopter 'apple' cannot be retired: " in adopter
    assert "access rows ('apple.nvidia'" in adopter and "1 deal ('apple_trainium2_eval')" in adopter
