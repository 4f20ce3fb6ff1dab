"""Data edits as document commands (add, edit, duplicate, retire, undo, redo), the overlay and
its conflicts, and field-by-field checks. Qt-free: runs without PySide6."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edit_checks import deal_conversion, field_problems
from chipscope.model.edits import (
    EditRejected,
    EditSource,
    apply_edits,
    build_dataset,
    find_row,
    frames_as_text,
    rebase,
    row_digest,
)
from chipscope.model.engine import project
from chipscope.model.synthetic import synthetic_dataset

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")


@pytest.fixture
def base() -> dict[str, pd.DataFrame]:
    return frames_as_text(synthetic_dataset().frames)


@pytest.fixture
def editor(base: dict[str, pd.DataFrame]) -> DataEditor:
    doc = Document(Dataset.from_frames(dict(base)))
    return DataEditor(doc, base, MemoryEditStore())


def _deal(**changes: str) -> dict[str, str]:
    fields = {"deal_id": "new_deal", "adopter_id": "a0", "vendor_id": "v0", "chip_id": "c0",
              "first_year": "2027", "last_year": "2029", "amount": "0.5", "amount_unit": "GW",
              "description": "A new deal", "firmness": "firm"}
    return {**fields, **changes}


def _total(doc: Document) -> list[float]:
    return [float(x) for x in project(doc.dataset, doc.assumptions).by_vendor("h100e").ravel()]


def test_adding_a_deal_changes_the_dataset_and_undo_redo_cover_it(editor: DataEditor) -> None:
    doc = editor.document
    seen: list[Dataset] = []
    doc.dataset_changed.connect(seen.append)
    before_total = _total(doc)
    edit = editor.add("deals", _deal(), SOURCE, "medium")
    assert edit.operation == "add" and float(edit.fields["h100e_per_year"]) > 0
    assert "GW" in edit.fields["conversion"]
    assert "new_deal" in set(doc.dataset.deals["deal_id"])
    assert seen and seen[-1] is doc.dataset  # the window follows at once
    assert _total(doc) != before_total  # the projection follows the edit
    row = doc.dataset.deals.set_index("deal_id").loc["new_deal"]
    assert row["source_id"] == SOURCE.source_id and row["confidence"] == "medium"
    assert SOURCE.source_id in set(doc.dataset.sources["source_id"])
    assert doc.history.undo_label() == "Undo addition of deals \u201cnew_deal\u201d"
    assert doc.undo()
    assert "new_deal" not in set(doc.dataset.deals["deal_id"])
    assert editor.store.edits() == []
    assert doc.redo()
    assert "new_deal" in set(doc.dataset.deals["deal_id"])
    assert [e.key for e in editor.store.edits()] == ["new_deal"]


def test_a_bad_field_is_named_and_nothing_changes(editor: DataEditor) -> None:
    doc = editor.document
    before = doc.dataset
    with pytest.raises(EditRejected) as info:
        editor.add("deals", _deal(first_year="20x7", amount="-3"),
                   EditSource("", "not a url", "2026-02-30", ""), "sure")
    problems = info.value.problems
    assert set(problems) >= {"first_year", "amount", "citation", "url", "retrieved", "licence",
                             "confidence"}
    assert all(msg.startswith(f"{field}:") for field, msg in problems.items())
    assert doc.dataset is before and editor.store.edits() == [] and not doc.history.can_undo()


def test_a_reference_to_an_unknown_row_is_named(editor: DataEditor) -> None:
    with pytest.raises(EditRejected) as info:
        editor.add("deals", _deal(adopter_id="nobody"), SOURCE, "low")
    assert "adopter_id" in info.value.problems


def test_edit_duplicate_and_retire_a_chip(editor: DataEditor, base: dict[str, pd.DataFrame]
                                          ) -> None:
    doc = editor.document
    chip = find_row(base, "chips", "c1")
    assert chip is not None
    edit = editor.edit("chips", "c1", {**chip, "price_usd": "31000"}, SOURCE, "high")
    assert edit.operation == "edit" and edit.base_digest == row_digest(chip)
    assert doc.dataset.chips.set_index("chip_id").loc["c1", "price_usd"] == 31000
    copy = editor.duplicate("chips", "c1", "c1_copy", SOURCE, "low")
    assert copy.operation == "add" and copy.fields["price_usd"] == "31000"
    retired = editor.retire("deals", "d0", SOURCE, "medium")
    assert retired is not None and retired.operation == "retire"
    assert "d0" not in set(doc.dataset.deals["deal_id"])
    assert editor.retire("chips", "c1_copy", SOURCE, "low") is None  # the user's own: withdrawn
    assert "c1_copy" not in set(doc.dataset.chips["chip_id"])
    for _ in range(4):
        assert doc.undo()
    assert doc.dataset.chips.set_index("chip_id").loc["c1", "price_usd"] != 31000
    assert editor.store.edits() == []


def test_value_edits_stay_undoable_around_data_edits(editor: DataEditor) -> None:
    doc = editor.document
    key = next(k for k in doc.specs if k.startswith("deal.")) if any(
        k.startswith("deal.") for k in doc.specs) else next(iter(doc.specs))
    spec = doc.specs[key]
    value = spec.default + (spec.hi - spec.default) / 2 if spec.hi > spec.default else spec.lo
    doc.set_value(key, value)
    doc.commit()
    editor.add("deals", _deal(), SOURCE, "medium")  # new per-deal assumptions appear
    assert doc.assumptions[key] == value
    assert doc.undo() and doc.undo()
    assert doc.assumptions[key] == spec.default
    assert doc.redo() and doc.redo()
    assert doc.assumptions[key] == value and "new_deal" in set(doc.dataset.deals["deal_id"])


def test_upstream_change_makes_a_conflict_kept_not_applied(base: dict[str, pd.DataFrame]
                                                          ) -> None:
    doc = Document(Dataset.from_frames(dict(base)))
    editor = DataEditor(doc, base, MemoryEditStore())
    chip = find_row(base, "chips", "c2")
    assert chip is not None
    mine = editor.edit("chips", "c2", {**chip, "name": "My name"}, SOURCE, "high")
    added = editor.add("deals", _deal(), SOURCE, "high")
    # A newer bundled dataset changed c2 and now has a deal of the same id.
    newer = {k: v.copy() for k, v in base.items()}
    newer["chips"].loc[newer["chips"]["chip_id"] == "c2", "price_usd"] = "12345"
    newer["deals"] = pd.concat([newer["deals"], pd.DataFrame(
        [{**find_row(base, "deals", "d0"), "deal_id": "new_deal"}])], ignore_index=True)
    dataset, overlay = build_dataset(newer, [mine, added])
    assert {(c.edit.key, c.edit.operation) for c in overlay.conflicts} == {
        ("c2", "edit"), ("new_deal", "add")}
    assert "changed since the edit" in overlay.conflicts[0].reason
    assert dataset.chips.set_index("chip_id").loc["c2", "name"] != "My name"  # not applied
    # Keep mine: made again against the new bundled row, the user's whole row applies.
    kept = rebase(mine, newer)
    assert kept.base_digest == row_digest(find_row(newer, "chips", "c2") or {})
    applied = apply_edits(newer, [kept])
    assert not applied.conflicts
    assert find_row(applied.frames, "chips", "c2") == {**mine.fields,
                                                       "source_id": SOURCE.source_id,
                                                       "confidence": "high"}


def test_a_vanished_row_and_an_edit_that_no_longer_checks(base: dict[str, pd.DataFrame]
                                                         ) -> None:
    doc = Document(Dataset.from_frames(dict(base)))
    editor = DataEditor(doc, base, MemoryEditStore())
    deal = find_row(base, "deals", "d1")
    assert deal is not None
    edit = editor.edit("deals", "d1", {**deal, "description": "mine"}, SOURCE, "high")
    added = editor.add("deals", _deal(chip_id="c4"), SOURCE, "low")  # c4 is v0's
    newer = {k: v.copy() for k, v in base.items()}
    newer["deals"] = newer["deals"][newer["deals"]["deal_id"] != "d1"]
    _, overlay = build_dataset(newer, [edit, added])
    assert [c.edit.key for c in overlay.conflicts] == ["d1"]
    assert overlay.conflicts[0].reason.endswith("is no longer there")
    # A deal at a chip the newer data no longer has: kept, not applied, and said why.
    newer["chips"] = newer["chips"][newer["chips"]["chip_id"] != "c4"]
    newer["history"] = newer["history"][newer["history"]["chip_id"] != "c4"]
    dataset, overlay = build_dataset(newer, [edit, added])
    assert [c.edit.key for c in overlay.conflicts] == ["d1", "new_deal"]
    assert "no longer passes the data checks" in overlay.conflicts[1].reason
    assert "new_deal" not in set(dataset.deals["deal_id"])


def test_deal_conversion_follows_the_rule(base: dict[str, pd.DataFrame]) -> None:
    rate, words = deal_conversion(base, _deal(amount="1", amount_unit="GW"))
    chip = find_row(base, "chips", "c0") or {}
    chips_per_gw = 1e6 / (float(chip["tdp_w"]) / 1000 * 2.0)
    expected = chips_per_gw * float(chip["dense_bf16_tflops"]) / 989.0 / 3
    assert rate == pytest.approx(expected)
    assert "GW" in words and "H100e per year" in words
    rate_units, _ = deal_conversion(base, _deal(amount="3000", amount_unit="units"))
    assert rate_units == pytest.approx(1000 * float(chip["dense_bf16_tflops"]) / 989.0)
    with pytest.raises(ValueError, match=r"^amount:"):
        deal_conversion(base, _deal(amount="lots"))
    with pytest.raises(ValueError, match=r"^chip_id:"):
        deal_conversion(base, _deal(chip_id="nope"))


def test_field_problems_one_message_per_field() -> None:
    problems = field_problems("chips", {"chip_id": "x", "vendor_id": "v0", "name": "X",
                                        "launch_year": "1990", "dense_bf16_tflops": "abc",
                                        "price_usd": "5000", "price_year": "2026",
                                        "price_is_estimate": "maybe",
                                        "price_derivation": "list"}, SOURCE, "high")
    assert set(problems) == {"launch_year", "dense_bf16_tflops", "price_is_estimate"}
    assert field_problems("adopters", {"adopter_id": "z", "name": "Z", "kind": "AI lab",
                                       "derivation": "d"}, SOURCE, "low") == {}


def test_future_retrieved_date_is_refused() -> None:
    bad = dataclasses.replace(SOURCE, retrieved="2999-01-01")
    assert "retrieved" in bad.problems()


def test_import_is_one_step_and_undo_restores_what_was_there(editor: DataEditor,
                                                             base: dict[str, pd.DataFrame]
                                                             ) -> None:
    doc = editor.document
    first = editor.add("deals", _deal(), SOURCE, "medium")
    chip = find_row(base, "chips", "c1") or {}
    changed = dataclasses.replace(first, fields={**first.fields, "description": "Imported"})
    chip_edit = dataclasses.replace(first, table="chips", key="c1", operation="edit",
                                    fields={**chip, "name": "Imported c1"},
                                    base_digest=row_digest(chip))
    editor.import_edits([changed, chip_edit])
    deals = doc.dataset.deals.set_index("deal_id")
    assert deals.loc["new_deal", "description"] == "Imported"
    assert doc.dataset.chips.set_index("chip_id").loc["c1", "name"] == "Imported c1"
    assert doc.undo()
    assert [e.fields["description"] for e in editor.store.edits()] == ["A new deal"]
    assert doc.dataset.chips.set_index("chip_id").loc["c1", "name"] != "Imported c1"
    assert doc.redo() and len(editor.store.edits()) == 2
