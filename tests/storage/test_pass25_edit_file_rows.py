"""Pass 25 (H1 items 4, 5): an edits file's ``created_at`` that is not an ISO date or date-time
("yesterday", "2026-13-45") or is later than now was imported as it was (and so ordered the
edits wrongly); an empty one is stamped with the time of the import. A ``retire`` of an id no
row has was told "the row is gone upstream; drop the edit" (there never was one, and there is
no edit to drop); now the true reason, at the file's line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.edit_files import EditFileError, read_edits_csv
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import list_edits

HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence,"
          "created_at,base_digest,source_id")
LAB = {"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab", "derivation": "guess"}
ACCESS = {"adopter_id": "newlab", "vendor_id": "v0", "access": "1"}


def _line(table: str, key: str, op: str, fields: dict[str, str], created: str = "") -> str:
    text = json.dumps(fields).replace('"', '""')
    return (f'{table},{key},{op},"{text}",Example News,https://example.com/a,2026-11-30,MIT,'
            f"low,{created},,")


def _file(tmp_path: Path, created: str) -> Path:
    path = tmp_path / "edits.csv"
    path.write_text("\n".join([HEADER, _line("adopters", "newlab", "add", LAB),
                               _line("access", "newlab.v0", "add", ACCESS, created)]) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("created", "why"), [
    ("yesterday", "'yesterday' is not an ISO date or date-time"),
    ("2026-13-45", "2026-13-45 is not a day of the calendar"),
    ("2026-02-30T10:00:00", "2026-02-30 is not a day of the calendar"),
    ("2999-01-01", "'2999-01-01' is later than now"),
    ("2999-01-01T00:00:00+00:00", "'2999-01-01T00:00:00+00:00' is later than now")])
def test_a_created_at_that_is_no_past_date_is_refused_and_nothing_imported(
        synthetic_db: Path, tmp_path: Path, created: str, why: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, created)
    base, _ = load_overlay(synthetic_db)
    with pytest.raises(EditFileError) as info:
        read_edits_csv(path, base, [])
    said = next(p for p in info.value.problems if "column created_at" in p)  # (and its adopter's)
    assert said.startswith(f"{path}, line 3, column created_at: {why}"), said
    assert "leave it empty" in said
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    assert why in capsys.readouterr().err
    assert synthetic_db.read_bytes() == before


def test_an_empty_or_past_created_at_is_imported_and_an_empty_one_stamped(
        synthetic_db: Path, tmp_path: Path) -> None:
    start = datetime.now(UTC).replace(microsecond=0)
    path = _file(tmp_path, "2026-01-02T03:04:05+00:00")
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 0
    stamps = {e.key: e.created_at for e in list_edits(synthetic_db)}
    assert stamps["newlab.v0"] == "2026-01-02T03:04:05+00:00"
    assert start <= datetime.fromisoformat(stamps["newlab"]) <= datetime.now(UTC)


def test_a_retirement_of_an_id_no_row_has_says_so(synthetic_db: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "retire.csv"
    path.write_text(f"{HEADER}\n{_line('chips', 'nosuch', 'retire', {})}\n", encoding="utf-8")
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert (f"{path}, line 2, column row_key: the data have no chips row with id 'nosuch' to "
            "retire") in err
    assert "gone upstream" not in err and "drop the edit" not in err
    assert synthetic_db.read_bytes() == before


def test_a_retirement_of_a_row_the_user_added_names_the_drop(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "import-edits", str(_file(tmp_path, "")), "--db",
                 str(synthetic_db)]) == 0
    path = tmp_path / "retire.csv"
    path.write_text(f"{HEADER}\n{_line('adopters', 'newlab', 'retire', {})}\n", encoding="utf-8")
    before = synthetic_db.read_bytes()
    capsys.readouterr()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 2, column row_key: 'newlab' is an adopters row you added" in err
    assert "chipscope-cli data drop-edit adopters newlab" in err
    assert synthetic_db.read_bytes() == before
