"""Pass 53 F6: ``data drop-edit`` and ``data keep-edit`` with an id that names no edit show the
id in quotes (a space around it, an invisible character show), name an edited row's id it is
but for spaces, an invisible character or case ("did you mean ...?"), and both end with the
same advice; exit 2, the database byte-identical."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.shell_words import shell_option
from chipscope.storage.overlay import load_overlay
from tests.test_pass25_keep_edit import NEWER, _db

ADVICE = "(`chipscope-cli data diff {}` lists your edits)"  # with the --db given
CASES = {
    "apple_like ": ("'apple_like '", "; the id has spaces around it; did you mean 'apple_like'? "),
    "APPLE_LIKE": ("'APPLE_LIKE'", "; the id differs in case; did you mean 'apple_like'? "),
    "apple_like\u200b": ("'apple_like\\u200b'", "; the id holds an invisible character U+200B "
                         "(ZERO WIDTH SPACE); did you mean 'apple_like'? "),
    "no_such_deal": ("'no_such_deal'", " "),
}
WHAT = {"drop-edit": "you have no edit of this row", "keep-edit": "no edit in conflict"}


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    """A database with the user's edit of deals apple_like, in conflict (keep-edit's case)."""
    db = _db(tmp_path)
    with closing(sqlite3.connect(db)) as conn, conn:
        for sql in NEWER["chip"]:
            conn.execute(sql)
    assert [c.edit.key for c in load_overlay(db)[1].conflicts] == ["apple_like"]
    return db


@pytest.mark.parametrize("command", sorted(WHAT))
@pytest.mark.parametrize("typed", sorted(CASES))
def test_an_id_that_names_no_edit_is_shown_and_the_near_one_named(
        conflicted: Path, command: str, typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = conflicted.read_bytes()
    capsys.readouterr()
    assert main(["data", command, "deals", typed, "--db", str(conflicted)]) == 2
    out, err = capsys.readouterr()
    shown, hint = CASES[typed]
    assert out == ""
    advice = ADVICE.format(shell_option("--db", conflicted))
    assert f"deals {shown}: {WHAT[command]}{hint}{advice}" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert conflicted.read_bytes() == before


def test_the_id_named_is_the_one_that_drops_it(conflicted: Path) -> None:
    assert main(["data", "drop-edit", "deals", "apple_like", "--db", str(conflicted)]) == 0
