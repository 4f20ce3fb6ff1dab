"""Pass 41: ``data import-edits`` ended "Imported 2 edit(s) into DB: 2 edit." - the operation's
name where a count of rows belongs, read as a broken plural. Now each operation is counted in
words, singular or plural as its count: "2 added rows, 1 changed row, 1 retired row"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.edits import cell_text
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import list_edits


def _db(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / f"csv_{name}"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / f"{name}.db"
    build_database(folder, db)
    return db


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def edits_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, list[str]]:
    """An edits file (``data export-edits``) of two added deals, one changed bundled deal and
    one retired bundled deal; the retired deal's and the changed deal's ids."""
    db = _db(tmp_path, "first")
    deals = load_overlay(db)[0]["deals"]
    rows = [{k: cell_text(v) for k, v in deals.iloc[i].items()} for i in range(2)]
    rows[0].update(description="changed", h100e_per_year="", conversion="")
    added = [{**rows[0], "deal_id": f"added_{i}", "description": "new"} for i in range(2)]
    table = tmp_path / "deals.csv"
    table.write_text(_csv([*added, rows[0]]), encoding="utf-8")
    assert main(["data", "import-edits", str(table), "--table", "deals", "--db", str(db)]) == 0
    out = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(out), "--db", str(db)]) == 0
    lines = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    retire = {**lines[0], "operation": "retire", "row_key": rows[1]["deal_id"],
              "fields_json": "{}", "base_digest": ""}
    out.write_text(_csv([*lines, retire]), encoding="utf-8")
    capsys.readouterr()
    return out, [rows[1]["deal_id"], rows[0]["deal_id"]]


def test_the_summary_counts_rows_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          edits_file: tuple[Path, list[str]]) -> None:
    path, _ = edits_file
    db = _db(tmp_path, "colleague")
    assert main(["data", "import-edits", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert sorted(e.operation for e in list_edits(db)) == ["add", "add", "edit", "retire"]
    assert out.rstrip().endswith(
        f"Imported 4 edit(s) into {db}: 2 added rows, 1 changed row, 1 retired row."), out


def test_one_changed_row_is_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     edits_file: tuple[Path, list[str]]) -> None:
    path, (_, changed) = edits_file
    lines = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    one = tmp_path / "one.csv"
    one.write_text(_csv([r for r in lines if r["row_key"] == changed]), encoding="utf-8")
    db = _db(tmp_path, "colleague")
    assert main(["data", "import-edits", str(one), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(f"Imported 1 edit(s) into {db}: 1 changed row."), out
    assert " edit." not in out and " edit," not in out, out
