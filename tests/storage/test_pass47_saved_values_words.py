"""Pass 47 F5: a saved scenario row whose values_json is a number, not JSON, a list, or holds
1e400 was told in Python's words: "its values are a int", "its values are not JSON: Expecting
value: line 1 column 1 (char 0)", "a list, not a flat list of key: number" (a contradiction:
a JSON object is meant) and "the value of 'lock_in' is out of range" for a value that is not
finite. Now plain words: "a number", "not JSON (they cannot be read as JSON text)", "a list,
not a JSON object of key: number", "not a finite number"."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import list_scenarios
from chipscope.storage.scenario_entry import json_kind

PYTHON_WORDS = ("a int", "a float", "Expecting", "char 0", "line 1 column", "flat list",
                "out of range")


@pytest.mark.parametrize(("values_json", "words"), [
    (5, "its values are a number, not a JSON object of key: number"),  # TEXT column: '5'
    (2.5, "its values are a number, not a JSON object of key: number"),
    ("5", "its values are a number, not a JSON object of key: number"),
    ("not json {", "its values are not JSON (they cannot be read as JSON text)"),
    (b"\x00\xff", "its values are not JSON (they cannot be read as JSON text)"),
    ("[1,2]", "its values are a list, not a JSON object of key: number"),
    ('"x"', "its values are text, not a JSON object of key: number"),
    ("true", "its values are true/false, not a JSON object of key: number"),
    ('{"lock_in": 1e400}', "the value of 'lock_in' is not a finite number"),
    ('{"lock_in": -' + "9" * 400 + "}", "the value of 'lock_in' is not a finite number"),
    ("[" * 100_000 + "]" * 100_000,
     "its values nest too deeply; they must be a JSON object of key: number, one level deep"),
])
def test_a_damaged_saved_row_is_told_in_plain_words(db: Path, values_json: object,
                                                    words: str) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                     "updated_at) VALUES ('X', '', ?, 0, '2026-01-01T00:00:00+00:00')",
                     (values_json,))
    before = db.read_bytes()
    damaged: list[str] = []
    assert list_scenarios(db, damaged) == []
    [message] = damaged
    assert message.startswith(f"The saved scenario 'X' in {db} is damaged (")
    assert f"({words})." in message, message
    assert not any(w in message for w in PYTHON_WORDS), message
    assert db.read_bytes() == before


@pytest.mark.parametrize(("value", "kind"), [(1, "a number"), (1.5, "a number"),
                                             (True, "true/false"), ([], "a list"),
                                             ("", "text"), (None, "null")])
def test_json_kind_never_gives_a_python_type_name(value: object, kind: str) -> None:
    assert json_kind(value) == kind
