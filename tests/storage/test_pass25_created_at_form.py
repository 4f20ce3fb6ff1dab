"""Pass 25 (F8): an edits file's ``created_at`` in the week (2025-W01-1), ordinal (2025-001) or
basic (20250101T120000) form was taken and stored as typed, offsets too, so the stored order
(text) was not the time order; 2025-02-29 was called "not an ISO date". Now those forms are
refused, an impossible day is named as such, and every taken value is stored in UTC as the app
stamps it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.user_edits import list_edits

HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence,"
          "created_at,base_digest,source_id")


def _lab(key: str, created: str) -> str:
    fields = {"adopter_id": key, "name": key.title(), "kind": "AI lab", "derivation": "guess"}
    text = json.dumps(fields).replace('"', '""')
    return (f'adopters,{key},add,"{text}",Example News,https://example.com/a,2025-01-01,MIT,'
            f"low,{created},,")


def _access(key: str) -> str:  # a new lab needs access to a vendor; stamped at the import
    text = json.dumps({"adopter_id": key, "vendor_id": "v0", "access": "1"}).replace('"', '""')
    return (f'access,{key}.v0,add,"{text}",Example News,https://example.com/a,2025-01-01,MIT,'
            "low,,,")


def _file(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "edits.csv"
    path.write_text("\n".join([HEADER, *(_lab(k, c) for k, c in rows),
                               *(_access(k) for k, _ in rows)]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("created", ["2025-W01-1", "2025-001", "20250101T120000", "20250101",
                                     "2025-01-01T120000"])
def test_week_ordinal_and_basic_forms_are_refused(
        synthetic_db: Path, tmp_path: Path, created: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, [("laba", created)])
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 2, column created_at: '{created}' is not an ISO date or " in err
    assert "week, ordinal or basic forms" in err
    assert synthetic_db.read_bytes() == before


@pytest.mark.parametrize("created", ["2025-02-29", "2025-02-29T10:00:00+00:00"])
def test_an_impossible_day_is_named_as_such(synthetic_db: Path, tmp_path: Path, created: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, [("laba", created)])
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert "column created_at: 2025-02-29 is not a day of the calendar" in err
    assert synthetic_db.read_bytes() == before


def test_taken_values_are_stored_in_utc_and_exported_in_time_order(
        synthetic_db: Path, tmp_path: Path) -> None:
    rows = [("laba", "2025-01-02T01:00:00-05:00"),  # 06:00 UTC: text first, time last
            ("labb", "2025-01-02T05:00:00+00:00"),
            ("labc", "2025-01-02 05:30:00Z"),
            ("labd", "2025-01-02"),
            ("labe", "2025-01-02T04:00:00.750")]
    path = _file(tmp_path, rows)
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 0
    stored = {e.key: e.created_at for e in list_edits(synthetic_db) if e.table == "adopters"}
    assert stored == {"laba": "2025-01-02T06:00:00+00:00", "labb": "2025-01-02T05:00:00+00:00",
                      "labc": "2025-01-02T05:30:00+00:00", "labd": "2025-01-02T00:00:00+00:00",
                      "labe": "2025-01-02T04:00:00.750000+00:00"}
    out = tmp_path / "out.csv"
    assert main(["data", "export-edits", "--out", str(out), "--db", str(synthetic_db)]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        order = [r["row_key"] for r in csv.DictReader(f) if r["table_name"] == "adopters"]
    assert order == ["labd", "labe", "labb", "labc", "laba"]
