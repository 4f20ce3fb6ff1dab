"""Fourth attack pass of issue 10, storage and overlay layer: thousands of edits apply in
linear time with the same result as applying them one by one, and a write that would exceed
the edit limit changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.edits import (
    Edit,
    EditSource,
    _apply_one,
    apply_edits,
    frames_as_text,
    row_digest,
)
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import StorageError, user_edits
from chipscope.storage.user_edits import list_edits, put_edits

SOURCE = EditSource("Example News", "https://example.com/n", "2026-11-30", "CC BY 4.0")
OTHER = EditSource("Other Blog", "https://example.com/o", "2026-11-29", "CC0")


def _base() -> dict[str, pd.DataFrame]:
    return frames_as_text(synthetic_frames())


def _mixed_edits(base: dict[str, pd.DataFrame]) -> list[Edit]:
    deals, chips = base["deals"], base["chips"]
    first = {c: str(deals.iloc[0][c]) for c in deals.columns}
    chip = {c: str(chips.iloc[1][c]) for c in chips.columns}
    out = [Edit("deals", f"new{i}", "add", {**first, "deal_id": f"new{i}"},
                SOURCE if i % 2 else OTHER, "medium") for i in range(40)]
    out.append(Edit("deals", first["deal_id"], "edit", {**first, "amount": "7"}, SOURCE,
                    "high", base_digest=row_digest(first)))
    out.append(Edit("chips", chip["chip_id"], "retire", {}, SOURCE, "high",
                    base_digest=row_digest(chip)))
    out.append(Edit("deals", "ghost", "edit", first, SOURCE, "low", base_digest="0" * 16))
    return out


def test_batched_apply_gives_the_same_frames_as_one_edit_at_a_time() -> None:
    base = _base()
    edits = _mixed_edits(base)
    overlay = apply_edits(base, edits)
    assert [c.edit.key for c in overlay.conflicts] == ["ghost"]
    frames = dict(base)
    for edit in overlay.applied:
        _apply_one(frames, edit)
    for table in base:
        pd.testing.assert_frame_equal(overlay.frames[table].reset_index(drop=True),
                                      frames[table].reset_index(drop=True))


def test_ten_thousand_edits_apply_in_one_pass() -> None:
    """Applying per edit copied the growing table each time (20,000 edits took minutes)."""
    base = _base()
    first = {c: str(base["deals"].iloc[0][c]) for c in base["deals"].columns}
    edits = [Edit("deals", f"n{i}", "add", {**first, "deal_id": f"n{i}"}, SOURCE, "low")
             for i in range(10_000)]
    overlay = apply_edits(base, edits)
    deals = overlay.frames["deals"]
    assert len(deals) == len(base["deals"]) + 10_000
    assert list(deals["deal_id"].iloc[-2:]) == ["n9998", "n9999"]
    assert (overlay.frames["sources"]["source_id"] == SOURCE.source_id).sum() == 1


def test_put_edits_over_the_limit_changes_nothing(synthetic_db: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = synthetic_db
    base = _base()
    edits = _mixed_edits(base)[:3]
    put_edits(db, edits[:1])
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    monkeypatch.setattr(user_edits, "MAX_EDITS", 2)
    with pytest.raises(StorageError, match="would hold 3 data edits, more than ChipScope "
                                           r"handles \(2\); nothing was changed"):
        put_edits(db, edits[1:])
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert [e.key for e in list_edits(db)] == ["new0"]
