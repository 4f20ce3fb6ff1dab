"""Saved scenarios in the ``scenarios`` table of a ChipScope database.

Only the user's database is written; the bundled one is refused. Each write is one
transaction. Values are stored as JSON with NaN ("none") as ``null``. Presets
(``is_preset = 1``) come from the bundled database and cannot be overwritten, renamed or
deleted.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario
from chipscope.storage.database import open_current, upgrade_in_place
from chipscope.storage.recovery import roll_back_interrupted_write
from chipscope.storage.schema import StorageError, write_transaction

MAX_NAME_LENGTH = 200


@dataclass(frozen=True, eq=False)
class ScenarioRecord:
    """A scenario as stored: its name, description and values, whether it is a preset, and
    when it was last saved (ISO 8601, UTC)."""

    scenario: Scenario
    is_preset: bool
    updated_at: str

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def description(self) -> str:
        return self.scenario.description

    @property
    def values(self) -> dict[str, float]:
        return self.scenario.values


def _values_json(values: Mapping[str, float]) -> str:
    out: dict[str, float | None] = {}
    for key, value in values.items():
        number = float(value)
        if math.isinf(number):
            raise ValueError(f"{key}: {value!r} is not a finite number")
        out[str(key)] = None if math.isnan(number) else number
    return json.dumps(out, sort_keys=True, allow_nan=False)


def _values_from_json(text: str, name: str) -> dict[str, float]:
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise TypeError("not an object")
        return {str(k): math.nan if v is None else float(v) for k, v in raw.items()}
    except (ValueError, TypeError) as exc:
        raise StorageError(f"The saved scenario {name!r} is damaged ({exc}).") from None


def _record(row: tuple[str, str, str, int, str]) -> ScenarioRecord:
    name, description, values_json, is_preset, updated_at = row
    return ScenarioRecord(Scenario(name, description, _values_from_json(values_json, name)),
                          bool(is_preset), updated_at)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_name(name: str) -> str:
    clean = name.strip()
    if not clean:
        raise ValueError("name: a scenario needs a name")
    if len(clean) > MAX_NAME_LENGTH:
        raise ValueError(f"name: at most {MAX_NAME_LENGTH} characters")
    return clean


# --- connections --------------------------------------------------------------------------------
@contextmanager
def _writable(db_path: Path) -> Iterator[sqlite3.Connection]:
    path = Path(db_path)
    if paths.is_bundled_db(path):
        raise StorageError(
            f"{path} is the bundled dataset, which is read-only; scenarios are saved in the "
            "user database."
        )
    roll_back_interrupted_write(path)  # a save killed mid-write; only ChipScope files
    upgrade_in_place(path)  # recognises the file (StorageError if foreign), then migrates
    uri = path.resolve().as_uri() + "?mode=rw"
    with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as conn:
        yield conn


@contextmanager
def _readable(db_path: Path) -> Iterator[sqlite3.Connection]:
    with open_current(Path(db_path)) as conn:
        yield conn


def _existing(conn: sqlite3.Connection, name: str, db_path: Path) -> bool:
    """Whether ``name`` is a preset; StorageError if there is no such scenario."""
    row = conn.execute("SELECT is_preset FROM scenarios WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise StorageError(f"There is no saved scenario named {name!r} in {db_path}.")
    return bool(row[0])


def _refuse_preset(name: str) -> StorageError:
    return StorageError(f"{name!r} is a preset scenario, which cannot be changed; save a copy "
                        "under another name.")


# --- public API -----------------------------------------------------------------------------
def save_scenario(db_path: Path, name: str, description: str,
                  values: Mapping[str, float]) -> None:
    """Save (or overwrite) a scenario in the user's database, in one transaction.

    Parameters
    ----------
    db_path : Path
        The user's database (never the bundled one).
    name : str
        Unique name; surrounding spaces are removed.
    description : str
        Free text.
    values : Mapping[str, float]
        Assumption key -> value; NaN ("none") is stored as null.

    Raises
    ------
    StorageError
        If the database cannot be written or ``name`` is a preset.
    ValueError
        If the name is empty or too long, or a value is infinite.
    """
    clean = _check_name(name)
    payload = _values_json(values)
    with _writable(db_path) as conn, write_transaction(conn):
        row = conn.execute("SELECT is_preset FROM scenarios WHERE name = ?", (clean,)).fetchone()
        if row is not None and row[0]:
            raise _refuse_preset(clean)
        conn.execute(
            "INSERT OR REPLACE INTO scenarios (name, description, values_json, is_preset, "
            "updated_at) VALUES (?, ?, ?, 0, ?)", (clean, description, payload, _now()))


def list_scenarios(db_path: Path) -> list[ScenarioRecord]:
    """Every saved scenario, presets first, then by name (case-insensitive)."""
    with _readable(db_path) as conn:
        rows = conn.execute(
            "SELECT name, description, values_json, is_preset, updated_at FROM scenarios "
            "ORDER BY is_preset DESC, name COLLATE NOCASE, name").fetchall()
    return [_record(r) for r in rows]


def load_scenario(db_path: Path, name: str) -> ScenarioRecord:
    """One saved scenario; StorageError if there is none of that name."""
    with _readable(db_path) as conn:
        row = conn.execute(
            "SELECT name, description, values_json, is_preset, updated_at FROM scenarios "
            "WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise StorageError(f"There is no saved scenario named {name!r} in {db_path}.")
    return _record(row)


def delete_scenario(db_path: Path, name: str) -> None:
    """Delete a saved scenario (not a preset), in one transaction."""
    with _writable(db_path) as conn, write_transaction(conn):
        if _existing(conn, name, db_path):
            raise _refuse_preset(name)
        conn.execute("DELETE FROM scenarios WHERE name = ?", (name,))


def rename_scenario(db_path: Path, old: str, new: str) -> None:
    """Rename a saved scenario (not a preset); StorageError if ``new`` is taken."""
    clean = _check_name(new)
    with _writable(db_path) as conn, write_transaction(conn):
        if _existing(conn, old, db_path):
            raise _refuse_preset(old)
        if clean == old:
            return
        taken = conn.execute("SELECT 1 FROM scenarios WHERE name = ?", (clean,)).fetchone()
        if taken is not None:
            raise StorageError(f"A scenario named {clean!r} already exists; choose another name.")
        conn.execute("UPDATE scenarios SET name = ?, updated_at = ? WHERE name = ?",
                     (clean, _now(), old))


# --- used by repository ---------------------------------------------------------------------
def insert_presets(conn: sqlite3.Connection, presets: Iterable[Scenario], updated_at: str) -> None:
    """Insert preset scenarios (inside the caller's transaction)."""
    conn.executemany(
        "INSERT INTO scenarios (name, description, values_json, is_preset, updated_at) "
        "VALUES (?, ?, ?, 1, ?)",
        [(p.name, p.description, _values_json(p.values), updated_at) for p in presets])


def scenario_problems(conn: sqlite3.Connection, specs: AssumptionSpecs) -> list[str]:
    """Saved scenarios whose values no longer fit the dataset's assumptions."""
    problems = []
    rows = conn.execute(
        "SELECT name, description, values_json, is_preset, updated_at FROM scenarios "
        "ORDER BY rowid").fetchall()
    defaults = specs.defaults()
    for row in rows:
        try:
            _record(row).scenario.apply(defaults)
        except (ValueError, StorageError) as exc:
            problems.append(f"scenarios table, scenario {row[0]!r}: {exc}")
    return problems
