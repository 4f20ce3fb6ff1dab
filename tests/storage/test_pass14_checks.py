"""Pass 14 (databases): layouts another program changed, named by saves and `data check` alike.

- D3: a ``lineage`` table of another layout failed every save in SQLite's words, and
  `data check` found nothing.
- D4: ``user_edits`` rebuilt without its key, holding one edit twice: the check was clean, and
  diff and export-edits showed the edit twice.
- D5: one REAL in a true/false column made every 0/1 row "0.0 is not true/false".
- E1: a damaged edit value of 1.2 MB was repeated whole in the one-line error.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.model.edits import Edit, EditSource
from chipscope.storage import StorageError, load_dataset
from chipscope.storage.repository import check_database
from chipscope.storage.scenarios import save_scenario
from chipscope.storage.user_edits import COLUMNS, list_edits, put_edits, remove_edit

SOURCE = EditSource("Example News", "https://example.com/a", "2026-01-30", "MIT")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sql(db: Path, *statements: str) -> None:
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        for statement in statements:
            conn.execute(statement)


def _edit(db: Path) -> None:
    """One data edit: the notes of the first chip."""
    chip = load_dataset(db).chips.iloc[0]
    fields = {k: ("true" if v is True else "false" if v is False else str(v))
              for k, v in chip.items()}
    fields["notes"] = "edited"
    put_edits(db, [Edit("chips", str(chip["chip_id"]), "edit", fields, SOURCE, "low")])


# --- D3: the lineage table ---------------------------------------------------------------------
@pytest.mark.parametrize("layout", [
    "CREATE TABLE lineage (id INTEGER PRIMARY KEY, generation TEXT)",
    "CREATE TABLE lineage (id INTEGER PRIMARY KEY, generation TEXT NOT NULL, "
    "previous TEXT NOT NULL, extra TEXT NOT NULL)",
    "CREATE TABLE lineage (id INTEGER PRIMARY KEY, generation INTEGER, previous INTEGER) STRICT",
])
def test_d3_a_lineage_of_another_layout_is_named_by_saves_and_check(db: Path,
                                                                    layout: str) -> None:
    assert check_database(db) == []  # built: no lineage table, which is fine
    save_scenario(db, "first", "", {})  # the first write makes it
    assert check_database(db) == []
    _sql(db, "DROP TABLE lineage", layout)
    before = _digest(db)
    said = "keeps the table 'lineage' with another layout (another program changed it"
    with pytest.raises(StorageError, match=re.escape(said)):
        save_scenario(db, "second", "", {})
    problems = check_database(db)
    assert len(problems) == 1 and said in problems[0], problems
    assert _digest(db) == before


def test_d3_an_index_named_lineage_is_named(db: Path) -> None:
    _sql(db, "CREATE INDEX lineage ON scenarios(description)")
    said = "has an index named 'lineage', the name of a table ChipScope makes"
    with pytest.raises(StorageError, match=said):
        save_scenario(db, "first", "", {})
    assert said in check_database(db)[0]


# --- D4: user_edits without its key ------------------------------------------------------------
def test_d4_user_edits_without_its_key_holding_an_edit_twice_is_named(db: Path) -> None:
    _edit(db)
    chip = list_edits(db)[0].key
    _sql(db, "CREATE TABLE ue2 AS SELECT * FROM user_edits", "DROP TABLE user_edits",
         "ALTER TABLE ue2 RENAME TO user_edits", "INSERT INTO user_edits SELECT * FROM user_edits")
    before = _digest(db)
    said = (f"The user_edits table of the database {db} holds the edit chips {chip} twice "
            "(another program rebuilt it without its key)")
    problems = check_database(db)
    assert len(problems) == 1 and said in problems[0], problems
    for reader in (list_edits, load_dataset):
        with pytest.raises(StorageError, match=re.escape(f"holds the edit chips {chip} twice")):
            reader(db)
    with pytest.raises(StorageError, match=re.escape(f"holds the edit chips {chip} twice")):
        remove_edit(db, "chips", chip)
    _sql(db, "DELETE FROM user_edits WHERE rowid = 2")  # one left, still no key: saves name it
    said = "its table 'user_edits' lost its key (table_name, row_key)"
    with pytest.raises(StorageError, match=re.escape(said)):
        _edit(db)
    assert said in check_database(db)[0]
    assert len(list_edits(db)) == 1  # the reads are right again
    assert _digest(db) != before  # only the test's own DELETE changed it


# --- D5: a REAL in a true/false column ---------------------------------------------------------
@pytest.mark.parametrize("value", ["0.5", "1e308"])
def test_d5_one_real_in_a_bool_column_names_only_its_row(db: Path, value: str) -> None:
    _sql(db, "UPDATE chips SET price_is_estimate = 1.0 WHERE rowid = 1",
         f"UPDATE chips SET price_is_estimate = {value} WHERE rowid = 3")
    problems = check_database(db)
    assert len(problems) == 1, problems
    assert problems[0].startswith("chips table, row 3, column price_is_estimate: ")
    assert problems[0].endswith("is not true/false")
    _sql(db, "UPDATE chips SET price_is_estimate = 0 WHERE rowid = 3")  # 1.0 and 0 in one column
    assert check_database(db) == []
    assert bool(load_dataset(db).chips["price_is_estimate"].iloc[0]) is True


# --- E1: a huge value of a damaged edit --------------------------------------------------------
def test_e1_a_huge_damaged_edit_value_is_shortened(db: Path) -> None:
    _edit(db)
    _sql(db, "UPDATE user_edits SET operation = hex(randomblob(600000))")
    with pytest.raises(StorageError) as caught:
        list_edits(db)
    said = str(caught.value)
    assert "(1,200,000 characters) is not one of add, edit, retire" in said
    assert len(said) < 400, len(said)


def test_d4_the_key_rule_knows_each_tables_columns() -> None:
    from chipscope.storage.autosave import AUTOSAVE_DDL
    from chipscope.storage.own_layout import AUTOSAVE_BASIS
    from chipscope.storage.own_layout import COLUMNS as OWN_COLUMNS
    from chipscope.storage.schema import SCENARIOS_DDL

    assert OWN_COLUMNS["user_edits"] == tuple(COLUMNS)
    optional = {"scenarios": (), "autosave": (AUTOSAVE_BASIS,)}  # never required (pass 93)
    for table, ddl in (("scenarios", SCENARIOS_DDL), ("autosave", AUTOSAVE_DDL)):
        with closing(sqlite3.connect(":memory:")) as conn:
            conn.execute(ddl)
            assert OWN_COLUMNS[table] + optional[table] == tuple(
                r[1] for r in conn.execute(f"PRAGMA table_info({table})"))
