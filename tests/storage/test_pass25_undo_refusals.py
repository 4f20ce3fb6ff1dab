"""Pass 23 F1/F2 and pass 24a F3 on the refusal of a data-edit undo or redo that would make an
edit stop applying: its advice must lead out. A change made in Edit data is a step of its own
(Edit > Undo takes it back first, and it clears Edit > Redo), so the window's route is the
step done by hand there; `chipscope-cli data drop-edit` works outside the history, and the
undo or redo then goes through. A redo refused because its own edit would not apply says so
once and never advises dropping what the redo itself would make; an undo that leaves in place
an edit another program stored since says that edit would stop applying (it said the step's
own edit "would not apply" and to "add what it needs", which the undo itself takes away); a
label such as "dropping the edit of ..." reads without "the". Each route is followed here.
Qt-free: the data editor over the user's database (the CLI) and over the in-memory store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.data_editor import DataEditor
from chipscope.model.edits import EditRejected
from chipscope.model.undo import PassedOver
from chipscope.storage.user_edits import DbEditStore
from tests.storage.test_pass21_undo import ADOPTER, DEAL, SOURCE, _editor, _second, _slots
from tests.storage.test_pass22_undo import CHIP

ROUTES = ["cli", "window"]


def _refusal(step: object) -> str:
    with pytest.raises(EditRejected) as refused:
        step()  # type: ignore[operator]
    return str(refused.value)


def _drop_edit(editor: DataEditor, table: str, key: str) -> None:
    """What the advice's command does, run as the user would (another program)."""
    assert isinstance(editor.store, DbEditStore)
    assert main(["data", "drop-edit", table, key, "--db", str(editor.store.db_path)]) == 0


@pytest.mark.parametrize("route", ROUTES)
def test_a_refused_undo_of_an_addition_leads_out(route: str, synthetic_db: Path) -> None:
    editor = _editor("db", synthetic_db)
    doc = editor.document
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    _second(editor).add("deals", DEAL, SOURCE, "low")  # another window: a deal at zz
    said = _refusal(doc.undo)
    assert ("without making the addition of deals \u201czz_deal\u201d (another edit) stop "
            "applying: " in said), said
    assert ("Nothing was changed; first drop that edit with `chipscope-cli data drop-edit deals "
            "zz_deal`, then undo again; or by hand in Edit > Edit data\u2026: choose deals, "
            "select \u201czz_deal\u201d and Retire it (that withdraws it), then choose adopters, "
            "select \u201czz\u201d and Retire it, which is what the undo does (Edit > Undo would "
            "take back that change first)." in said), said
    if route == "cli":
        _drop_edit(editor, "deals", "zz_deal")
        assert doc.undo() is not None  # goes through
    else:  # Retire is what the dialog's button calls, with the form's source
        editor.retire("deals", "zz_deal", SOURCE, "low")
        editor.retire("adopters", "zz", SOURCE, "low")
        assert doc.history.undo_label() == "Undo withdrawal of adopters \u201czz\u201d"
    assert _slots(editor.store) == {} and editor.conflicts == []


@pytest.mark.parametrize("route", ROUTES)
def test_a_refused_redo_of_a_retirement_leads_out(route: str, synthetic_db: Path) -> None:
    editor = _editor("db", synthetic_db)
    doc = editor.document
    editor.retire("chips", "c11", SOURCE, "medium")
    assert doc.undo()
    _second(editor).add("deals", {**DEAL, "adopter_id": "a0"}, SOURCE, "low")
    said = _refusal(doc.redo)
    assert said.startswith("the retirement of chips \u201cc11\u201d cannot be redone without "
                           "making the addition of deals \u201czz_deal\u201d (another edit)")
    assert ("first drop that edit with `chipscope-cli data drop-edit deals zz_deal`, then redo "
            "again; or by hand in Edit > Edit data\u2026: choose deals, select \u201czz_deal\u201d "
            "and Retire it (that withdraws it), then choose chips, select \u201cc11\u201d and "
            "Retire it (its source in the form), which is what the redo does (any change there "
            "clears Edit > Redo)." in said), said
    if route == "cli":
        _drop_edit(editor, "deals", "zz_deal")
        assert doc.redo() is not None
    else:
        editor.retire("deals", "zz_deal", SOURCE, "low")
        assert not doc.history.can_redo()  # as the advice says: the redo is gone
        editor.retire("chips", "c11", SOURCE, "medium")
    [retired] = editor.store.edits()
    assert (retired.table, retired.key, retired.operation) == ("chips", "c11", "retire")
    assert editor.conflicts == []


def _redo_at_a_dropped_chip(kind: str, synthetic_db: Path) -> DataEditor:
    """A deal at a new chip, undone; another program drops the chip: the redo's own deal
    would not apply."""
    editor = _editor(kind, synthetic_db)
    editor.add("chips", CHIP, SOURCE, "medium")
    editor.add("deals", {**DEAL, "adopter_id": "a0", "chip_id": "ychip"}, SOURCE, "medium")
    assert editor.document.undo()
    editor.store.change([], [("chips", "ychip")])
    return editor


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_a_redo_whose_own_edit_would_not_apply_says_so_once_and_leads_out(
        kind: str, synthetic_db: Path) -> None:
    editor = _redo_at_a_dropped_chip(kind, synthetic_db)
    said = _refusal(editor.document.redo)
    assert said.count("would not apply") == 1, said
    assert "drop" not in said, said  # nothing to drop: the deal is the redo's own
    assert ("first add the row it names in Edit > Edit data\u2026 (choose that table, New, fill "
            "in the row and Save), then do there yourself what the redo does, as any change there "
            "clears Edit > Redo." in said), said
    # followed in the window: the chip it names, then the deal, by hand
    editor.add("chips", CHIP, SOURCE, "medium")
    assert not editor.document.history.can_redo()  # "redo again" was a dead end
    editor.add("deals", {**DEAL, "adopter_id": "a0", "chip_id": "ychip"}, SOURCE, "medium")
    assert sorted(_slots(editor.store)) == [("chips", "ychip"), ("deals", "zz_deal")]
    assert editor.conflicts == []


@pytest.mark.parametrize("route", ROUTES)
def test_a_redo_whose_own_edit_another_programs_retirement_blocks_leads_out(
        route: str, synthetic_db: Path) -> None:
    editor = _editor("db", synthetic_db)
    editor.add("deals", {**DEAL, "adopter_id": "a0"}, SOURCE, "medium")  # at bundled c11
    assert editor.document.undo()
    _second(editor).retire("chips", "c11", SOURCE, "low")
    said = _refusal(editor.document.redo)
    assert said.startswith("the addition of deals \u201czz_deal\u201d cannot be redone: it would "
                           "not apply: "), said
    assert said.count("would not apply") == 1 and "drop-edit deals" not in said, said
    assert ("first drop the retirement of chips \u201cc11\u201d that takes away what it needs "
            "with `chipscope-cli data drop-edit chips c11`, then redo again; or by hand in Edit "
            "> Edit data\u2026: choose chips, New, save a row with chip_id \u201cc11\u201d again "
            "(that saves it as your own edit, a copy that will not follow later bundled "
            "releases; the command brings back the bundled row), then do there yourself what "
            "the redo does" in said), said
    if route == "cli":
        _drop_edit(editor, "chips", "c11")
        assert editor.document.redo() is not None
    else:
        bundled = editor.base["chips"]
        row = bundled[bundled["chip_id"] == "c11"].iloc[0].to_dict()
        editor.add("chips", {k: str(v) for k, v in row.items()}, SOURCE, "medium")
        editor.add("deals", {**DEAL, "adopter_id": "a0"}, SOURCE, "medium")
        mine = _slots(editor.store)[("chips", "c11")]  # as said: a copy of one's own
        assert mine.operation != "retire" and mine.fields.get("chip_id") == "c11", mine
    assert ("deals", "zz_deal") in _slots(editor.store) and editor.conflicts == []
    assert "c11" in set(editor.dataset.chips["chip_id"])


def test_an_undo_that_leaves_another_programs_edit_names_it_not_its_own(
        synthetic_db: Path) -> None:
    """Pass 24a F3: the import's undo takes the chip away; the deal slot already holds what
    the undo would put there (a backup restored by another program), so it is left, and it
    would stop applying. It said the undo's own deal "would not apply" and to "add what it
    needs" (the chip the undo itself removes: a dead end)."""
    editor = _editor("db", synthetic_db)
    chip = editor.add("chips", CHIP, SOURCE, "medium")
    old = editor.add("deals", {**DEAL, "adopter_id": "a0", "chip_id": "ychip"}, SOURCE, "low")
    editor.store.change([], [("chips", "ychip")])
    editor.reload()  # the old deal is a conflict now
    newer = replace(old, fields={**old.fields, "description": "newer"},
                    created_at="2099-01-02T00:00:00+00:00")
    editor.import_edits([replace(chip, created_at="2099-01-01T00:00:00+00:00"), newer])
    editor.store.change([old], [])  # another program restores the old deal (a backup)
    said = _refusal(editor.document.undo)
    assert said.startswith("the import of 2 data edit(s) cannot be undone without making the "
                           "addition of deals \u201czz_deal\u201d (changed by another window or "
                           "program since) stop applying: "), said
    assert "would not apply" not in said and "what it needs" not in said, said
    assert ("first drop that edit with `chipscope-cli data drop-edit deals zz_deal`, then undo "
            "again (not in Edit > Edit data\u2026: Edit > Undo would take back that change "
            "first)." in said), said
    _drop_edit(editor, "deals", "zz_deal")
    with pytest.raises(PassedOver, match="deals \u201czz_deal\u201d was changed by another"):
        editor.document.undo()  # the chip is taken back; the deal slot was left as it is
    assert _slots(editor.store) == {} and editor.conflicts == []


@pytest.mark.parametrize("route", ROUTES)
def test_the_undo_of_a_drop_reads_without_the_dropping(route: str, synthetic_db: Path) -> None:
    editor = _editor("db", synthetic_db)
    editor.retire("chips", "c11", SOURCE, "medium")
    editor.drop("chips", "c11")
    _second(editor).add("deals", {**DEAL, "adopter_id": "a0"}, SOURCE, "low")
    said = _refusal(editor.document.undo)
    assert "the dropping" not in said, said
    assert said.startswith("dropping the edit of chips \u201cc11\u201d cannot be undone without "
                           "making the addition of deals \u201czz_deal\u201d (another edit) "), said
    assert ("then choose chips, select \u201cc11\u201d and Retire it (its source in the form), "
            "which is what the undo does" in said), said
    if route == "cli":
        _drop_edit(editor, "deals", "zz_deal")
        assert editor.document.undo() is not None
    else:
        editor.retire("deals", "zz_deal", SOURCE, "low")
        editor.retire("chips", "c11", SOURCE, "medium")
    [edit] = editor.store.edits()
    assert (edit.key, edit.operation) == ("c11", "retire") and editor.conflicts == []
