"""Property tests (issue 10): whatever is done to a database file (truncated, bytes flipped in
the header or the pages, odd schema versions, WAL mode, tables dropped, changed or emptied),
``chipscope run --db`` and ``chipscope data check --db`` end with status 0 or 2 and one clear
message, never "unexpected" (status 1), never hang, and leave the file and its folder byte for
byte as they were."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chipscope.cli import main
from chipscope.model.dataset import TABLES
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database

TABLE_NAMES = [*sorted(TABLES), "scenarios"]


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("base")
    csv = folder / "csv"
    csv.mkdir()
    for name, frame in synthetic_frames().items():
        frame.to_csv(csv / f"{name}.csv", index=False, lineterminator="\n")
    path = folder / "chipscope.db"
    build_database(csv, path)
    with pytest.MonkeyPatch.context() as mp:  # run --db never needs the user's folder
        mp.setenv("CHIPSCOPE_HOME", str(folder / "home"))
        yield path


def _sql(path: Path, statement: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(statement)


def _columns(path: Path, table: str) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


# Each corruption is applied to a copy; SQL ones only while the file is still SQLite.
Corruption = tuple[str, int, int]
corruptions = st.lists(st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, 400_000), st.just(0)),
    st.tuples(st.just("flip header"), st.integers(0, 99), st.integers(1, 255)),
    st.tuples(st.just("flip page"), st.integers(100, 400_000), st.integers(1, 255)),
    st.tuples(st.just("flip schema"), st.integers(0, 8_000), st.integers(1, 255)),
    st.tuples(st.just("user_version"), st.integers(-(2**31), 2**31 - 1), st.just(0)),
    st.tuples(st.just("application_id"), st.integers(-(2**31), 2**31 - 1), st.just(0)),
    st.tuples(st.just("wal"), st.just(0), st.just(0)),
    st.tuples(st.just("drop"), st.integers(0, len(TABLE_NAMES) - 1), st.just(0)),
    st.tuples(st.just("empty"), st.integers(0, len(TABLE_NAMES) - 1), st.just(0)),
    st.tuples(st.just("rename column"), st.integers(0, len(TABLE_NAMES) - 1),
              st.integers(0, 20)),
    st.tuples(st.just("drop column"), st.integers(0, len(TABLE_NAMES) - 1), st.integers(0, 20)),
), min_size=1, max_size=3)


def _apply(path: Path, corruption: Corruption) -> None:
    kind, a, b = corruption
    if kind == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: a % (len(data) + 1)])
        return
    if kind in ("flip header", "flip page", "flip schema"):
        data = bytearray(path.read_bytes())
        if kind == "flip schema":  # a byte of the schema's text (sqlite_master), counted from
            a += max(data.find(b"CREATE TABLE"), 0)  # its first statement, whatever the layout
        if data:
            data[a % len(data)] ^= b
            path.write_bytes(bytes(data))
        return
    try:
        table = TABLE_NAMES[a % len(TABLE_NAMES)]
        if kind in ("user_version", "application_id"):
            _sql(path, f"PRAGMA {kind} = {a}")
        elif kind == "wal":  # reading must leave no -wal or -shm beside it
            _sql(path, "PRAGMA journal_mode = WAL")
        elif kind == "drop":
            _sql(path, f'DROP TABLE "{table}"')
        elif kind == "empty":
            _sql(path, f'DELETE FROM "{table}"')
        else:
            cols = _columns(path, table)
            col = cols[b % len(cols)]
            if kind == "rename column":
                _sql(path, f'ALTER TABLE "{table}" RENAME COLUMN "{col}" TO "{col}_old"')
            else:
                _sql(path, f'ALTER TABLE "{table}" DROP COLUMN "{col}"')
    except (sqlite3.DatabaseError, UnicodeDecodeError, ZeroDivisionError, IndexError):
        # That change cannot be made to this file (already broken): the others stand. A schema
        # whose text is no longer UTF-8 fails SQLite's statements with a message Python cannot
        # decode: UnicodeDecodeError (a flipped byte in sqlite_master, then a drop: 2026-12-03).
        pass


def _state(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.parent.iterdir())}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=corruptions)
@example(changes=[("flip schema", 20, 0x80), ("drop", 0, 0)])  # schema text not UTF-8
@example(changes=[("wal", 0, 0), ("flip page", 88392, 128)])  # the same, read from a copy
@pytest.mark.timeout(600)
def test_a_corrupted_database_gets_one_clear_message_and_stays_as_it_was(
        base_db: Path, changes: list[Corruption], capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "db"
        folder.mkdir()
        path = Path(shutil.copyfile(base_db, folder / "x.db"))
        for change in changes:
            _apply(path, change)
        before = _state(path)
        out = Path(tmp) / "out.csv"
        for argv in (["run", "--db", str(path), "--out", str(out)],
                     ["data", "check", "--db", str(path)]):
            capsys.readouterr()
            status = main(argv)
            err = capsys.readouterr().err
            assert status in (0, 2), (argv[0], changes, err)
            assert "unexpected" not in err and "Traceback" not in err
            if status == 2:
                assert err.startswith("chipscope-cli: error: ")
                if argv[0] == "run":
                    assert err.count("\n") == 1, err  # one line
            assert _state(path) == before, (argv[0], changes)
