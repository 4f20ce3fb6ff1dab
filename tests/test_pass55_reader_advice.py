"""P55-F5: a reader given a symlink loop, a link to a missing file or a folder named the cause
without advice ("Cannot read the database sl/loop: it is a symlink loop."), while a writer
given the same path says what to do. Every reader's one regular-file check
(:func:`chipscope.storage.files.check_regular_file`) now ends with a reader's advice.

P55-F6: ``data diff`` said "no data edits; the data are the bundled data" of a database whose
edits sit in a renamed table (``ue_old``); it now names the table the build would refuse to
delete."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]

LOOP = "it is a symlink loop; remove the link or choose another file."
FOLDER = "it is a folder, not a regular file; give a file inside it."


def _odd_input(folder: Path, kind: str, suffix: str) -> tuple[Path, str]:
    path = folder / f"odd{suffix}"
    if kind == "loop":
        path.symlink_to(path.name)
        return path, LOOP
    if kind == "dangling":
        path.symlink_to(f"gone{suffix}")
        return path, (f"it is a symlink to the missing gone{suffix}; put the file back or "
                      "choose another file.")
    path.mkdir()
    return path, FOLDER


@pytest.mark.parametrize("kind", ["loop", "dangling", "folder"])
@pytest.mark.parametrize(("what", "suffix", "argv"), [
    ("database", ".db", ["--db", "{path}", "run", "--out", "{out}"]),
    ("scenario file", ".toml", ["run", "--db", "{db}", "--scenario", "{path}", "--out", "{out}"]),
])
def test_a_reader_advises_on_a_loop_a_dangling_link_and_a_folder(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, kind: str, what: str,
        suffix: str, argv: list[str]) -> None:
    path, said = _odd_input(tmp_path, kind, suffix)
    out = tmp_path / "x.csv"
    db_before = synthetic_db.read_bytes()
    capsys.readouterr()
    assert main([a.format(db=synthetic_db, path=path, out=out) for a in argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(f"error: Cannot read the {what} {path}: {said}"), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() and synthetic_db.read_bytes() == db_before
    assert path.is_symlink() or path.is_dir()


def _with_a_renamed_edits_table(db: Path) -> None:
    from chipscope.model.edits import Edit, EditSource, find_row, row_digest
    from chipscope.storage.overlay import load_overlay
    from chipscope.storage.user_edits import put_edits

    row = find_row(load_overlay(db)[0], "adopters", "a5")
    assert row is not None
    source = EditSource("Example News", "https://example.com/a", "2026-11-30", "MIT")
    put_edits(db, [Edit("adopters", "a5", "retire", row, source, "low",
                        "2026-01-01T00:00:01+00:00", row_digest(row))])
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("ALTER TABLE user_edits RENAME TO ue_old")


def test_data_diff_names_a_renamed_edits_table(synthetic_db: Path, capsys: Capture) -> None:
    _with_a_renamed_edits_table(synthetic_db)
    before = synthetic_db.read_bytes()
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(synthetic_db)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{synthetic_db}: no data edits; the data are the bundled data; the database also "
        "holds a table 'ue_old' (1 row) that ChipScope does not know.")
    assert synthetic_db.read_bytes() == before


def test_data_diff_without_edits_or_unknown_tables_is_unchanged(
        synthetic_db: Path, capsys: Capture) -> None:
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(synthetic_db)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{synthetic_db}: no data edits; the data are the bundled data.")
