"""Found by the seventh attack pass of issue 10 over the CLI (/work/attack7c-findings.md): each
test reproduces one finding and checks the promise: one sentence naming the file or field and
the cause, exit status 2 from the CLI, and nothing the user had lost."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database

HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
          "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
          "licence\n")
ROW = ("mine,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
       "https://example.com/a,2026-11-30,fair use quote\n")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database built from the synthetic data, holding one imported deal."""
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    path = tmp_path / "user.db"
    build_database(folder, path)
    (tmp_path / "one.csv").write_text(HEADER + ROW)
    assert main(["data", "import-edits", str(tmp_path / "one.csv"), "--db", str(path)]) == 0
    return path


def _edits_file(db: Path, tmp_path: Path, change: dict[str, str]) -> Path:
    """The edits file of ``db`` with ``change`` made to the first edit's fields_json."""
    edits = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(edits), "--db", str(db)]) == 0
    lines = [ln for ln in edits.read_text().splitlines(keepends=True) if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    fields = json.loads(rows[0]["fields_json"])
    rows[0]["fields_json"] = json.dumps({**fields, **change})  # ASCII: "\ud800" as an escape
    with edits.open("w", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return edits


# --- F3: cells of fields_json the table checks never saw --------------------------------------
@pytest.mark.parametrize(("change", "named"), [
    ({"source_id": "s\ud800"}, "column source_id: source_id: contains U+D800"),
    ({"confidence": "high\ud800"}, "column confidence: confidence: contains U+D800"),
    ({"zz\ud800": "1"}, "column fields_json: fields_json: 'zz\\ud800' is not a column of deals"),
])
def test_an_edits_file_with_a_lone_surrogate_or_an_unknown_cell_is_refused(
        db: Path, tmp_path: Path, change: dict[str, str], named: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Was "unexpected UnicodeEncodeError: ... surrogates not allowed" (exit 1) from the insert.
    edits = _edits_file(db, tmp_path, change)
    capsys.readouterr()
    before = _sha(db)
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{edits}, line 2, {named}" in err and "unexpected" not in err
    assert _sha(db) == before
