"""The access table in the data editor: a composite key (adopter_id.vendor_id), add / edit /
retire / duplicate of access rows, and a new adopter saved with its access rows as one undo
step (an adopter must reach a vendor, and an access row needs its adopter). Qt-free."""

from __future__ import annotations

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edit_checks import FILE, reword
from chipscope.model.edits import (
    EditRejected,
    EditSource,
    build_dataset,
    find_row,
    frames_as_text,
    key_fields,
    key_of,
    rebase,
    row_digest,
)
from chipscope.model.engine import project
from chipscope.model.synthetic import synthetic_dataset, synthetic_frames

SOURCE = EditSource("Me", "https://example.com", "2026-11-01", "CC BY 4.0")
NEWLAB = {"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab", "derivation": "guess"}


@pytest.fixture
def base() -> dict[str, pd.DataFrame]:
    return frames_as_text(synthetic_dataset().frames)


@pytest.fixture
def editor(base: dict[str, pd.DataFrame]) -> DataEditor:
    return DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())


def _access(dataset: Dataset, adopter: str) -> dict[str, float]:
    rows = dataset.frames["access"]
    mine = rows[rows["adopter_id"] == adopter]
    return dict(zip(mine["vendor_id"], mine["access"].astype(float), strict=True))


def test_the_reported_reproducer_now_adds_the_adopter() -> None:
    ed = DataEditor(Document(synthetic_dataset()), synthetic_frames(), MemoryEditStore())
    edit = ed.add("adopters", dict(NEWLAB), SOURCE, "low")
    assert edit.key == "newlab" and "newlab" in ed.document.dataset.adopter_ids
    # The usual vendors (those most adopters reach), access 1, with the adopter's source.
    assert _access(ed.document.dataset, "newlab") == {v: 1.0 for v in ed.default_vendors()}
    project(ed.document.dataset, ed.document.assumptions)  # its demand has somewhere to go


def test_a_new_adopter_and_its_vendors_are_one_undo_step(editor: DataEditor) -> None:
    doc = editor.document
    edit = editor.add_adopter(NEWLAB, ["v0", " v3", "v0"], SOURCE, "medium")
    assert edit.operation == "add"
    assert _access(doc.dataset, "newlab") == {"v0": 1.0, "v3": 1.0}
    stored = {(e.table, e.key): e for e in editor.store.edits()}
    assert set(stored) == {("adopters", "newlab"), ("access", "newlab.v0"),
                           ("access", "newlab.v3")}
    assert {e.source for e in stored.values()} == {SOURCE}
    assert {e.confidence for e in stored.values()} == {"medium"}
    assert doc.history.undo_label() == ("Undo addition of adopters \u201cnewlab\u201d with "
                                        "access to v0, v3")
    assert doc.undo()
    assert editor.store.edits() == [] and "newlab" not in doc.dataset.adopter_ids
    assert doc.redo() and len(editor.store.edits()) == 3
    # Withdrawing the new adopter takes its access rows with it, in one step.
    assert editor.retire("adopters", "newlab", SOURCE, "low") is None
    assert editor.store.edits() == [] and not editor.conflicts
    assert doc.undo() and len(editor.store.edits()) == 3


def test_bad_vendors_are_named_at_buys_from(editor: DataEditor) -> None:
    for vendors, why in (([], "name at least one vendor"), (["zz"], "'zz' is not a vendor")):
        with pytest.raises(EditRejected) as info:
            editor.add_adopter(NEWLAB, vendors, SOURCE, "low")
        assert why in info.value.problems["buys_from"]
        assert "v0, v1, v2, v3" in info.value.problems["buys_from"]
    with pytest.raises(EditRejected) as info:
        editor.add("adopters", {**NEWLAB, "buys_from": "v0, nobody"}, SOURCE, "low")
    assert "'nobody' is not a vendor" in info.value.problems["buys_from"]
    assert editor.store.edits() == [] and not editor.document.history.can_undo()


def test_access_rows_are_added_edited_duplicated_and_retired(base: dict[str, pd.DataFrame]
                                                             ) -> None:
    spare = {"adopter_id": "a1", "vendor_id": "v2", "access": "0.3", "source_id": "synthetic",
             "confidence": "low", "notes": ""}  # a bundled row no purchase needs
    base = {**base, "access": pd.concat([base["access"], pd.DataFrame([spare], dtype=object)],
                                        ignore_index=True)}
    editor = DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())
    doc = editor.document
    added = editor.add("access", {"adopter_id": "a5", "vendor_id": "v1", "access": "0.5"},
                       SOURCE, "low")
    assert added.key == "a5.v1" and _access(doc.dataset, "a5")["v1"] == 0.5
    with pytest.raises(EditRejected, match="access already has a row with adopter_id "
                       "\u201ca5\u201d and vendor_id \u201cv1\u201d"):  # "a5.v1": no vendor_id
        editor.add("access", {"adopter_id": "a5", "vendor_id": "v1", "access": "1"}, SOURCE,
                   "low")
    bundled = find_row(base, "access", "a0.v1")
    assert bundled is not None and bundled["access"] == "0.57"
    # The key stays the row's: a changed adopter in the fields does not move the row.
    edit = editor.edit("access", "a0.v1", {**bundled, "access": "0.9", "adopter_id": "a2"},
                       SOURCE, "high")
    assert edit.operation == "edit" and edit.base_digest == row_digest(bundled)
    assert _access(doc.dataset, "a0")["v1"] == 0.9 and _access(doc.dataset, "a2")["v1"] == 0.72
    copy = editor.duplicate("access", "a0.v1", "a2.v3", SOURCE, "low")
    assert copy.key == "a2.v3" and _access(doc.dataset, "a2")["v3"] == 0.9
    retired = editor.retire("access", "a1.v2", SOURCE, "medium")
    assert retired is not None and retired.operation == "retire"
    assert "v2" not in _access(doc.dataset, "a1")
    with pytest.raises(EditRejected) as info:
        editor.add("access", {"adopter_id": "a3", "vendor_id": "v3", "access": "2"}, SOURCE,
                   "low")
    assert "access" in info.value.problems  # out of 0..1, named at its field
    for _ in range(4):
        assert doc.undo()
    assert editor.store.edits() == []


def test_messages_name_the_editor_not_access_csv(editor: DataEditor) -> None:
    deal = {"deal_id": "nd", "adopter_id": "a1", "vendor_id": "v2", "chip_id": "",
            "first_year": "2027", "last_year": "2028", "amount": "1000",
            "amount_unit": "h100e", "description": "x"}
    with pytest.raises(EditRejected) as info:  # a1 has no access row for v2
        editor.add("deals", deal, SOURCE, "low")
    assert "access.csv" not in str(info.value) and "access table" in str(info.value)
    editor.add("access", {"adopter_id": "a1", "vendor_id": "v2", "access": "1"}, SOURCE,
               "low")
    assert editor.add("deals", deal, SOURCE, "low").key == "nd"  # now it can be served
    with pytest.raises(EditRejected) as info:  # a0 bought v3's chips
        editor.retire("access", "a0.v3", SOURCE, "low")
    assert str(info.value).startswith("access row 'a0.v3' cannot be retired: 1 history row ")
    assert "the history cannot be edited, so the access row stays" in str(info.value)
    problem = ("adopters, line 8: 'x' has access to no vendor: it has no access row (add rows "
               "to access.csv)")
    assert "access.csv" in problem  # what `data check` tells a CSV maintainer
    assert reword(problem) == ("adopters, line 8: 'x' has access to no vendor: it has no access "
                               "row (keep an access row for it in the access table; a new "
                               "adopter names its vendors in 'Buys from')")
    assert "table_name access, row_key <adopter_id>.<vendor_id>" in reword(problem, FILE)


def test_keys_split_back_and_a_changed_upstream_access_row_conflicts(
        editor: DataEditor, base: dict[str, pd.DataFrame]) -> None:
    assert key_of("access", {"adopter_id": "a0", "vendor_id": "v1"}) == "a0.v1"
    assert key_fields("access", "a0.v1") == {"adopter_id": "a0", "vendor_id": "v1"}
    assert key_fields("deals", "d.x") == {"deal_id": "d.x"}  # one column: the key as it is
    row = find_row(base, "access", "a0.v1") or {}
    mine = editor.edit("access", "a0.v1", {**row, "access": "0.9"}, SOURCE, "high")
    newer = {k: v.copy() for k, v in base.items()}
    at = (newer["access"]["adopter_id"] == "a0") & (newer["access"]["vendor_id"] == "v1")
    newer["access"].loc[at, "access"] = "0.6"
    dataset, overlay = build_dataset(newer, [mine])
    assert [c.edit.key for c in overlay.conflicts] == ["a0.v1"]
    assert "changed since the edit" in overlay.conflicts[0].reason
    assert _access(dataset, "a0")["v1"] == 0.6  # not applied
    kept = rebase(mine, newer)
    _, overlay = build_dataset(newer, [kept])
    assert not overlay.conflicts and find_row(overlay.frames, "access", "a0.v1") is not None


def test_withdrawing_what_another_edit_needs_is_refused(editor: DataEditor) -> None:
    editor.add_adopter(NEWLAB, ["v0"], SOURCE, "low")
    with pytest.raises(EditRejected) as info:  # newlab's only vendor
        editor.retire("access", "newlab.v0", SOURCE, "low")
    assert "addition of adopters \u201cnewlab\u201d needs it" in str(info.value)
    assert "'newlab' has access to no vendor" in str(info.value)
    assert "access.csv" not in str(info.value) and len(editor.store.edits()) == 2
    editor.add("access", {"adopter_id": "newlab", "vendor_id": "v3", "access": "0.5"}, SOURCE,
               "low")
    assert editor.retire("access", "newlab.v0", SOURCE, "low") is None  # v3 is left
    assert not editor.conflicts


def test_access_rows_all_at_zero_are_named_as_such(editor: DataEditor) -> None:
    editor.add_adopter(NEWLAB, ["v0"], SOURCE, "low")
    row = {"adopter_id": "newlab", "vendor_id": "v0", "access": "0"}
    with pytest.raises(EditRejected) as info:
        editor.edit("access", "newlab.v0", row, SOURCE, "low")
    message = str(info.value)
    assert "'newlab' has access to no vendor: none of its access rows is above 0 " \
           "(set one above 0)" in message
    assert "no access row" not in message and len(editor.store.edits()) == 2


def test_a_copied_adopter_buys_from_the_same_vendors(editor: DataEditor) -> None:
    assert editor.vendors_of("a5") == ["v0", "v2", "v3"]
    with pytest.raises(EditRejected, match="repeats the row 'a5'"):  # rename the copy first
        editor.duplicate("adopters", "a5", "a5_copy", SOURCE, "low")
    copy = {**(editor.row("adopters", "a5") or {}), "adopter_id": "a5_copy", "name": "Copy",
            "buys_from": ",".join(editor.vendors_of("a5"))}
    editor.add("adopters", copy, SOURCE, "low")
    assert _access(editor.document.dataset, "a5_copy") == {"v0": 1.0, "v2": 1.0, "v3": 1.0}


def test_a_citation_over_the_text_limit_is_named_at_its_field() -> None:
    """Pass 9, N1: the source's length was caught only by the whole-dataset check, named as
    "sources, line 3" (a line of the internal table), not next to the Citation field."""
    from chipscope.model.data_editor import DataEditor, MemoryEditStore
    from chipscope.model.document import Document
    from chipscope.model.edits import EditRejected, EditSource
    from chipscope.model.synthetic import synthetic_dataset, synthetic_frames

    editor = DataEditor(Document(synthetic_dataset()), synthetic_frames(), MemoryEditStore())
    long = EditSource("C" * 5_001, "https://example.com/x", "2026-11-01", "CC BY 4.0")
    with pytest.raises(EditRejected) as caught:
        editor.add("adopters", {"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab",
                                "derivation": "guess"}, long, "low")
    assert caught.value.problems == {"citation": "citation: 5,001 characters, more than 5,000"}
