"""Pass 22 on the undo of data edits against another program (CLI F3, F5, F7; window W5):
a redo whose own edit no longer applies (the chip its deal is at was dropped elsewhere) went
through without a word; the refusal sent the user to an "Edit > Data…" that does not exist and
where the edit it named was not listed (the window had not read it); a kept conflict's step
read "keeping edit of". Qt-free: the data editor over the user's database and in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.data_editor import DataEditor
from chipscope.model.document import Document
from chipscope.model.edits import EditRejected
from tests.storage.test_pass21_undo import ADOPTER, DEAL, SOURCE, _editor, _second, _slots

CHIP = {"chip_id": "ychip", "vendor_id": "v3", "name": "Y chip", "launch_year": "2026",
        "dense_bf16_tflops": "1000", "memory_gb": "96", "bandwidth_tbs": "4", "tdp_w": "800",
        "price_usd": "20000", "price_year": "2026", "price_is_estimate": "true",
        "price_derivation": "guess"}


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_a_redo_whose_own_deal_would_not_apply_is_refused(kind: str, synthetic_db: Path) -> None:
    editor = _editor(kind, synthetic_db)
    doc, store = editor.document, editor.store
    editor.add("chips", CHIP, SOURCE, "medium")
    editor.add("deals", {**DEAL, "adopter_id": "a0", "chip_id": "ychip"}, SOURCE, "medium")
    assert doc.undo()
    store.change([], [("chips", "ychip")])  # another program drops the chip
    before = _slots(store)
    with pytest.raises(EditRejected) as refused:
        doc.redo()
    said = str(refused.value)
    assert said.startswith("the addition of deals \u201czz_deal\u201d cannot be redone: it "
                           "would not apply: ")
    assert "'ychip' is not a known chip" in said
    assert said.endswith("Nothing was changed; first add the row it names in Edit > Edit "
                         "data\u2026 (choose that table, New, fill in the row and Save), then do "
                         "there yourself what the redo does, as any change there clears Edit > "
                         "Redo.")
    assert _slots(store) == before and doc.history.can_redo()


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_the_refused_undo_shows_the_edit_it_names(kind: str, synthetic_db: Path) -> None:
    editor = _editor(kind, synthetic_db)
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    _second(editor).add("deals", DEAL, SOURCE, "low")  # not read by this window yet
    assert "zz_deal" not in set(editor.dataset.deals["deal_id"])
    with pytest.raises(EditRejected, match="`chipscope-cli data drop-edit deals zz_deal`, then "
                                           "undo again; or by hand in Edit > Edit data\u2026"):
        editor.document.undo()
    assert "zz_deal" in set(editor.dataset.deals["deal_id"])  # listed in Edit data now
    assert editor.row("deals", "zz_deal") is not None


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_edit_data_opened_again_reads_what_another_program_stored(
        kind: str, synthetic_db: Path) -> None:
    editor = _editor(kind, synthetic_db)
    assert not editor.catch_up()  # nothing changed: no reload
    other: DataEditor = _second(editor)
    other.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    assert editor.row("adopters", "zz") is None
    assert editor.catch_up() and editor.row("adopters", "zz") is not None
    assert not editor.catch_up()


def test_a_kept_conflicts_step_says_your_edit(synthetic_db: Path) -> None:
    editor = _editor("memory", synthetic_db)
    row = editor.row("chips", "c11")
    assert row is not None
    editor.edit("chips", "c11", {**row, "memory_gb": "144"}, SOURCE, "medium")
    newer = {t: f.copy() for t, f in editor.base.items()}  # a newer bundled row under it
    newer["chips"].loc[newer["chips"]["chip_id"] == "c11", "tdp_w"] = "900"
    later = DataEditor(Document(editor.dataset), newer, editor.store)
    assert [(c.edit.table, c.edit.key) for c in later.conflicts] == [("chips", "c11")]
    later.keep("chips", "c11")
    assert later.document.history.undo_label() == (
        "Undo keeping your edit of chips \u201cc11\u201d")
