"""Pass 40 F2 and F3, ``data import-edits`` of an edits file (the ``data export-edits`` layout).

F2: its fields_json cells were stored with the spaces at their ends ("  padded  "), while the
table-CSV layout of the same command (and ``data build``) strips them: the two layouts stored
different text for one row, and ``data diff`` then showed a change of spaces only. Now the cells
are read as a table CSV's (a blank one is empty); an id or one of a column's choices written with
spaces is still refused.

F3: a bare ``1e400`` in fields_json was told as "fields_json gives Infinity, not text", a word the
file does not hold; now "the number 1e400", as the file writes it (NaN, Infinity as written)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.edits import cell_text
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import table_csv

PADDED = {"conversion": "  padded  ", "description": "  desc padded  ", "confidence": " high "}


def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    """A fresh CHIPSCOPE_HOME (its database made by a first command); its database."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / name))
    assert main(["data", "diff"]) == 0
    db = tmp_path / name / "chipscope.db"
    assert db.is_file()
    return db


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict[str, str]]:
    """An edits file ``data export-edits`` wrote of one edit (a bundled deal's description
    changed), made in a fresh home; and that deal's row as the edit has it."""
    db = _home(tmp_path, monkeypatch, "first")
    deals = load_overlay(db)[0]["deals"]
    row = {k: cell_text(v) for k, v in deals.iloc[0].items()}
    row.update(description="one edit", h100e_per_year="", conversion="")
    assert main(["data", "import-edits", str(table_csv(tmp_path / "deal.csv", [row])),
                 "--table", "deals"]) == 0
    out = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(out)]) == 0
    capsys.readouterr()
    [line] = _read_csv(out)
    return out, json.loads(line["fields_json"])


def _changed(path: Path, out: Path, **cells: object) -> Path:
    """``path`` (an edits file of one edit) with ``cells`` written into its fields_json: text
    as JSON strings, a :class:`Bare` as the JSON it holds."""
    [line] = _read_csv(path)
    fields = json.loads(line["fields_json"])
    bare = {k: v.text for k, v in cells.items() if isinstance(v, Bare)}
    fields.update({k: (f"@@{k}@@" if k in bare else v) for k, v in cells.items()})
    text = json.dumps(fields)
    for key, value in bare.items():
        text = text.replace(f'"@@{key}@@"', value)
    return table_csv(out, [{**line, "fields_json": text}])


class Bare:
    """A JSON value written into fields_json as it is (unquoted)."""

    def __init__(self, text: str):
        self.text = text


def test_padded_text_cells_are_stored_as_the_table_layout_stores_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        exported: tuple[Path, dict[str, str]]) -> None:
    path, fields = exported
    padded = {**PADDED, "amount": f"  {fields['amount']} ", "first_year":
              f" {fields['first_year']}  "}
    db = _home(tmp_path, monkeypatch, "edits-layout")
    assert main(["data", "import-edits", str(_changed(path, tmp_path / "ev.csv", **padded))]) == 0
    [edit] = list_edits(db)
    # the same row in the table layout, into another fresh home
    table_db = _home(tmp_path, monkeypatch, "table-layout")
    row = {**fields, **padded, "h100e_per_year": ""}
    assert main(["data", "import-edits", str(table_csv(tmp_path / "t.csv", [row])),
                 "--table", "deals"]) == 0
    [table_edit] = list_edits(table_db)
    for col, text in padded.items():
        assert edit.fields[col] == table_edit.fields[col] == text.strip(), col
    monkeypatch.setenv("CHIPSCOPE_HOME", str(db.parent))
    capsys.readouterr()
    assert main(["data", "diff"]) == 0
    out = capsys.readouterr().out
    assert "-> 'padded'" in out and "-> 'desc padded'" in out, out
    assert "'  " not in out and "  '" not in out and " '," not in out, out


def test_a_blank_cell_is_empty_as_in_the_table_layout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        exported: tuple[Path, dict[str, str]]) -> None:
    path, fields = exported
    assert fields["firmness"], "a bundled deal with a firmness"
    db = _home(tmp_path, monkeypatch, "edits-layout")
    blank = {"firmness": "   ", "conversion": "  "}  # an optional choice; a computed cell
    assert main(["data", "import-edits", str(_changed(path, tmp_path / "ev.csv", **blank))]) == 0
    [edit] = list_edits(db)
    table_db = _home(tmp_path, monkeypatch, "table-layout")
    row = {**fields, **blank, "h100e_per_year": ""}
    assert main(["data", "import-edits", str(table_csv(tmp_path / "t.csv", [row])),
                 "--table", "deals"]) == 0
    [table_edit] = list_edits(table_db)
    assert edit.fields["firmness"] == table_edit.fields["firmness"] == ""
    assert edit.fields["conversion"] == table_edit.fields["conversion"] == fields["conversion"]
    monkeypatch.setenv("CHIPSCOPE_HOME", str(db.parent))
    capsys.readouterr()
    assert main(["data", "diff"]) == 0
    out = capsys.readouterr().out
    assert f"firmness: {fields['firmness']!r} -> ''" in out and "'   '" not in out, out


@pytest.mark.parametrize(("cells", "told"), [
    ({"vendor_id": "@ "}, "column vendor_id: '{v} ' has spaces around it; ids and keys may not"),
    ({"firmness": " firm "}, "column firmness: ' firm ' is not one of firm, loi, up_to"),
])
def test_ids_and_choices_with_spaces_are_still_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        exported: tuple[Path, dict[str, str]], cells: dict[str, str], told: str) -> None:
    path, fields = exported
    cells = {k: v.replace("@", fields[k]) for k, v in cells.items()}
    db = _home(tmp_path, monkeypatch, "edits-layout")
    before = db.read_bytes()
    bad = _changed(path, tmp_path / "ev.csv", **cells)
    capsys.readouterr()
    assert main(["data", "import-edits", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, line 2, {told.format(v=fields['vendor_id'])}" in err, err
    assert db.read_bytes() == before


@pytest.mark.parametrize(("written", "named"), [
    ("1e400", "the number 1e400"), ("-1e400", "the number -1e400"), ("1E400", "the number 1E400"),
    ("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"),
    ("337209.0", "the number 337209.0"), ("2.50", "the number 2.50"), ("5", "the number 5"),
    # pass 41, F1: whole numbers were str(int(...)): "the number 0" of a file holding -0
    ("-0", "the number -0"), ("10", "the number 10"), ("-10", "the number -10"),
    ("9" * 4300, "the number " + "9" * 19 + "\u2026" + "9" * 19 + " (4,300 characters)")])
def test_a_bare_number_is_named_as_the_file_writes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        exported: tuple[Path, dict[str, str]], written: str, named: str) -> None:
    path = _changed(exported[0], tmp_path / "ev.csv", h100e_per_year=Bare(written))
    assert written in path.read_text(encoding="utf-8")
    db = _home(tmp_path, monkeypatch, "edits-layout")
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["data", "import-edits", str(path)]) == 2
    err = capsys.readouterr().err
    assert (f"{path}, line 2, column h100e_per_year: fields_json gives {named}, not text; "
            'write every cell in quotes ("1", not 1)') in err, err
    assert db.read_bytes() == before and list_edits(db) == []


@pytest.mark.parametrize(("written", "told"), [
    ("007", "fields_json is not JSON (Expecting ',' delimiter)"),
    ("00", "fields_json is not JSON (Expecting ',' delimiter)"),
    ("-00", "fields_json is not JSON (Expecting ',' delimiter)"),
    ("9" * 5000, "fields_json holds a number of more than 4,300 digits, too long for any cell"),
    ("-" + "9" * 4301, "fields_json holds a number of more than 4,300 digits, too long for any "
                       "cell")])
def test_leading_zeros_and_huge_integers_keep_their_sentences(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        exported: tuple[Path, dict[str, str]], written: str, told: str) -> None:
    """Pass 41, F1's neighbours: JSON has no leading zeros (json refuses them), and an integer
    past int()'s 4,300 digits is still told in one short sentence, not printed."""
    path = _changed(exported[0], tmp_path / "ev.csv", h100e_per_year=Bare(written))
    db = _home(tmp_path, monkeypatch, "edits-layout")
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["data", "import-edits", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 2: {told}" in err, err
    assert "9" * 100 not in err and len(err) < 1000, err
    assert db.read_bytes() == before and list_edits(db) == []
