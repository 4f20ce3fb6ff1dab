"""An edits file's rows are what they say (pass 10, C6-C8, C10, C11): an ``add`` of an id the
bundled data has is refused (it silently replaced the bundled row); fields_json holds text
only, each column once (NaN was stored as "nan", an object as its Python text, a repeated
column kept its last value); a row_key that is not the row's id is named at its own line for
every table; a first line that is not a header, a byte-order mark and a huge cell are told in
plain words. The same rule reads the database's stored edits."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from chipscope.model.edits import EditSource
from chipscope.storage.edit_files import EditFileError, read_edits_csv
from chipscope.storage.overlay import load_overlay
from chipscope.storage.schema import StorageError
from chipscope.storage.user_edits import EDITS_TABLE, list_edits, put_edits

HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence,"
          "created_at,base_digest,source_id")
SOURCE = "Example News,https://example.com/a,2026-11-30,MIT,low,,,"
LAB = {"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab", "derivation": "guess"}


def _cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _line(table: str, key: str, op: str, fields: dict[str, object] | str) -> str:
    text = fields if isinstance(fields, str) else json.dumps(fields)
    return f"{table},{_cell(key)},{op},{_cell(text)},{SOURCE}"


def _access(adopter: str = "newlab") -> str:
    return _line("access", f"{adopter}.v0", "add",
                 {"adopter_id": adopter, "vendor_id": "v0", "access": "1"})


def _problems(db: Path, path: Path, *lines: str) -> list[str]:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base, _ = load_overlay(db)
    with pytest.raises(EditFileError) as info:
        read_edits_csv(path, base, [])
    return info.value.problems


def test_an_add_of_a_bundled_id_is_refused_and_its_edit_imports(synthetic_db: Path,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    row = {"adopter_id": "a0", "name": "New Lab", "kind": "AI lab", "derivation": "guess"}
    problems = _problems(synthetic_db, path, HEADER, _line("adopters", "a0", "add", row))
    assert problems == [f"{path}, line 2, column row_key: the bundled data already has the "
                        "adopters row 'a0', and an added row's id must be new; to change that "
                        "row, write operation edit (with the whole row), or give the new row "
                        "another id"]
    path.write_text(f"{HEADER}\n{_line('adopters', 'a0', 'edit', row)}\n", encoding="utf-8")
    base, _ = load_overlay(synthetic_db)
    [edit] = read_edits_csv(path, base, [])
    assert (edit.operation, edit.fields["name"]) == ("edit", "New Lab")


@pytest.mark.parametrize(("value", "kind"), [
    ("NaN", "NaN"), ("Infinity", "Infinity"), ('{"a": [1]}', "an object"), ("[1]", "a list"),
    ("5", "the number 5"), ("2.5", "the number 2.5"), ("true", "true"), ("null", "null"),
    # pass 14 CLI C1: 310 digits, too large for a float: "unexpected OverflowError" before
    ("1" + "0" * 309, "the number 1" + "0" * 18 + "\u2026" + "0" * 19 + " (310 characters)")])
def test_a_cell_that_is_not_text_is_refused(synthetic_db: Path, tmp_path: Path, value: str,
                                            kind: str) -> None:
    text = json.dumps(LAB).replace('"New Lab"', value)
    path = tmp_path / "f.csv"
    problems = _problems(synthetic_db, path, HEADER, _line("adopters", "newlab", "add", text),
                         _access())
    assert problems[0] == (f"{path}, line 2, column name: fields_json gives {kind}, not text; "
                           'write every cell in quotes ("1", not 1)')


def test_a_column_given_twice_in_fields_json_is_refused(synthetic_db: Path,
                                                        tmp_path: Path) -> None:
    text = '{"adopter_id": "zzz", ' + json.dumps(LAB)[1:]
    path = tmp_path / "f.csv"
    problems = _problems(synthetic_db, path, HEADER, _line("adopters", "newlab", "add", text),
                         _access())
    assert problems[0] == (f"{path}, line 2, column adopter_id: 'adopter_id' appears more than "
                           "once in fields_json; give each column once")


@pytest.mark.parametrize("key", ["otherlab", "newlab ", " newlab", "NEWLAB"])
def test_a_row_key_that_is_not_the_rows_id_is_named_at_its_line(synthetic_db: Path,
                                                                 tmp_path: Path, key: str) -> None:
    path = tmp_path / "f.csv"
    problems = _problems(synthetic_db, path, HEADER, _line("adopters", key, "add", LAB),
                         _access())
    assert problems[0] == (f"{path}, line 2, column row_key: {key!r} is not the row's "
                           "adopter_id ('newlab' in fields_json); write the same id in both")


def test_a_deal_retired_by_its_key_alone_is_read(synthetic_db: Path, tmp_path: Path) -> None:
    base, _ = load_overlay(synthetic_db)
    deal = str(base["deals"]["deal_id"].iloc[0])
    path = tmp_path / "f.csv"
    path.write_text(f"{HEADER}\ndeals,{deal},retire,{{}},{SOURCE}\n", encoding="utf-8")
    [edit] = read_edits_csv(path, base, [])
    assert (edit.key, edit.operation, dict(edit.fields)) == (deal, "retire", {"deal_id": deal})


def test_a_first_line_that_is_not_a_header_is_told(synthetic_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    problems = _problems(synthetic_db, path, _line("adopters", "newlab", "add", LAB), _access())
    [problem] = problems
    assert problem.startswith(f"{path}, line 1 is not a header: unknown column(s) 'adopters', "
                              "'newlab', 'add', '{")
    assert problem.endswith("and 8 more (an edits file's columns are table_name, row_key, "
                            "operation, fields_json, citation, url, retrieved, licence, "
                            "confidence, created_at, base_digest, source_id; a table CSV's are "
                            "its documented columns (docs/data.md))")


def test_a_byte_order_mark_and_a_huge_cell_are_told_in_words(synthetic_db: Path,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    problems = _problems(synthetic_db, path, HEADER,
                         _line("adopters", "newlab", "add", "\ufeff" + json.dumps(LAB)))
    assert problems == [f"{path}, line 2: fields_json starts with a byte-order mark (U+FEFF); "
                        "remove it: the cell must start with {"]
    huge = {**LAB, "name": "x" * 200_000}
    problems = _problems(synthetic_db, path, HEADER, _access(),
                         _line("adopters", "newlab", "add", huge))
    assert problems == [f"{path}, line 3: a cell is longer than 131,072 characters (the "
                        "limit); no cell of a ChipScope CSV is that long"]


def test_the_database_reader_applies_the_same_rule(synthetic_db: Path) -> None:
    """A stored edit is read as an edits file's line is: text cells are read back as they
    were; a non-text cell is named with the way to drop the edit."""
    source = EditSource("Example News", "https://example.com/a", "2026-11-30", "MIT")
    base, _ = load_overlay(synthetic_db)
    path = Path(synthetic_db).parent / "f.csv"
    path.write_text(f"{HEADER}\n{_line('adopters', 'newlab', 'add', LAB)}\n{_access()}\n",
                    encoding="utf-8")
    put_edits(synthetic_db, read_edits_csv(path, base, []))
    stored = {e.key: e for e in list_edits(synthetic_db)}
    assert dict(stored["newlab"].fields) == LAB  # read back as written
    assert stored["newlab"].source.citation == source.citation
    with sqlite3.connect(synthetic_db) as conn:
        conn.execute(f"UPDATE {EDITS_TABLE} SET fields_json = ? WHERE row_key = 'newlab'",
                     (json.dumps({**LAB, "name": 5}),))
    conn.close()
    with pytest.raises(StorageError, match=r"user_edits row 1, column name: fields_json gives "
                                           r"the number 5, not text; .*drop-edit adopters"):
        list_edits(synthetic_db)
