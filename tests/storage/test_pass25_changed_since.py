"""Pass 23 F6: a change refused because another window or program stored a row this reader
never saw said "Your addition of ... was changed": the row was not the user's, and it was
made, not changed. Now: "Another window or program made the ..." for a row never seen, and
"... changed the ..." for a row seen that changed; the database is left byte-identical."""

from __future__ import annotations

import shlex
from dataclasses import replace
from pathlib import Path

import pytest

from chipscope.model.edits import Edit, EditSource
from chipscope.storage.errors import EditsChanged
from chipscope.storage.user_edits import change_edits, list_edits, put_edits

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")
SLOT = ("access", "a0.v1")


def _edit(access: str, when: str) -> Edit:
    return Edit(*SLOT, "edit", {"adopter_id": "a0", "vendor_id": "v1", "access": access,
                                "notes": ""}, SOURCE, "low", when)


def _refused(db: Path, expected: Edit | None) -> str:
    before = db.read_bytes()
    mine = _edit("0.2", "2026-12-02T00:00:00+00:00")
    with pytest.raises(EditsChanged) as refused:
        change_edits(db, [mine], [], expected={SLOT: expected})
    assert db.read_bytes() == before  # nothing changed
    return str(refused.value)


def test_a_row_never_seen_was_made_by_another_program(synthetic_db: Path) -> None:
    theirs = _edit("0.9", "2026-12-01T00:00:00+00:00")
    put_edits(synthetic_db, [theirs])  # after this window read no edit of the row
    said = _refused(synthetic_db, None)
    assert said.startswith(f"Another window or program made the {theirs.describe()} in "
                           f"{synthetic_db} since the data edits were read here; nothing was "
                           "changed."), said
    assert "changed the" not in said and "Your" not in said, said
    assert list_edits(synthetic_db) == [theirs]


def test_a_row_seen_that_changed_was_changed_by_another_program(synthetic_db: Path) -> None:
    seen = _edit("0.5", "2026-12-01T00:00:00+00:00")
    put_edits(synthetic_db, [seen])
    theirs = replace(seen, fields={**seen.fields, "access": "0.9"})
    put_edits(synthetic_db, [theirs])  # another program changes it after it was read
    said = _refused(synthetic_db, seen)
    assert said.startswith(f"Another window or program changed the {seen.describe()} in "
                           f"{synthetic_db} since it was read here; nothing was changed."), said
    assert said.endswith("Look at the data edits as they are now (`chipscope-cli data diff "
                         f"--db {shlex.quote(str(synthetic_db))}` or "  # of that database (P58-F2)
                         "Edit > Edit data\u2026) and try again."), said
    assert list_edits(synthetic_db) == [theirs]
