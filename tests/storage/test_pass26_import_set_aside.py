"""Pass 26 F10: with many of the user's edits already set aside (in conflict after a newer
bundled release), a one-line import was answered with a problem for every one of them ("421
problem(s): deals, line 15: ...; deals, line 22: ...") by lines of a merged table the user never
sees, the import's real cause buried among them. Edits set aside before the import are left out
of its verdict (``data diff`` reports them; the import does not change them), a row the file
does not hold is named by its id, and the import is still refused for what it breaks itself."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.edits import (
    Edit,
    EditSource,
    build_dataset,
    dataset_problems,
    find_row,
    frames_as_text,
    row_digest,
)
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage.edit_files import EditFileError, read_edits_csv, write_edits_csv

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")
MINE = 30  # the user's deals at a0/v3 that a newer release sets aside


def _access(frames: Mapping[str, pd.DataFrame], adopter: str, vendor: str,
            value: str) -> dict[str, pd.DataFrame]:
    out = dict(frames)
    access = frames["access"].copy()
    access.loc[(access["adopter_id"] == adopter) & (access["vendor_id"] == vendor),
               "access"] = value
    out["access"] = access
    return out


def _releases() -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """The bundled data the user's deals were made on, and a newer release in which adopter a0
    has no access to vendor v3. The history rows that rely on a0.v3 or on a1.v0 are left out
    of both (so that only deals rely on those two: a bundled deal, d1, relies on a1.v0)."""
    old = frames_as_text(synthetic_dataset().frames)
    for adopter, vendor in (("a0", "v3"), ("a1", "v0")):
        lines = [int(p.split()[2].rstrip(":")) for p in
                 dataset_problems(_access(old, adopter, vendor, "0"))
                 if p.startswith("history, line ")]
        old["history"] = old["history"].drop(index=[n - 2 for n in lines]
                                             ).reset_index(drop=True)
    new = _access(old, "a0", "v3", "0")
    assert dataset_problems(old) == dataset_problems(new) == []  # sound releases
    return old, new


def _mine(old: Mapping[str, pd.DataFrame]) -> list[Edit]:
    d0 = find_row(old, "deals", "d0")
    assert d0 is not None
    return [Edit("deals", f"zz_{i}", "add", {**d0, "deal_id": f"zz_{i}", "adopter_id": "a0",
                                              "vendor_id": "v3", "description": f"Mine {i}"},
                 SOURCE, "low", f"2026-01-01T00:00:{i:02d}+00:00") for i in range(MINE)]


@pytest.fixture
def state() -> tuple[dict[str, pd.DataFrame], list[Edit]]:
    old, new = _releases()
    mine = _mine(old)
    assert dataset_problems(build_dataset(old, mine)[1].frames) == []  # all applied on old
    overlay = build_dataset(new, mine)[1]
    assert len(overlay.conflicts) == MINE and overlay.applied == []  # all set aside on new
    return new, mine


def _edit(base: Mapping[str, pd.DataFrame], table: str, key: str, **fields: str) -> Edit:
    row = find_row(base, table, key)
    assert row is not None
    return Edit(table, key, "edit", {**row, **fields}, SOURCE, "low", "", row_digest(row))


def _import(path: Path, base: Mapping[str, pd.DataFrame], current: list[Edit],
            edit: Edit) -> list[str]:
    """The problems of importing ``edit`` alone: found the window's way (the set-aside edits
    found again) and the CLI's (given from the overlay it loaded), the same."""
    write_edits_csv([edit], path)
    aside = {(c.edit.table, c.edit.key) for c in build_dataset(base, current)[1].conflicts}
    told = []
    for given in (None, aside):
        with pytest.raises(EditFileError) as caught:
            read_edits_csv(path, base, current, set_aside=given)
        told.append(caught.value.problems)
    assert told[0] == told[1]
    return told[0]


def test_a_bad_deal_is_the_only_problem_over_edits_already_set_aside(
        state: tuple[dict[str, pd.DataFrame], list[Edit]], tmp_path: Path) -> None:
    """The reproducer's shape without a retirement: one bundled deal changed to an adopter
    with no access to its vendor. It moves to the end of the merged deals, so every set-aside
    deal's problem had another line number and was told as new (31 problems)."""
    base, mine = state
    path = tmp_path / "one.csv"
    problems = _import(path, base, mine, _edit(base, "deals", "d0", adopter_id="a5"))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}, line 2")
    assert "'a5' has no access to vendor 'v1'" in problems[0]


def test_a_bundled_row_the_import_breaks_is_named_by_its_id(
        state: tuple[dict[str, pd.DataFrame], list[Edit]], tmp_path: Path) -> None:
    """An access row set to 0 leaves bundled deal d1 without access: told as "deals row 'd1'",
    not as a line of the merged deals table; none of the set-aside deals is named."""
    base, mine = state
    path = tmp_path / "access.csv"
    problems = _import(path, base, mine, _edit(base, "access", "a1.v0", access="0"))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: after import, deals row 'd1': adopter 'a1' has no "
                                  "access to vendor 'v0' ")


def test_a_retirement_over_edits_already_set_aside_is_taken_when_it_breaks_nothing(
        state: tuple[dict[str, pd.DataFrame], list[Edit]], tmp_path: Path) -> None:
    """F10's own shape: retiring the very access row that sets the user's deals aside changes
    their problems' wording ("no access row for the pair"), which was told as 30 new problems;
    no bundled row needs it, so the retirement is taken (the deals stay set aside)."""
    base, mine = state
    row = find_row(base, "access", "a0.v3")
    assert row is not None
    path = tmp_path / "retire.csv"
    write_edits_csv([Edit("access", "a0.v3", "retire", row, SOURCE, "low", "",
                          row_digest(row))], path)
    assert [(e.key, e.operation) for e in read_edits_csv(path, base, mine)] == [
        ("a0.v3", "retire")]


def test_an_import_that_breaks_nothing_is_taken_over_edits_set_aside(
        state: tuple[dict[str, pd.DataFrame], list[Edit]], tmp_path: Path) -> None:
    base, mine = state
    path = tmp_path / "good.csv"
    write_edits_csv([_edit(base, "deals", "d0", description="Deal 0, corrected")], path)
    assert [e.key for e in read_edits_csv(path, base, mine)] == ["d0"]


def test_the_conflicting_edit_itself_replaced_by_the_import_is_checked(
        state: tuple[dict[str, pd.DataFrame], list[Edit]], tmp_path: Path) -> None:
    """An import of one of the set-aside deals again, as it is: still refused at its line
    (what it breaks is this import's doing now)."""
    base, mine = state
    path = tmp_path / "again.csv"
    again = Edit("deals", "zz_3", "add", mine[3].fields, SOURCE, "low", "")
    write_edits_csv([again], path)
    with pytest.raises(EditFileError) as caught:
        read_edits_csv(path, base, mine)
    problems = caught.value.problems
    assert len(problems) == 1 and problems[0].startswith(f"{path}, line 2"), problems
    assert "'a0' has no access to vendor 'v3'" in problems[0]
