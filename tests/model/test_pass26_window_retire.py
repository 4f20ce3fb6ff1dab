"""Pass 26 F6: the window's Retire (DataEditor.retire) of a chip, vendor or adopter that rows
still use said only the first foreign-key problem ("history, line 2, column chip_id: 'a100'
is not a known chip"): now the one message of `data import-edits` (retire_users), without an
import file's line. F7: a refused redo's by-hand route named an access row by its last key
column ("save a row with vendor_id “apple.amd”") and left out the bundled-copy note; the
editor's own "not a row" / "already a row" refusals named it so too."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edits import EditRejected, EditSource, frames_as_text
from chipscope.storage import load_dataset

DB = Path(__file__).resolve().parents[2] / "data" / "chipscope.db"
SOURCE = EditSource("Ex", "https://ex.com/r", "2026-11-30", "MIT")


@pytest.fixture(scope="module")
def base() -> dict[str, pd.DataFrame]:
    return frames_as_text(load_dataset(DB).frames)


def _editor(base: dict[str, pd.DataFrame]) -> DataEditor:
    return DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())


def _refused(call: object, *args: object) -> EditRejected:
    with pytest.raises(EditRejected) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_retiring_a_chip_the_history_uses_says_so_once(base: dict[str, pd.DataFrame]) -> None:
    editor = _editor(base)
    history = base["history"]
    count = int((history["chip_id"].astype(str) == "a100").sum())
    assert count > 1
    said = str(_refused(editor.retire, "chips", "a100", SOURCE, "low"))
    assert said.startswith(f"chip 'a100' cannot be retired: {count} history rows "), said
    assert said.endswith("use it; the history cannot be edited, so the chip stays"), said
    assert "not a known" not in said and "remove the line" not in said, said
    assert editor.store.edits() == [] and "a100" in set(editor.dataset.chips["chip_id"])


@pytest.mark.parametrize(("table", "key", "users"), [
    ("vendors", "aws", ("chips (", "access rows (", "deals (")),
    ("chips", "trainium3", ("deals ('anthropic_aws_trainium_up_to_5gw'",)),
    ("adopters", "anthropic", ("access rows ('anthropic.", "deals (", "history rows")),
])
def test_retiring_a_row_in_use_names_what_uses_it(base: dict[str, pd.DataFrame], table: str,
                                                  key: str, users: tuple[str, ...]) -> None:
    editor = _editor(base)
    said = str(_refused(editor.retire, table, key, SOURCE, "low"))
    assert said.startswith(f"{table[:-1]} '{key}' cannot be retired: "), said
    assert all(u in said for u in users), said
    # what to do, as the window offers it: no line of a file, no "in this file"
    assert "line" not in said.split(" use it; ", 1)[1] and "this file" not in said, said
    assert "not a known" not in said and editor.store.edits() == []


def test_retiring_a_deal_nothing_uses_still_works(base: dict[str, pd.DataFrame]) -> None:
    editor = _editor(base)
    deal = str(base["deals"]["deal_id"].iloc[0])
    edit = editor.retire("deals", deal, SOURCE, "low")
    assert edit is not None and edit.operation == "retire"


def test_a_refused_redo_names_an_access_row_by_both_key_fields(
        base: dict[str, pd.DataFrame]) -> None:
    """The pass 26 F7 repro: a deal at apple/amd, undone; another window retires the bundled
    access row apple.amd; the redo is refused with a by-hand route that can be followed."""
    assert ((base["access"]["adopter_id"] == "apple")
            & (base["access"]["vendor_id"] == "amd")).any()
    editor = _editor(base)
    deal = {"deal_id": "zz_1", "adopter_id": "apple", "vendor_id": "amd", "chip_id": "mi300x",
            "first_year": "2027", "last_year": "2028", "amount": "1000", "amount_unit": "units",
            "description": "test", "firmness": "firm"}
    editor.add("deals", deal, SOURCE, "low")
    assert editor.document.undo()
    other = DataEditor(Document(editor.dataset), editor.base, editor.store)
    other.retire("access", "apple.amd", SOURCE, "low")
    said = str(_refused(editor.document.redo))
    assert ("choose access, New, save a row with adopter_id \u201capple\u201d and vendor_id "
            "\u201camd\u201d again (that saves it as your own edit, a copy that will not follow "
            "later bundled releases; the command brings back the bundled row)" in said), said
    assert "\u201capple.amd\u201d again" not in said, said
    # followed by hand: the row with those two fields, then the deal, apply
    row = base["access"][(base["access"]["adopter_id"] == "apple")
                         & (base["access"]["vendor_id"] == "amd")].iloc[0].to_dict()
    editor.add("access", {k: str(v) for k, v in row.items()}, SOURCE, "low")
    editor.add("deals", deal, SOURCE, "low")
    assert editor.conflicts == []


def test_the_editors_key_refusals_name_an_access_row_by_both_fields(
        base: dict[str, pd.DataFrame]) -> None:
    editor = _editor(base)
    gone = _refused(editor.retire, "access", "nobody.amd", SOURCE, "low")
    assert gone.problems == {"vendor_id": "access has no row with adopter_id \u201cnobody\u201d "
                                          "and vendor_id \u201camd\u201d"}
    row = {"adopter_id": "apple", "vendor_id": "amd", "access": "1", "notes": ""}
    there = _refused(editor.add, "access", row, SOURCE, "low")
    assert there.problems == {"vendor_id": "access already has a row with adopter_id "
                                           "\u201capple\u201d and vendor_id \u201camd\u201d; edit "
                                           "it or choose another pair"}
    # a one-field key reads as before
    chip = _refused(editor.retire, "chips", "no_chip", SOURCE, "low")
    assert chip.problems == {"chip_id": "chip_id: 'no_chip' is not a chips row"}


def test_retiring_a_chip_your_own_deal_uses_says_to_drop_that_deal(
        base: dict[str, pd.DataFrame]) -> None:
    """A deal the user added is withdrawn (drop-edit, or Retire in Edit data), never retired:
    the window's refusal gives that route for it, and the bundled deals' route apart."""
    editor = _editor(base)
    deal = {"deal_id": "zz_own", "adopter_id": "apple", "vendor_id": "aws",
            "chip_id": "trainium3", "first_year": "2027", "last_year": "2028", "amount": "1000",
            "amount_unit": "units", "description": "test", "firmness": "firm"}
    editor.add("deals", deal, SOURCE, "low")
    said = str(_refused(editor.retire, "chips", "trainium3", SOURCE, "low"))
    assert "1 deal you added ('zz_own')" in said, said
    assert "drop the deal you added (`chipscope-cli data drop-edit deals zz_own`" in said, said
    assert "retire or change the bundled deals first" in said, said
    assert "remove the line" not in said and "this file" not in said, said
    # the route works: Retire on the user's own deal withdraws it, and nothing else is stored
    editor.retire("deals", "zz_own", SOURCE, "low")
    assert [e for e in editor.store.edits() if e.key == "zz_own"] == []
