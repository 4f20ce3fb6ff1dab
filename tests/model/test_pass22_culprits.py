"""Pass 22 (F1, F2): when the user's edits together failed the data checks, the culprits were
sought one edit at a time in stored order. A new adopter alone fails ("has access to no
vendor") and its access rows alone fail ("not a known adopter"), so one unrelated bad edit (a
deal at a chip another program dropped, a deal whose access a newer bundled dataset set to 0)
took every adopter the user added out of the dataset, with its access rows; and an undo
refusal named that adopter instead of the deal. Now only the edits the problems name (or,
failing that, that fail on their own, an adopter tried with its access rows) are conflicts."""

from __future__ import annotations

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edit_checks import complete_row
from chipscope.model.edit_culprits import find_culprits
from chipscope.model.edits import (
    Edit,
    EditRejected,
    EditSource,
    _apply_all,
    build_dataset,
    dataset_problems,
    find_row,
    frames_as_text,
    row_digest,
)
from chipscope.model.synthetic import synthetic_dataset

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")
ADOPTER = {"adopter_id": "zz", "name": "Zed Lab", "kind": "AI lab", "derivation": "guess"}
XDEAL = {"deal_id": "xdeal", "adopter_id": "a0", "vendor_id": "v3", "chip_id": "xchip",
         "first_year": "2027", "last_year": "2029", "amount": "1000", "amount_unit": "units",
         "description": "theirs"}


def _base() -> dict[str, pd.DataFrame]:
    return frames_as_text(synthetic_dataset().frames)


def _editor(base: dict[str, pd.DataFrame] | None = None) -> DataEditor:
    frames = base if base is not None else _base()
    return DataEditor(Document(Dataset.from_frames(dict(frames))), frames, MemoryEditStore())


def _add_chip(editor: DataEditor) -> None:
    row = editor.row("chips", "c11")
    assert row is not None
    editor.add("chips", {**row, "chip_id": "xchip", "name": "X chip"}, SOURCE, "low")


def _in(editor: DataEditor, table: str, key: str) -> bool:
    return find_row(editor.overlay.frames, table, key) is not None


def _conflicts(editor: DataEditor) -> list[tuple[str, str]]:
    return [(c.edit.table, c.edit.key) for c in editor.conflicts]


def test_an_unrelated_bad_edit_leaves_the_users_adopter_and_its_access_applied() -> None:
    """Reproducer B: another program drops the chip a deal is at; adopter zz is unrelated."""
    editor = _editor()
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    _add_chip(editor)
    editor.add("deals", XDEAL, SOURCE, "low")
    editor.store.change([], [("chips", "xchip")])  # `chipscope-cli data drop-edit chips xchip`
    editor.reload()
    assert _conflicts(editor) == [("deals", "xdeal")]
    assert "'xchip' is not a known chip" in editor.conflicts[0].reason
    for table, key in (("adopters", "zz"), ("access", "zz.v0"), ("access", "zz.v3")):
        assert _in(editor, table, key), (table, key)
    assert "zz" in editor.dataset.adopter_ids


def test_an_adopter_added_beside_a_conflict_is_applied() -> None:
    """Reproducer C: with a data-check conflict present, a new adopter is saved and applied."""
    editor = _editor()
    _add_chip(editor)
    editor.add("deals", XDEAL, SOURCE, "low")
    editor.store.change([], [("chips", "xchip")])
    editor.reload()
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    editor.reload()
    assert _conflicts(editor) == [("deals", "xdeal")]
    assert _in(editor, "adopters", "zz") and _in(editor, "access", "zz.v3")


def test_a_newer_bundled_access_of_zero_sets_aside_only_the_deal_that_needs_it() -> None:
    """Reproducer A: a newer bundled dataset sets the access a user's deal uses to 0."""
    editor = _editor()
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    editor.add("deals", {**XDEAL, "chip_id": "c11"}, SOURCE, "low")
    base = _base()
    access = base["access"]
    access.loc[(access["adopter_id"] == "a0") & (access["vendor_id"] == "v3"), "access"] = "0"
    at_v3 = set(base["chips"]["chip_id"][base["chips"]["vendor_id"] == "v3"])
    history = base["history"]
    base["history"] = history[~((history["adopter_id"] == "a0") & history["chip_id"].isin(at_v3))
                              ].reset_index(drop=True)
    assert dataset_problems(base) == []
    _, overlay = build_dataset(base, editor.store.edits())
    assert [(c.edit.table, c.edit.key) for c in overlay.conflicts] == [("deals", "xdeal")]
    assert "has no access to vendor 'v3'" in overlay.conflicts[0].reason
    assert {(e.table, e.key) for e in overlay.applied} == {
        ("adopters", "zz"), ("access", "zz.v0"), ("access", "zz.v3")}


def test_the_undo_refusal_names_the_deal_that_needs_the_chip() -> None:
    """F2: undoing the chip another program's deal is at names that deal, and its reason."""
    editor = _editor()
    doc, store = editor.document, editor.store
    editor.add_adopter(ADOPTER, ["v0"], SOURCE, "medium")
    _add_chip(editor)
    row = editor.row("deals", "d0")
    assert row is not None
    fields = complete_row("deals", {**row, **XDEAL}, editor.overlay.frames)
    theirs = Edit("deals", "xdeal", "add", fields, SOURCE, "low",
                  "2099-01-01T00:00:00+00:00")
    store.change([theirs], [])  # `chipscope-cli data import-edits xdeal.csv`
    editor.reload()
    assert editor.conflicts == []
    with pytest.raises(EditRejected) as refused:
        doc.undo()
    said = str(refused.value)
    assert ("cannot be undone without making the addition of deals \u201cxdeal\u201d "
            "(another edit) stop applying: " in said), said
    assert "'xchip' is not a known chip" in said
    assert "drop-edit deals xdeal" in said
    store.change([], [("deals", "xdeal")])  # following the advice
    assert doc.undo()
    assert editor.conflicts == [] and _in(editor, "adopters", "zz")


@pytest.mark.parametrize("adopter_first", [True, False])
def test_an_edit_that_breaks_a_bundled_row_is_set_aside_and_the_adopter_stays(
        adopter_first: bool) -> None:
    """A problem that names no edited row (a retired adopter leaves bundled access rows
    without it): the edits are tried one by one, an adopter with its access rows."""
    base = _base()
    a5 = find_row(base, "adopters", "a5")
    assert a5 is not None
    retire = Edit("adopters", "a5", "retire", a5, SOURCE, "low", "2026-01-01",
                  row_digest(a5))
    mine = [Edit("access", f"zz.{v}", "add", {"adopter_id": "zz", "vendor_id": v,
                                               "access": "1", "notes": ""},
                 SOURCE, "low", "2026-01-02") for v in ("v0", "v3")]
    adopter = Edit("adopters", "zz", "add", ADOPTER, SOURCE, "low", "2026-01-02")
    group = [adopter, *mine] if adopter_first else [*mine, adopter]
    dataset, overlay = build_dataset(base, [retire, *group])
    assert [(c.edit.table, c.edit.key) for c in overlay.conflicts] == [("adopters", "a5")]
    assert "'a5' is not a known adopter" in overlay.conflicts[0].reason
    assert overlay.applied == group and "zz" in dataset.adopter_ids


def test_many_edits_with_one_culprit_check_a_few_times_not_once_per_edit() -> None:
    base = _base()
    row = find_row(base, "deals", "d0")
    assert row is not None
    edits = [Edit("deals", f"m{i}", "add", {**row, "deal_id": f"m{i}"}, SOURCE, "low",
                  f"2026-01-01T{i:05d}") for i in range(300)]
    bad = Edit("deals", "bad", "add", {**row, "deal_id": "bad", "chip_id": "gone",
                                         "amount_unit": "units"}, SOURCE, "low", "2026-01-02")
    calls = []

    def check(frames: object) -> list[str]:
        calls.append(1)
        return dataset_problems(frames)  # type: ignore[arg-type]

    kept, failed, _ = find_culprits(base, [*edits[:150], bad, *edits[150:]], _apply_all, check)
    assert [e.key for e, _ in failed] == ["bad"] and kept == edits
    assert len(calls) <= 3
