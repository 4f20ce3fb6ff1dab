"""Pass 25 (H1 items 1, 2): when the culprits could not be named from the rows the problems
name, the edits were tried one at a time in stored order: a user's deal at a chip the user also
added (stored before the chip) was called a conflict and dropped, and ~200 edits took one full
data check each. Now the fallback applies the edits in dependency order, finds the bad ones by
bisection and retries those set aside: the same culprits in every order, O(log N) checks."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

import pandas as pd
import pytest

from chipscope.model.edit_culprits import find_culprits
from chipscope.model.edits import (
    Edit,
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


def _base() -> dict[str, pd.DataFrame]:
    return frames_as_text(synthetic_dataset().frames)


def _row(base: Mapping[str, pd.DataFrame], table: str, key: str) -> dict[str, str]:
    row = find_row(base, table, key)
    assert row is not None
    return row


def _retire(base: Mapping[str, pd.DataFrame], table: str, key: str) -> Edit:
    """A retirement that breaks bundled rows (no problem names an edited row)."""
    row = _row(base, table, key)
    return Edit(table, key, "retire", row, SOURCE, "low", "2026-01-01", row_digest(row))


def _mixed(base: Mapping[str, pd.DataFrame]) -> tuple[list[Edit], Edit]:
    """Good edits that depend on each other, and one bad retirement."""
    c11 = _row(base, "chips", "c11")
    d0 = _row(base, "deals", "d0")
    chip = Edit("chips", "xchip", "add", {**c11, "chip_id": "xchip", "name": "X chip"},
                SOURCE, "low", "2026-01-02")
    deal = Edit("deals", "xdeal", "add", {**d0, "deal_id": "xdeal", "chip_id": "xchip",
                                          "vendor_id": c11["vendor_id"]},
                SOURCE, "low", "2026-01-03")
    adopter = Edit("adopters", "zz", "add", ADOPTER, SOURCE, "low", "2026-01-04")
    access = [Edit("access", f"zz.{v}", "add", {"adopter_id": "zz", "vendor_id": v,
                                                 "access": "1", "notes": ""},
                   SOURCE, "low", "2026-01-04") for v in ("v0", "v3")]
    zdeal = Edit("deals", "zdeal", "add", {**d0, "deal_id": "zdeal", "adopter_id": "zz",
                                           "vendor_id": "v3", "chip_id": "xchip"},
                 SOURCE, "low", "2026-01-05") if c11["vendor_id"] == "v3" else None
    good = [chip, deal, adopter, *access, *([zdeal] if zdeal is not None else [])]
    return good, _retire(base, "adopters", "a5")


def _orders(edits: list[Edit]) -> list[list[Edit]]:
    out = [list(edits), list(reversed(edits))]
    for seed in range(6):
        shuffled = list(edits)
        random.Random(seed).shuffle(shuffled)
        out.append(shuffled)
    return out


def test_the_culprits_do_not_depend_on_the_order_the_edits_are_stored_in() -> None:
    base = _base()
    good, bad = _mixed(base)
    good_keys = {(e.table, e.key) for e in good}
    seen = set()
    for edits in _orders([*good, bad]):
        dataset, overlay = build_dataset(base, edits)
        culprits = [(c.edit.table, c.edit.key) for c in overlay.conflicts]
        assert culprits == [("adopters", "a5")], [e.key for e in edits]
        assert "'a5' is not a known adopter" in overlay.conflicts[0].reason
        assert {(e.table, e.key) for e in overlay.applied} == good_keys
        assert overlay.applied == [e for e in edits if e is not bad]  # in stored order
        assert "zz" in dataset.adopter_ids and "xchip" in dataset.chip_ids
        seen.add(tuple(sorted(map(str, overlay.frames["deals"]["deal_id"]))))
    assert len(seen) == 1


def test_a_deal_stored_before_its_chip_is_not_a_culprit() -> None:
    """The reproducer: deal, chip, then the bad retirement, as stored (and access rows
    stored before their adopter)."""
    base = _base()
    (chip, deal, adopter, *rest), bad = _mixed(base)
    edits = [deal, *rest, adopter, bad, chip]
    kept, failed, frames = find_culprits(base, edits, _apply_all, dataset_problems)
    assert [(e.table, e.key) for e, _ in failed] == [("adopters", "a5")]
    assert kept == [deal, *rest, adopter, chip]
    assert dataset_problems(frames) == []


def test_a_set_aside_edit_is_tried_again_once_what_it_needs_is_applied() -> None:
    """A new vendor owned by a new adopter: vendors come before adopters in dependency order,
    so the vendor fails the first round and applies when tried again (the fixpoint)."""
    base = _base()
    v0 = _row(base, "vendors", "v0")
    vendor = Edit("vendors", "vz", "add", {**v0, "vendor_id": "vz", "name": "Zed Chips",
                                            "owner_id": "zz"}, SOURCE, "low", "2026-01-02")
    adopter = Edit("adopters", "zz", "add", ADOPTER, SOURCE, "low", "2026-01-03")
    access = Edit("access", "zz.v0", "add", {"adopter_id": "zz", "vendor_id": "v0",
                                              "access": "1", "notes": ""},
                  SOURCE, "low", "2026-01-03")
    assert build_dataset(base, [vendor, adopter, access])[1].conflicts == []
    bad = _retire(base, "adopters", "a5")
    for edits in _orders([vendor, adopter, access, bad]):
        _, overlay = build_dataset(base, edits)
        assert [(c.edit.table, c.edit.key) for c in overlay.conflicts] == [("adopters", "a5")]
        assert len(overlay.applied) == 3


@pytest.mark.parametrize("n", [64, 128])
def test_one_bad_edit_among_many_takes_o_log_n_checks(n: int) -> None:
    base = _base()
    d0 = _row(base, "deals", "d0")
    good = [Edit("deals", f"m{i:03d}", "add", {**d0, "deal_id": f"m{i:03d}"}, SOURCE, "low",
                 f"2026-01-01T{i:05d}") for i in range(n)]
    bad = _retire(base, "adopters", "a5")
    calls: list[int] = []

    def check(frames: Mapping[str, pd.DataFrame]) -> list[str]:
        calls.append(1)
        return dataset_problems(frames)

    for edits in ([*good[: n // 3], bad, *good[n // 3:]], [bad, *good], [*good, bad]):
        calls.clear()
        kept, failed, _ = find_culprits(base, edits, _apply_all, check)
        assert [(e.table, e.key) for e, _ in failed] == [("adopters", "a5")]
        assert kept == good
        assert len(calls) <= 2 * math.log2(n) + 8, len(calls)
